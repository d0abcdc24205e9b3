using Vinculo.Core.Customers;

namespace Vinculo.Core.ImportExport;

public enum ImportMode
{
    /// <summary>If any row is invalid, nothing is written (the default).</summary>
    AllOrNothing,

    /// <summary>Valid rows are written; invalid rows are reported and skipped.</summary>
    SkipInvalid,
}

public sealed record ImportOptions
{
    public ImportMode Mode { get; init; } = ImportMode.AllOrNothing;

    /// <summary>Phone numbers without a country code are read with its default calling code.</summary>
    public CustomerOptions Customers { get; init; } = new();

    /// <summary>The time written as created/updated and used to reject future interactions; null means the clock.</summary>
    public DateTime? Now { get; init; }

    public IProgress<ImportProgress>? Progress { get; init; }

    /// <summary>At most this many errors are kept in <see cref="ImportResult.Errors"/>; all are counted.</summary>
    public int MaxReportedErrors { get; init; } = 10_000;
}

/// <summary>
/// One problem in the file. <paramref name="Row"/> counts lines the way a spreadsheet shows them: the header is row 1,
/// the first data row is row 2. <paramref name="Column"/> is the CSV header name ("email"), or empty for the whole row.
/// </summary>
public sealed record ImportError(long Row, string Column, string Message);

/// <summary>Progress of an import; the byte counts let a caller draw a bar (total is 0 when unknown).</summary>
public sealed record ImportProgress(long RowsRead, long RowsWritten, long RowsRejected, long BytesRead, long BytesTotal);

public sealed record ImportResult(
    long RowsRead,
    long RowsWritten,
    long RowsRejected,
    bool Committed,
    IReadOnlyList<ImportError> Errors,
    long ErrorCount,
    TimeSpan Elapsed)
{
    /// <summary>Every row of the file is in the database.</summary>
    public bool AllWritten => Committed && RowsRejected == 0 && ErrorCount == 0;
}

public sealed record ExportProgress(long RowsWritten, long RowsTotal);

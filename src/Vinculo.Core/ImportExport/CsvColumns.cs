using System.Globalization;
using CsvHelper;

namespace Vinculo.Core.ImportExport;

/// <summary>The CSV layout shared by import and export, so that an exported file imports again unchanged.</summary>
public static class CsvColumns
{
    /// <summary>Separates several values in one cell (e-mails, phones, tags).</summary>
    public const char ListSeparator = ';';

    public static readonly IReadOnlyList<string> Customer =
    [
        "kind", "lifecycle", "tax_id", "tax_id_country", "first_name", "last_name", "company_name", "email", "phone",
        "address_line1", "city", "postal_code", "country", "preferred_language", "preferred_channel", "tags", "temperament",
        "temperament_note",
    ];

    public static readonly IReadOnlyList<string> Interaction =
    [
        "customer_id", "customer_email", "channel", "direction", "moment", "subject", "body", "occurred_at", "duration_seconds",
        "outcome", "agent_name",
    ];

    /// <summary>ISO 8601 in UTC with as many fractional digits as needed ("2025-03-01T09:30:00Z").</summary>
    public static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);

    public static bool TryParseTimestamp(string text, out DateTime utc)
    {
        // A time without an offset is taken as UTC: exports always write Z, and the server has no better guess.
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var value))
        {
            utc = value.UtcDateTime;
            return true;
        }

        utc = default;
        return false;
    }

    public static IEnumerable<string> SplitList(string? cell) =>
        string.IsNullOrWhiteSpace(cell)
            ? []
            : cell.Split(ListSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    internal static CsvReaderOptions ReaderOptions(char separator, Action<CsvMalformedRecord> onMalformed) => CsvReaderOptions.Default with
    {
        Separator = separator,
        TrimWhitespace = true,
        FormatProvider = CultureInfo.InvariantCulture,
        OnMalformedRecord = onMalformed,
    };

    internal static CsvWriterOptions WriterOptions => CsvWriterOptions.Default with
    {
        NewLine = "\n",
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>A small header check shared by both importers: unknown and repeated columns are file errors.</summary>
    internal static Dictionary<string, int> MapHeader(IReadOnlyList<string> header, IReadOnlyList<string> known, List<ImportError> errors)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF').ToLowerInvariant();
            if (name.Length == 0)
            {
                errors.Add(new ImportError(1, "", $"Column {i + 1} has no name."));
            }
            else if (!known.Contains(name))
            {
                errors.Add(new ImportError(1, name, $"Unknown column. Expected some of: {string.Join(", ", known)}."));
            }
            else if (!map.TryAdd(name, i))
            {
                errors.Add(new ImportError(1, name, "This column appears twice."));
            }
        }

        return map;
    }
}

using System.IO.Compression;
using System.Reflection;
using System.Text;
using Xunit.Sdk;

namespace Vinculo.Core.Tests.Commerce.Import;

/// <summary>
/// The Online Retail files the import tests read: the committed slice (tests/fixtures/online-retail) and the whole
/// public file when it is present. <see cref="Raw"/> reads them with its own few lines of CSV splitting, so expected
/// figures never come from the reader under test.
/// </summary>
public static class OnlineRetailFile
{
    public const string FullFileVariable = "VINCULO_ONLINE_RETAIL";

    /// <summary>
    /// 393 rows of the file's first 20,000, in file order, gzip-compressed: the first invoice, every row of 19 customers who cancelled
    /// something (most after buying the same product earlier, so returns link), seven guest invoices, six stock
    /// write-offs and the two bad-debt adjustments with a negative price.
    /// </summary>
    public static string Slice => Path.Combine(RepositoryRoot(), "tests", "fixtures", "online-retail", "slice.csv.gz");

    /// <summary>
    /// The whole file: <c>VINCULO_ONLINE_RETAIL</c>, else <c>../shared/datasets/online-retail/online_retail.csv.gz</c> next to the
    /// repository (where the public data sets are kept); null when absent.
    /// </summary>
    public static string? Full
    {
        get
        {
            var path = Environment.GetEnvironmentVariable(FullFileVariable) is { Length: > 0 } given
                ? given
                : Path.Combine(RepositoryRoot(), "..", "shared", "datasets", "online-retail", "online_retail.csv.gz");
            return File.Exists(path) ? Path.GetFullPath(path) : null;
        }
    }

    /// <summary>Every data row of a gzip CSV file without line breaks inside quotes, split on commas outside quotes.</summary>
    public static List<RawRow> Raw(string gzipPath)
    {
        using var file = File.OpenRead(gzipPath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var text = new StreamReader(gzip, Encoding.UTF8);
        var rows = new List<RawRow>();
        text.ReadLine(); // header
        var number = 1;
        while (text.ReadLine() is { } line)
        {
            number++;
            var f = Split(line);
            rows.Add(new RawRow(number, f[0], f[1], f[2], int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture), f[4],
                decimal.Parse(f[5], System.Globalization.CultureInfo.InvariantCulture), f[6].EndsWith(".0", StringComparison.Ordinal) ? f[6][..^2] : f[6], f[7]));
        }

        return rows;
    }

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vinculo.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with Vinculo.slnx) is not above the test's folder.");
    }
}

/// <summary>One row of the raw file, its customer id without the ".0" the file adds.</summary>
public sealed record RawRow(long Row, string Invoice, string StockCode, string Description, int Quantity, string Date, decimal UnitPrice, string Customer, string Country)
{
    public bool IsCancellation => Invoice.StartsWith('C');

    /// <summary>
    /// What the import must reject, in the file's own terms: a negative price (the bad-debt adjustments), a quantity
    /// of zero or below on an invoice that is not a cancellation (stock write-offs), a stock code with a space
    /// ("BANK CHARGES").
    /// </summary>
    public bool IsValid => UnitPrice >= 0 && Quantity != 0 && (IsCancellation || Quantity > 0) && !StockCode.Contains(' ', StringComparison.Ordinal);
}

/// <summary>Runs a theory on the whole Online Retail file; skipped, with the reason, when the file (or PostgreSQL) is absent.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class OnlineRetailFullFileAttribute : DataAttribute
{
    private readonly string _provider;

    public OnlineRetailFullFileAttribute(string provider)
    {
        _provider = provider;
        if (OnlineRetailFile.Full is null)
        {
            Skip = $"The full Online Retail file is not here: set {OnlineRetailFile.FullFileVariable} to online_retail.csv.gz to run this test.";
        }
        else if (provider == "postgres" && Infrastructure.TestDatabase.PostgresConnectionString is null)
        {
            Skip = $"PostgreSQL not available: set {Infrastructure.TestDatabase.PostgresVariable} to an Npgsql connection string (.ci/run does).";
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[_provider]];
}

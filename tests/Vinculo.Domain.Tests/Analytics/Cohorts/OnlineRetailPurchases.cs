using System.Globalization;
using System.IO.Compression;

namespace Vinculo.Domain.Tests.Analytics.Cohorts;

/// <summary>
/// The purchases of the public Online Retail file (UCI; ../shared/datasets/online-retail/online_retail.csv.gz next to
/// the repository, or VINCULO_ONLINE_RETAIL): lines with a customer, a quantity above zero and an invoice number not
/// starting with "C". Read with a few lines of CSV splitting so the expected figures never depend on project code.
/// </summary>
internal static class OnlineRetailPurchases
{
    private static readonly Lazy<Purchases?> Loaded = new(Load);

    public static string? FilePath
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("VINCULO_ONLINE_RETAIL") is { Length: > 0 } given
                ? given
                : Path.Combine(RepositoryRoot(), "..", "shared", "datasets", "online-retail", "online_retail.csv.gz");
            return File.Exists(path) ? Path.GetFullPath(path) : null;
        }
    }

    public static Purchases? Data => Loaded.Value;

    public sealed record Purchases(long[] Customers, DateTime[] Times, long[] Invoices, long[] Products, Dictionary<string, long> ProductIds);

    private static Purchases? Load()
    {
        if (FilePath is not { } path)
        {
            return null;
        }

        var customers = new List<long>();
        var times = new List<DateTime>();
        var invoices = new List<long>();
        var products = new List<long>();
        var productIds = new Dictionary<string, long>(StringComparer.Ordinal);
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            // InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            var fields = Split(line);
            if (fields[0].StartsWith('C') || fields[6].Length == 0 || int.Parse(fields[3], CultureInfo.InvariantCulture) <= 0)
            {
                continue;
            }

            if (!productIds.TryGetValue(fields[1], out var product))
            {
                product = productIds.Count + 1;
                productIds[fields[1]] = product;
            }

            customers.Add((long)double.Parse(fields[6], CultureInfo.InvariantCulture));
            times.Add(DateTime.SpecifyKind(DateTime.Parse(fields[4], CultureInfo.InvariantCulture), DateTimeKind.Utc));
            invoices.Add(long.Parse(fields[0], CultureInfo.InvariantCulture));
            products.Add(product);
        }

        return new Purchases([.. customers], [.. times], [.. invoices], [.. products], productIds);
    }

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                if (quoted && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vinculo.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}

/// <summary>A fact that is skipped, visibly, when the Online Retail file is absent.</summary>
public sealed class OnlineRetailFactAttribute : FactAttribute
{
    public OnlineRetailFactAttribute()
    {
        if (OnlineRetailPurchases.FilePath is null)
        {
            Skip = "The Online Retail file is not present (../shared/datasets/online-retail/online_retail.csv.gz or VINCULO_ONLINE_RETAIL).";
        }
    }
}

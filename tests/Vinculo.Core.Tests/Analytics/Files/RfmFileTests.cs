using System.Globalization;
using Vinculo.Core.Analytics.Files;
using Vinculo.Core.Tests.Commerce.Import;
using Vinculo.Domain.Analytics.Rfm;

namespace Vinculo.Core.Tests.Analytics.Files;

public sealed class RfmFileTests
{
    /// <summary>The RFM figures from the test's own CSV split and LINQ, with the documented definitions.</summary>
    private static Dictionary<long, RfmInput> Expected(string path)
    {
        var purchases = OnlineRetailFile.Raw(path).Where(r => r.Quantity > 0 && r.Customer.Length > 0)
            .Select(r => (Customer: long.Parse(r.Customer, CultureInfo.InvariantCulture), r.Invoice,
                Day: DateOnly.FromDateTime(DateTime.Parse(r.Date, CultureInfo.InvariantCulture)), Amount: r.Quantity * r.UnitPrice))
            .ToList();
        var snapshot = purchases.Max(p => p.Day).AddDays(1);
        return purchases.GroupBy(p => p.Customer).ToDictionary(g => g.Key, g => new RfmInput(g.Key,
            snapshot.DayNumber - g.Max(p => p.Day).DayNumber, g.Select(p => p.Invoice).Distinct().Count(), g.Sum(p => p.Amount)));
    }

    [Fact]
    public void The_slice_measures_as_linq_does()
    {
        var expected = Expected(OnlineRetailFile.Slice);

        var measured = RfmFile.Measure(TransactionFileReader.Read(OnlineRetailFile.Slice, TransactionFileFormat.OnlineRetail));

        Assert.Equal(expected.Keys.Order(), measured.Select(m => m.CustomerId));
        Assert.All(measured, m => Assert.Equal(expected[m.CustomerId], m));
    }

    [OnlineRetailFullFact]
    public void The_whole_file_measures_as_linq_does_and_matches_known_customers()
    {
        var path = OnlineRetailFile.Full!;
        var expected = Expected(path);

        var measured = RfmFile.Measure(TransactionFileReader.Read(path, TransactionFileFormat.OnlineRetail));

        Assert.Equal(4339, measured.Length);
        Assert.All(measured, m => Assert.Equal(expected[m.CustomerId], m));
        Assert.Equal(new RfmInput(12346, 326, 1, 77183.60m), measured[0]);
        Assert.Equal(new RfmInput(12347, 3, 7, 4310.00m), measured[1]);
    }

    [Fact]
    public void Csv_is_sorted_formatted_invariantly_and_the_same_every_time()
    {
        var scores = RfmScoring.Score(new[] { new RfmInput(9, 3, 2, 12.5m), new RfmInput(2, 40, 1, 3.125m), new RfmInput(5, 1, 7, 1000m) });
        Array.Sort(scores, (x, y) => x.CustomerId.CompareTo(y.CustomerId));
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("es-ES");
            var writer = new StringWriter();
            RfmFile.Write(writer, scores);
            Assert.Equal(
                "customer,recency_days,frequency,monetary,r,f,m,segment\n" +
                "2,40,1,3.125,1,1,1,lost\n" +
                "5,1,7,1000.00,5,5,5,champions\n" +
                "9,3,2,12.50,3,3,3,needAttention\n",
                writer.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void A_failed_write_leaves_the_previous_file_and_no_temporary_file()
    {
        var folder = Path.Combine(Path.GetTempPath(), "vinculo-atomic-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var target = Path.Combine(folder, "out.csv");
            File.WriteAllText(target, "before");
            Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteText(target, w =>
            {
                w.Write(new string('x', 100_000));
                throw new InvalidOperationException("fails half way");
            }));
            Assert.Equal("before", File.ReadAllText(target));
            Assert.Single(Directory.GetFiles(folder));

            AtomicFile.WriteText(target, w => w.Write("after"));
            Assert.Equal("after", File.ReadAllText(target));
            Assert.Single(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

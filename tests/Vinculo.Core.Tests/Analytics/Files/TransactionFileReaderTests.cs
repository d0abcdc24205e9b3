using System.IO.Compression;
using System.Text;
using Vinculo.Core.Analytics.Files;
using Vinculo.Core.Tests.Commerce.Import;

namespace Vinculo.Core.Tests.Analytics.Files;

public sealed class TransactionFileReaderTests
{
    private const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

    private static PurchaseLog Read(string text, TransactionFileFormat format = TransactionFileFormat.OnlineRetail) =>
        TransactionFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), format);

    private static TransactionFileException Bad(string text, TransactionFileFormat format = TransactionFileFormat.OnlineRetail) =>
        Assert.Throws<TransactionFileException>(() => Read(text, format));

    [Fact]
    public void Purchases_are_positive_quantities_with_a_customer_and_amounts_are_exact()
    {
        var log = Read($""""
            {Header}
            536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
            536365,71053,"METAL LANTERN, WHITE",3,2010-12-01 08:26:00,0.001,17850.0,United Kingdom
            C536379,D,Discount,-1,2010-12-01 09:41:00,27.50,14527.0,United Kingdom
            536414,22139,,56,2010-12-01 11:52:00,0.00,,United Kingdom
            536415,22139,"say ""hi""",1,12/2/2010 9:05,1.10,13047,United Kingdom
            """");

        Assert.Equal(5, log.Rows);
        Assert.Equal(3, log.Count);
        Assert.Equal(1, log.NotPurchases);
        Assert.Equal(1, log.WithoutCustomer);
        Assert.Equal(2, log.InvoiceCount);
        Assert.Equal([17850L, 13047], log.CustomerIds.ToArray());
        Assert.Equal([15.30m, 0.003m, 1.10m], log.Amount.ToArray());
        Assert.Equal(new DateOnly(2010, 12, 2).DayNumber, log.LastDay);
        Assert.Equal([0, 0, 1], log.Invoice.ToArray());
    }

    [Fact]
    public void Quoted_line_breaks_crlf_a_bom_and_a_missing_final_newline_are_read()
    {
        var log = Read("\uFEFF" + Header + "\r\n" +
                       "1,A,\"two\r\nlines\",2,2011-01-01 10:00:00,1.5,1,UK\r\n" +
                       "2,A,x,1,2011-01-02 10:00:00,2,2,UK");
        Assert.Equal(2, log.Count);
        Assert.Equal([3m, 2m], log.Amount.ToArray());

        // The row number after a quoted line break is the file's line number.
        var e = Bad(Header + "\n1,A,\"two\nlines\",2,2011-01-01 10:00:00,1.5,1,UK\n2,A,x,1,2011-02-30 10:00:00,2,2,UK\n");
        Assert.Equal(4, e.Row);
    }

    [Theory]
    [InlineData("1,A,x,1,2011-13-01 10:00:00,1.5,1,UK", "row 3: InvoiceDate '2011-13-01 10:00:00' is not a date")]
    [InlineData("1,A,x,1,yesterday,1.5,1,UK", "row 3: InvoiceDate 'yesterday' is not a date")]
    [InlineData("1,A,x,two,2011-01-01 10:00:00,1.5,1,UK", "row 3: Quantity 'two' is not a whole number")]
    [InlineData("1,A,x,1.5,2011-01-01 10:00:00,1.5,1,UK", "row 3: Quantity '1.5' is not a whole number")]
    [InlineData("1,A,x,1,2011-01-01 10:00:00,1;5,1,UK", "row 3: UnitPrice '1;5' is not a number")]
    [InlineData("1,A,x,1,2011-01-01 10:00:00,1.5,17850.5,UK", "row 3: CustomerID '17850.5' is not a whole number")]
    [InlineData("1,A,x,1,2011-01-01 10:00:00,1.5,1", "row 3: expected 8 fields, found 7")]
    [InlineData(",A,x,1,2011-01-01 10:00:00,1.5,1,UK", "row 3: InvoiceNo is empty")]
    public void A_malformed_row_stops_the_read_and_names_its_line(string bad, string message)
    {
        var e = Bad($"{Header}\n1,A,x,1,2011-01-01 10:00:00,1.5,1,UK\n{bad}\n1,A,x,1,2011-01-01 10:00:00,1.5,1,UK\n");
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(3, e.Row);
    }

    [Fact]
    public void Bad_rows_are_errors_even_when_they_are_not_purchases()
    {
        Assert.Equal(2, Bad($"{Header}\nC1,A,x,-1,2011-02-29 10:00:00,1.5,1,UK\n").Row);
    }

    [Fact]
    public void A_header_without_the_needed_columns_is_row_1()
    {
        var e = Bad("InvoiceNo,Quantity,Date,UnitPrice,CustomerID\n1,1,2011-01-01,1,1\n");
        Assert.Equal(1, e.Row);
        Assert.Contains("no column InvoiceDate", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, Bad("").Row);
    }

    [Fact]
    public void Gzip_is_recognised_and_a_damaged_one_is_an_error()
    {
        var plain = Encoding.UTF8.GetBytes($"{Header}\n1,A,x,2,2011-01-01 10:00:00,1.25,7,UK\n");
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        var bytes = packed.ToArray();
        Assert.Equal([2.50m], TransactionFileReader.Read(new MemoryStream(bytes), TransactionFileFormat.OnlineRetail).Amount.ToArray());

        var damaged = bytes.ToArray();
        for (var i = 12; i < damaged.Length - 8; i++)
        {
            damaged[i] ^= 0x5A;
        }

        var e = Assert.Throws<TransactionFileException>(() => TransactionFileReader.Read(new MemoryStream(damaged), TransactionFileFormat.OnlineRetail));
        Assert.Contains("cannot be decompressed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_online_retail_slice_reads_as_an_independent_parse_says()
    {
        var raw = OnlineRetailFile.Raw(OnlineRetailFile.Slice);
        var purchases = raw.Where(r => r.Quantity > 0 && r.Customer.Length > 0).ToList();

        var log = TransactionFileReader.Read(OnlineRetailFile.Slice, TransactionFileFormat.OnlineRetail);

        Assert.Equal(raw.Count, log.Rows);
        Assert.Equal(purchases.Count, log.Count);
        Assert.Equal(purchases.Select(p => p.Invoice).Distinct().Count(), log.InvoiceCount);
        Assert.Equal(purchases.Sum(p => p.Quantity * p.UnitPrice), log.Amount.ToArray().Sum());
        Assert.Equal(raw.Count(r => r.Customer.Length == 0), log.WithoutCustomer);
    }

    [Fact]
    public void Cdnow_sample_and_master_layouts_are_told_apart()
    {
        var sample = Read(" 00004 0001 19970101  2   29.33\n 00004 0001 19970118  2   29.73\n 00018 0002 19970102  2   26.48\n", TransactionFileFormat.Cdnow);
        var master = Read(" customer_id  date number_of_cds  dollar_value\n 00001 19970101  1   11.77\n 00002 19970112  1   12.00\n", TransactionFileFormat.Cdnow);

        Assert.Equal([4L, 18], sample.CustomerIds.ToArray());
        Assert.Equal([29.33m, 29.73m, 26.48m], sample.Amount.ToArray());
        Assert.Equal(3, sample.InvoiceCount);
        Assert.Equal([1L, 2], master.CustomerIds.ToArray());
        Assert.Equal(new DateOnly(1997, 1, 12).DayNumber, master.LastDay);

        Assert.Equal(3, Bad(" 00004 0001 19970101  2   29.33\n 00004 0001 19970118  2   29.73\n 00018 0002 19971302  2   26.48\n", TransactionFileFormat.Cdnow).Row);
        Assert.Equal(2, Bad(" 00004 0001 19970101  2   29.33\n 00004 0001 19970118  2\n", TransactionFileFormat.Cdnow).Row);
        Assert.Equal(1, Bad("InvoiceNo,Quantity\n", TransactionFileFormat.Cdnow).Row);
    }
}

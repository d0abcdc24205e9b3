using System.IO.Compression;
using System.Text;
using Vinculo.Core.Commerce.Import;
using Vinculo.Core.Common;
using Vinculo.Core.ImportExport;

namespace Vinculo.Core.Tests.Commerce.Import;

public sealed class TransactionReaderTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

    private static MemoryStream Text(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

    private static MemoryStream Gzip(params string[] lines)
    {
        var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        }

        packed.Position = 0;
        return packed;
    }

    private static async Task<(List<TransactionRow> Rows, TransactionReader Reader)> Read(Stream input, TransactionMapping? mapping = null)
    {
        var reader = await TransactionReader.Open(input, mapping ?? TransactionMapping.OnlineRetail, Now, default);
        var rows = new List<TransactionRow>();
        await foreach (var row in reader.ReadRows(default))
        {
            rows.Add(row);
        }

        await reader.DisposeAsync();
        return (rows, reader);
    }

    [Fact]
    public async Task Online_retail_rows_are_normalised()
    {
        var (rows, _) = await Read(Text(Header,
            "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom",
            "536365,71053,\"FANCY FONT BIRTHDAY CARD, \",6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom",
            "C536379,D,Discount,-1,2011-06-01 09:41:00,27.5,14527.0,United Kingdom",
            "536414,22139,,56,2011-12-09 12:50:00,0.0,,United Kingdom",
            "536365,22752,SET 7 BABUSHKA NESTING BOXES,2,2010-12-01 08:26:00,7.65,17850.0,United Kingdom"));

        Assert.All(rows, r => Assert.Empty(r.Errors));
        var lines = rows.Select(r => r.Line!).ToList();
        Assert.Equal(new TransactionLine(2, "536365", 1, "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 6,
            new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc), 2.55m, 0, "17850", "United Kingdom", "GBP", false), lines[0]);
        Assert.Equal("FANCY FONT BIRTHDAY CARD,", lines[1].Description); // trimmed inside the quotes
        Assert.Equal(2, lines[1].LineNo);
        Assert.Equal(3, lines[4].LineNo); // the third row of 536365, wherever it is in the file

        // A cancellation: positive units, and UK summer time (BST) is one hour ahead of UTC.
        Assert.True(lines[2].IsCancellation);
        Assert.Equal(1, lines[2].Quantity);
        Assert.Equal(new DateTime(2011, 6, 1, 8, 41, 0, DateTimeKind.Utc), lines[2].At);
        Assert.Equal(27.5m, lines[2].Amount);

        // A guest line (no customer) without a description.
        Assert.Null(lines[3].CustomerExternalId);
        Assert.Null(lines[3].Description);
        Assert.Equal(0m, lines[3].UnitPrice);
    }

    [Fact]
    public async Task Gzip_is_recognised_by_its_first_bytes()
    {
        string[] file = [Header, "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom", "536366,22633,HAND WARMER,6,12/1/2010 8:28,1.85,17850.0,United Kingdom"];

        var (plainRows, plain) = await Read(Text(file));
        var (packedRows, packed) = await Read(Gzip(file));

        Assert.False(plain.Compressed);
        Assert.True(packed.Compressed);
        Assert.Equal(plainRows.Select(r => r.Line), packedRows.Select(r => r.Line));
        Assert.Equal(2, packedRows.Count);
        Assert.Equal(new DateTime(2010, 12, 1, 8, 28, 0, DateTimeKind.Utc), packedRows[1].Line!.At); // the spreadsheet export's date layout
        Assert.True(packed.BytesRead > 0 && packed.BytesRead == packed.BytesTotal);
    }

    [Fact]
    public async Task A_gzip_file_cut_short_is_an_error_not_a_shorter_file()
    {
        var whole = Gzip([Header, .. Enumerable.Range(0, 5_000).Select(i => $"{536365 + i},85123A,WHITE HANGING HEART T-LIGHT HOLDER {i},6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom")]).ToArray();
        var cut = new MemoryStream(whole[..(whole.Length / 2)]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Read(cut));
        Assert.Contains("cut short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_rows_are_reported_with_row_column_and_reason()
    {
        var (rows, _) = await Read(Text(Header,
            "536365,85123A,HEART,six,2010-12-01 08:26:00,2.55,17850.0,United Kingdom",          // 2: quantity
            "536366,85123A,HEART,6,2010-13-01 08:26:00,2.55,17850.0,United Kingdom",            // 3: date
            ",85123A,HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom",                  // 4: invoice
            "536367,,HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom",                  // 5: sku
            "A563186,B,Adjust bad debt,1,2011-08-12 14:51:00,-11062.06,,United Kingdom",        // 6: negative price
            "536368,85123A,HEART,2000000,2010-12-01 08:26:00,2.55,17850.0,United Kingdom",      // 7: absurd quantity
            "536589,21777,,-10,2010-12-01 16:50:00,0.0,,United Kingdom",                        // 8: stock adjustment
            "536369,85123A,HEART,0,2010-12-01 08:26:00,2.55,17850.0,United Kingdom",            // 9: zero
            "536370,85123A,HEART,1,2010-12-01 08:26:00,2.55001,17850.0,United Kingdom",         // 10: five decimals
            "536371,BANK CHARGES,Bank Charges,1,2010-12-01 08:26:00,15,17850.0,United Kingdom", // 11: sku with a space
            "536372,85123A,HEART,1,2011-03-27 01:30:00,2.55,17850.0,United Kingdom",            // 12: the hour the clocks skip
            "536373,85123A,HEART,1,2030-01-01 00:00:00,2.55,17850.0,United Kingdom",            // 13: future
            "536374,85123A,HEART,1,2010-12-01 08:26:00,2.55,17850.0,United Kingdom",            // 14: fine
            "536374,22633,HAND WARMER,1,2010-12-01 08:26:00,1.85,13047.0,United Kingdom",       // 15: another customer on 536374
            "536375,85123A,HEART,1.5,2010-12-01 08:26:00,2.55,17850.0,United Kingdom"));        // 16: half a unit

        var errors = rows.SelectMany(r => r.Errors).ToList();
        void Has(long row, string column, string text) =>
            Assert.Contains(errors, e => e.Row == row && e.Column == column && e.Message.Contains(text, StringComparison.Ordinal));

        Has(2, "Quantity", "'six' is not a number");
        Has(3, "InvoiceDate", "'2010-13-01 08:26:00' is not a date");
        Has(4, "InvoiceNo", "missing");
        Has(5, "StockCode", "missing");
        Has(6, "UnitPrice", "cannot be negative");
        Has(7, "Quantity", "not a plausible quantity");
        Has(8, "Quantity", "negative quantity on a sale");
        Has(9, "Quantity", "other than 0");
        Has(10, "UnitPrice", "more than 4 decimal places");
        Has(11, "StockCode", "without spaces");
        Has(12, "InvoiceDate", "does not exist in Europe/London");
        Has(13, "InvoiceDate", "not a plausible date");
        Has(15, "CustomerID", "belongs to customer 17850 on row 14");
        Has(16, "Quantity", "not a whole number");
        Assert.Equal([14L], rows.Where(r => r.Line is not null).Select(r => r.Row));
        Assert.All(rows.Where(r => r.Line is null), r => Assert.NotEmpty(r.Errors));
    }

    [Fact]
    public async Task A_mapped_csv_reads_like_the_online_retail_layout()
    {
        var mapping = await TransactionMapping.Load(new MemoryStream(Encoding.UTF8.GetBytes("""
            {
              // A Spanish shop's export
              "source": "tienda-es",
              "columns": { "orderNumber": "Pedido", "sku": "Referencia", "description": "Artículo", "quantity": "Unidades",
                           "date": "Fecha", "unitPrice": "Precio", "discount": "Descuento", "customerExternalId": "Cliente",
                           "country": "País" },
              "dateFormat": ["dd/MM/yyyy HH:mm", "dd/MM/yyyy"],
              "timeZone": "Europe/Madrid",
              "decimalSeparator": ",",
              "delimiter": ";",
              "currency": "EUR",
            }
            """)), default);

        var (rows, _) = await Read(Text(
            "Pedido;Referencia;Artículo;Unidades;Fecha;Precio;Descuento;Cliente;País;Otra columna",
            "P-1;SOF-3;Sofá tres plazas;1;15/07/2025 10:30;499,99;50;C-77;España;x",
            "P-1;COJ-1;Cojín;4;15/07/2025 10:30;12,5;;C-77;España;y",
            "P-2;COJ-1;Cojín;-2;20/07/2025;12,5;;C-77;España;z",
            "P-3;COJ-1;Cojín;1;20/07/2025;12.5;;C-77;España;z"), mapping);

        Assert.Equal("tienda-es", mapping.Source);
        var sofa = rows[0].Line!;
        Assert.Equal(new TransactionLine(2, "P-1", 1, "SOF-3", "Sofá tres plazas", 1, new DateTime(2025, 7, 15, 8, 30, 0, DateTimeKind.Utc),
            499.99m, 50m, "C-77", "España", "EUR", false), sofa);
        Assert.Equal(449.99m, sofa.Amount);
        Assert.Equal(0m, rows[1].Line!.Discount);
        // Without a cancellation prefix, a negative quantity is a return.
        Assert.True(rows[2].Line!.IsCancellation);
        Assert.Equal(2, rows[2].Line!.Quantity);
        Assert.Equal(new DateTime(2025, 7, 19, 22, 0, 0, DateTimeKind.Utc), rows[2].Line!.At);
        // '.' is not the decimal separator here.
        Assert.Contains(rows[3].Errors, e => e.Column == "Precio" && e.Message.Contains("'12.5' is not a number", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_currency_column_must_agree_within_an_order()
    {
        var mapping = TransactionMapping.OnlineRetail with
        {
            Source = "multi",
            Columns = TransactionMapping.OnlineRetail.Columns with { Currency = "Currency" },
            Currency = null,
        };

        var (rows, _) = await Read(Text(Header + ",Currency",
            "1,A1,Thing,1,2010-12-01 08:26:00,2,1.0,France,eur",
            "1,A2,Other,1,2010-12-01 08:26:00,2,1.0,France,GBP",
            "2,A2,Other,1,2010-12-01 08:26:00,2,1.0,France,",
            "3,A2,Other,1,2010-12-01 08:26:00,2,1.0,France,EURO"), mapping);

        Assert.Equal("EUR", rows[0].Line!.Currency);
        Assert.Contains(rows[1].Errors, e => e.Column == "Currency" && e.Message.Contains("is in EUR on row 2", StringComparison.Ordinal));
        Assert.Contains(rows[2].Errors, e => e.Column == "Currency" && e.Message.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(rows[3].Errors, e => e.Column == "Currency" && e.Message.Contains("'EURO'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_header_without_the_mapped_columns_is_a_file_error()
    {
        var (rows, reader) = await Read(Text("Invoice,StockCode,Description,Quantity,InvoiceDate,Price,CustomerID,Country", "1,A,B,1,2010-12-01 08:26:00,1,,UK"));

        Assert.Empty(rows);
        Assert.Equal(["InvoiceNo", "UnitPrice"], reader.FileErrors.Select(e => e.Column));
        Assert.All(reader.FileErrors, e => Assert.Equal(1, e.Row));
    }

    [Fact]
    public async Task Mapping_files_are_checked_field_by_field()
    {
        async Task<IDictionary<string, string[]>> Errors(string json) =>
            (await Assert.ThrowsAsync<ValidationException>(() => TransactionMapping.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), default))).Errors;

        var missing = await Errors("""{ "source": "Shop ES", "columns": { "orderNumber": "A", "sku": "a" }, "timeZone": "Mars/Olympus", "decimalSeparator": ";" }""");
        Assert.Equal(
            ["mapping.columns.date", "mapping.columns.quantity", "mapping.columns.sku", "mapping.columns.unitPrice", "mapping.currency",
             "mapping.decimalSeparator", "mapping.source", "mapping.timeZone"],
            missing.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("already feeds orderNumber", missing["mapping.columns.sku"][0], StringComparison.Ordinal);

        var typo = await Errors("""{ "source": "shop", "colums": {} }""");
        Assert.Contains("colums", typo["mapping"][0], StringComparison.Ordinal);

        var badFormat = await Errors("""{ "source": "s", "columns": { "orderNumber": "o", "sku": "s", "quantity": "q", "date": "d", "unitPrice": "p" }, "currency": "EUR", "dateFormat": "%" }""");
        Assert.Equal(["mapping.dateFormat"], badFormat.Keys);
    }

    [Fact]
    public void Customer_ids_lose_the_spreadsheet_decimals_only()
    {
        Assert.Equal("17850", TransactionReader.CustomerId("17850.0"));
        Assert.Equal("17850", TransactionReader.CustomerId("17850.00"));
        Assert.Equal("17850.5", TransactionReader.CustomerId("17850.5"));
        Assert.Equal("C-17.0", TransactionReader.CustomerId("C-17.0"));
        Assert.Equal("ana.perez", TransactionReader.CustomerId("ana.perez"));
    }

    [Fact]
    public void Country_names_become_iso_codes()
    {
        Assert.Equal("GB", CountryNames.ToCode("United Kingdom"));
        Assert.Equal("IE", CountryNames.ToCode("EIRE"));
        Assert.Equal("ZA", CountryNames.ToCode("RSA"));
        Assert.Equal("US", CountryNames.ToCode("USA"));
        Assert.Equal("ES", CountryNames.ToCode("España"));
        Assert.Equal("ES", CountryNames.ToCode("spain"));
        Assert.Equal("CZ", CountryNames.ToCode("Czech Republic"));
        Assert.Equal("DE", CountryNames.ToCode("DE"));
        Assert.Null(CountryNames.ToCode("Channel Islands"));
        Assert.Null(CountryNames.ToCode("European Community"));
        Assert.Null(CountryNames.ToCode("Unspecified"));
    }

    [Fact]
    public async Task The_committed_slice_reads_row_for_row_like_the_raw_file()
    {
        var raw = OnlineRetailFile.Raw(OnlineRetailFile.Slice);
        await using var file = File.OpenRead(OnlineRetailFile.Slice);
        var (rows, reader) = await Read(file);

        Assert.True(reader.Compressed);
        Assert.Equal(393, raw.Count);
        Assert.Equal(raw.Select(r => (r.Row, r.IsValid)), rows.Select(r => (r.Row, r.Line is not null)));
        var valid = raw.Where(r => r.IsValid).ToList();
        var lines = rows.Where(r => r.Line is not null).Select(r => r.Line!).ToList();
        Assert.Equal(valid.Select(r => (r.Invoice, r.StockCode, Math.Abs(r.Quantity), r.UnitPrice, r.Customer.Length == 0 ? null : r.Customer)),
            lines.Select(l => (l.OrderNumber, l.Sku, l.Quantity, l.UnitPrice, l.CustomerExternalId)));
    }
}

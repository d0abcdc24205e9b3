using System.Text;
using Vinculo.Cli.Tests.Infrastructure;
using Vinculo.Core.Demo;
using Vinculo.Core.ImportExport;

namespace Vinculo.Cli.Tests;

/// <summary>CSV import and export checks, run on SQLite and (when configured) PostgreSQL by the classes below.</summary>
public abstract class ImportExportScenarios(ITestDatabases databases)
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private const string CustomerHeader =
        "kind,lifecycle,tax_id,tax_id_country,first_name,last_name,company_name,email,phone,address_line1,city,postal_code,country,preferred_language,preferred_channel,tags,temperament";

    // Spreadsheet rows: the header is row 1, so these are rows 2, 3 and 4.
    private const string GoodAna = "person,active,12345678Z,ES,Ana,García López,,ana.garcia@example.com;ana@trabajo.es,612 34 56 78,\"Calle Mayor, 1\",Madrid,28013,ES,es,phone,vip;newsletter,";
    private const string BadEmail = "person,active,,,Luis,Pérez,,luis@@example,600111222,,,,,es,,,";
    private const string GoodCompany = "company,prospect,B12345674,ES,,,Transportes del Norte S.L.,info@tnorte.es,+34 915 551 234,Gran Vía 12,Bilbao,48001,ES,es,email,empresa,chronicComplainer";

    protected async Task AllOrNothingWritesNothingAndReportsRowAndColumn()
    {
        await using var database = await databases.Create();
        var result = await CsvImport.Customers(database.Settings, Csv(CustomerHeader, GoodAna, BadEmail, GoodCompany), Options(ImportMode.AllOrNothing), default);

        Assert.False(result.Committed);
        Assert.Equal(3, result.RowsRead);
        Assert.Equal(0, result.RowsWritten);
        Assert.Equal(1, result.RowsRejected);
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Row);
        Assert.Equal("email", error.Column);
        Assert.Contains("luis@@example", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Db.Count(database.Settings, "SELECT COUNT(*) FROM customers"));
        Assert.Equal(0, await Db.Count(database.Settings, "SELECT COUNT(*) FROM customer_emails"));
    }

    protected async Task SkipInvalidWritesTheGoodRows()
    {
        await using var database = await databases.Create();
        var result = await CsvImport.Customers(database.Settings, Csv(CustomerHeader, GoodAna, BadEmail, GoodCompany), Options(ImportMode.SkipInvalid), default);

        Assert.True(result.Committed);
        Assert.False(result.AllWritten);
        Assert.Equal(2, result.RowsWritten);
        Assert.Equal(1, result.RowsRejected);
        Assert.Equal((3L, "email"), (result.Errors[0].Row, result.Errors[0].Column));
        Assert.Equal(2, await Db.Count(database.Settings, "SELECT COUNT(*) FROM customers"));
        Assert.Equal(["Ana García López", "Transportes del Norte S.L."], await Db.Strings(database.Settings, "SELECT display_name FROM customers ORDER BY id"));
        Assert.Equal(["+34612345678", "+34915551234"], await Db.Strings(database.Settings, "SELECT e164 FROM customer_phones ORDER BY id"));
        Assert.Equal(["empresa", "newsletter", "vip"], await Db.Strings(database.Settings, "SELECT tag FROM customer_tags ORDER BY tag"));
        Assert.Equal(0, await Db.Count(database.Settings, "SELECT COUNT(*) FROM customers WHERE search_name = ''"));
    }

    protected async Task ErrorsPointAtTheirCsvColumns()
    {
        await using var database = await databases.Create();
        var result = await CsvImport.Customers(database.Settings, Csv(CustomerHeader,
            "robot,active,,,Ana,,,,,,,,,,,,",                       // row 2: kind
            "person,active,12345678A,ES,Ana,,,,,,,,,,,,",           // row 3: tax_id check letter
            "person,active,,,Ana,,,,12,,,,,,,,",                    // row 4: phone
            "person,active,,,Ana,,,,,Calle Sol 2,Cádiz,11001,Spain,,,,", // row 5: country
            "company,active,,,,,,,,,,,,xx,fax,,angry"),                 // row 6: company name, language, channel, temperament
            Options(ImportMode.AllOrNothing), default);

        Assert.Contains(new ImportError(2, "kind", "'robot' is not one of: person, company."), result.Errors);
        Assert.Contains(result.Errors, e => e is { Row: 3, Column: "tax_id" });
        Assert.Contains(result.Errors, e => e is { Row: 4, Column: "phone" } && e.Message.StartsWith("'12'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e is { Row: 5, Column: "country" });
        Assert.Equal(
            ["company_name", "preferred_channel", "preferred_language", "temperament"],
            result.Errors.Where(e => e.Row == 6).Select(e => e.Column).Order());
        Assert.Equal(5, result.RowsRejected);
    }

    protected async Task UnknownColumnsRejectTheFile()
    {
        await using var database = await databases.Create();
        var result = await CsvImport.Customers(database.Settings, Csv("first_name,emial", "Ana,ana@example.com"), Options(ImportMode.SkipInvalid), default);

        Assert.False(result.Committed);
        Assert.Equal(new ImportError(1, "emial", result.Errors[0].Message), result.Errors[0]);
        Assert.Equal(0, await Db.Count(database.Settings, "SELECT COUNT(*) FROM customers"));
    }

    protected async Task InteractionsWithUnknownCustomersAreRejected()
    {
        await using var database = await databases.Create();
        await CsvImport.Customers(database.Settings, Csv(CustomerHeader, GoodAna, GoodCompany), Options(ImportMode.AllOrNothing), default);
        const string header = "customer_id,customer_email,channel,direction,moment,subject,body,occurred_at,duration_seconds,outcome,agent_name";
        var csv = new[]
        {
            header,
            "1,,phone,inbound,postPurchase,Avería del router,El router no enciende desde ayer,2026-02-10T09:30:00Z,320,técnico programado,Lucía",
            ",INFO@tnorte.es,email,outbound,,Factura de febrero,Enviamos la factura de febrero,2026-02-11T10:00:00+01:00,,,",
            "999,,chat,inbound,,Hola,,2026-02-12T10:00:00Z,,,",
            ",nadie@example.com,chat,inbound,,Hola,,,,,",
            "2,ana.garcia@example.com,chat,inbound,,Hola,,,,,",
            "1,,fax,inbound,,Hola,,2030-01-01T00:00:00Z,abc,,",
        };

        var strict = await CsvImport.Interactions(database.Settings, Csv(csv), Options(ImportMode.AllOrNothing), default);
        Assert.False(strict.Committed);
        Assert.Equal(0, await Db.Count(database.Settings, "SELECT COUNT(*) FROM interactions"));
        Assert.Contains(strict.Errors, e => e is { Row: 4, Column: "customer_id" } && e.Message.Contains("999", StringComparison.Ordinal));
        Assert.Contains(strict.Errors, e => e is { Row: 5, Column: "customer_email" });
        Assert.Contains(strict.Errors, e => e is { Row: 6, Column: "customer_id" }); // id and e-mail disagree
        Assert.Equal(["channel", "duration_seconds", "occurred_at"], strict.Errors.Where(e => e.Row == 7).Select(e => e.Column).Order());

        var lenient = await CsvImport.Interactions(database.Settings, Csv(csv), Options(ImportMode.SkipInvalid), default);
        Assert.True(lenient.Committed);
        Assert.Equal(2, lenient.RowsWritten);
        Assert.Equal(4, lenient.RowsRejected);
        Assert.Equal(["1", "2"], await Db.Strings(database.Settings, "SELECT customer_id FROM interactions ORDER BY id"));
        Assert.Equal(0, await Db.Count(database.Settings, "SELECT COUNT(*) FROM interactions WHERE search_terms = ''"));
        Assert.Equal(["Lucía", "<null>"], await Db.Strings(database.Settings, "SELECT agent_name FROM interactions ORDER BY id"));
    }

    protected async Task SeparatorComesFromTheHeaderLine()
    {
        await using var database = await databases.Create();
        // A Spanish spreadsheet's CSV (';'), and a one-column file whose cells are ';' lists: neither may be misread.
        var semicolons = await CsvImport.Customers(database.Settings,
            Csv("first_name;last_name;email;tags", "Ana;García;ana@example.com;vip", "\"Luis\";Pérez, hijo;luis@example.com;"), Options(ImportMode.AllOrNothing), default);
        // One column: the list must stay whole, so its second, invalid item is reported.
        var oneColumn = await CsvImport.Customers(database.Settings, Csv("email", "eva@example.com;no-es-email"), Options(ImportMode.AllOrNothing), default);

        Assert.True(semicolons.AllWritten, string.Join("\n", semicolons.Errors));
        Assert.Equal(["Ana García", "Luis Pérez, hijo"], await Db.Strings(database.Settings, "SELECT display_name FROM customers ORDER BY id"));
        Assert.Contains(oneColumn.Errors, e => e.Column == "email" && e.Message.Contains("no-es-email", StringComparison.Ordinal));
    }

    protected async Task TextsWithoutSearchableWordsImport()
    {
        await using var database = await databases.Create();
        await CsvImport.Customers(database.Settings, Csv(CustomerHeader, GoodAna), Options(ImportMode.AllOrNothing), default);
        var result = await CsvImport.Interactions(database.Settings, Csv("customer_id,channel,direction,subject", "1,phone,inbound,y de la"), Options(ImportMode.AllOrNothing), default);

        Assert.True(result.AllWritten, string.Join("\n", result.Errors));
        // Only stop words: nothing to index, but an empty string, never NULL.
        Assert.Equal([""], await Db.Strings(database.Settings, "SELECT search_terms FROM interactions"));
    }

    protected async Task ExportThenImportRoundTrips()
    {
        await using var source = await databases.Create();
        await using var target = await databases.Create();
        await DemoSeeder.Seed(source.Settings, new SeedOptions(40, 3, 5, Now), null, default);

        var customersCsv = new StringWriter();
        var interactionsCsv = new StringWriter();
        var exportProgress = new List<ExportProgress>();
        Assert.Equal(40, await CsvExport.Customers(source.Settings, customersCsv, new Collect<ExportProgress>(exportProgress), default));
        Assert.Equal(120, await CsvExport.Interactions(source.Settings, interactionsCsv, null, default));
        Assert.Equal(new ExportProgress(40, 40), exportProgress[^1]);

        var customers = await CsvImport.Customers(target.Settings, Csv(customersCsv.ToString()), Options(ImportMode.AllOrNothing), default);
        Assert.True(customers.AllWritten, string.Join("\n", customers.Errors));
        var interactions = await CsvImport.Interactions(target.Settings, Csv(interactionsCsv.ToString()), Options(ImportMode.AllOrNothing), default);
        Assert.True(interactions.AllWritten, string.Join("\n", interactions.Errors));

        foreach (var sql in new[]
                 {
                     "SELECT display_name || '|' || COALESCE(tax_id, '') || '|' || lifecycle || '|' || temperament FROM customers ORDER BY id",
                     "SELECT address FROM customer_emails ORDER BY customer_id, is_primary DESC, address",
                     "SELECT e164 FROM customer_phones ORDER BY customer_id, e164",
                     "SELECT customer_id || ' ' || tag FROM customer_tags ORDER BY customer_id, tag",
                     "SELECT customer_id || '|' || subject || '|' || COALESCE(body, '') || '|' || channel || '|' || COALESCE(duration_seconds, -1) || '|' || occurred_at FROM interactions ORDER BY id",
                 })
        {
            Assert.Equal(await Db.Strings(source.Settings, sql), await Db.Strings(target.Settings, sql));
        }
    }

    private static ImportOptions Options(ImportMode mode) => new() { Mode = mode, Now = Now };

    private static MemoryStream Csv(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
}

public sealed class SqliteImportExportTests() : ImportExportScenarios(new SqliteDatabases())
{
    [Fact]
    public Task All_or_nothing_writes_nothing_and_reports_row_and_column() => AllOrNothingWritesNothingAndReportsRowAndColumn();

    [Fact]
    public Task Skip_invalid_writes_the_good_rows() => SkipInvalidWritesTheGoodRows();

    [Fact]
    public Task Errors_point_at_their_csv_columns() => ErrorsPointAtTheirCsvColumns();

    [Fact]
    public Task Unknown_columns_reject_the_file() => UnknownColumnsRejectTheFile();

    [Fact]
    public Task Interactions_with_unknown_customers_are_rejected() => InteractionsWithUnknownCustomersAreRejected();

    [Fact]
    public Task Separator_comes_from_the_header_line() => SeparatorComesFromTheHeaderLine();

    [Fact]
    public Task Texts_without_searchable_words_import() => TextsWithoutSearchableWordsImport();

    [Fact]
    public Task Export_then_import_round_trips() => ExportThenImportRoundTrips();
}

public sealed class PostgresImportExportTests(PostgresDatabases databases) : ImportExportScenarios(databases), IClassFixture<PostgresDatabases>
{
    [PostgresFact]
    public Task All_or_nothing_writes_nothing_and_reports_row_and_column() => AllOrNothingWritesNothingAndReportsRowAndColumn();

    [PostgresFact]
    public Task Skip_invalid_writes_the_good_rows() => SkipInvalidWritesTheGoodRows();

    [PostgresFact]
    public Task Errors_point_at_their_csv_columns() => ErrorsPointAtTheirCsvColumns();

    [PostgresFact]
    public Task Unknown_columns_reject_the_file() => UnknownColumnsRejectTheFile();

    [PostgresFact]
    public Task Interactions_with_unknown_customers_are_rejected() => InteractionsWithUnknownCustomersAreRejected();

    [PostgresFact]
    public Task Separator_comes_from_the_header_line() => SeparatorComesFromTheHeaderLine();

    [PostgresFact]
    public Task Texts_without_searchable_words_import() => TextsWithoutSearchableWordsImport();

    [PostgresFact]
    public Task Export_then_import_round_trips() => ExportThenImportRoundTrips();
}

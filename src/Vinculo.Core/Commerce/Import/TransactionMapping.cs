using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vinculo.Core.Common;
using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Commerce.Import;

/// <summary>
/// How a transactions CSV file is read: which column feeds each field of a <see cref="TransactionLine"/>, and how its
/// dates and numbers are written. Loaded from a JSON mapping file (<see cref="Load"/>); <see cref="OnlineRetail"/> is
/// the built-in mapping of the UCI Online Retail file.
/// </summary>
/// <example>
/// <code>
/// {
///   "source": "shop-es",
///   "columns": { "orderNumber": "Pedido", "sku": "Referencia", "description": "Artículo", "quantity": "Unidades",
///                "date": "Fecha", "unitPrice": "Precio", "discount": "Descuento", "customerExternalId": "Cliente",
///                "country": "País" },
///   "dateFormat": "dd/MM/yyyy HH:mm", "timeZone": "Europe/Madrid", "decimalSeparator": ",", "delimiter": ";",
///   "currency": "EUR", "cancellationPrefix": "D"
/// }
/// </code>
/// </example>
public sealed record TransactionMapping
{
    public const int MaxSourceLength = 50;

    /// <summary>
    /// Names the system the file comes from. Orders, returns and customers' external ids are keyed by it, so
    /// importing the same file again finds what the first import wrote.
    /// </summary>
    public string Source { get; init; } = "";

    public TransactionColumnMap Columns { get; init; } = new();

    /// <summary>
    /// .NET custom date formats the date column may have, tried in order ("dd/MM/yyyy HH:mm"). In JSON, one string or
    /// an array. Empty: ISO 8601 ("2011-03-01T09:30:00", with or without an offset).
    /// </summary>
    [JsonConverter(typeof(OneOrManyConverter))]
    public IReadOnlyList<string> DateFormat { get; init; } = [];

    /// <summary>IANA time zone of dates written without an offset ("Europe/London"); UTC when absent.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>"." or ",". Numbers have no thousands separators.</summary>
    public string DecimalSeparator { get; init; } = ".";

    /// <summary>",", ";", tab or "|"; when absent, found from the header line.</summary>
    public string? Delimiter { get; init; }

    /// <summary>ISO 4217 currency of lines without a currency column (or with an empty cell there).</summary>
    public string? Currency { get; init; }

    /// <summary>
    /// Order numbers starting with this text are cancellations ("C" in Online Retail); their quantities are negative
    /// or positive, and every other line must have a positive quantity. Without a prefix, a negative quantity marks a
    /// returned line.
    /// </summary>
    public string? CancellationPrefix { get; init; }

    /// <summary>The UCI Online Retail file (InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country).</summary>
    public static TransactionMapping OnlineRetail { get; } = new()
    {
        Source = "online-retail",
        Columns = new TransactionColumnMap
        {
            OrderNumber = "InvoiceNo",
            Sku = "StockCode",
            Description = "Description",
            Quantity = "Quantity",
            Date = "InvoiceDate",
            UnitPrice = "UnitPrice",
            CustomerExternalId = "CustomerID",
            Country = "Country",
        },
        // The second is how the copies converted from the original spreadsheet write it ("12/1/2010 8:26").
        DateFormat = ["yyyy-MM-dd HH:mm:ss", "M/d/yyyy H:mm"],
        TimeZone = "Europe/London",
        Currency = "GBP",
        CancellationPrefix = "C",
    };

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads and checks a JSON mapping file; a <see cref="ValidationException"/> names every problem.</summary>
    public static async Task<TransactionMapping> Load(Stream json, CancellationToken ct)
    {
        TransactionMapping? mapping;
        try
        {
            mapping = await JsonSerializer.DeserializeAsync<TransactionMapping>(json, JsonOptions, ct);
        }
        catch (JsonException e)
        {
            throw ValidationException.For("mapping", $"Not a valid mapping file: {e.Message}");
        }

        if (mapping is null)
        {
            throw ValidationException.For("mapping", "The mapping file is empty.");
        }

        mapping.Check();
        return mapping;
    }

    /// <summary>Every problem of the mapping, by JSON path ("columns.sku"); empty when it can be used.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        if (string.IsNullOrWhiteSpace(Source) || Source.Length > MaxSourceLength ||
            !Source.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.'))
        {
            Add("source", $"Name the source system with 1 to {MaxSourceLength} lower-case letters, digits, '-', '_' or '.', such as \"shop-es\".");
        }

        var columns = Columns ?? new TransactionColumnMap();
        foreach (var (field, column, required) in columns.All())
        {
            if (required && string.IsNullOrWhiteSpace(column))
            {
                Add($"columns.{field}", "Required: the name of the CSV column that holds it.");
            }
        }

        var named = columns.All().Where(c => !string.IsNullOrWhiteSpace(c.Column)).ToList();
        foreach (var repeated in named.GroupBy(c => c.Column!.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            Add($"columns.{repeated.Skip(1).First().Field}", $"The column '{repeated.Key}' already feeds {repeated.First().Field}.");
        }

        foreach (var format in DateFormat ?? [])
        {
            if (string.IsNullOrWhiteSpace(format))
            {
                Add("dateFormat", "A date format cannot be empty.");
                continue;
            }

            try
            {
                _ = new DateTime(2011, 12, 31, 23, 59, 58, DateTimeKind.Unspecified).ToString(format, CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                Add("dateFormat", $"'{format}' is not a .NET date format, such as dd/MM/yyyy HH:mm.");
            }
        }

        if (FindTimeZone(TimeZone) is null)
        {
            Add("timeZone", $"'{TimeZone}' is not a known time zone; use an IANA name such as Europe/Madrid, or UTC.");
        }

        if (DecimalSeparator is not ("." or ","))
        {
            Add("decimalSeparator", "Use \".\" or \",\".");
        }

        if (Delimiter is not (null or "," or ";" or "\t" or "|"))
        {
            Add("delimiter", "Use \",\", \";\", \"\\t\" or \"|\", or leave it out to find it from the header line.");
        }

        if (Currency is not null && !CommerceMath.IsCurrencyCode(Currency.Trim().ToUpperInvariant()))
        {
            Add("currency", "Use a three-letter ISO 4217 code, such as EUR.");
        }
        else if (Currency is null && string.IsNullOrWhiteSpace(columns.Currency))
        {
            Add("currency", "Give the currency, or a currency column.");
        }

        if (CancellationPrefix is { } prefix && (prefix.Trim().Length == 0 || prefix.Length > 10))
        {
            Add("cancellationPrefix", "The prefix has 1 to 10 characters; leave it out when the file has none.");
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Throws a <see cref="ValidationException"/> with <see cref="Validate"/>'s problems, if any.</summary>
    public void Check()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ValidationException(errors.ToDictionary(e => "mapping." + e.Key, e => e.Value));
        }
    }

    /// <summary>The time zone with this IANA (or Windows) id; null when unknown.</summary>
    internal static TimeZoneInfo? FindTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || string.Equals(id, "UTC", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (TimeZoneNotFoundException) when (string.Equals(id.Trim(), "Europe/London", StringComparison.Ordinal))
        {
            // A system without time zone data (a minimal container): the UK rule in force since 1996 is enough for the
            // Online Retail file (2010-2011): GMT, and BST (UTC+1) from the last Sunday of March, 01:00 UTC, to the last
            // Sunday of October, 01:00 UTC.
            var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
                new DateTime(1996, 1, 1), DateTime.MaxValue.Date, TimeSpan.FromHours(1),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 1, 0, 0), 3, 5, DayOfWeek.Sunday),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 10, 5, DayOfWeek.Sunday));
            return TimeZoneInfo.CreateCustomTimeZone("Europe/London", TimeSpan.Zero, "Europe/London", "GMT", "BST", [rule]);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>Reads a JSON string or array of strings.</summary>
    private sealed class OneOrManyConverter : JsonConverter<IReadOnlyList<string>>
    {
        public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType switch
            {
                JsonTokenType.Null => [],
                JsonTokenType.String => [reader.GetString()!],
                _ => JsonSerializer.Deserialize<List<string>>(ref reader, options) ?? [],
            };

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.ToList(), options);
    }
}

/// <summary>The CSV column (header name, matched ignoring case) that feeds each field; null when the file has none.</summary>
public sealed record TransactionColumnMap
{
    public string? OrderNumber { get; init; }
    public string? Sku { get; init; }
    public string? Description { get; init; }
    public string? Quantity { get; init; }
    public string? Date { get; init; }
    public string? UnitPrice { get; init; }

    /// <summary>Discount amount of the whole line (not a percentage).</summary>
    public string? Discount { get; init; }

    public string? CustomerExternalId { get; init; }
    public string? Country { get; init; }
    public string? Currency { get; init; }

    /// <summary>Every field, its column and whether the mapping must name one.</summary>
    internal IEnumerable<(string Field, string? Column, bool Required)> All() =>
    [
        ("orderNumber", OrderNumber, true),
        ("sku", Sku, true),
        ("description", Description, false),
        ("quantity", Quantity, true),
        ("date", Date, true),
        ("unitPrice", UnitPrice, true),
        ("discount", Discount, false),
        ("customerExternalId", CustomerExternalId, false),
        ("country", Country, false),
        ("currency", Currency, false),
    ];
}

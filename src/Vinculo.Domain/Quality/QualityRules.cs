namespace Vinculo.Domain.Quality;

/// <summary>How bad a finding is: an error is certainly wrong data; a warning is suspicious and worth a look.</summary>
public enum QualitySeverity
{
    Warning = 1,
    Error = 2,
}

/// <summary>One data-quality rule: a stable code (what APIs, reports and filters use), its severity and its message.</summary>
public sealed record QualityRule(string Code, QualitySeverity Severity, string MessageEs, string MessageEn)
{
    public string Message(string language) => language == "en" ? MessageEn : MessageEs;
}

/// <summary>
/// The catalogue of data-quality rules (the seeds' "veracidad"). Codes are stable: they are stored with every finding
/// and accepted as filters, so a code is never renamed or reused; a retired rule keeps its code unused.
/// </summary>
public static class QualityRules
{
    // ---- customer fields ----
    public const string NameMissing = "customer.name.missing";
    public const string NamePlaceholder = "customer.name.placeholder";
    public const string NameHasDigits = "customer.name.digits";
    public const string EmailInvalid = "customer.email.invalid";
    public const string PhoneInvalid = "customer.phone.invalid";
    public const string PhoneMismatch = "customer.phone.e164Mismatch";
    public const string TaxIdInvalid = "customer.taxId.invalid";
    public const string TaxIdKindMismatch = "customer.taxId.kindMismatch";
    public const string PostalCodeInvalid = "customer.address.postalCodeInvalid";
    public const string CountryInvalid = "customer.address.countryInvalid";
    public const string Unreachable = "customer.contact.unreachable";
    public const string PreferredChannelUnreachable = "customer.preferredChannel.unreachable";
    public const string ConsentWithoutContact = "customer.consent.withoutContact";

    // ---- dates (any record) ----
    public const string DateInFuture = "date.future";
    public const string DateTooOld = "date.tooOld";
    public const string DatesOutOfOrder = "date.outOfOrder";

    // ---- amounts (commerce records) ----
    public const string AmountNegative = "amount.negative";
    public const string AmountNotPositive = "amount.notPositive";
    public const string AmountAbsurd = "amount.absurd";
    public const string QuantityNotPositive = "quantity.notPositive";
    public const string QuantityAbsurd = "quantity.absurd";
    public const string DiscountExceedsLine = "discount.exceedsLine";
    public const string PaymentExceedsInvoice = "payment.exceedsInvoice";
    public const string InvoiceOverpaid = "invoice.overpaid";
    public const string CurrencyMismatch = "currency.mismatch";
    public const string ReturnExceedsLine = "return.exceedsLine";

    public static readonly IReadOnlyList<QualityRule> All =
    [
        new(NameMissing, QualitySeverity.Error,
            "Falta el nombre: una persona necesita nombre o apellidos y una empresa su razón social.",
            "The name is missing: a person needs a first or last name and a company its legal name."),
        new(NamePlaceholder, QualitySeverity.Warning,
            "El nombre parece de relleno (prueba, test, xxx, desconocido…).",
            "The name looks like a placeholder (test, xxx, unknown…)."),
        new(NameHasDigits, QualitySeverity.Warning,
            "El nombre de la persona contiene cifras o una arroba.",
            "The person's name contains digits or an at sign."),
        new(EmailInvalid, QualitySeverity.Error,
            "La dirección de correo electrónico no es válida.",
            "The e-mail address is not valid."),
        new(PhoneInvalid, QualitySeverity.Error,
            "El teléfono no se puede convertir a formato internacional (E.164).",
            "The phone number cannot be converted to international format (E.164)."),
        new(PhoneMismatch, QualitySeverity.Warning,
            "El teléfono guardado en formato internacional no coincide con el número escrito.",
            "The stored international form of the phone does not match the number as written."),
        new(TaxIdInvalid, QualitySeverity.Error,
            "El NIF/CIF/NIE no es válido (formato o carácter de control).",
            "The tax id is not valid (format or check character)."),
        new(TaxIdKindMismatch, QualitySeverity.Warning,
            "El tipo de identificador fiscal no corresponde: una persona física con el CIF de una sociedad.",
            "The tax id kind does not fit: a natural person with a company's CIF."),
        new(PostalCodeInvalid, QualitySeverity.Error,
            "El código postal no es válido para el país de la dirección.",
            "The postal code is not valid for the address's country."),
        new(CountryInvalid, QualitySeverity.Error,
            "El país de la dirección no es un código ISO de dos letras.",
            "The address's country is not a two-letter ISO code."),
        new(Unreachable, QualitySeverity.Warning,
            "No hay ningún correo ni teléfono válido: no se puede contactar con el cliente.",
            "There is no valid e-mail or phone: the customer cannot be contacted."),
        new(PreferredChannelUnreachable, QualitySeverity.Warning,
            "El canal preferido no tiene datos de contacto (correo o teléfono).",
            "The preferred channel has no contact data (e-mail or phone)."),
        new(ConsentWithoutContact, QualitySeverity.Warning,
            "Hay un consentimiento otorgado para un canal sin datos de contacto.",
            "A consent is granted for a channel without contact data."),
        new(DateInFuture, QualitySeverity.Error,
            "La fecha está en el futuro.",
            "The date is in the future."),
        new(DateTooOld, QualitySeverity.Warning,
            "La fecha es inverosímilmente antigua (probablemente un valor por defecto).",
            "The date is implausibly old (probably a default value)."),
        new(DatesOutOfOrder, QualitySeverity.Error,
            "Las fechas están en orden imposible (por ejemplo, vencimiento antes de la emisión).",
            "The dates are in an impossible order (for example, due before issued)."),
        new(AmountNegative, QualitySeverity.Error,
            "El importe es negativo.",
            "The amount is negative."),
        new(AmountNotPositive, QualitySeverity.Error,
            "El importe debe ser mayor que cero.",
            "The amount must be greater than zero."),
        new(AmountAbsurd, QualitySeverity.Warning,
            "El importe es desproporcionado (supera el máximo verosímil).",
            "The amount is absurdly large (above the plausible maximum)."),
        new(QuantityNotPositive, QualitySeverity.Error,
            "La cantidad debe ser mayor que cero.",
            "The quantity must be greater than zero."),
        new(QuantityAbsurd, QualitySeverity.Warning,
            "La cantidad es desproporcionada (supera el máximo verosímil).",
            "The quantity is absurdly large (above the plausible maximum)."),
        new(DiscountExceedsLine, QualitySeverity.Error,
            "El descuento es negativo o mayor que el importe de la línea.",
            "The discount is negative or larger than the line amount."),
        new(PaymentExceedsInvoice, QualitySeverity.Error,
            "El pago es mayor que el total de su factura.",
            "The payment is larger than its invoice's total."),
        new(InvoiceOverpaid, QualitySeverity.Warning,
            "La suma de los pagos de la factura supera su total.",
            "The invoice's payments add up to more than its total."),
        new(CurrencyMismatch, QualitySeverity.Error,
            "La moneda no coincide con la del documento relacionado.",
            "The currency does not match the related document's."),
        new(ReturnExceedsLine, QualitySeverity.Error,
            "La devolución supera la línea de pedido (cantidad o importe).",
            "The return exceeds its order line (quantity or amount)."),
    ];

    private static readonly Dictionary<string, QualityRule> ByCode = All.ToDictionary(r => r.Code, StringComparer.Ordinal);

    public static QualityRule? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var rule) ? rule : null;

    public static bool IsKnown(string? code) => code is not null && ByCode.ContainsKey(code);
}

/// <summary>
/// One finding: which rule, on which record (<paramref name="Entity"/> such as "customer", "orderLine", "invoice",
/// with its id), which field (a JSON-style path like <c>emails[1].address</c>) and the offending value as text.
/// </summary>
public sealed record QualityIssue(string Rule, string Entity, long? EntityId, string Field, string? Value = null)
{
    public QualitySeverity Severity => QualityRules.Find(Rule)?.Severity ?? QualitySeverity.Warning;

    public string Message(string language) => QualityRules.Find(Rule)?.Message(language) ?? Rule;
}

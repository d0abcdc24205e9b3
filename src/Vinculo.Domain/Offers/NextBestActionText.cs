using System.Globalization;
using System.Text;

namespace Vinculo.Domain.Offers;

/// <summary>
/// The sentences that explain a next best action, in Spanish and English. Templates name their arguments in braces;
/// an argument may have a per-language value ("product.es", "product.en") that wins over the plain one. Amounts
/// ("amount"), dates ("validTo", yyyy-MM-dd) are given in invariant form and formatted in the language's culture.
/// The result is plain text: the page encodes it.
/// </summary>
public static class NextBestActionText
{
    private static readonly CultureInfo Es = CultureInfo.GetCultureInfo("es");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en");

    private static readonly Dictionary<NextBestActionReason, (string Es, string En)> Templates = new()
    {
        [NextBestActionReason.InvoiceOverdue] = (
            "La factura {invoice} tiene {amount} {currency} pendientes y venció hace {days} días: conviene cobrarla antes de ofrecer nada.",
            "Invoice {invoice} has {amount} {currency} outstanding and has been overdue for {days} days: collect it before offering anything."),
        [NextBestActionReason.CaseBreached] = (
            "El caso n.º {case} «{subject}» ha incumplido su ANS: hay que resolverlo primero.",
            "Case #{case} \"{subject}\" has breached its SLA: resolve it first."),
        [NextBestActionReason.CaseOpen] = (
            "El caso n.º {case} «{subject}» sigue abierto: conviene dar una respuesta o una fecha.",
            "Case #{case} \"{subject}\" is still open: give an answer or a date."),
        [NextBestActionReason.ChurnRisk] = (
            "El riesgo de fuga del cliente es del {risk} %: ofrezca una acción de retención.",
            "The customer's churn risk is {risk}%: offer a retention action."),
        [NextBestActionReason.PromotionForTier] = (
            "Promoción vigente hasta el {validTo} para clientes de nivel {tier}, como este cliente.",
            "Promotion valid until {validTo} for {tier} customers, like this one."),
        [NextBestActionReason.PromotionForSegment] = (
            "Promoción vigente hasta el {validTo} para el segmento {segment}, al que pertenece el cliente.",
            "Promotion valid until {validTo} for the {segment} segment, which the customer belongs to."),
        [NextBestActionReason.PromotionForEveryone] = (
            "Promoción vigente hasta el {validTo} cuyas condiciones cumple el cliente.",
            "Promotion valid until {validTo} whose conditions the customer meets."),
        [NextBestActionReason.PromotionForOwners] = (
            "Promoción vigente hasta el {validTo} para quienes tienen {product}, como este cliente.",
            "Promotion valid until {validTo} for customers who have {product}, like this one."),
        [NextBestActionReason.OwnedTogether] = (
            "El {share} % de los clientes que tienen los mismos productos también tiene {product}.",
            "{share}% of the customers who have the same products also have {product}."),
        [NextBestActionReason.Propensity] = (
            "La propensión de compra de {product} es del {propensity} %.",
            "The purchase propensity for {product} is {propensity}%."),
        [NextBestActionReason.NoContactData] = (
            "No consta ningún correo ni teléfono del cliente: pídalos.",
            "There is no email or phone for the customer: ask for them."),
        [NextBestActionReason.NoEmail] = (
            "No consta ningún correo electrónico del cliente: pídalo.",
            "There is no email address for the customer: ask for one."),
        [NextBestActionReason.NoPhone] = (
            "No consta ningún teléfono del cliente: pídalo.",
            "There is no phone number for the customer: ask for one."),
        [NextBestActionReason.NoMarketingConsent] = (
            "Nunca se ha preguntado al cliente si acepta comunicaciones comerciales: pregúnteselo.",
            "The customer was never asked about marketing communications: ask them."),
    };

    /// <summary>Whether <paramref name="language"/> ("es", "es-AR", "ES"...) is Spanish; anything else is English.</summary>
    public static bool IsSpanish(string? language) =>
        language is { Length: >= 2 } && (language[0] is 'e' or 'E') && (language[1] is 's' or 'S')
        && (language.Length == 2 || language[2] is '-' or '_');

    /// <summary>The sentence for <paramref name="reason"/> in <paramref name="language"/>, filled from <paramref name="args"/>.</summary>
    public static string Reason(NextBestActionReason reason, IReadOnlyDictionary<string, string> args, string? language)
    {
        ArgumentNullException.ThrowIfNull(args);
        var spanish = IsSpanish(language);
        if (!Templates.TryGetValue(reason, out var template))
        {
            return reason.ToString();
        }

        return Fill(spanish ? template.Es : template.En, args, spanish);
    }

    /// <summary>Whether every reason has a sentence in both languages (checked by the tests).</summary>
    internal static IEnumerable<NextBestActionReason> MissingTemplates() =>
        Enum.GetValues<NextBestActionReason>().Where(r => !Templates.ContainsKey(r));

    private static string Fill(string template, IReadOnlyDictionary<string, string> args, bool spanish)
    {
        var culture = spanish ? Es : En;
        var language = spanish ? "es" : "en";
        var output = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                output.Append(template, i, template.Length - i);
                break;
            }

            var close = template.IndexOf('}', open + 1);
            if (close < 0)
            {
                output.Append(template, i, template.Length - i);
                break;
            }

            output.Append(template, i, open - i);
            var name = template[(open + 1)..close];
            output.Append(Value(name, args, language, culture));
            i = close + 1;
        }

        return output.ToString();
    }

    private static string Value(string name, IReadOnlyDictionary<string, string> args, string language, CultureInfo culture)
    {
        if (!args.TryGetValue(name + "." + language, out var value) && !args.TryGetValue(name, out value))
        {
            return "—";
        }

        switch (name)
        {
            case "amount" when decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount):
                return amount.ToString("N2", culture);
            case "validTo" when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                return date.ToString(culture.DateTimeFormat.ShortDatePattern, culture);
            default:
                return value;
        }
    }
}

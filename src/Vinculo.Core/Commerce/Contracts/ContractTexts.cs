using System.Globalization;
using Vinculo.Core.Interactions;
using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Commerce.Contracts;

/// <summary>What a contract change writes on the customer's timeline, in the customer's language (es or en).</summary>
internal static class ContractTexts
{
    private static readonly CultureInfo Spanish = CultureInfo.GetCultureInfo("es-ES");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static (string Subject, string Body) SignUp(string language, Product product, Contract contract)
    {
        var en = language == "en";
        var subject = (en ? "Contract signed: " : "Alta de contrato: ") + Name(product, en);
        var body = en
            ? $"Price: {Amount(contract.Price, contract.Currency, en)} {Period(contract.BillingPeriod, en)}. Starts on {Date(contract.StartedAt)}."
            : $"Precio: {Amount(contract.Price, contract.Currency, en)} {Period(contract.BillingPeriod, en)}. Comienza el {Date(contract.StartedAt)}.";
        return (Cut(subject), body);
    }

    public static (string Subject, string Body) Modification(
        string language, Product before, Product after, decimal previousPrice, string previousCurrency, Contract contract, string? reason)
    {
        var en = language == "en";
        var subject = (en ? "Contract changed: " : "Modificación de contrato: ") + Name(after, en);
        var lines = new List<string>();
        if (before.Id != after.Id)
        {
            lines.Add((en ? "Product: " : "Producto: ") + $"{Name(before, en)} → {Name(after, en)}");
        }

        if (previousPrice != contract.Price || previousCurrency != contract.Currency)
        {
            lines.Add((en ? "Price: " : "Precio: ") + $"{Amount(previousPrice, previousCurrency, en)} → {Amount(contract.Price, contract.Currency, en)}");
        }

        if (reason is not null)
        {
            lines.Add((en ? "Reason: " : "Motivo: ") + reason);
        }

        return (Cut(subject), string.Join('\n', lines));
    }

    public static (string Subject, string Body) Cancellation(string language, Product product, Contract contract)
    {
        var en = language == "en";
        var subject = (en ? "Contract cancelled: " : "Baja de contrato: ") + Name(product, en);
        var body = en
            ? $"Effective on {Date(contract.CancelledAt ?? contract.UpdatedAt)}.\nReason: {contract.CancelReason}"
            : $"Con efecto el {Date(contract.CancelledAt ?? contract.UpdatedAt)}.\nMotivo: {contract.CancelReason}";
        return (Cut(subject), body);
    }

    private static string Name(Product p, bool en) => $"{(en ? p.NameEn : p.NameEs)} ({p.Sku})";

    private static string Amount(decimal amount, string currency, bool en) =>
        amount.ToString("#,##0.00##", en ? English : Spanish) + " " + currency;

    private static string Period(BillingPeriod period, bool en) => (period, en) switch
    {
        (BillingPeriod.Monthly, true) => "per month",
        (BillingPeriod.Quarterly, true) => "per quarter",
        (BillingPeriod.Yearly, true) => "per year",
        (BillingPeriod.Monthly, false) => "al mes",
        (BillingPeriod.Quarterly, false) => "al trimestre",
        _ => "al año",
    };

    private static string Date(DateTime at) => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Cut(string subject) =>
        subject.Length <= InteractionService.MaxSubject ? subject : subject[..(InteractionService.MaxSubject - 1)] + "…";
}

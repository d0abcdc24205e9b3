using System.Globalization;
using Vinculo.Core.Interactions;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Commerce.AfterSales;

/// <summary>
/// The timeline entries a return or warranty claim leaves on the customer (journey moment post-purchase), written in the
/// customer's language and added to the same unit of work as the return or claim itself.
/// </summary>
internal static class AfterSalesTimeline
{
    public static void ReturnRequested(
        VinculoDb db, long customerId, string language, Channel channel, Actor agent, DateTime now, int quantity, string product,
        string orderNumber, ReturnReason reason, string? note, decimal refund, string currency)
    {
        var en = language == "en";
        var subject = en
            ? $"Return requested: {quantity} × {product} (order {orderNumber})"
            : $"Devolución solicitada: {quantity} × {product} (pedido {orderNumber})";
        var amount = refund.ToString("0.00", en ? CultureInfo.GetCultureInfo("en") : CultureInfo.GetCultureInfo("es"));
        var body = en
            ? $"Reason: {Reason(reason, en)}. Refund: {amount} {currency}."
            : $"Motivo: {Reason(reason, en)}. Reembolso: {amount} {currency}.";
        if (!string.IsNullOrWhiteSpace(note))
        {
            body += "\n" + note;
        }

        Add(db, customerId, language, channel, agent, now, subject, body);
    }

    public static void WarrantyClaimed(
        VinculoDb db, long customerId, string language, Channel channel, Actor agent, DateTime now, string product, string orderNumber,
        DateTime expiresAt, string description)
    {
        var en = language == "en";
        var subject = en ? $"Warranty claim: {product} (order {orderNumber})" : $"Reclamación de garantía: {product} (pedido {orderNumber})";
        var until = expiresAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var body = (en ? $"Under warranty until {until}." : $"En garantía hasta el {until}.") + "\n" + description;
        Add(db, customerId, language, channel, agent, now, subject, body);
    }

    private static void Add(VinculoDb db, long customerId, string language, Channel channel, Actor agent, DateTime now, string subject, string body)
    {
        if (subject.Length > InteractionService.MaxSubject)
        {
            subject = subject[..(InteractionService.MaxSubject - 1)] + "…";
        }

        db.Interactions.Add(new Interaction
        {
            CustomerId = customerId,
            Channel = channel,
            Direction = Direction.Inbound,
            Moment = JourneyMoment.PostPurchase,
            Subject = subject,
            Body = body,
            AgentId = agent.UserId,
            AgentName = agent.Name,
            OccurredAt = now,
            CreatedAt = now,
            SearchTerms = InteractionService.IndexTerms(subject, body, language),
        });
    }

    private static string Reason(ReturnReason reason, bool en) => (reason, en) switch
    {
        (ReturnReason.Damaged, true) => "damaged",
        (ReturnReason.Damaged, false) => "dañado",
        (ReturnReason.WrongItem, true) => "wrong item",
        (ReturnReason.WrongItem, false) => "artículo equivocado",
        (ReturnReason.NotAsDescribed, true) => "not as described",
        (ReturnReason.NotAsDescribed, false) => "no es como se describía",
        (ReturnReason.ChangedMind, true) => "changed their mind",
        (ReturnReason.ChangedMind, false) => "cambio de opinión",
        (ReturnReason.Late, true) => "arrived late",
        (ReturnReason.Late, false) => "llegó tarde",
        (_, true) => "other",
        _ => "otro",
    };
}

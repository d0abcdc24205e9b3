using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Offers;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Scripts;

/// <summary>A fact the scripts and macros can use: its name (the placeholder) and what it holds.</summary>
/// <param name="Name">The placeholder name, e.g. <c>customer.firstName</c>.</param>
/// <param name="Description">One line in English.</param>
/// <param name="DescriptionEs">One line in Spanish.</param>
/// <param name="Available">False for facts that are reserved but not computed yet: they are always missing.</param>
public sealed record FactInfo(string Name, string Description, string DescriptionEs, bool Available = true)
{
    /// <summary>The description in "es" or "en".</summary>
    public string Describe(string language) => language == "en" ? Description : DescriptionEs;
}

/// <summary>
/// What is known about a customer while they are on the line, as named text values: the facts that choose a script,
/// steer its decisions and fill the placeholders of scripts and macros. Values are invariant text (numbers with a dot,
/// dates yyyy-MM-dd, enum values camelCase); a fact without a value is null.
/// </summary>
public static class CustomerFacts
{
    /// <summary>Every fact name, with its description, in the order the editors list them.</summary>
    public static IReadOnlyList<FactInfo> All { get; } =
    [
        new("customer.id", "The customer's id.", "El identificador del cliente."),
        new("customer.firstName", "First name (empty for a company).", "Nombre de pila (vacío en una empresa)."),
        new("customer.lastName", "Last name.", "Apellidos."),
        new("customer.name", "The name lists show: the person's full name or the company name.", "El nombre que muestran las listas: nombre completo o razón social."),
        new("customer.language", "Preferred language: es or en.", "Idioma preferido: es o en."),
        new("customer.tier", "Service tier: platinum, gold, silver, standard or the company's own code.", "Nivel de servicio: platinum, gold, silver, standard o un código propio."),
        new("customer.segment", "Customer segment code.", "Código de segmento del cliente."),
        new("customer.temperament", "Temperament: none, submissive, aggressive, abusive or chronicComplainer.", "Temperamento: none, submissive, aggressive, abusive o chronicComplainer."),
        new("invoices.openCount", "Open invoices (not paid, not cancelled).", "Facturas abiertas (ni pagadas ni anuladas)."),
        new("invoices.overdueCount", "Open invoices past their due date.", "Facturas abiertas con el vencimiento pasado."),
        new("invoices.overdueAmount", "What those invoices still owe, e.g. 123.45 (all currencies added).", "Lo que aún deben esas facturas, p. ej. 123.45 (todas las monedas sumadas)."),
        new("invoices.oldestOverdueDays", "Days past the due date of the oldest overdue invoice (0 when none).", "Días de retraso de la factura vencida más antigua (0 si no hay)."),
        new("products.activeCount", "Active contracts (contracted products).", "Contratos activos (productos contratados)."),
        new("products.active", "Names of the actively contracted products, comma separated.", "Nombres de los productos contratados activos, separados por comas."),
        new("orders.count", "Orders placed.", "Pedidos realizados."),
        new("orders.lastDate", "Date of the latest order (yyyy-MM-dd).", "Fecha del último pedido (aaaa-mm-dd)."),
        new("case.id", "The case being handled (when there is one).", "El caso que se atiende (si lo hay)."),
        new("case.subject", "The case's subject.", "El asunto del caso."),
        new("case.type", "The case's type code: question, complaint, incident, return, warranty, request…", "El tipo del caso: question, complaint, incident, return, warranty, request…"),
        new("case.priority", "The case's priority: low, normal, high or urgent.", "La prioridad del caso: low, normal, high o urgent."),
        new("case.status", "The case's status: new, open, pendingCustomer, pendingInternal, resolved, closed, reopened.", "El estado del caso: new, open, pendingCustomer, pendingInternal, resolved, closed, reopened."),
        new("cases.openCount", "The customer's cases still being worked on.", "Casos del cliente aún en curso."),
        new("cases.lastSubject", "Subject of the customer's latest other case.", "Asunto del último caso anterior del cliente."),
        new("promotions.activeCount", "Published promotions valid today that the customer is eligible for.", "Promociones publicadas y vigentes hoy a las que el cliente puede acceder."),
        new("contact.reason", "Why the customer calls: the case type, or the reason the agent chose.", "Motivo del contacto: el tipo del caso o el motivo que eligió el agente."),
        new("scores.churnRisk", "Churn risk (0-1, e.g. 0.73) from the latest analytics run; missing when not scored.", "Riesgo de fuga (0-1, p. ej. 0.73) de la última ejecución de la analítica; ausente si no se calculó."),
        new("scores.defaultRisk", "Payment-default risk (0-1) from the latest analytics run.", "Riesgo de impago (0-1) de la última ejecución de la analítica."),
        new("scores.rfmSegment", "RFM segment: champions, loyal, potentialLoyalist, new, promising, needAttention, aboutToSleep, atRisk, cantLoseThem, hibernating or lost.", "Segmento RFM: champions, loyal, potentialLoyalist, new, promising, needAttention, aboutToSleep, atRisk, cantLoseThem, hibernating o lost."),
        new("scores.cluster", "Behavioural cluster number (k-means).", "Número del grupo de comportamiento (k-medias)."),
        new("scores.lifetimeValue", "Customer lifetime value, e.g. 1234.50.", "Valor del cliente en su vida (CLV), p. ej. 1234.50."),
        new("scores.pAlive", "Probability (0-1) that the customer is still active (BG/NBD).", "Probabilidad (0-1) de que el cliente siga activo (BG/NBD)."),
        new("scores.propensity", "Propensity (0-1) of the customer's most likely next product.", "Propensión (0-1) del siguiente producto más probable del cliente."),
        new("scores.value", "Customer value (0-1): the lifetime value's percentile among the scored customers.", "Valor del cliente (0-1): el percentil de su valor de vida entre los clientes puntuados."),
    ];

    private static readonly HashSet<string> Names = All.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="name"/> is a fact (computed or reserved).</summary>
    public static bool IsKnown(string? name) => name is not null && Names.Contains(name);

    /// <summary>The facts of a customer now; see <see cref="LoadAsync(VinculoDb, long, long?, DateTime, CancellationToken)"/>.</summary>
    public static Task<IReadOnlyDictionary<string, string?>> LoadAsync(VinculoDb db, long customerId, long? caseId, CancellationToken ct) =>
        LoadAsync(db, customerId, caseId, Timestamps.Truncate(DateTime.UtcNow), ct);

    /// <summary>
    /// The facts of a customer at <paramref name="now"/> (which decides what is overdue): an empty dictionary when the
    /// customer does not exist. The case facts (<c>case.*</c>, <c>contact.reason</c>) are there only when
    /// <paramref name="caseId"/> names a case of this customer. Reserved facts (<see cref="FactInfo.Available"/> false)
    /// are present with a null value.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string?>> LoadAsync(
        VinculoDb db, long customerId, long? caseId, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var facts = new Dictionary<string, string?>(StringComparer.Ordinal);
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId)
            .Select(c => new { c.FirstName, c.LastName, c.DisplayName, c.PreferredLanguage, c.Tier, c.Segment, c.Temperament })
            .FirstOrDefaultAsync(ct);
        if (customer is null)
        {
            return facts;
        }

        facts["customer.id"] = Invariant(customerId);
        facts["customer.firstName"] = Blank(customer.FirstName);
        facts["customer.lastName"] = Blank(customer.LastName);
        facts["customer.name"] = customer.DisplayName;
        facts["customer.language"] = customer.PreferredLanguage;
        facts["customer.tier"] = Blank(customer.Tier);
        facts["customer.segment"] = Blank(customer.Segment);
        facts["customer.temperament"] = EnumText.Camel(customer.Temperament);

        // Open invoices only (through the partial index on them), like the receivables: overdue is computed against now.
        var open = await db.Invoices.AsNoTracking()
            .Where(i => i.CustomerId == customerId && i.Status == InvoiceStatus.Open && i.Kind == InvoiceKind.Invoice)
            .Select(i => new { i.DueAt, i.Total, i.Settled })
            .ToListAsync(ct);
        var overdue = open.Where(i => i.Total > i.Settled && now > i.DueAt).ToList();
        facts["invoices.openCount"] = Invariant(open.Count);
        facts["invoices.overdueCount"] = Invariant(overdue.Count);
        facts["invoices.overdueAmount"] = overdue.Sum(i => i.Total - i.Settled).ToString("0.00", CultureInfo.InvariantCulture);
        facts["invoices.oldestOverdueDays"] = Invariant(overdue.Count == 0 ? 0 : Receivables.DaysOverdue(overdue.Min(i => i.DueAt), now));

        var english = customer.PreferredLanguage == "en";
        var products = await db.Contracts.AsNoTracking()
            .Where(c => c.CustomerId == customerId && c.Status == ContractStatus.Active)
            .Join(db.Products, c => c.ProductId, p => p.Id, (c, p) => new { c.StartedAt, c.Id, p.NameEs, p.NameEn })
            .OrderBy(x => x.StartedAt).ThenBy(x => x.Id)
            .ToListAsync(ct);
        facts["products.activeCount"] = Invariant(products.Count);
        facts["products.active"] = products.Count == 0
            ? null
            : string.Join(", ", products.Select(p => english ? p.NameEn : p.NameEs).Distinct(StringComparer.Ordinal));

        var orders = await db.Orders.CountAsync(o => o.CustomerId == customerId, ct);
        facts["orders.count"] = Invariant(orders);
        facts["orders.lastDate"] = orders == 0
            ? null
            : (await db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId).OrderByDescending(o => o.OrderedAt)
                .Select(o => o.OrderedAt).FirstAsync(ct)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        facts["cases.openCount"] = Invariant(await db.Cases.CountAsync(c => c.CustomerId == customerId && c.IsActive, ct));
        facts["cases.lastSubject"] = await db.Cases.AsNoTracking().Where(c => c.CustomerId == customerId && (caseId == null || c.Id != caseId.Value))
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Select(c => c.Subject).FirstOrDefaultAsync(ct);

        string? caseChannel = null;
        if (caseId is { } id && await db.Cases.AsNoTracking().Where(c => c.Id == id && c.CustomerId == customerId)
                .Select(c => new { c.Subject, c.Type, c.Priority, c.Status, c.Channel }).FirstOrDefaultAsync(ct) is { } kase)
        {
            caseChannel = EnumText.Camel(kase.Channel);
            facts["case.id"] = Invariant(id);
            facts["case.subject"] = kase.Subject;
            facts["case.type"] = kase.Type;
            facts["case.priority"] = EnumText.Camel(kase.Priority);
            facts["case.status"] = EnumText.Camel(kase.Status);
            facts["contact.reason"] = kase.Type;
        }

        // The promotions area decides eligibility; on the case's channel when there is a case, else on any channel.
        var promotions = await new NextBestActionService(db, new FixedClock(now))
            .EligiblePromotionsAsync(customerId, facts.ContainsKey("case.id") ? caseChannel : null, ct);
        facts["promotions.activeCount"] = Invariant(promotions?.Count ?? 0);

        foreach (var reserved in All.Where(f => !f.Available))
        {
            facts[reserved.Name] = null;
        }

        await Analytics.Scores.ScoreFacts.AddAsync(db, customerId, facts, ct);

        return facts;
    }

    /// <summary>The instant the facts are taken at, for the services that read the clock.</summary>
    private sealed class FixedClock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(now, DateTimeKind.Utc));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Scripts;
using Vinculo.Core.Storage;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Macros;

/// <summary>
/// The facts a macro's placeholders can name: the customer's (the same as agent scripts use, see
/// <see cref="CustomerFacts"/>), the case's (<c>case.*</c>) and the signed-in agent's (<c>agent.*</c>). A macro is read by
/// the customer, so values are written in the macro's language: amounts and dates in its format, the case's type, status,
/// priority and channel by name rather than code.
/// </summary>
public static class MacroFacts
{
    /// <summary>The facts macros add to the customer's, and those whose value macros write differently (in words).</summary>
    public static IReadOnlyList<FactInfo> Own { get; } =
    [
        new("case.type", "The case's type, by name in the macro's language.", "El tipo del caso, por su nombre en el idioma de la macro."),
        new("case.status", "The case's status in words (\"in progress\").", "El estado del caso en palabras («en curso»)."),
        new("case.priority", "The case's priority in words.", "La prioridad del caso en palabras."),
        new("case.channel", "The channel the case came in by, in words.", "El canal por el que llegó el caso, en palabras."),
        new("case.team", "The team handling the case.", "El equipo que lleva el caso."),
        new("case.openedAt", "The date the case was opened.", "La fecha en que se abrió el caso."),
        new("agent.name", "The name of the agent who sends the reply.", "El nombre del agente que envía la respuesta."),
        new("agent.firstName", "The first name of the agent who sends the reply.", "El nombre de pila del agente que envía la respuesta."),
    ];

    /// <summary>Customer facts holding an amount: written with the macro language's decimal separator.</summary>
    private static readonly HashSet<string> Amounts = new(StringComparer.Ordinal) { "invoices.overdueAmount" };

    /// <summary>Customer facts holding a date (yyyy-MM-dd): written as a date in the macro's language.</summary>
    private static readonly HashSet<string> Dates = new(StringComparer.Ordinal) { "orders.lastDate" };

    private static readonly Lazy<IReadOnlyList<FactInfo>> Listed = new(() =>
    {
        var own = Own.ToDictionary(f => f.Name, StringComparer.Ordinal);
        return CustomerFacts.All.Where(f => f.Available && !IsInternal(f.Name)).Select(f => own.GetValueOrDefault(f.Name, f))
            .Concat(Own.Where(f => !CustomerFacts.IsKnown(f.Name)))
            .ToList();
    });

    private static readonly HashSet<string> OwnNames = Own.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The facts to offer when writing a macro (with their descriptions), customer facts first.</summary>
    public static IReadOnlyList<FactInfo> All => Listed.Value;

    /// <summary>Every placeholder name a macro may use.</summary>
    public static IReadOnlyList<string> Names => [.. All.Select(f => f.Name)];

    /// <summary>Whether a placeholder names a fact (reserved customer facts count: they are known, just always missing).</summary>
    public static bool IsKnown(string name) => (CustomerFacts.IsKnown(name) && !IsInternal(name)) || OwnNames.Contains(name);

    /// <summary>
    /// Facts meant for the agent only: the analytical scores (<c>scores.*</c>: churn and default risk, segment, lifetime
    /// value) guide the conversation but must never be written into a reply the customer reads.
    /// </summary>
    public static bool IsInternal(string name) => name.StartsWith("scores.", StringComparison.Ordinal);

    /// <summary>The values of every fact for a case and the agent filling the macro in; a fact without a value is null.</summary>
    internal static async Task<Dictionary<string, string?>> Load(
        VinculoDb db, ServiceCase serviceCase, string userId, string language, DateTime now, CancellationToken ct)
    {
        var culture = CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : "es-ES");
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in await CustomerFacts.LoadAsync(db, serviceCase.CustomerId, serviceCase.Id, now, ct))
        {
            if (IsInternal(name))
            {
                continue;
            }

            values[name] = value is null ? null
                : Amounts.Contains(name) && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
                    ? amount.ToString("N2", culture)
                : Dates.Contains(name) && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? LongDate(date.ToDateTime(TimeOnly.MinValue), language, culture)
                : value;
        }

        var typeName = await db.CaseTypes.AsNoTracking().Where(t => t.Code == serviceCase.Type)
            .Select(t => language == "en" ? t.NameEn : t.NameEs).FirstOrDefaultAsync(ct);
        var team = serviceCase.TeamId is { } teamId
            ? await db.Teams.AsNoTracking().Where(t => t.Id == teamId).Select(t => t.Name).FirstOrDefaultAsync(ct)
            : null;
        values["case.id"] = serviceCase.Id.ToString(CultureInfo.InvariantCulture);
        values["case.subject"] = serviceCase.Subject;
        values["case.type"] = typeName is null ? serviceCase.Type : Lower(typeName, culture);
        values["case.status"] = Label(language, StatusNames, serviceCase.Status);
        values["case.priority"] = Label(language, PriorityNames, serviceCase.Priority);
        values["case.channel"] = Label(language, ChannelNames, serviceCase.Channel);
        values["case.team"] = team;
        values["case.openedAt"] = LongDate(serviceCase.CreatedAt, language, culture);

        var agentName = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        agentName = string.IsNullOrWhiteSpace(agentName) ? null : agentName.Trim();
        values["agent.name"] = agentName;
        values["agent.firstName"] = agentName?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return values;
    }

    /// <summary>"14 de marzo de 2026" / "14 March 2026" (the UTC date).</summary>
    private static string LongDate(DateTime value, string language, CultureInfo culture) =>
        value.ToString(language == "en" ? "d MMMM yyyy" : "d 'de' MMMM 'de' yyyy", culture);

    /// <summary>A type name inside a sentence: "Devolución" → "devolución" (English keeps its capital only for names, so lower too).</summary>
    private static string Lower(string name, CultureInfo culture) => name.Length == 0 ? name : char.ToLower(name[0], culture) + name[1..];

    private static string Label<T>(string language, Dictionary<T, (string Es, string En)> names, T value) where T : struct, Enum =>
        names.TryGetValue(value, out var n) ? (language == "en" ? n.En : n.Es) : value.ToString();

    // As a customer reads them in a reply.
    private static readonly Dictionary<CaseStatus, (string Es, string En)> StatusNames = new()
    {
        [CaseStatus.New] = ("recibido", "received"),
        [CaseStatus.Open] = ("en curso", "in progress"),
        [CaseStatus.PendingCustomer] = ("pendiente de su respuesta", "waiting for your reply"),
        [CaseStatus.PendingInternal] = ("en gestión interna", "being handled internally"),
        [CaseStatus.Resolved] = ("resuelto", "resolved"),
        [CaseStatus.Closed] = ("cerrado", "closed"),
        [CaseStatus.Reopened] = ("reabierto", "reopened"),
    };

    private static readonly Dictionary<CasePriority, (string Es, string En)> PriorityNames = new()
    {
        [CasePriority.Low] = ("baja", "low"),
        [CasePriority.Normal] = ("normal", "normal"),
        [CasePriority.High] = ("alta", "high"),
        [CasePriority.Urgent] = ("urgente", "urgent"),
    };

    private static readonly Dictionary<Channel, (string Es, string En)> ChannelNames = new()
    {
        [Channel.Phone] = ("teléfono", "phone"),
        [Channel.Email] = ("correo electrónico", "e-mail"),
        [Channel.Chat] = ("chat", "chat"),
        [Channel.Social] = ("redes sociales", "social media"),
        [Channel.InstantMessaging] = ("mensajería instantánea", "instant messaging"),
        [Channel.InPerson] = ("en persona", "in person"),
        [Channel.Web] = ("web", "web"),
        [Channel.Letter] = ("carta", "letter"),
    };
}

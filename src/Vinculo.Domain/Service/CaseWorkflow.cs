using System.Collections.Frozen;

namespace Vinculo.Domain.Service;

/// <summary>The status of a service case.</summary>
public enum CaseStatus
{
    /// <summary>Created and not yet worked on.</summary>
    New,

    /// <summary>Being worked on.</summary>
    Open,

    /// <summary>Waiting on the customer; SLA clocks pause.</summary>
    PendingCustomer,

    /// <summary>Waiting on someone inside the company; SLA clocks keep running.</summary>
    PendingInternal,

    /// <summary>Resolved; the customer may still come back before it is closed.</summary>
    Resolved,

    /// <summary>Closed for good; final.</summary>
    Closed,

    /// <summary>Resolved and then reopened; behaves like <see cref="Open"/>.</summary>
    Reopened,
}

/// <summary>
/// The type of a case (the service it belongs to): a lower-case code. The built-in types are question, complaint, incident,
/// return, warranty and request; a company may add its own codes made of ASCII letters, digits and hyphens, 2 to 40
/// characters long. Codes are compared after lower-casing, so <c>Incident</c> and <c>incident</c> are the same type.
/// </summary>
public sealed record CaseType
{
    /// <summary>Shortest allowed code.</summary>
    public const int MinLength = 2;

    /// <summary>Longest allowed code.</summary>
    public const int MaxLength = 40;

    private CaseType(string code) => Code = code;

    /// <summary>A question.</summary>
    public static CaseType Question { get; } = new("question");

    /// <summary>A complaint.</summary>
    public static CaseType Complaint { get; } = new("complaint");

    /// <summary>An incident (something does not work).</summary>
    public static CaseType Incident { get; } = new("incident");

    /// <summary>A return of goods.</summary>
    public static CaseType Return { get; } = new("return");

    /// <summary>A warranty claim.</summary>
    public static CaseType Warranty { get; } = new("warranty");

    /// <summary>A request for something.</summary>
    public static CaseType Request { get; } = new("request");

    /// <summary>The built-in types, in display order.</summary>
    public static IReadOnlyList<CaseType> BuiltIn { get; } = [Question, Complaint, Incident, Return, Warranty, Request];

    /// <summary>The lower-case code.</summary>
    public string Code { get; }

    /// <summary>Whether this is one of the <see cref="BuiltIn"/> types.</summary>
    public bool IsBuiltIn => BuiltIn.Contains(this);

    /// <summary>
    /// Why <paramref name="code"/> is not a valid case type code (an English message), or null when it is valid.
    /// Surrounding white space is ignored and letters may be in any case.
    /// </summary>
    public static string? Problem(string? code)
    {
        var text = code?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return "The case type is required.";
        }

        if (text.Length is < MinLength or > MaxLength)
        {
            return $"The case type must have between {MinLength} and {MaxLength} characters.";
        }

        return text.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            ? null
            : "The case type may only contain letters (a-z), digits and hyphens.";
    }

    /// <summary>Parses <paramref name="code"/> (trimmed, lower-cased) into a case type.</summary>
    public static bool TryParse(string? code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CaseType? type)
    {
        if (Problem(code) is not null)
        {
            type = null;
            return false;
        }

        var normalized = code!.Trim().ToLowerInvariant();
        type = BuiltIn.FirstOrDefault(t => t.Code == normalized) ?? new CaseType(normalized);
        return true;
    }

    /// <summary>Parses <paramref name="code"/> (trimmed, lower-cased) into a case type.</summary>
    /// <exception cref="ArgumentException">The code is not valid (see <see cref="Problem"/>).</exception>
    public static CaseType Parse(string? code) =>
        TryParse(code, out var type) ? type : throw new ArgumentException(Problem(code), nameof(code));

    /// <inheritdoc/>
    public override string ToString() => Code;
}

/// <summary>
/// The allowed status transitions of a case and the SLA clock event each one feeds to <see cref="SlaClock"/>.
/// </summary>
/// <remarks>
/// <para>Transition table (from → allowed targets); anything not listed, including staying in the same status, is forbidden:</para>
/// <list type="table">
/// <listheader><term>From</term><description>To</description></listheader>
/// <item><term>new</term><description>open, pendingCustomer, pendingInternal, resolved</description></item>
/// <item><term>open</term><description>pendingCustomer, pendingInternal, resolved</description></item>
/// <item><term>reopened</term><description>pendingCustomer, pendingInternal, resolved (it behaves like open)</description></item>
/// <item><term>pendingCustomer</term><description>open, resolved</description></item>
/// <item><term>pendingInternal</term><description>open, resolved</description></item>
/// <item><term>resolved</term><description>closed, reopened</description></item>
/// <item><term>closed</term><description>nothing: closed is final</description></item>
/// </list>
/// <para>A case waiting on the customer that now waits on someone inside (or the other way round) goes through open. A pending
/// case always goes back to open, even when it had been reopened before: reopened only marks that the case was resolved once.</para>
/// <para>Closed is final: when the customer gets in touch again about a closed case, a new case is opened (it may link to the
/// closed one); the closed case, its history and its SLA results are never changed.</para>
/// <para>SLA events (<see cref="SlaEventFor"/>) depend only on the target status: open → <see cref="SlaEventKind.Open"/>,
/// pendingCustomer → <see cref="SlaEventKind.PendingCustomer"/>, pendingInternal → <see cref="SlaEventKind.PendingInternal"/>,
/// resolved → <see cref="SlaEventKind.Resolved"/>, reopened → <see cref="SlaEventKind.Reopened"/>; closed feeds no event
/// (the clocks already stopped when the case was resolved).</para>
/// </remarks>
public static class CaseWorkflow
{
    /// <summary>The allowed transitions: for each status, the statuses it may move to.</summary>
    public static IReadOnlyDictionary<CaseStatus, IReadOnlyList<CaseStatus>> Transitions { get; } =
        new Dictionary<CaseStatus, IReadOnlyList<CaseStatus>>
        {
            [CaseStatus.New] = [CaseStatus.Open, CaseStatus.PendingCustomer, CaseStatus.PendingInternal, CaseStatus.Resolved],
            [CaseStatus.Open] = [CaseStatus.PendingCustomer, CaseStatus.PendingInternal, CaseStatus.Resolved],
            [CaseStatus.Reopened] = [CaseStatus.PendingCustomer, CaseStatus.PendingInternal, CaseStatus.Resolved],
            [CaseStatus.PendingCustomer] = [CaseStatus.Open, CaseStatus.Resolved],
            [CaseStatus.PendingInternal] = [CaseStatus.Open, CaseStatus.Resolved],
            [CaseStatus.Resolved] = [CaseStatus.Closed, CaseStatus.Reopened],
            [CaseStatus.Closed] = [],
        }.ToFrozenDictionary();

    /// <summary>Whether a case in <paramref name="from"/> may move to <paramref name="to"/>.</summary>
    public static bool CanMove(CaseStatus from, CaseStatus to) =>
        Transitions.TryGetValue(from, out var next) && next.Contains(to);

    /// <summary>The statuses a case in <paramref name="from"/> may move to (empty for closed or an unknown value).</summary>
    public static IReadOnlyList<CaseStatus> NextStatuses(CaseStatus from) =>
        Transitions.TryGetValue(from, out var next) ? next : [];

    /// <summary>Whether <paramref name="status"/> is final (no transition leaves it).</summary>
    public static bool IsFinal(CaseStatus status) => NextStatuses(status).Count == 0;

    /// <summary>Whether a case in <paramref name="status"/> is still to be worked on (neither resolved nor closed).</summary>
    public static bool IsActive(CaseStatus status) => status is not (CaseStatus.Resolved or CaseStatus.Closed);

    /// <summary>
    /// The SLA clock event that the transition from <paramref name="from"/> to <paramref name="to"/> feeds, or null when it
    /// feeds none (closing a resolved case).
    /// </summary>
    /// <exception cref="InvalidOperationException">The transition is not allowed.</exception>
    public static SlaEventKind? SlaEventFor(CaseStatus from, CaseStatus to)
    {
        if (!CanMove(from, to))
        {
            throw new InvalidOperationException($"A case cannot move from {from} to {to}.");
        }

        return to switch
        {
            CaseStatus.Open => SlaEventKind.Open,
            CaseStatus.PendingCustomer => SlaEventKind.PendingCustomer,
            CaseStatus.PendingInternal => SlaEventKind.PendingInternal,
            CaseStatus.Resolved => SlaEventKind.Resolved,
            CaseStatus.Reopened => SlaEventKind.Reopened,
            _ => null,
        };
    }
}

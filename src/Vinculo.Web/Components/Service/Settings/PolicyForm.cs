using System.Globalization;
using Vinculo.Core.Common;
using Vinculo.Core.Service.Configuration;
using Vinculo.Domain.Service;

namespace Vinculo.Web.Components.Service.Settings;

/// <summary>
/// What the SLA policy form posts: scope and key, calendar, warning share (as a percentage), the target minutes per
/// priority (a table) and the escalation rules (rows). Enum values travel as the camelCase text the use cases accept.
/// </summary>
public sealed class PolicyForm
{
    public long Version { get; set; }
    public string? Name { get; set; }
    public string Scope { get; set; } = "corporate";
    public string? ScopeKey { get; set; }
    public long? CalendarId { get; set; }
    /// <summary>Percentage of a target after which the warning fires (80 = 0.8).</summary>
    public int? WarningPercent { get; set; } = 80;
    public bool Active { get; set; } = true;
    /// <summary>One row per priority, in order: low, normal, high, urgent.</summary>
    public List<TargetRow> Targets { get; set; } = [new(), new(), new(), new()];
    public List<EscalationRow> Escalations { get; set; } = [];

    /// <summary>Which submit button was pressed: save, scope (show the key field of the chosen scope), or add/remove a rule.</summary>
    public string? Action { get; set; }

    public sealed class TargetRow
    {
        public int? FirstResponse { get; set; }
        public int? NextResponse { get; set; }
        public int? Resolution { get; set; }

        public TargetInput? ToInput() => FirstResponse is null && NextResponse is null && Resolution is null
            ? null
            : new TargetInput(FirstResponse, NextResponse, Resolution);

        public static TargetRow From(TargetMinutes? t) => new()
        {
            FirstResponse = t?.FirstResponse, NextResponse = t?.NextResponse, Resolution = t?.Resolution,
        };
    }

    public sealed class EscalationRow
    {
        public string On { get; set; } = "breach";
        public string? Target { get; set; }
        public string Action { get; set; } = "notifySupervisor";
        public long? TeamId { get; set; }
        public string? UserId { get; set; }
    }

    /// <summary>The row of the targets table for <paramref name="priority"/>.</summary>
    public TargetRow Row(CasePriority priority) => Targets[(int)priority];

    public SlaScope ScopeValue => EnumText.TryParse<SlaScope>(Scope, out var s) && Enum.IsDefined(s) ? s : SlaScope.Corporate;

    /// <summary>A new corporate policy with typical targets in business minutes.</summary>
    public static PolicyForm New(long? calendarId) => new()
    {
        CalendarId = calendarId,
        Targets =
        [
            new TargetRow { FirstResponse = 480, Resolution = 4800 },
            new TargetRow { FirstResponse = 240, NextResponse = 480, Resolution = 2400 },
            new TargetRow { FirstResponse = 60, NextResponse = 240, Resolution = 960 },
            new TargetRow { FirstResponse = 15, NextResponse = 60, Resolution = 240 },
        ],
    };

    public static PolicyForm From(PolicyDto p) => new()
    {
        Version = p.Version,
        Name = p.Name,
        Scope = EnumText.Camel(p.Scope),
        ScopeKey = p.ScopeKey,
        CalendarId = p.CalendarId,
        WarningPercent = (int)Math.Round(p.WarningShare * 100, MidpointRounding.AwayFromZero),
        Active = p.Active,
        Targets = [.. Enum.GetValues<CasePriority>().Select(priority => TargetRow.From(p.Targets.For(priority)))],
        Escalations = [.. p.Escalations.Select(e => new EscalationRow
        {
            On = EnumText.Camel(e.On), Target = e.Target is { } t ? EnumText.Camel(t) : null, Action = EnumText.Camel(e.Action),
            TeamId = e.TeamId, UserId = e.UserId,
        })],
    };

    /// <summary>Form binding leaves nested objects null when the post had none of their fields.</summary>
    public PolicyForm EnsureLists()
    {
        Escalations ??= [];
        Escalations.RemoveAll(e => e is null);
        Targets ??= [];
        for (var i = 0; i < Targets.Count; i++)
        {
            Targets[i] ??= new();
        }

        while (Targets.Count < 4)
        {
            Targets.Add(new());
        }
        Scope ??= "corporate";
        return this;
    }

    /// <summary>Adds or removes an escalation rule, or just re-renders for a new scope; true when nothing is to be saved.</summary>
    public bool ApplyRowAction()
    {
        switch ((Action ?? "").Split(':'))
        {
            case ["scope"]:
                ScopeKey = null;
                return true;
            case ["add", "escalations"]:
                Escalations.Add(new EscalationRow());
                return true;
            case ["remove", "escalations", var at] when int.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var i):
                if (i < Escalations.Count)
                {
                    Escalations.RemoveAt(i);
                }

                return true;
            default:
                return false;
        }
    }

    public PolicyInput ToInput() => new()
    {
        Name = Name,
        Scope = Scope,
        ScopeKey = ScopeValue == SlaScope.Corporate ? null : ScopeKey,
        CalendarId = CalendarId,
        WarningShare = WarningPercent is { } w ? w / 100.0 : null,
        Active = Active,
        Targets = new PolicyTargetsInput(Targets[0].ToInput(), Targets[1].ToInput(), Targets[2].ToInput(), Targets[3].ToInput()),
        Escalations = [.. Escalations.Select(e => new EscalationInput(e.On, e.Target, e.Action, e.Action == "reassign" ? e.TeamId : null,
            e.Action == "reassign" && !string.IsNullOrWhiteSpace(e.UserId) ? e.UserId : null))],
    };
}

using System.Globalization;
using Vinculo.Core.Common;
using Vinculo.Core.Service.Configuration;

namespace Vinculo.Web.Components.Service.Settings;

/// <summary>What the team form posts: name, strategy, supervisor, and one row per agent (skills comma separated).</summary>
public sealed class TeamForm
{
    public long Version { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    /// <summary>manual, roundRobin, leastLoaded or bySkill.</summary>
    public string Strategy { get; set; } = "manual";
    public string? SupervisorId { get; set; }
    public List<MemberRow> Members { get; set; } = [];

    /// <summary>Which submit button was pressed: save, or add/remove a member ("remove:members:1").</summary>
    public string? Action { get; set; }

    public sealed class MemberRow
    {
        public string? UserId { get; set; }
        public string? Skills { get; set; }
        public bool Available { get; set; } = true;
    }

    public static TeamForm New() => new TeamForm().WithBlankRow();

    public static TeamForm From(TeamDto t) => new TeamForm
    {
        Version = t.Version,
        Name = t.Name,
        Description = t.Description,
        Strategy = t.Strategy is { } s ? EnumText.Camel(s) : "manual",
        SupervisorId = t.SupervisorId,
        Members = [.. t.Members.Select(m => new MemberRow { UserId = m.UserId, Skills = string.Join(", ", m.Skills), Available = m.Available })],
    }.WithBlankRow();

    public TeamForm EnsureLists()
    {
        Members ??= [];
        Members.RemoveAll(m => m is null);
        Strategy ??= "manual";
        return this;
    }

    public TeamForm WithBlankRow()
    {
        if (Members.Count == 0 || !string.IsNullOrWhiteSpace(Members[^1].UserId))
        {
            Members.Add(new MemberRow());
        }

        return this;
    }

    public bool ApplyRowAction()
    {
        switch ((Action ?? "").Split(':'))
        {
            case ["add", "members"]:
                Members.Add(new MemberRow());
                return true;
            case ["remove", "members", var at] when int.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var i):
                if (i < Members.Count)
                {
                    Members.RemoveAt(i);
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>The request, and the form row each sent member came from.</summary>
    public (TeamInput Input, int[] RowOf) ToInput()
    {
        var rows = Members.Select((m, i) => (m, i)).Where(x => !string.IsNullOrWhiteSpace(x.m.UserId)).Select(x => x.i).ToArray();
        return (new TeamInput
        {
            Name = Name,
            Description = Description,
            Strategy = Strategy,
            SupervisorId = string.IsNullOrWhiteSpace(SupervisorId) ? null : SupervisorId,
            Members = [.. rows.Select(i => Members[i]).Select(m => new TeamMemberInput(m.UserId,
                [.. (m.Skills ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)], m.Available))],
        }, rows);
    }
}

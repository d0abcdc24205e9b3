using Vinculo.Domain.Customers;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Storage.Bulk;

/// <summary>
/// Service-desk rows to write in bulk, linked by object reference rather than id: the writer reserves the ids of
/// calendars, teams, policies and cases and copies each onto the rows that refer to it (members → team, policies →
/// calendar and team, cases → customer, tags and events → case). Cases carry their persisted SLA columns as computed
/// by the caller.
/// </summary>
public sealed class ServiceBatch
{
    public List<ServiceCalendar> Calendars { get; } = [];
    /// <summary>Teams with their <see cref="Team.Members"/>.</summary>
    public List<Team> Teams { get; } = [];
    public List<ServicePolicy> Policies { get; } = [];
    /// <summary>Parallel to <see cref="Policies"/>: the calendar of this batch the policy counts on (else its <c>CalendarId</c> stands).</summary>
    public List<ServiceCalendar?> PolicyCalendar { get; } = [];
    /// <summary>Parallel to <see cref="Policies"/>: for a team policy, the team of this batch it applies to (else its <c>ScopeKey</c> stands).</summary>
    public List<Team?> PolicyTeam { get; } = [];
    /// <summary>Cases with their <see cref="ServiceCase.Tags"/>.</summary>
    public List<ServiceCase> Cases { get; } = [];
    /// <summary>Parallel to <see cref="Cases"/>: the customer (written earlier in the transaction), or null when <c>CustomerId</c> is set.</summary>
    public List<Customer?> CaseCustomer { get; } = [];
    /// <summary>Case history, each case's events in time order.</summary>
    public List<CaseEvent> Events { get; } = [];
    /// <summary>Parallel to <see cref="Events"/>: the case of this batch the event belongs to.</summary>
    public List<ServiceCase> EventCase { get; } = [];

    /// <summary>Adds a case of <paramref name="customer"/> with its events (in time order).</summary>
    public void Add(ServiceCase c, Customer? customer, IEnumerable<CaseEvent> events)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(events);
        Cases.Add(c);
        CaseCustomer.Add(customer);
        foreach (var e in events)
        {
            Events.Add(e);
            EventCase.Add(c);
        }
    }

    /// <summary>Adds a policy counted on <paramref name="calendar"/> and, for a team policy, applying to <paramref name="team"/>.</summary>
    public void Add(ServicePolicy policy, ServiceCalendar? calendar, Team? team = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policies.Add(policy);
        PolicyCalendar.Add(calendar);
        PolicyTeam.Add(team);
    }

    /// <summary>Sets ids from the reserved ranges and copies them onto the rows that refer to them.</summary>
    internal void Link(IReadOnlyList<long> calendarIds, IReadOnlyList<long> teamIds, IReadOnlyList<long> policyIds, IReadOnlyList<long> caseIds)
    {
        for (var i = 0; i < Calendars.Count; i++)
        {
            Calendars[i].Id = calendarIds[i];
        }

        for (var i = 0; i < Teams.Count; i++)
        {
            var team = Teams[i];
            team.Id = teamIds[i];
            foreach (var member in team.Members)
            {
                member.TeamId = team.Id;
            }
        }

        for (var i = 0; i < Policies.Count; i++)
        {
            var p = Policies[i];
            p.Id = policyIds[i];
            if (PolicyCalendar[i] is { } calendar)
            {
                p.CalendarId = calendar.Id;
            }

            if (PolicyTeam[i] is { } team)
            {
                p.ScopeKey = PolicyTargets.Key(team.Id);
            }
        }

        for (var i = 0; i < Cases.Count; i++)
        {
            var c = Cases[i];
            c.Id = caseIds[i];
            if (CaseCustomer[i] is { } customer)
            {
                c.CustomerId = customer.Id;
            }

            foreach (var tag in c.Tags)
            {
                tag.CaseId = c.Id;
            }
        }

        for (var i = 0; i < Events.Count; i++)
        {
            Events[i].CaseId = EventCase[i].Id;
        }
    }
}

using Vinculo.Core.Auth;
using Vinculo.Core.Common;
using Vinculo.Core.Service.Configuration;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Service;
using static Vinculo.Core.Tests.Service.Configuration.ConfigSeed;

namespace Vinculo.Core.Tests.Service.Configuration;

public sealed class SlaPolicyServiceTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Create_read_and_list_from_the_most_general_scope(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        var calendar = await Calendar(app);
        var team = (await app.Run<TeamService, TeamDto>(s => s.Create(new TeamInput { Name = "Soporte" }))).Id;

        var gold = await app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(new PolicyInput
        {
            Name = "Clientes oro", Scope = "customerTier", ScopeKey = " Gold ", CalendarId = calendar, WarningShare = 0.75,
            Targets = new PolicyTargetsInput(High: new TargetInput(FirstResponse: 30)),
            Escalations = [new EscalationInput("breach", null, "notifySupervisor"), new EscalationInput("warning", "resolution", "reassign", team)],
        }));
        var corporate = await app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(Corporate(calendar)));

        var p = gold.Item;
        Assert.Equal(SlaScope.CustomerTier, p.Scope);
        Assert.Equal("gold", p.ScopeKey);
        Assert.Equal("Oficina Madrid", p.CalendarName);
        Assert.Equal(0.75, p.WarningShare);
        Assert.Equal(new TargetMinutes(30), p.Targets.High);
        Assert.Null(p.Targets.Normal);
        Assert.Equal(
            [new EscalationRule(SlaAlarmKind.Breach, null, EscalationAction.NotifySupervisor), new EscalationRule(SlaAlarmKind.Warning, SlaTarget.Resolution, EscalationAction.Reassign, team)],
            p.Escalations);
        Assert.True(p.Active);
        SameJson<PolicyDto?>(p, await app.Run<SlaPolicyService, PolicyDto?>(s => s.Get(p.Id)));
        Assert.Equal(SlaPolicy.DefaultWarningShare, corporate.Item.WarningShare);
        Assert.Equal(new TargetMinutes(60, 240, 2400), corporate.Item.Targets.Normal);

        var page = await app.Run<SlaPolicyService, Page<PolicyDto>>(s => s.List(new PolicyQuery(Limit: 1)));
        Assert.Equal(corporate.Item.Id, Assert.Single(page.Items).Id);
        page = await app.Run<SlaPolicyService, Page<PolicyDto>>(s => s.List(new PolicyQuery(Cursor: page.NextCursor, Limit: 1)));
        Assert.Equal(p.Id, Assert.Single(page.Items).Id);
        Assert.Null(page.NextCursor);
        Assert.Equal([p.Id], (await app.Run<SlaPolicyService, Page<PolicyDto>>(s => s.List(new PolicyQuery(Scope: "customerTier")))).Items.Select(x => x.Id));
        Assert.Equal(["gold"], await app.Run<SlaPolicyService, IReadOnlyList<string>>(s => s.Keys(SlaScope.CustomerTier)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Two_active_policies_with_the_same_scope_and_key_are_a_conflict(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        var calendar = await Calendar(app);
        await app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(Corporate(calendar)));

        await Assert.ThrowsAsync<ConflictException>(() => app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(Corporate(calendar, name: "Otra"))));

        // An inactive second one is fine, until it is activated.
        var spare = await app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(Corporate(calendar, name: "Otra") with { Active = false }));
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<SlaPolicyService, ConfigChange<PolicyDto>?>(s => s.Update(spare.Item.Id, Corporate(calendar, name: "Otra"), 1)));

        // Text keys are compared after lower-casing; different keys of the same scope coexist.
        PolicyInput Segment(string key) => Corporate(calendar, name: "Segmento " + key) with { Scope = "customerSegment", ScopeKey = key };
        await app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(Segment("pymes")));
        await app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(Segment("grandes")));
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(Segment("PYMES"))));

        // Editing a policy does not conflict with itself.
        var edited = await app.Run<SlaPolicyService, ConfigChange<PolicyDto>?>(s => s.Update(spare.Item.Id, Corporate(calendar, 90, "Otra") with { Active = false }, 1));
        Assert.Equal(2, edited!.Item.Version);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => app.Run<SlaPolicyService, ConfigChange<PolicyDto>?>(s => s.Update(spare.Item.Id, Corporate(calendar), 1)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Invalid_policies_are_reported_by_field(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        var calendar = await Calendar(app);
        var analyst = await User(app, Roles.Analyst);
        var agent = await User(app, Roles.Agent);

        async Task<IEnumerable<string>> Errors(PolicyInput input) =>
            (await Assert.ThrowsAsync<ValidationException>(() => app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(input)))).Errors.Keys
            .Order(StringComparer.Ordinal);

        Assert.Equal(["calendarId", "name", "scope", "targets"], await Errors(new PolicyInput()));
        Assert.Equal(["scope"], await Errors(Corporate(calendar) with { Scope = "planet" }));
        Assert.Equal(["scopeKey"], await Errors(Corporate(calendar) with { ScopeKey = "x" }));
        Assert.Equal(["scopeKey"], await Errors(Corporate(calendar) with { Scope = "team" }));
        Assert.Equal(["scopeKey"], await Errors(Corporate(calendar) with { Scope = "team", ScopeKey = "abc" }));
        Assert.Equal(["scopeKey"], await Errors(Corporate(calendar) with { Scope = "team", ScopeKey = "42" }));
        Assert.Equal(["scopeKey"], await Errors(Corporate(calendar) with { Scope = "contract", ScopeKey = "42" }));
        Assert.Equal(["scopeKey"], await Errors(Corporate(calendar) with { Scope = "caseType", ScopeKey = "nothing-like-it" }));
        Assert.Equal(["scopeKey"], await Errors(Corporate(calendar) with { Scope = "customerTier", ScopeKey = new string('a', 41) }));
        Assert.Equal(["calendarId"], await Errors(Corporate(999)));
        Assert.Equal(["warningShare"], await Errors(Corporate(calendar) with { WarningShare = 1 }));
        Assert.Equal(["warningShare"], await Errors(Corporate(calendar) with { WarningShare = 0 }));
        Assert.Equal(["targets.normal.firstResponse", "targets.urgent.resolution"], await Errors(Corporate(calendar) with
        {
            Targets = new PolicyTargetsInput(Normal: new TargetInput(0), Urgent: new TargetInput(Resolution: -5)),
        }));
        Assert.Equal(["targets"], await Errors(Corporate(calendar) with { Targets = new PolicyTargetsInput(Low: new TargetInput()) }));
        Assert.Equal(
            ["escalations[0].on", "escalations[1].teamId", "escalations[2].teamId", "escalations[3].userId", "escalations[4].action", "escalations[5].target"],
            await Errors(Corporate(calendar) with
            {
                Escalations =
                [
                    new EscalationInput(null, null, "notifySupervisor"),
                    new EscalationInput("breach", null, "reassign"),
                    new EscalationInput("breach", null, "reassign", TeamId: 77),
                    new EscalationInput("breach", null, "reassign", UserId: analyst),
                    new EscalationInput("warning", null, "raisePriority", UserId: agent),
                    new EscalationInput("warning", "afterlife", "raisePriority"),
                ],
            }));

        // A case type scope takes an existing code in any case; a reassignment to an agent is fine.
        var ok = await app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(Corporate(calendar) with
        {
            Scope = "caseType", ScopeKey = "Complaint", Escalations = [new EscalationInput("breach", "firstResponse", "reassign", UserId: agent)],
        }));
        Assert.Equal("complaint", ok.Item.ScopeKey);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Policies_apply_per_target_by_precedence_and_changes_recompute_active_cases(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Monday9Madrid));
        var calendar = await Calendar(app);
        var team = (await app.Run<TeamService, TeamDto>(s => s.Create(new TeamInput { Name = "Bajas" }))).Id;
        var gold = await Customer(app, tier: "Gold");
        var plain = await Customer(app);
        var at = Monday9Madrid.UtcDateTime;
        var goldInTeam = await Case(app, gold, at, teamId: team);
        var plainCase = await Case(app, plain, at);
        await Case(app, plain, at, status: CaseStatus.Closed);
        Assert.Equal(SlaClockState.NotApplicable, (await ReadCase(app, plainCase)).FrState);

        var corporate = await app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(Corporate(calendar)));
        Assert.Equal(2, corporate.RecomputedCases);
        var teamPolicy = await app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(new PolicyInput
        {
            Name = "Equipo de bajas", Scope = "team", ScopeKey = team.ToString(System.Globalization.CultureInfo.InvariantCulture), CalendarId = calendar,
            Targets = new PolicyTargetsInput(Normal: new TargetInput(Resolution: 1200)),
        }));
        var tierPolicy = await app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(new PolicyInput
        {
            Name = "Oro", Scope = "customerTier", ScopeKey = "gold", CalendarId = calendar,
            Targets = new PolicyTargetsInput(Normal: new TargetInput(FirstResponse: 30)),
        }));

        // Gold customer in the team: first response from the tier policy, resolution from the team policy.
        var c = await ReadCase(app, goldInTeam);
        Assert.Equal(tierPolicy.Item.Id, c.FrPolicyId);
        Assert.Equal(at.AddMinutes(30), c.FrDueAt);
        Assert.Equal(teamPolicy.Item.Id, c.ResPolicyId);
        Assert.Equal(c.FrDueAt, c.SlaDueAt);
        // Everybody else: the corporate policy.
        c = await ReadCase(app, plainCase);
        Assert.Equal(corporate.Item.Id, c.FrPolicyId);
        Assert.Equal(corporate.Item.Id, c.ResPolicyId);
        Assert.Equal(at.AddMinutes(60), c.FrDueAt);

        // Deactivating the tier policy gives the gold case the corporate first response again.
        var off = await app.Run<SlaPolicyService, ConfigChange<PolicyDto>?>(s => s.Update(tierPolicy.Item.Id, new PolicyInput
        {
            Name = "Oro", Scope = "customerTier", ScopeKey = "gold", CalendarId = calendar, Active = false,
            Targets = new PolicyTargetsInput(Normal: new TargetInput(FirstResponse: 30)),
        }, null));
        Assert.Equal(2, off!.RecomputedCases);
        c = await ReadCase(app, goldInTeam);
        Assert.Equal(corporate.Item.Id, c.FrPolicyId);
        Assert.Equal(at.AddMinutes(60), c.FrDueAt);

        // A policy cases were measured against cannot be deleted; one never used can.
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<SlaPolicyService, ConfigDelete>(s => s.Delete(corporate.Item.Id, null)));
        var unused = await app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(Corporate(calendar, name: "Borrador") with { Active = false }));
        Assert.Equal(0, unused.RecomputedCases);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => app.Run<SlaPolicyService, ConfigDelete>(s => s.Delete(unused.Item.Id, 5)));
        Assert.Equal(new ConfigDelete(true, 0), await app.Run<SlaPolicyService, ConfigDelete>(s => s.Delete(unused.Item.Id, 1)));
        Assert.False((await app.Run<SlaPolicyService, ConfigDelete>(s => s.Delete(unused.Item.Id, null))).Found);
    }
}

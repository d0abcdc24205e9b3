using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;
using Vinculo.Core.Service.Configuration;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Service;
using static Vinculo.Core.Tests.Service.Configuration.ConfigSeed;

namespace Vinculo.Core.Tests.Service.Configuration;

public sealed class TeamServiceTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Create_read_update_members_and_list(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        var supervisor = await User(app, Roles.Supervisor, "Sara Supervisora");
        var ana = await User(app, Roles.Agent, "Ana Agente");
        var bruno = await User(app, Roles.Agent, "Bruno Agente");

        var team = await app.Run<TeamService, TeamDto>(s => s.Create(new TeamInput
        {
            Name = "Facturación", Description = "Dudas y reclamaciones de facturas", Strategy = "bySkill", SupervisorId = supervisor,
            Members = [new TeamMemberInput(bruno, ["Billing", " english ", "billing"]), new TeamMemberInput(ana, Available: false)],
        }));

        Assert.Equal(AssignmentStrategy.BySkill, team.Strategy);
        Assert.Equal("Sara Supervisora", team.SupervisorName);
        Assert.Equal(["Ana Agente", "Bruno Agente"], team.Members.Select(m => m.DisplayName));
        Assert.Equal(["billing", "english"], team.Members[1].Skills);
        Assert.False(team.Members[0].Available);
        Assert.True(team.Members[1].Available);
        SameJson<TeamDto?>(team, await app.Run<TeamService, TeamDto?>(s => s.Get(team.Id)));

        // Bruno stays (and keeps when he was last assigned), Ana leaves; manual assignment.
        var assigned = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
        await using (var scope = app.Scope())
        {
            var vdb = scope.ServiceProvider.GetRequiredService<VinculoDb>();
            await vdb.TeamMembers.Where(m => m.UserId == bruno).ExecuteUpdateAsync(u => u.SetProperty(m => m.LastAssignedAt, assigned));
        }

        var updated = await app.Run<TeamService, TeamDto?>(s => s.Update(team.Id, new TeamInput
        {
            Name = "Facturación", Strategy = "manual", Members = [new TeamMemberInput(bruno, ["billing"], false)],
        }, 1));
        Assert.Null(updated!.Strategy);
        Assert.Null(updated.SupervisorId);
        Assert.Equal(2, updated.Version);
        var member = Assert.Single(updated.Members);
        Assert.Equal(assigned, member.LastAssignedAt);
        Assert.False(member.Available);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => app.Run<TeamService, TeamDto?>(s => s.Update(team.Id, new TeamInput { Name = "X" }, 1)));

        await app.Run<TeamService, TeamDto>(s => s.Create(new TeamInput { Name = "Altas" }));
        var page = await app.Run<TeamService, Page<TeamSummary>>(s => s.List(new TeamQuery(Limit: 1)));
        Assert.Equal("Altas", Assert.Single(page.Items).Name);
        page = await app.Run<TeamService, Page<TeamSummary>>(s => s.List(new TeamQuery(page.NextCursor, 1)));
        var row = Assert.Single(page.Items);
        Assert.Equal((1, 0), (row.Members, row.Available));
        Assert.Null(page.NextCursor);

        var staff = await app.Run<TeamService, IReadOnlyList<StaffMember>>(s => s.Staff());
        Assert.Contains(staff, x => x.UserId == supervisor && x.Role == Roles.Supervisor);
        Assert.Contains(staff, x => x.UserId == ana && x.Role == Roles.Agent);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Members_and_supervisor_must_be_users_with_the_right_role(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        var agent = await User(app, Roles.Agent);
        var analyst = await User(app, Roles.Analyst);
        await app.Run<TeamService, TeamDto>(s => s.Create(new TeamInput { Name = "Soporte" }));

        var errors = (await Assert.ThrowsAsync<ValidationException>(() => app.Run<TeamService, TeamDto>(s => s.Create(new TeamInput
        {
            Strategy = "random", SupervisorId = agent,
            Members = [new TeamMemberInput(analyst), new TeamMemberInput("nobody"), new TeamMemberInput(agent), new TeamMemberInput(agent), new TeamMemberInput(" ")],
        })))).Errors;
        Assert.Equal(["members[0].userId", "members[1].userId", "members[3].userId", "members[4].userId", "name", "strategy", "supervisorId"],
            errors.Keys.Order(StringComparer.Ordinal));

        await Assert.ThrowsAsync<ConflictException>(() => app.Run<TeamService, TeamDto>(s => s.Create(new TeamInput { Name = "SOPORTE" })));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Deleting_a_team_leaves_its_cases_without_team_and_is_refused_while_a_policy_refers_to_it(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Monday9Madrid));
        var agent = await User(app, Roles.Agent);
        var team = await app.Run<TeamService, TeamDto>(s => s.Create(new TeamInput { Name = "Soporte", Members = [new TeamMemberInput(agent)] }));
        var customer = await Customer(app);
        var caseId = await Case(app, customer, Monday9Madrid.UtcDateTime, teamId: team.Id);
        var calendar = await Calendar(app);
        var policy = await app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(Corporate(calendar) with
        {
            Escalations = [new EscalationInput("breach", null, "reassign", team.Id)],
        }));

        var refused = await Assert.ThrowsAsync<ConflictException>(() => app.Run<TeamService, bool>(s => s.Delete(team.Id, null)));
        Assert.Contains("Corporativa", refused.Message, StringComparison.Ordinal);

        await app.Run<SlaPolicyService, ConfigChange<PolicyDto>?>(s => s.Update(policy.Item.Id, Corporate(calendar), null));
        Assert.True(await app.Run<TeamService, bool>(s => s.Delete(team.Id, 1)));
        Assert.Null((await ReadCase(app, caseId)).TeamId);
        Assert.Null(await app.Run<TeamService, TeamDto?>(s => s.Get(team.Id)));
        Assert.False(await app.Run<TeamService, bool>(s => s.Delete(team.Id, null)));
    }
}

using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Interactions;
using Vinculo.Core.Service;
using Vinculo.Core.Service.Cases;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Service;
using static Vinculo.Core.Tests.Service.Cases.CaseWorld;

namespace Vinculo.Core.Tests.Service.Cases;

public sealed class CaseServiceTests
{
    private static readonly DateTime Saturday = Madrid(2026, 3, 7, 12, 0);
    private static readonly DateTime Monday0910 = Madrid(2026, 3, 9, 9, 10);
    private static readonly DateTime Monday0940 = Madrid(2026, 3, 9, 9, 40);

    [Theory, SqliteData, PostgresData]
    public async Task First_response_across_the_weekend_is_breached_at_monday_0930_and_an_internal_note_does_not_meet_it(string provider)
    {
        await using var w = await CaseWorld.Create(provider);
        var created = await w.Open(w.Ana, "No puedo acceder a la factura");

        Assert.Equal(CaseStatus.New, created.Status);
        Assert.Equal(1, created.Version);
        Assert.Equal(Friday1630, created.CreatedAt);
        Assert.Equal("Ana Núñez", created.CustomerName);
        Assert.Equal(Temperament.ChronicComplainer, created.Temperament);
        Assert.StartsWith("Escuchar", created.TemperamentNote, StringComparison.Ordinal);
        Assert.Equal([CaseStatus.Open, CaseStatus.PendingCustomer, CaseStatus.PendingInternal, CaseStatus.Resolved], created.NextStatuses);
        var fr = created.Sla.FirstResponse;
        Assert.Equal(SlaClockState.Running, fr.State);
        Assert.Equal(w.CorporatePolicyId, fr.PolicyId);
        Assert.Equal("Corporate", fr.PolicyName);
        Assert.Equal(60, fr.TargetMinutes);
        // 30 minutes on Friday (16:30–17:00) and 30 on Monday: due Monday 09:30; the warning (80 %, 48 min) at 09:18.
        Assert.Equal(Madrid(2026, 3, 9, 9, 30), fr.DueAt);
        Assert.Equal(Madrid(2026, 3, 9, 9, 18), fr.WarningAt);
        // Resolution: 480 = 30 on Friday + 450 on Monday → Monday 16:30; warning at 384 → Monday 14:54.
        Assert.Equal(Madrid(2026, 3, 9, 16, 30), created.Sla.Resolution.DueAt);
        Assert.Equal(Madrid(2026, 3, 9, 14, 54), created.Sla.Resolution.WarningAt);
        Assert.Equal(SlaClockState.NotApplicable, created.Sla.NextResponse.State);
        Assert.Equal(fr.DueAt, created.Sla.DueAt);

        // Saturday: the business clock stopped at 17:00 on Friday.
        w.At(Saturday);
        var saturday = await w.Cases(s => s.Get(created.Id));
        Assert.Equal(30, saturday!.Sla.FirstResponse.ElapsedMinutes);
        Assert.Equal(30, saturday.Sla.FirstResponse.RemainingMinutes);

        // An internal note on Monday 09:10 meets nothing.
        w.At(Monday0910);
        var noted = await w.Cases(s => s.Note(created.Id, new CaseNoteInput { Body = "Revisar con facturación." }, Laura));
        Assert.Equal(SlaClockState.Running, noted!.Sla.FirstResponse.State);
        Assert.Equal(40, noted.Sla.FirstResponse.ElapsedMinutes);
        Assert.Equal(CaseStatus.New, noted.Status);

        // The agent answers at 09:40: 30 + 40 = 70 minutes > 60, breached at 09:30. The case moves to open.
        w.At(Monday0940);
        var replied = await w.Cases(s => s.Reply(created.Id, new CaseReplyInput { Body = "Le enviamos la factura de nuevo." }, Laura));
        fr = replied!.Sla.FirstResponse;
        Assert.Equal(SlaClockState.Breached, fr.State);
        Assert.Equal(70, fr.ElapsedMinutes);
        Assert.Equal(0, fr.PausedMinutes);
        Assert.Equal(Madrid(2026, 3, 9, 9, 30), fr.BreachedAt);
        Assert.Null(fr.MetAt);
        Assert.Null(fr.DueAt);
        Assert.Equal(CaseStatus.Open, replied.Status);
        Assert.Equal(3, replied.Version);

        // The stored columns agree with the live figures.
        await using var db = w.Db.CreateDbContext();
        var row = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == created.Id);
        Assert.Equal(SlaClockState.Breached, row.FrState);
        Assert.Equal(70 * 60, row.FrElapsedSeconds);
        Assert.Equal(Madrid(2026, 3, 9, 9, 30), row.FrBreachedAt);
        Assert.Equal(Madrid(2026, 3, 9, 16, 30), row.SlaDueAt);
        Assert.Equal(row.SlaDueAt, row.QueueDueAt);
        Assert.Equal(Monday0940, row.LastEventAt);

        var history = await w.Cases(s => s.History(created.Id, new CaseHistoryQuery()));
        Assert.Equal(
            [CaseEventKind.Created, CaseEventKind.InternalNote, CaseEventKind.StatusChanged, CaseEventKind.AgentReply],
            history!.Items.Select(e => e.Kind));
        Assert.Equal([SlaEventKind.Created, SlaEventKind.InternalNote, SlaEventKind.Open, SlaEventKind.AgentPublicReply], history.Items.Select(e => e.SlaKind!.Value));
        Assert.All(history.Items, e => Assert.Equal("Laura Gómez", e.ActorName));
        Assert.Equal(CasePriority.Normal, history.Items[0].Priority);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Waiting_on_the_customer_pauses_the_clocks_and_a_customer_reply_starts_a_next_response_cycle(string provider)
    {
        await using var w = await CaseWorld.Create(provider);
        var c = await w.Open(w.Ana);

        w.At(Madrid(2026, 3, 9, 9, 0));
        await w.Cases(s => s.Reply(c.Id, new CaseReplyInput { Body = "¿Nos envía el número de factura?" }, Laura));
        w.At(Madrid(2026, 3, 9, 10, 0));
        var customer = await w.Cases(s => s.Reply(c.Id, new CaseReplyInput { From = "customer", Body = "Es la F-2026-118." }, Laura));
        var nr = customer!.Sla.NextResponse;
        Assert.Equal(SlaClockState.Running, nr.State);
        Assert.Equal(1, nr.Cycles);
        Assert.Equal(120, nr.TargetMinutes);
        Assert.Equal(Madrid(2026, 3, 9, 12, 0), nr.DueAt);

        w.At(Madrid(2026, 3, 9, 10, 30));
        var answered = await w.Cases(s => s.Reply(c.Id, new CaseReplyInput { Body = "Necesitamos una foto del cargo." }, Laura));
        Assert.Equal(SlaClockState.Met, answered!.Sla.NextResponse.State);
        Assert.Equal(30, answered.Sla.NextResponse.ElapsedMinutes);
        Assert.Equal(Madrid(2026, 3, 9, 10, 30), answered.Sla.NextResponse.MetAt);
        var pending = await w.Cases(s => s.Transition(c.Id, new CaseStatusInput { Status = "pendingCustomer" }, answered.Version, Laura));
        Assert.Equal(SlaClockState.Paused, pending!.Sla.Resolution.State);
        Assert.Null(pending.Sla.Resolution.DueAt);

        // The customer answers an hour later: the case is open again and a second next-response cycle starts.
        w.At(Madrid(2026, 3, 9, 11, 30));
        var back = await w.Cases(s => s.Reply(c.Id, new CaseReplyInput { From = "customer", Body = "Adjunto la foto.", Channel = "chat" }, Laura));
        Assert.Equal(CaseStatus.Open, back!.Status);

        w.At(Madrid(2026, 3, 9, 12, 0));
        var noon = (await w.Cases(s => s.Get(c.Id)))!.Sla;
        // Resolution: 30 (Friday) + 90 (09:00–10:30) + 30 (11:30–12:00) counted, 60 paused; 330 left from 12:00 → Tuesday 09:30.
        Assert.Equal(150, noon.Resolution.ElapsedMinutes);
        Assert.Equal(60, noon.Resolution.PausedMinutes);
        Assert.Equal(330, noon.Resolution.RemainingMinutes);
        Assert.Equal(Madrid(2026, 3, 10, 9, 30), noon.Resolution.DueAt);
        Assert.Equal(SlaClockState.Running, noon.NextResponse.State);
        Assert.Equal(2, noon.NextResponse.Cycles);
        Assert.Equal(0, noon.NextResponse.BreachedCycles);
        Assert.Equal(30, noon.NextResponse.ElapsedMinutes);
        Assert.Equal(Madrid(2026, 3, 9, 13, 30), noon.NextResponse.DueAt);
        Assert.Equal(Madrid(2026, 3, 9, 13, 30), noon.DueAt);
        Assert.Equal(SlaClockState.Met, noon.FirstResponse.State);
        Assert.Equal(Madrid(2026, 3, 9, 9, 0), noon.FirstResponse.MetAt);
        Assert.Equal(30, noon.FirstResponse.ElapsedMinutes);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Replies_are_logged_on_the_customer_timeline_and_linked_from_the_history(string provider)
    {
        await using var w = await CaseWorld.Create(provider);
        var c = await w.Open(w.Ana, "Cobro duplicado");
        w.At(Monday0940);
        await w.Cases(s => s.Reply(c.Id, new CaseReplyInput { Body = "Hemos anulado el segundo cargo." }, Laura));
        w.At(Monday0940.AddMinutes(5));
        await w.Cases(s => s.Reply(c.Id, new CaseReplyInput { From = "customer", Body = "Gracias, confirmado.", Channel = "phone" }, Pablo));

        var timeline = await w.App.Run<InteractionService, Page<InteractionDto>?>(s => s.Timeline(w.Ana, new TimelineQuery()));
        Assert.Equal(2, timeline!.Items.Count);
        var inbound = timeline.Items[0];
        var outbound = timeline.Items[1];
        Assert.Equal($"[#{c.Id}] Cobro duplicado", outbound.Subject);
        Assert.Equal(Direction.Outbound, outbound.Direction);
        Assert.Equal(Channel.Email, outbound.Channel);
        Assert.Equal("Laura Gómez", outbound.AgentName);
        Assert.Equal(Monday0940, outbound.OccurredAt);
        Assert.Equal("Hemos anulado el segundo cargo.", outbound.Body);
        Assert.Equal(Direction.Inbound, inbound.Direction);
        Assert.Equal(Channel.Phone, inbound.Channel);
        Assert.Null(inbound.AgentId);

        // The replies are searchable like any other touchpoint.
        var hits = await w.App.Run<InteractionService, Page<InteractionHit>>(s => s.Search(new InteractionSearchQuery("anulado cargo")));
        Assert.Equal(outbound.Id, Assert.Single(hits.Items).Interaction.Id);

        var history = (await w.Cases(s => s.History(c.Id, new CaseHistoryQuery())))!.Items;
        Assert.Equal(outbound.Id, history.Single(e => e.Kind == CaseEventKind.AgentReply).InteractionId);
        Assert.Equal(inbound.Id, history.Single(e => e.Kind == CaseEventKind.CustomerReply).InteractionId);
        Assert.Null(history.Single(e => e.Kind == CaseEventKind.Created).InteractionId);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Transitions_follow_the_workflow_and_closed_is_final(string provider)
    {
        await using var w = await CaseWorld.Create(provider);
        var c = await w.Open(w.Ana);

        var refused = await Assert.ThrowsAsync<CaseStatusConflictException>(() =>
            w.Cases(s => s.Transition(c.Id, new CaseStatusInput { Status = "closed" }, null, Laura)));
        Assert.Equal([CaseStatus.Open, CaseStatus.PendingCustomer, CaseStatus.PendingInternal, CaseStatus.Resolved], refused.Allowed);
        Assert.Contains("open, pendingCustomer, pendingInternal, resolved", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ValidationException>(() => w.Cases(s => s.Transition(c.Id, new CaseStatusInput { Status = "finished" }, null, Laura)));
        await Assert.ThrowsAsync<PreconditionFailedException>(() => w.Cases(s => s.Transition(c.Id, new CaseStatusInput { Status = "open" }, 7, Laura)));

        w.At(Monday0940);
        var resolved = await w.Cases(s => s.Transition(c.Id, new CaseStatusInput { Status = "resolved" }, 1, Laura));
        Assert.Equal(CaseStatus.Resolved, resolved!.Status);
        Assert.False(resolved.IsActive);
        Assert.Equal(Monday0940, resolved.ResolvedAt);
        Assert.Equal(SlaClockState.Met, resolved.Sla.Resolution.State);
        Assert.Equal(70, resolved.Sla.Resolution.ElapsedMinutes);

        // A customer reply on a resolved case is recorded but does not reopen it.
        var reply = await w.Cases(s => s.Reply(c.Id, new CaseReplyInput { From = "customer", Body = "Gracias" }, Laura));
        Assert.Equal(CaseStatus.Resolved, reply!.Status);

        var closed = await w.Cases(s => s.Transition(c.Id, new CaseStatusInput { Status = "closed" }, null, Laura));
        Assert.Equal(Monday0940, closed!.ClosedAt);
        Assert.Empty(closed.NextStatuses);
        var final = await Assert.ThrowsAsync<CaseStatusConflictException>(() =>
            w.Cases(s => s.Transition(c.Id, new CaseStatusInput { Status = "reopened" }, null, Laura)));
        Assert.Empty(final.Allowed);
        var late = await Assert.ThrowsAsync<ConflictException>(() =>
            w.Cases(s => s.Reply(c.Id, new CaseReplyInput { From = "customer", Body = "Otra cosa" }, Laura)));
        Assert.Contains("new case", late.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ConflictException>(() => w.Cases(s => s.Note(c.Id, new CaseNoteInput { Body = "x" }, Laura)));
        await Assert.ThrowsAsync<ConflictException>(() => w.Cases(s => s.Update(c.Id, new CaseUpdateInput { Subject = "x" }, null, Laura)));
        Assert.Null(await w.Cases(s => s.Transition(999_999, new CaseStatusInput { Status = "open" }, null, Laura)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Back_dated_events_may_not_go_before_the_latest_event_nor_into_the_future(string provider)
    {
        await using var w = await CaseWorld.Create(provider, start: Monday0940);

        // An administrator migrating history opens the case as of Friday 16:30.
        var c = await w.Open(w.Ana, actor: Admin, occurredAt: Friday1630);
        Assert.Equal(Friday1630, c.CreatedAt);
        Assert.Equal(SlaClockState.Breached, c.Sla.FirstResponse.State);
        Assert.Equal(70, c.Sla.FirstResponse.ElapsedMinutes);
        Assert.Equal(Madrid(2026, 3, 9, 9, 30), c.Sla.FirstResponse.BreachedAt);

        var answered = await w.Cases(s => s.Reply(c.Id, new CaseReplyInput { Body = "Respuesta histórica", OccurredAt = Madrid(2026, 3, 9, 9, 20) }, Admin));
        Assert.Equal(SlaClockState.Met, answered!.Sla.FirstResponse.State);
        Assert.Equal(50, answered.Sla.FirstResponse.ElapsedMinutes);
        Assert.Equal(Madrid(2026, 3, 9, 9, 20), answered.LastEventAt);

        var before = await Assert.ThrowsAsync<ValidationException>(() =>
            w.Cases(s => s.Note(c.Id, new CaseNoteInput { Body = "x", OccurredAt = Madrid(2026, 3, 9, 9, 0) }, Admin)));
        Assert.Contains("latest event", before.Errors["occurredAt"][0], StringComparison.Ordinal);
        var future = await Assert.ThrowsAsync<ValidationException>(() =>
            w.Cases(s => s.Note(c.Id, new CaseNoteInput { Body = "x", OccurredAt = Monday0940.AddMinutes(1) }, Admin)));
        Assert.Equal(["Cannot be in the future."], future.Errors["occurredAt"]);
        await Assert.ThrowsAsync<ValidationException>(() => w.Open(w.Ana, actor: Admin, occurredAt: Monday0940.AddHours(1)));
        Assert.Equal(2, (await w.Cases(s => s.Get(c.Id)))!.Version);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Each_target_takes_the_most_specific_policy_that_sets_it(string provider)
    {
        await using var w = await CaseWorld.Create(provider);
        var contract = await w.Contract(w.Gold);
        var tier = await w.Policy("Gold customers", SlaScope.CustomerTier, "gold", new TargetMinutes(FirstResponse: 30));
        var team = await w.Policy("Support team", SlaScope.Team, PolicyTargets.Key(w.Support), new TargetMinutes(NextResponse: 90));
        var type = await w.Policy("Complaints", SlaScope.CaseType, "complaint", new TargetMinutes(FirstResponse: 45, NextResponse: 100, Resolution: 300));
        var own = await w.Policy("Contract SLA", SlaScope.Contract, PolicyTargets.Key(contract), new TargetMinutes(Resolution: 240));

        var c = await w.Cases(s => s.Create(new CaseInput
        {
            CustomerId = w.Gold, Type = "complaint", Channel = "phone", Subject = "Corte de servicio", TeamId = w.Support, ContractId = contract,
        }, Laura));
        w.At(Monday0910);
        await w.Cases(s => s.Reply(c.Id, new CaseReplyInput { Body = "Lo revisamos." }, Laura));
        var now = await w.Cases(s => s.Reply(c.Id, new CaseReplyInput { From = "customer", Body = "Sigue sin funcionar." }, Laura));

        var sla = now!.Sla;
        Assert.Equal((tier, "Gold customers", 30), (sla.FirstResponse.PolicyId!.Value, sla.FirstResponse.PolicyName, sla.FirstResponse.TargetMinutes!.Value));
        // Contract > tier > segment > case type > team > corporate, per target: the case type beats the team's next response.
        Assert.Equal((own, 240), (sla.Resolution.PolicyId!.Value, sla.Resolution.TargetMinutes!.Value));
        Assert.Equal((type, 100), (sla.NextResponse.PolicyId!.Value, sla.NextResponse.TargetMinutes!.Value));
        Assert.NotEqual(team, sla.NextResponse.PolicyId);
        Assert.Equal(CustomerValue.TierRank("gold"), now.CustomerRank);

        await using var db = w.Db.CreateDbContext();
        var row = await db.Cases.AsNoTracking().SingleAsync(x => x.Id == c.Id);
        Assert.Equal((tier, type, own), (row.FrPolicyId!.Value, row.NrPolicyId!.Value, row.ResPolicyId!.Value));
        // Gold first response is 30 minutes: due at Friday's closing time; the agent answered on Monday.
        Assert.Equal(SlaClockState.Breached, row.FrState);
        Assert.Equal(Madrid(2026, 3, 6, 17, 0), row.FrBreachedAt);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Team_policy_applies_when_nothing_more_specific_sets_the_target(string provider)
    {
        await using var w = await CaseWorld.Create(provider);
        var team = await w.Policy("Support team", SlaScope.Team, PolicyTargets.Key(w.Support), new TargetMinutes(NextResponse: 90));
        var c = await w.Open(w.Ana, team: w.Support);
        w.At(Monday0910);
        await w.Cases(s => s.Reply(c.Id, new CaseReplyInput { Body = "Hola" }, Laura));
        var now = await w.Cases(s => s.Reply(c.Id, new CaseReplyInput { From = "customer", Body = "¿Y bien?" }, Laura));
        Assert.Equal((team, 90), (now!.Sla.NextResponse.PolicyId!.Value, now.Sla.NextResponse.TargetMinutes!.Value));
        Assert.Equal(w.CorporatePolicyId, now.Sla.FirstResponse.PolicyId);
        Assert.Equal(Madrid(2026, 3, 9, 10, 40), now.Sla.NextResponse.DueAt);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Creating_validates_every_reference(string provider)
    {
        await using var w = await CaseWorld.Create(provider);
        var otherContract = await w.Contract(w.Gold);
        await using (var db = w.Db.CreateDbContext())
        {
            await db.CaseTypes.Where(t => t.Code == "warranty").ExecuteUpdateAsync(s => s.SetProperty(t => t.Active, false));
        }

        var e = await Assert.ThrowsAsync<ValidationException>(() => w.Cases(s => s.Create(new CaseInput
        {
            CustomerId = w.Ana, Type = "warranty", Channel = "fax", Subject = new string('x', 201), Priority = "asap", ContractId = otherContract,
            TeamId = w.Billing, AssigneeId = Agent1, Tags = [.. Enumerable.Range(0, 21).Select(i => $"t{i}"), new string('y', 41)],
        }, Laura)));
        Assert.Equal(
            ["assigneeId", "channel", "contractId", "priority", "subject", "tags", "tags[21]", "type"],
            e.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("another customer", e.Errors["contractId"][0], StringComparison.Ordinal);
        Assert.Contains("not a member", e.Errors["assigneeId"][0], StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<ValidationException>(() => w.Cases(s => s.Create(new CaseInput { CustomerId = 999_999 }, Laura)));
        Assert.Equal(["channel", "customerId", "subject", "type"], missing.Errors.Keys.Order(StringComparer.Ordinal));
        var unknownType = await Assert.ThrowsAsync<ValidationException>(() => w.Open(w.Ana, type: "gardening"));
        Assert.Contains("No case type", unknownType.Errors["type"][0], StringComparison.Ordinal);
        await using (var db = w.Db.CreateDbContext())
        {
            Assert.Equal(0, await db.Cases.CountAsync());
        }

        var ok = await w.Open(w.Ana, tags: ["Factura", " VIP ", "factura"], type: "Complaint");
        Assert.Equal(["factura", "vip"], ok.Tags);
        Assert.Equal("complaint", ok.Type);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_team_with_a_strategy_assigns_new_cases_round_robin_and_notifies_the_agent(string provider)
    {
        await using var w = await CaseWorld.Create(provider);
        var first = await w.Open(w.Ana, team: w.Billing);
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await w.Open(w.Ana, team: w.Billing);
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        var third = await w.Open(w.Ana, team: w.Billing);
        var manual = await w.Open(w.Ana, team: w.Support);
        var chosen = await w.Open(w.Ana, team: w.Billing, assignee: Agent3);

        Assert.Equal((Agent2, "Pablo Ruiz"), (first.AssigneeId, first.AssigneeName));
        Assert.Equal(Agent3, second.AssigneeId);
        Assert.Equal(Agent2, third.AssigneeId);
        Assert.Null(manual.AssigneeId);
        Assert.Equal(Agent3, chosen.AssigneeId);
        Assert.Equal("Billing", first.TeamName);

        var history = (await w.Cases(s => s.History(first.Id, new CaseHistoryQuery())))!.Items;
        Assert.Equal([CaseEventKind.Created, CaseEventKind.Assigned], history.Select(e => e.Kind));
        Assert.Null(history[1].ActorId);
        Assert.Equal("roundRobin", history[1].Data!.Value.GetProperty("strategy").GetString());

        await using var db = w.Db.CreateDbContext();
        Assert.Equal(Friday1630.AddMinutes(2), (await db.TeamMembers.SingleAsync(m => m.TeamId == w.Billing && m.UserId == Agent2)).LastAssignedAt);
        var notes = await db.Notifications.AsNoTracking().Where(n => n.Kind == NotificationKind.CaseAssigned).OrderBy(n => n.Id).ToListAsync();
        Assert.Equal([Agent2, Agent3, Agent2, Agent3], notes.Select(n => n.UserId));
        Assert.Contains("\"reason\":\"auto\"", notes[0].Data, StringComparison.Ordinal);
    }

    [Theory, SqliteData, PostgresData]
    public async Task By_skill_assignment_uses_the_skills_of_the_case_type(string provider)
    {
        await using var w = await CaseWorld.Create(provider);
        await using (var db = w.Db.CreateDbContext())
        {
            await db.Teams.Where(t => t.Id == w.Billing).ExecuteUpdateAsync(s => s.SetProperty(t => t.Strategy, AssignmentStrategy.BySkill));
            await db.CaseTypes.Where(t => t.Code == "complaint").ExecuteUpdateAsync(s => s.SetProperty(t => t.Skills, "billing, English"));
        }

        Assert.Equal(Agent3, (await w.Open(w.Ana, team: w.Billing, type: "complaint")).AssigneeId);
        Assert.Equal(Agent3, (await w.Open(w.Ana, team: w.Billing, type: "complaint")).AssigneeId);
        // A question needs no skills: the least loaded agent (agent 2 has no cases yet).
        Assert.Equal(Agent2, (await w.Open(w.Ana, team: w.Billing)).AssigneeId);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Updates_record_one_event_per_aspect_and_refuse_stale_versions(string provider)
    {
        await using var w = await CaseWorld.Create(provider);
        var c = await w.Open(w.Ana, team: w.Support, assignee: Agent1, tags: ["factura"]);
        var order = await AddOrder(w, w.Ana);

        await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            w.Cases(s => s.Update(c.Id, new CaseUpdateInput { Subject = "Nuevo" }, 5, Laura)));
        var bad = await Assert.ThrowsAsync<ValidationException>(() =>
            w.Cases(s => s.Update(c.Id, new CaseUpdateInput { AssigneeId = Agent3, Subject = " ", Type = "nope!", Priority = "max" }, 1, Laura)));
        Assert.Equal(["assigneeId", "priority", "subject", "type"], bad.Errors.Keys.Order(StringComparer.Ordinal));

        w.At(Saturday);
        var updated = await w.Cases(s => s.Update(c.Id, new CaseUpdateInput
        {
            Subject = "Factura duplicada", Priority = "urgent", Tags = ["Factura", "Urgente"], OrderId = order, AssigneeId = Agent2,
        }, 1, Laura));
        Assert.Equal(2, updated!.Version);
        Assert.Equal("Factura duplicada", updated.Subject);
        Assert.Equal(CasePriority.Urgent, updated.Priority);
        Assert.Equal(["factura", "urgente"], updated.Tags);
        Assert.Equal(order, updated.Links.OrderId);
        Assert.Equal(Agent2, updated.AssigneeId);
        // Urgent first response is 15 minutes: re-resolved at the change, keeping the 30 minutes already elapsed, so nothing
        // is left: it counts as breached from the change on, once the clock runs again.
        Assert.Equal(15, updated.Sla.FirstResponse.TargetMinutes);
        Assert.Equal(30, updated.Sla.FirstResponse.ElapsedMinutes);
        Assert.Equal(0, updated.Sla.FirstResponse.RemainingMinutes);
        w.At(Monday0910);
        var monday = (await w.Cases(s => s.Get(c.Id)))!.Sla.FirstResponse;
        Assert.Equal(SlaClockState.Breached, monday.State);
        Assert.Equal(Saturday, monday.BreachedAt);

        var events = (await w.Cases(s => s.History(c.Id, new CaseHistoryQuery())))!.Items.Skip(1).ToList();
        Assert.Equal([CaseEventKind.Updated, CaseEventKind.PriorityChanged, CaseEventKind.Assigned, CaseEventKind.TagsChanged], events.Select(e => e.Kind));
        Assert.Equal([SlaEventKind.Updated, SlaEventKind.PriorityChanged, SlaEventKind.Updated, SlaEventKind.Updated], events.Select(e => e.SlaKind!.Value));
        Assert.Equal(CasePriority.Urgent, events[1].Priority);
        Assert.Equal("Factura duplicada", events[0].Data!.Value.GetProperty("fields").GetProperty("subject").GetProperty("to").GetString());
        Assert.Equal("urgente", events[3].Data!.Value.GetProperty("added")[0].GetString());

        // Moving to a round-robin team where the agent is also a member keeps the agent; clearing the team and assignee works too.
        var moved = await w.Cases(s => s.Update(c.Id, new CaseUpdateInput { TeamId = w.Billing }, null, Laura));
        Assert.Equal((w.Billing, Agent2), (moved!.TeamId, moved.AssigneeId));
        var cleared = await w.Cases(s => s.Update(c.Id, new CaseUpdateInput { TeamId = 0, AssigneeId = "", OrderId = 0, Tags = [] }, null, Laura));
        Assert.Equal((null, null, null), (cleared!.TeamId, cleared.AssigneeId, cleared.Links.OrderId));
        Assert.Empty(cleared.Tags);
        var same = await w.Cases(s => s.Update(c.Id, new CaseUpdateInput { Subject = "Factura duplicada" }, cleared.Version, Laura));
        Assert.Equal(cleared.Version, same!.Version);
        Assert.Null(await w.Cases(s => s.Update(999_999, new CaseUpdateInput(), null, Laura)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_system_change_raises_the_priority_and_moves_the_case_without_an_actor(string provider)
    {
        await using var w = await CaseWorld.Create(provider);
        var c = await w.Open(w.Ana, team: w.Support, assignee: Agent1);
        w.At(Monday0910);

        await using (var db = w.Db.CreateDbContext())
        {
            var row = await db.Cases.SingleAsync(x => x.Id == c.Id);
            var configuration = await SlaConfiguration.Load(db);
            var events = await CaseService.ApplySystemChange(db, row, new SystemCaseChange(CasePriority.High, w.Billing, Reason: "breach of firstResponse"), Monday0910, configuration);
            Assert.Equal([CaseEventKind.PriorityChanged, CaseEventKind.TeamChanged, CaseEventKind.Assigned], events.Select(e => e.Kind));
            Assert.All(events, e => Assert.Null(e.ActorId));
            await db.SaveChangesAsync();
        }

        var after = await w.Cases(s => s.Get(c.Id));
        Assert.Equal((CasePriority.High, w.Billing, Agent2, 2L), (after!.Priority, after.TeamId, after.AssigneeId, after.Version));
        Assert.Equal(30, after.Sla.FirstResponse.TargetMinutes);
        Assert.Equal(40, after.Sla.FirstResponse.ElapsedMinutes);
        w.At(Monday0910.AddMinutes(1));
        var later = (await w.Cases(s => s.Get(c.Id)))!.Sla.FirstResponse;
        Assert.Equal(SlaClockState.Breached, later.State);
        Assert.Equal(Monday0910, later.BreachedAt);

        await using (var db = w.Db.CreateDbContext())
        {
            var row = await db.Cases.AsNoTracking().SingleAsync(x => x.Id == c.Id);
            Assert.Equal((SlaClockState.Running, Monday0910), (row.FrState, row.FrDueAt));
            Assert.Equal(Monday0910, row.LastEventAt);
            var note = await db.Notifications.AsNoTracking().SingleAsync(n => n.UserId == Agent2);
            Assert.Contains("escalation", note.Data, StringComparison.Ordinal);
        }
    }

    private static async Task<long> AddOrder(CaseWorld w, long customer)
    {
        await using var db = w.Db.CreateDbContext();
        var order = new Vinculo.Domain.Commerce.Order { CustomerId = customer, Number = "P-1", OrderedAt = Friday1630, CreatedAt = Friday1630, UpdatedAt = Friday1630, Version = 1 };
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return order.Id;
    }
}

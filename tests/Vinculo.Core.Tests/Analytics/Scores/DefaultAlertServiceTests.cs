using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Analytics.Scores;
using Vinculo.Core.Common;
using Vinculo.Core.Interactions;
using Vinculo.Core.Service.Cases;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Analytics;
using Vinculo.Domain.Service;
using static Vinculo.Core.Tests.Analytics.Scores.ScoreWorld;

namespace Vinculo.Core.Tests.Analytics.Scores;

public sealed class DefaultAlertServiceTests
{
    private static readonly Actor Sara = new("", "Sara Supervisora");

    [Theory, SqliteData, PostgresData]
    public async Task A_proactive_case_is_opened_and_linked_and_an_alert_is_handled_only_once(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = Services(db);
        var ana = await Customer(app, "Ana");
        var john = await Customer(app, "John", language: "en");
        var carla = await Customer(app, "Carla");
        await Write(app, Results([Score(ana, risk: 0.72), Score(john, risk: 0.9), Score(carla, risk: 0.6)]));
        var page = await app.Run<DefaultAlertService, Page<DefaultAlertDto>>(s => s.List(new DefaultAlertQuery()));
        var byCustomer = page.Items.ToDictionary(a => a.CustomerId);

        var opened = (await app.Run<DefaultAlertService, DefaultAlertDto?>(s => s.OpenCase(byCustomer[ana].Id, new AlertCaseInput(), Sara)))!;
        Assert.Equal((DefaultAlertStatus.CaseOpened, "Sara Supervisora", Now.UtcDateTime), (opened.Status, opened.HandledByName, opened.HandledAt!.Value));
        var kase = (await app.Run<CaseService, CaseDto?>(s => s.Get(opened.CaseId!.Value)))!;
        Assert.Equal((ana, "request", CasePriority.High, "Contacto proactivo: riesgo de impago del 72 %"), (kase.CustomerId, kase.Type, kase.Priority, kase.Subject));
        Assert.Equal(["default-risk", "proactive"], kase.Tags.Order());

        // English customer, own subject; then the alert cannot be acted on again.
        var johnCase = (await app.Run<DefaultAlertService, DefaultAlertDto?>(s => s.OpenCase(byCustomer[john].Id, new AlertCaseInput { Priority = "urgent" }, Sara)))!;
        Assert.Equal("Proactive contact: 90 % payment-default risk", (await app.Run<CaseService, CaseDto?>(s => s.Get(johnCase.CaseId!.Value)))!.Subject);
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<DefaultAlertService, DefaultAlertDto?>(s => s.OpenCase(byCustomer[ana].Id, new AlertCaseInput(), Sara)));
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<DefaultAlertService, DefaultAlertDto?>(s => s.Dismiss(byCustomer[ana].Id, new AlertDismissInput("x"), Sara)));

        // A bad case field is a 400 and leaves the alert open, with no case.
        var bad = await Assert.ThrowsAsync<ValidationException>(() =>
            app.Run<DefaultAlertService, DefaultAlertDto?>(s => s.OpenCase(byCustomer[carla].Id, new AlertCaseInput { Priority = "whenever" }, Sara)));
        Assert.Contains("priority", bad.Errors.Keys);
        await using (var context = db.CreateDbContext())
        {
            Assert.Equal(2, await context.Cases.CountAsync());
            Assert.Equal(DefaultAlertStatus.Open, (await context.DefaultAlerts.SingleAsync(a => a.CustomerId == carla)).Status);
        }

        // Dismissing needs a reason.
        var noReason = await Assert.ThrowsAsync<ValidationException>(() => app.Run<DefaultAlertService, DefaultAlertDto?>(s => s.Dismiss(byCustomer[carla].Id, new AlertDismissInput(" "), Sara)));
        Assert.Contains("reason", noReason.Errors.Keys);
        var dismissed = (await app.Run<DefaultAlertService, DefaultAlertDto?>(s => s.Dismiss(byCustomer[carla].Id, new AlertDismissInput("Ya pagó."), Sara)))!;
        Assert.Equal((DefaultAlertStatus.Dismissed, "Ya pagó.", (long?)null), (dismissed.Status, dismissed.Reason, dismissed.CaseId));
        Assert.Null(await app.Run<DefaultAlertService, DefaultAlertDto?>(s => s.Dismiss(424242, new AlertDismissInput("x"), Sara)));
        Assert.Null(await app.Run<DefaultAlertService, DefaultAlertDto?>(s => s.OpenCase(424242, new AlertCaseInput(), Sara)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_list_shows_open_alerts_first_then_the_handled_ones_newest_first(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = Services(db);
        var ids = await NewCustomers(app, 5);
        await Write(app, Results([.. ids.Select(id => Score(id, risk: 0.8))]));
        var alerts = (await app.Run<DefaultAlertService, Page<DefaultAlertDto>>(s => s.List(new DefaultAlertQuery(Limit: 200)))).Items;
        Assert.Equal(alerts.Select(a => a.Id).OrderDescending(), alerts.Select(a => a.Id));
        await app.Run<DefaultAlertService, DefaultAlertDto?>(s => s.Dismiss(alerts[0].Id, new AlertDismissInput("No"), Sara));
        await app.Run<DefaultAlertService, DefaultAlertDto?>(s => s.Dismiss(alerts[3].Id, new AlertDismissInput("No"), Sara));

        var walked = new List<DefaultAlertDto>();
        string? cursor = null;
        do
        {
            var page = await app.Run<DefaultAlertService, Page<DefaultAlertDto>>(s => s.List(new DefaultAlertQuery(Cursor: cursor, Limit: 2)));
            walked.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.Equal([alerts[1].Id, alerts[2].Id, alerts[4].Id, alerts[0].Id, alerts[3].Id], walked.Select(a => a.Id));

        var open = await app.Run<DefaultAlertService, Page<DefaultAlertDto>>(s => s.List(new DefaultAlertQuery("open")));
        Assert.Equal(3, open.Items.Count);
        var dismissed = await app.Run<DefaultAlertService, Page<DefaultAlertDto>>(s => s.List(new DefaultAlertQuery("dismissed")));
        Assert.Equal([alerts[0].Id, alerts[3].Id], dismissed.Items.Select(a => a.Id));
        var e = await Assert.ThrowsAsync<ValidationException>(() => app.Run<DefaultAlertService, Page<DefaultAlertDto>>(s => s.List(new DefaultAlertQuery("closed"))));
        Assert.Contains("status", e.Errors.Keys);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_case_queue_filters_by_the_customers_segment_and_churn_risk(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = Services(db);
        var ids = await NewCustomers(app, 3);
        await Write(app, Results([Score(ids[0], "atRisk", churn: 0.8), Score(ids[1], "champions", churn: 0.1)]));
        foreach (var id in ids)
        {
            await app.Run<CaseService, CaseDto>(s => s.Create(new CaseInput { CustomerId = id, Type = "question", Channel = "phone", Subject = "Duda " + id }, Sara));
        }

        async Task<IEnumerable<long>> Queue(CaseQuery q) =>
            (await app.Run<CaseService, CaseQueuePage>(s => s.List(q, Sara))).Items.Select(i => i.CustomerId).Order();

        Assert.Equal(ids, await Queue(new CaseQuery()));
        Assert.Equal([ids[0]], await Queue(new CaseQuery(RfmSegment: "atRisk")));
        Assert.Equal([ids[0]], await Queue(new CaseQuery(MinChurn: "0.5")));
        Assert.Equal([ids[0], ids[1]], await Queue(new CaseQuery(MinChurn: "0")));
        Assert.Empty(await Queue(new CaseQuery(RfmSegment: "champions", MinChurn: "0.5")));
        var e = await Assert.ThrowsAsync<ValidationException>(() => app.Run<CaseService, CaseQueuePage>(s => s.List(new CaseQuery(MinChurn: "high"), Sara)));
        Assert.Contains("minChurn", e.Errors.Keys);
    }
}

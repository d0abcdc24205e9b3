using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vinculo.Core.Storage;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Service;
using Vinculo.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vinculo.E2E;

/// <summary>
/// A supervisor reads the SLA compliance report of a month in Spanish and in English (charts, table, tabs, CSV link), then the
/// dashboard.
/// </summary>
public sealed class ServiceReportTests(E2EFixture fixture) : IClassFixture<E2EFixture>
{
    /// <summary>The month reported: three months ago, so the active cases of today are not in it.</summary>
    private static readonly string Month = DateTime.UtcNow.AddMonths(-3).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// <see cref="Month"/>, mid-month (so the user's time zone does not matter): team "Atención" has five normal cases answered after
    /// 10, 20, 30, 40 and 200 business minutes against 60 (80 % met, median 30, p90 200); team "Bajas" two high-priority cases
    /// answered after 15 and 25 minutes (100 %). All resolved after 100 minutes, met.
    /// </summary>
    private async Task<(long A, long B)> Seed()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        var first = DateTime.UtcNow.AddMonths(-3);
        var at = new DateTime(first.Year, first.Month, 14, 9, 0, 0, DateTimeKind.Utc);
        var a = new Team { Name = "Atención", CreatedAt = at, UpdatedAt = at, Version = 1 };
        var b = new Team { Name = "Bajas", CreatedAt = at, UpdatedAt = at, Version = 1 };
        db.Teams.AddRange(a, b);
        await db.SaveChangesAsync();
        foreach (var (team, minutes, priority) in new[] { 10, 20, 30, 40, 200 }.Select(m => (a, m, CasePriority.Normal))
                     .Concat([(b, 15, CasePriority.High), (b, 25, CasePriority.High)]))
        {
            var target = priority == CasePriority.High ? 30 : 60;
            var replied = at.AddMinutes(minutes);
            var c = new ServiceCase
            {
                CustomerId = fixture.Customer.Id, Type = "question", Channel = Channel.Phone, Subject = "Consulta", Priority = priority,
                Status = CaseStatus.Resolved, IsActive = false, TeamId = team.Id, CreatedAt = at, UpdatedAt = at.AddMinutes(300),
                LastEventAt = at.AddMinutes(300), ResolvedAt = at.AddMinutes(300), Version = 3,
                FrState = minutes <= target ? SlaClockState.Met : SlaClockState.Breached, FrElapsedSeconds = minutes * 60,
                FrMetAt = minutes <= target ? replied : null, FrBreachedAt = minutes <= target ? null : at.AddMinutes(target),
                ResState = SlaClockState.Met, ResElapsedSeconds = 100 * 60, ResMetAt = at.AddMinutes(100), QueueDueAt = SlaAlarms.NoDue,
            };
            db.Cases.Add(c);
            await db.SaveChangesAsync();
            db.CaseEvents.AddRange(
                new CaseEvent { CaseId = c.Id, OccurredAt = at, RecordedAt = at, Kind = CaseEventKind.Created, SlaKind = SlaEventKind.Created, Priority = priority },
                new CaseEvent { CaseId = c.Id, OccurredAt = replied, RecordedAt = replied, Kind = CaseEventKind.AgentReply, SlaKind = SlaEventKind.AgentPublicReply });
            await db.SaveChangesAsync();
            at = at.AddHours(2);
        }

        // Three active cases for the dashboard, as of now: on track, breached (first response two days late), at risk.
        var analyst = db.Users.Single(u => u.Email == E2EFixture.AnalystEmail).Id;
        var now = DateTime.UtcNow;
        ServiceCase Active(string subject, DateTime created, CaseStatus status, string? assignee) => new()
        {
            CustomerId = fixture.Customer.Id, Type = "incident", Channel = Channel.Email, Subject = subject, Priority = CasePriority.Normal,
            Status = status, IsActive = true, TeamId = a.Id, AssigneeId = assignee, CreatedAt = created, UpdatedAt = created,
            LastEventAt = created, Version = 1, QueueDueAt = SlaAlarms.NoDue,
        };
        var onTrack = Active("Router sin conexión", now.AddHours(-2), CaseStatus.Open, analyst);
        (onTrack.FrState, onTrack.FrElapsedSeconds, onTrack.FrMetAt) = (SlaClockState.Met, 600, now.AddHours(-2).AddMinutes(10));
        (onTrack.ResState, onTrack.ResDueAt, onTrack.ResWarningAt) = (SlaClockState.Running, now.AddHours(3), now.AddHours(1));
        onTrack.SlaDueAt = onTrack.ResDueAt;
        var late = Active("Factura duplicada", now.AddDays(-4), CaseStatus.New, null);
        (late.FrState, late.FrDueAt, late.FrWarningAt) = (SlaClockState.Running, now.AddDays(-4).AddHours(1), now.AddDays(-4).AddMinutes(48));
        (late.ResState, late.ResDueAt) = (SlaClockState.Running, now.AddDays(-4).AddHours(8));
        late.SlaDueAt = late.FrDueAt;
        var risky = Active("Cambio de titular", now.AddHours(-7), CaseStatus.Open, analyst);
        (risky.FrState, risky.FrElapsedSeconds) = (SlaClockState.Met, 300);
        (risky.ResState, risky.ResDueAt, risky.ResWarningAt) = (SlaClockState.Running, now.AddHours(1), now.AddMinutes(-30));
        risky.SlaDueAt = risky.ResDueAt;
        db.Cases.AddRange(onTrack, late, risky);
        await db.SaveChangesAsync();
        (nearest, nextNearest) = (risky.Id, onTrack.Id);
        return (a.Id, b.Id);
    }

    private long nearest;
    private long nextNearest;

    [ChromiumFact]
    public async Task Supervisor_reads_the_compliance_report_with_charts_and_table_in_Spanish_and_English_then_the_dashboard()
    {
        await fixture.Start();
        var (a, b) = await Seed();
        var page = await fixture.NewPage();
        await fixture.SignIn(page, $"/service/reports?month={Month}");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Informes de servicio");
        await Expect(page.Locator("header .mainnav a[aria-current=page]")).ToHaveTextAsync("Informes de servicio");
        await Expect(page.Locator("#report-month")).ToHaveValueAsync(Month);
        await Expect(page.Locator("[data-figure=cases]")).ToHaveTextAsync("7");
        await Expect(page.Locator("[data-figure=fr-share]")).ToHaveTextAsync(Percent("85,7"));
        await Expect(page.Locator("[data-figure=fr-median]")).ToHaveTextAsync("25");

        // The charts: SVG images with a title and a description, a bar per team.
        var share = page.Locator("figure[data-chart=fr-share] svg");
        await Expect(share).ToBeVisibleAsync();
        await Expect(share).ToHaveAttributeAsync("role", "img");
        await Expect(share.Locator("title").First).ToHaveTextAsync("Primera respuesta: porcentaje cumplido por equipo");
        await Expect(share.Locator("g.chart-row")).ToHaveCountAsync(2);
        await Expect(share.Locator("g.chart-row").First).ToContainTextAsync("Atención");
        await Expect(page.Locator("figure[data-chart=fr-times] svg title").First).ToHaveTextAsync("Primera respuesta: mediana y p90 por equipo (minutos laborables)");
        await Expect(page.Locator("figure[data-chart=trend] svg")).ToBeVisibleAsync();
        await Expect(page.Locator("figure[data-chart=trend] svg g title")).ToHaveCountAsync(2); // the month reported: both targets

        // The table: team "Atención" 80 % met, median 30, p90 200; "Bajas" 100 %.
        var rowA = page.Locator($"table.report-table tr[data-group='{a}']");
        await Expect(rowA.Locator("th")).ToHaveTextAsync("Atención");
        await Expect(rowA.Locator("td")).ToHaveTextAsync(
            [Exact("5"), Exact("4"), Exact("1"), Exact("0"), Percent("80"), Exact("30"), Exact("200"),
             Exact("5"), Exact("0"), Exact("0"), Percent("100"), Exact("100"), Exact("100"), Exact("0"), Exact("0")]);
        await Expect(page.Locator($"table.report-table tr[data-group='{b}'] td").Nth(4)).ToHaveTextAsync(Percent("100"));
        await Expect(page.Locator("table.report-table tfoot td").Nth(0)).ToHaveTextAsync("7");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Descargar CSV" }))
            .ToHaveAttributeAsync("href", new Regex($"compliance\\.csv\\?month={Month}&by=team&timeZone="));

        // By priority.
        await page.Locator(".report-tabs a", new() { HasText = "Prioridad" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("by=priority"));
        await Expect(page.Locator("table.report-table tr[data-group=high] th")).ToHaveTextAsync("Alta");
        await Expect(page.Locator("table.report-table tr[data-group=normal] td").Nth(4)).ToHaveTextAsync(Percent("80"));

        // In English.
        await page.GotoAsync($"/service/reports?month={Month}");
        await page.Locator(".langswitch a[hreflang=en]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Service reports");
        await Expect(page.Locator("figure[data-chart=fr-share] svg title").First).ToHaveTextAsync("First response: share met by team");
        await Expect(page.Locator("figure[data-chart=res-share] svg title").First).ToHaveTextAsync("Resolution: share met by team");
        await Expect(page.Locator("[data-figure=fr-share]")).ToHaveTextAsync("85.7%");
        await Expect(rowA.Locator("td").Nth(4)).ToHaveTextAsync("80%");
        await Expect(rowA.Locator("td").Nth(5)).ToHaveTextAsync("30");
        await Expect(rowA.Locator("td").Nth(6)).ToHaveTextAsync("200");
        await Expect(page.Locator("table.report-table thead")).ToContainTextAsync("Median (min)");
        await Expect(page.Locator("header .mainnav")).ToContainTextAsync("Dashboard");

        // The dashboard: the three active cases, the one at risk first among those nearest to breach, the analyst's load.
        await page.Locator("header .mainnav a", new() { HasText = "Dashboard" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Supervisor dashboard");
        await Expect(page.Locator("[data-figure=active]")).ToHaveTextAsync("3");
        await Expect(page.Locator("[data-figure=unassigned]")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-figure=at-risk]")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-figure=breached]")).ToHaveTextAsync("1");
        await Expect(page.Locator("figure[data-chart=ages] svg title").First).ToHaveTextAsync("Active cases by team and age");
        await Expect(page.Locator($"table.backlog-table tr[data-team='{a}'] th")).ToHaveTextAsync("Atención");
        await Expect(page.Locator("table.nearest-table tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("table.nearest-table tbody tr").First.Locator("a")).ToHaveAttributeAsync("href", $"cases/{nearest}");
        await Expect(page.Locator("table.nearest-table tbody tr").Nth(1)).ToHaveAttributeAsync("data-case", nextNearest.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("table.nearest-table tbody tr").First).ToContainTextAsync("Resolution");
        await Expect(page.Locator("table.agents-table tbody tr").First).ToContainTextAsync("Ana Lista");
        await Expect(page.Locator("table.agents-table tbody tr").First.Locator("td").Nth(1)).ToHaveTextAsync("2");

        // And in Spanish.
        await page.Locator(".langswitch a[hreflang=es]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Panel del supervisor");
        await Expect(page.Locator("table.nearest-table tbody tr").First).ToContainTextAsync("Resolución");
    }

    /// <summary>"80 %" in Spanish has a no-break space before the sign; match any space.</summary>
    private static Regex Percent(string number) => new($"^{Regex.Escape(number)}\\s%$");

    private static Regex Exact(string text) => new($"^{Regex.Escape(text)}$");
}

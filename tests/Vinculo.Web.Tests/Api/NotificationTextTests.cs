using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vinculo.Core.Service.Notifications;
using Vinculo.Domain.Service;
using Vinculo.Web.Components.Notifications;

namespace Vinculo.Web.Tests.Api;

public sealed class NotificationTextTests
{
    private static readonly DateTime Breached = new(2026, 3, 5, 13, 30, 0, DateTimeKind.Utc);
    private static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");

    private static string Render(string culture, NotificationDto n)
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
            var l = new StringLocalizer<NotificationResource>(factory);
            return NotificationText.Describe(l, n, Madrid);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }

    private static NotificationDto Note(NotificationKind kind, NotificationData data) => new(1, kind, 12, data, Breached, null);

    [Fact]
    public void A_breach_reads_in_the_readers_language_and_time_zone()
    {
        var n = Note(NotificationKind.SlaBreach, new NotificationData("Factura <duplicada>", SlaTarget.FirstResponse, 1, Breached));
        Assert.Equal("First response of case #12 'Factura <duplicada>' breached on 3/5/2026 2:30 PM.", Render("en", n).Replace('\u202f', ' '));
        Assert.Equal("La primera respuesta del caso #12 «Factura <duplicada>» incumplió su plazo el 5/3/2026 14:30.", Render("es", n));
    }

    [Fact]
    public void A_warning_gives_the_due_time_and_next_response_cycles_are_numbered()
    {
        var n = Note(NotificationKind.SlaWarning, new NotificationData("Sin luz", SlaTarget.NextResponse, 2, Breached.AddMinutes(-15), Breached));
        Assert.Equal("La siguiente respuesta n.º 2 del caso #12 «Sin luz» vence el 5/3/2026 14:30.", Render("es", n));
        Assert.StartsWith("Next response no. 2 of case #12 'Sin luz' is due on", Render("en", n));
    }

    [Fact]
    public void A_case_escalated_to_an_agent_says_why()
    {
        var n = Note(NotificationKind.CaseAssigned,
            new NotificationData("Sin luz", SlaTarget.Resolution, 1, Breached, Reason: NotificationData.EscalationReason, Alarm: SlaAlarmKind.Breach));
        Assert.Equal("Se te ha escalado el caso #12 «Sin luz»: la resolución incumplió su plazo.", Render("es", n));
        Assert.Equal("Case #12 'Sin luz' was escalated to you: resolution breached its target.", Render("en", n));
        Assert.Equal("Case #12 'x' was assigned to you.", Render("en", Note(NotificationKind.CaseAssigned, new NotificationData("x"))));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Vinculo.Core.Auth;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Web.Tests.Api;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Offers;

/// <summary>
/// The promotion pages rendered by the server (static forms): validation next to the fields in the UI language, the
/// status buttons, the "why not" check and the next-best-action list with its reasons. Promotions here are for a segment
/// only this test's customers have, so the shared database's other customers never see them.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class OfferPageTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private static string Token(string html) => AntiforgeryToken().Match(html).Groups[1].Value;

    private static FormUrlEncodedContent Form(string token, string handler, params (string Name, string Value)[] fields) =>
        new([new("__RequestVerificationToken", token), new("_handler", handler), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);

    [Theory, SqliteData, PostgresData]
    public async Task A_supervisor_creates_checks_and_activates_a_promotion_and_the_customer_sees_it_with_its_reason(string provider)
    {
        var app = await App(provider);
        var supervisor = await app.Client(Roles.Supervisor);
        var segment = "pag-" + Guid.NewGuid().ToString("N")[..10];
        var inSegment = await CreateCustomer(supervisor, new { firstName = "Rita", lastName = "Página", lifecycle = "active", segment });
        var other = await CreateCustomer(supervisor);
        var code = ("WEB-" + Guid.NewGuid().ToString("N")[..8]).ToUpperInvariant();

        var form = WebUtility.HtmlDecode(await supervisor.GetStringAsync("/offers/promotions/new?culture=es&ui-culture=es"));
        Assert.Contains("Nueva promoción", form);
        Assert.Contains("<select", form);
        Assert.Contains($"<option value=\"{segment}\"", form);

        // Dates out of order: 422 with the message next to the field, in Spanish; nothing is created.
        var invalid = await supervisor.PostAsync("/offers/promotions/new?culture=es&ui-culture=es", Form(Token(form), "promotion",
            ("Form.Code", code), ("Form.NameEs", "Promo página"), ("Form.NameEn", "Page promo"), ("Form.OfferEs", "Oferta"), ("Form.OfferEn", "Offer"),
            ("Form.ValidFrom", "2026-12-10"), ("Form.ValidTo", "2026-12-01"), ("Form.Priority", "10"), ("Form.Segments", segment)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var invalidHtml = WebUtility.HtmlDecode(await invalid.Content.ReadAsStringAsync());
        Assert.Contains("El último día no puede ser anterior al primero.", invalidHtml);
        Assert.Contains("id=\"e-validTo\"", invalidHtml);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var created = await supervisor.PostAsync("/offers/promotions/new", Form(Token(form), "promotion",
            ("Form.Code", code), ("Form.NameEs", "Promo página"), ("Form.NameEn", "Page promo"), ("Form.OfferEs", "Le regalamos <un mes>"),
            ("Form.OfferEn", "A free <month>"), ("Form.ValidFrom", today.AddDays(-1).ToString("yyyy-MM-dd")),
            ("Form.ValidTo", today.AddDays(30).ToString("yyyy-MM-dd")), ("Form.Priority", "10"), ("Form.Segments", segment),
            ("Form.Channels", "phone"), ("Form.Channels", "chat")));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var location = created.Headers.Location!.ToString();
        Assert.Contains("saved=true", location, StringComparison.Ordinal);
        var id = long.Parse(PromotionId().Match(location).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Contains("The promotion was saved.", await supervisor.GetStringAsync($"/offers/promotions/{id}?saved=true&culture=en&ui-culture=en"));
        var page = WebUtility.HtmlDecode(await supervisor.GetStringAsync($"/offers/promotions/{id}?check={other}&culture=en&ui-culture=en"));
        Assert.Contains($"Customer {other} may not be offered this promotion now:", page);
        Assert.Contains("It is not active (status: Draft).", page);
        Assert.Contains("data-rule=\"segment\"", page);
        // The saved choices come back chosen in the multi-selects (editing must not drop them).
        Assert.Matches($"<option value=\"{segment}\" selected", page);
        Assert.Matches("<option value=\"chat\" selected", page);
        Assert.DoesNotMatch("<option value=\"email\" selected", page);

        var activated = await supervisor.PostAsync($"/offers/promotions/{id}", Form(Token(page), "promotion-status", ("Command", "activate")));
        Assert.Equal(HttpStatusCode.Redirect, activated.StatusCode);
        var checkedPage = await supervisor.GetStringAsync($"/offers/promotions/{id}?check={inSegment}&channel=phone&culture=en&ui-culture=en");
        Assert.Contains($"Customer {inSegment} may be offered this promotion now.", checkedPage);

        var list = WebUtility.HtmlDecode(await supervisor.GetStringAsync($"/offers/promotions?q={code}&status=active&culture=es&ui-culture=es"));
        Assert.Contains($"data-promotion=\"{code}\"", list);
        Assert.Contains("Activa", list);

        // The customer's next best actions: the promotion with its reason in words; the offer text is encoded.
        var actions = await supervisor.GetStringAsync($"/customers/{inSegment}/next-best-actions?channel=phone&culture=es&ui-culture=es");
        Assert.Contains($"data-code=\"promotion:{code}\"", actions);
        Assert.Contains($"Promoción vigente hasta el {today.AddDays(30):dd/MM/yyyy} para el segmento {segment}, al que pertenece el cliente.", WebUtility.HtmlDecode(actions));
        Assert.Contains("Le regalamos &lt;un mes&gt;", actions);
        Assert.DoesNotContain("<un mes>", actions);
        Assert.DoesNotContain($"promotion:{code}", await supervisor.GetStringAsync($"/customers/{inSegment}/next-best-actions?channel=email"));
        Assert.DoesNotContain($"promotion:{code}", await supervisor.GetStringAsync($"/customers/{other}/next-best-actions"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Agents_read_the_list_but_not_the_form(string provider)
    {
        var app = await App(provider);
        var agent = await app.Client(Roles.Agent);
        var list = await agent.GetAsync("/offers/promotions");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.DoesNotContain("href=\"offers/promotions/new\"", await list.Content.ReadAsStringAsync());
        var form = await agent.GetAsync("/offers/promotions/new");
        Assert.True(form.StatusCode is HttpStatusCode.Forbidden || (form.StatusCode == HttpStatusCode.Redirect && form.Headers.Location!.ToString().Contains("denied", StringComparison.Ordinal)),
            $"the form answered {form.StatusCode}");
        var analyst = await app.Client(Roles.Analyst);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/offers/promotions")).StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex(@"offers/promotions/(\d+)")]
    private static partial Regex PromotionId();
}

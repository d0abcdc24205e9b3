using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vinculo.Core.Auth;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Web.Components.Macros;
using Vinculo.Web.Tests.Api;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Macros;

/// <summary>
/// The case page's macro picker, rendered by Blazor's HTML renderer with the real services: a labelled select with the
/// customer's language first and an "Insert" GET form back to the case page; nothing for roles that may not use macros.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MacroPickerTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    [Theory, SqliteData]
    public async Task The_picker_offers_the_customers_language_first_and_inserts_with_a_get_to_the_case(string provider)
    {
        var app = await App(provider);
        var supervisor = await app.Client(Roles.Supervisor);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var spanish = await Create(supervisor, $"Aaa saludo {suffix}", "es");
        var english = await Create(supervisor, $"Zzz greeting {suffix}", "en");
        var customer = await CreateCustomer(supervisor, new { firstName = "John", lastName = "Smith", lifecycle = "active", preferredLanguage = "en" });
        var response = await supervisor.PostAsJsonAsync("/api/v1/cases", new { customerId = customer, type = "question", channel = "email", subject = "Where is my order?" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var caseId = (await Json(response)).GetProperty("id").GetInt64();

        var html = WebUtility.HtmlDecode(await Render(app, Roles.Agent, caseId, $"/cases/{caseId}?history=abc#reply"));
        Assert.Contains($"<form method=\"get\" action=\"/cases/{caseId}#reply\"", html, StringComparison.Ordinal);
        Assert.Contains($"<label for=\"macro-picker-{caseId}\">Macro</label>", html, StringComparison.Ordinal);
        Assert.Contains($"<select id=\"macro-picker-{caseId}\" name=\"macro\">", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\" class=\"btn\">Insertar</button>", html, StringComparison.Ordinal);
        var englishGroup = html.IndexOf("<optgroup label=\"Inglés\"", StringComparison.Ordinal);
        var spanishGroup = html.IndexOf("<optgroup label=\"Español\"", StringComparison.Ordinal);
        Assert.True(englishGroup >= 0 && spanishGroup > englishGroup, html);
        Assert.True(html.IndexOf($"value=\"{english}\"", StringComparison.Ordinal) < html.IndexOf($"value=\"{spanish}\"", StringComparison.Ordinal));

        Assert.Equal("", (await Render(app, Roles.Analyst, caseId, $"/cases/{caseId}")).Trim());
    }

    private static async Task<long> Create(HttpClient client, string name, string language)
    {
        var response = await client.PostAsJsonAsync("/api/v1/macros", new { name, language, body = "Hola {{customer.firstName}}" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("id").GetInt64();
    }

    private static async Task<string> Render(VinculoApp app, string role, long caseId, string returnUrl)
    {
        string userId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            userId = (await scope.ServiceProvider.GetRequiredService<UserManager<VinculoUser>>().FindByEmailAsync(VinculoApp.EmailFor(role)))!.Id;
        }

        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Role, role)], "Test"));
        await using var requestScope = app.Services.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(requestScope.ServiceProvider, requestScope.ServiceProvider.GetRequiredService<ILoggerFactory>());
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("es-ES");
        try
        {
            return await renderer.Dispatcher.InvokeAsync(async () =>
            {
                RenderFragment picker = b =>
                {
                    b.OpenComponent<MacroPicker>(0);
                    b.AddComponentParameter(1, nameof(MacroPicker.CaseId), caseId);
                    b.AddComponentParameter(2, nameof(MacroPicker.ReturnUrl), returnUrl);
                    b.CloseComponent();
                };
                var output = await renderer.RenderComponentAsync<CascadingValue<Task<AuthenticationState>>>(ParameterView.FromDictionary(new Dictionary<string, object?>
                {
                    [nameof(CascadingValue<object>.Value)] = Task.FromResult(new AuthenticationState(user)),
                    [nameof(CascadingValue<object>.ChildContent)] = picker,
                }));
                return output.ToHtmlString();
            });
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = culture;
        }
    }
}

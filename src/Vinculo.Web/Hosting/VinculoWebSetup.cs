using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Vinculo.Core;
using Vinculo.Core.Auth;
using Vinculo.Core.Storage;
using Vinculo.Web.Api;
using Vinculo.Web.Components;

namespace Vinculo.Web.Hosting;

public static class VinculoWebSetup
{
    public static readonly CultureInfo[] Cultures = [new("es"), new("en")];

    public static WebApplicationBuilder AddVinculo(this WebApplicationBuilder builder)
    {
        var settings = DatabaseSettings.FromConfiguration(builder.Configuration, builder.Environment.ContentRootPath);
        var services = builder.Services;
        services.AddVinculoCore(settings, builder.Configuration);

        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));

        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Vinculo API";
            doc.Info.Description = "Customers, interactions and the customer 360. Errors are RFC 9457 problem details.";
            return Task.CompletedTask;
        }));

        services.AddDataProtection().SetApplicationName("Vinculo");
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>(sp =>
            new Microsoft.Extensions.Options.ConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(
                o => o.XmlRepository = new DataProtectionKeyStore(sp.GetRequiredService<IServiceScopeFactory>())));
        AddAuth(services);

        // The SLA alarm job; the Testing environment (API tests) starts with it off, a test turns it on with Configure.
        services.AddOptions<SlaAlarmOptions>().Bind(builder.Configuration.GetSection(SlaAlarmOptions.Section));
        if (builder.Environment.IsEnvironment("Testing"))
        {
            services.Configure<SlaAlarmOptions>(o => o.Enabled = false);
        }

        services.AddHostedService<SlaAlarmService>();
        builder.AddAnalyticsRefresh();

        services.AddHealthChecks().AddDbContextCheck<VinculoDb>("database");
        services.AddLocalization();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
        return builder;
    }

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }

    private static void AddAuth(IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = AuthSchemes.CookieOrBearer;
                o.DefaultChallengeScheme = AuthSchemes.CookieOrBearer;
            })
            .AddPolicyScheme(AuthSchemes.CookieOrBearer, "Cookie (pages) or bearer token (API)", o =>
                o.ForwardDefaultSelector = ctx =>
                    ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? IdentityConstants.BearerScheme
                        : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(8))
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/denied";
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(10);
                o.Cookie.Name = "vinculo.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
            }));

        new IdentityBuilder(typeof(VinculoUser), typeof(IdentityRole), services).AddSignInManager();

        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var (policy, roles) in Policies.RolesByPolicy)
        {
            authorization.AddPolicy(policy, p => p.RequireRole(roles));
        }
    }

    private static Task ApiAwareRedirect(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/openapi"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static WebApplication UseVinculo(this WebApplication app)
    {
        app.UseExceptionHandler();
        // Pages get the localized not-found page; the API keeps its problem details.
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api") && !c.Request.Path.StartsWithSegments("/openapi"), b => b.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseStatusCodePages();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        var localization = new RequestLocalizationOptions { DefaultRequestCulture = new RequestCulture("es") };
        localization.SupportedCultures = Cultures;
        localization.SupportedUICultures = Cultures;
        localization.RequestCultureProviders = [
            new QueryStringRequestCultureProvider(),
            new CookieRequestCultureProvider(),
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
        app.UseRequestLocalization(localization);

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            ResponseWriter = HealthResponse.Write,
        }).AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/api/docs"), docs => docs.Use(async (ctx, next) =>
        {
            if (ctx.User.Identity?.IsAuthenticated != true)
            {
                await ctx.ChallengeAsync();
                return;
            }

            await next();
        }));
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api/docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Vinculo API v1");
            o.DocumentTitle = "Vinculo API";
        });

        app.MapVinculoApi();
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}

public static class AuthSchemes
{
    public const string CookieOrBearer = "VinculoCookieOrBearer";
}

using System.Globalization;
using System.Security.Claims;
using Vinculo.Core.Interactions;

namespace Vinculo.Web.Api;

public static class ApiSetup
{
    public static IEndpointRouteBuilder MapVinculoApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/api/v1");
        v1.MapAuthEndpoints();
        v1.MapUserEndpoints();
        v1.MapCustomerEndpoints();
        v1.MapInteractionEndpoints();
        v1.MapInvoiceEndpoints();
        v1.MapPaymentEndpoints();
        v1.MapReturnEndpoints();
        v1.MapWarrantyClaimEndpoints();
        v1.MapProductEndpoints();
        v1.MapContractEndpoints();
        v1.MapOrderEndpoints();
        v1.MapQualityEndpoints();
        v1.MapCaseEndpoints();
        v1.MapServiceReportEndpoints();
        v1.MapNotificationEndpoints();
        v1.MapServiceConfigEndpoints();
        v1.MapScriptEndpoints();
        v1.MapKbArticleEndpoints();
        v1.MapWarehouseEndpoints();
        v1.MapKbSearchEndpoints();
        v1.MapMacroEndpoints();
        v1.MapOfferEndpoints();
        v1.MapAnalyticsEndpoints();
        v1.MapAnalyticsDashboardEndpoints();
        v1.MapAnalyticsRefreshEndpoints();
        return app;
    }

    /// <summary>The signed-in user as the agent of what they record.</summary>
    internal static Actor Actor(this ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
        user.FindFirstValue(Vinculo.Core.Auth.VinculoClaimsFactory.DisplayName) ?? user.Identity?.Name ?? "");

    /// <summary>"es" or "en": the request's UI culture.</summary>
    internal static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "es";
}

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vinculo.Core.Auth;
using Vinculo.Core.Customers;
using Vinculo.Core.Interactions;
using Vinculo.Core.Storage;

namespace Vinculo.Core;

public static class CoreSetup
{
    /// <summary>Storage, identity stores and the use cases of every area: what the web host and the CLI share.</summary>
    public static IServiceCollection AddVinculoCore(this IServiceCollection services, DatabaseSettings settings, IConfiguration? configuration = null)
    {
        services.AddVinculoStorage(settings);
        services.AddSingleton(TimeProvider.System);
        var customers = services.AddOptions<CustomerOptions>();
        if (configuration is not null)
        {
            customers.Bind(configuration.GetSection("Vinculo:Customers"));
        }

        services.AddIdentityCore<VinculoUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<VinculoDb>()
            .AddClaimsPrincipalFactory<VinculoClaimsFactory>();

        services.AddScoped<UserAdministration>();
        services.AddScoped<CustomerService>();
        services.AddScoped<InteractionService>();
        services.AddScoped<Commerce.Billing.InvoiceService>();
        services.AddScoped<Commerce.Billing.PaymentService>();
        services.AddScoped<Commerce.Billing.ReceivablesService>();
        services.AddScoped<Commerce.AfterSales.ReturnService>();
        services.AddScoped<Commerce.AfterSales.WarrantyClaimService>();
        services.AddScoped<Commerce.Catalog.ProductService>();
        services.AddScoped<Commerce.Contracts.ContractService>();
        services.AddScoped<Commerce.Orders.OrderService>();
        services.AddScoped<Quality.QualityService>();
        services.AddScoped<Service.Reports.ServiceReportService>();
        services.TryAddScoped<Service.SlaRecomputation>();
        services.AddScoped<Service.Configuration.CalendarService>();
        services.AddScoped<Service.Configuration.SlaPolicyService>();
        services.AddScoped<Service.Configuration.TeamService>();
        services.AddScoped<Service.Configuration.CaseTypeService>();
        services.AddScoped<Service.Cases.CaseService>();
        services.AddScoped<Service.Alarms.AlarmProcessor>();
        services.AddScoped<Service.Notifications.NotificationService>();
        services.AddScoped<Scripts.ScriptService>();
        services.AddScoped<Scripts.ScriptRuleService>();
        services.AddScoped<Scripts.ScriptRunner>();
        var kbSearch = services.AddOptions<Knowledge.Search.KbSearchOptions>();
        if (configuration is not null)
        {
            kbSearch.Bind(configuration.GetSection("Vinculo:KbSearch"));
        }

        services.AddSingleton<Knowledge.Search.KbSearchCache>();
        services.AddScoped<Knowledge.Search.KbSearchService>();
        services.AddScoped<Knowledge.Search.KbSynonymService>();
        services.AddScoped<Knowledge.Articles.KbArticleService>();
        services.AddScoped<Knowledge.Articles.KbCategoryService>();
        services.AddScoped<Knowledge.Articles.KbFeedbackService>();
        services.AddScoped<Offers.NextBestActionService>();
        services.AddScoped<Offers.PromotionService>();
        services.AddScoped<Offers.PromotionResponseService>();
        services.AddOptions<Offers.OfferOptions>().Configure(o => o.TimeZone ??= configuration?["Vinculo:TimeZone"]);
        Analytics.Scores.ScoresSetup.AddAnalyticsScores(services, configuration);
        Analytics.Pipeline.PipelineSetup.AddAnalyticsPipeline(services, configuration);
        services.AddScoped<Macros.MacroService>();
        services.AddScoped<Analytics.Dashboard.AnalyticsDashboardService>();
        return services;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vinculo.Core.Analytics.Warehouse;
using Vinculo.Core.Storage;

namespace Vinculo.Core.Analytics.Pipeline;

public static class PipelineSetup
{
    /// <summary>The analytics refresh (scoped), its background monitor (singleton), its options and the warehouse it loads.</summary>
    public static IServiceCollection AddAnalyticsPipeline(this IServiceCollection services, IConfiguration? configuration)
    {
        var options = services.AddOptions<AnalyticsPipelineOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection("Vinculo:Analytics"));
        }

        services.TryAddSingleton(sp => AnalyticsWarehouse.For(sp.GetRequiredService<DatabaseSettings>(), configuration));
        services.AddScoped<AnalyticsRefresh>();
        services.AddSingleton<AnalyticsRefreshMonitor>();
        return services;
    }
}

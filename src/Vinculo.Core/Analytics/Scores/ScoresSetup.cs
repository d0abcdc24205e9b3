using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Offers;

namespace Vinculo.Core.Analytics.Scores;

public static class ScoresSetup
{
    /// <summary>The results writer, the score reads, the default alerts and the score source of next best action.</summary>
    public static IServiceCollection AddAnalyticsScores(this IServiceCollection services, IConfiguration? configuration)
    {
        var options = services.AddOptions<ScoreOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection("Vinculo:Analytics"));
        }

        services.AddScoped<AnalyticsResultsWriter>();
        services.AddScoped<CustomerScoreService>();
        services.AddScoped<DefaultAlertService>();
        services.AddScoped<ICustomerScoreSource, AnalyticsScoreSource>();
        return services;
    }
}

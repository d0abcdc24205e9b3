using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Vinculo.Domain.Analytics;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Storage;

public sealed partial class VinculoDb
{
    public DbSet<AnalyticsRun> AnalyticsRuns => Set<AnalyticsRun>();
    public DbSet<CustomerScoreRecord> CustomerScores => Set<CustomerScoreRecord>();
    public DbSet<ProductAffinityRecord> ProductAffinities => Set<ProductAffinityRecord>();
    public DbSet<CustomerPropensityRecord> CustomerPropensities => Set<CustomerPropensityRecord>();
    public DbSet<DefaultAlert> DefaultAlerts => Set<DefaultAlert>();

    static partial void MapAnalytics(ModelBuilder builder)
    {
        builder.Entity<AnalyticsRun>(e =>
        {
            e.ToTable("analytics_runs");
            e.Property(r => r.Status).HasConversion(CamelText<AnalyticsRunStatus>());
        });
        builder.Entity<CustomerScoreRecord>(e =>
        {
            e.ToTable("customer_scores");
            e.HasKey(s => s.CustomerId);
            e.Property(s => s.CustomerId).ValueGeneratedNever();
            e.HasOne<Domain.Customers.Customer>().WithOne().HasForeignKey<CustomerScoreRecord>(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ProductAffinityRecord>(e =>
        {
            e.ToTable("product_affinities");
            e.HasKey(a => new { a.AntecedentProductId, a.ConsequentProductId });
        });
        builder.Entity<CustomerPropensityRecord>(e =>
        {
            e.ToTable("customer_product_propensities");
            e.HasKey(p => new { p.CustomerId, p.Rank });
            e.HasOne<Domain.Customers.Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<DefaultAlert>(e =>
        {
            e.ToTable("default_alerts");
            e.Property(a => a.Status).HasConversion(CamelText<DefaultAlertStatus>());
            e.HasOne<Domain.Customers.Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<ServiceCase>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.SetNull);
        });
    }

    /// <summary>An enum stored as its camelCase name (the analytics tables are read by SQL from other tools too).</summary>
    private static ValueConverter<T, string> CamelText<T>() where T : struct, Enum =>
        new(v => AnalyticsText.Camel(v), v => AnalyticsText.Parse<T>(v));
}

/// <summary>The camelCase text of the analytics tables' statuses.</summary>
public static class AnalyticsText
{
    public static string Camel<T>(T value) where T : struct, Enum => Common.EnumText.Camel(value);

    public static T Parse<T>(string text) where T : struct, Enum =>
        Common.EnumText.TryParse<T>(text, out var value) ? value : default;
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Offers;

namespace Vinculo.Core.Storage;

public sealed partial class VinculoDb
{
    public DbSet<Promotion> Promotions => Set<Promotion>();
    public DbSet<PromotionResponse> PromotionResponses => Set<PromotionResponse>();

    static partial void MapOffers(ModelBuilder builder)
    {
        builder.Entity<Promotion>(e =>
        {
            e.ToTable("promotions");
            e.Property(p => p.Version).IsConcurrencyToken();
            e.Property(p => p.Eligibility).HasConversion(
                new ValueConverter<PromotionEligibility, string>(v => EligibilityJson.Write(v), v => EligibilityJson.Read(v)),
                new ValueComparer<PromotionEligibility>((a, b) => Equals(a, b), v => v.GetHashCode(), v => v));
        });
        builder.Entity<PromotionResponse>(e =>
        {
            e.ToTable("promotion_responses");
            e.HasOne<Promotion>().WithMany().HasForeignKey(r => r.PromotionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Domain.Customers.Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Interaction>().WithMany().HasForeignKey(r => r.InteractionId).OnDelete(DeleteBehavior.SetNull);
        });
    }
}

/// <summary>The stored form of <see cref="PromotionEligibility"/>: camelCase JSON, channels by camelCase name.</summary>
public static class EligibilityJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Write(PromotionEligibility value) => JsonSerializer.Serialize(value, Options);

    public static PromotionEligibility Read(string json) =>
        string.IsNullOrWhiteSpace(json) ? PromotionEligibility.Anyone : JsonSerializer.Deserialize<PromotionEligibility>(json, Options) ?? PromotionEligibility.Anyone;
}

using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Service;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Knowledge;

namespace Vinculo.Core.Storage;

/// <summary>
/// The one DbContext. Use cases take it directly. Table and column names are snake_case and match the
/// FluentMigrator migrations in <c>Storage/Migrations</c>, which own the schema.
/// </summary>
public sealed partial class VinculoDb(DbContextOptions<VinculoDb> options)
    : IdentityDbContext<VinculoUser, IdentityRole, string>(options)
{
    /// <summary>True on SQLite, false on PostgreSQL: only Storage/ branches on it.</summary>
    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<CustomerEmail> CustomerEmails => Set<CustomerEmail>();
    public DbSet<CustomerPhone> CustomerPhones => Set<CustomerPhone>();
    public DbSet<CustomerAddress> CustomerAddresses => Set<CustomerAddress>();
    public DbSet<CustomerTag> CustomerTags => Set<CustomerTag>();
    public DbSet<Consent> Consents => Set<Consent>();
    public DbSet<ContactPerson> ContactPersons => Set<ContactPerson>();
    public DbSet<Interaction> Interactions => Set<Interaction>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<CustomerExternalId> CustomerExternalIds => Set<CustomerExternalId>();
    public DbSet<Contract> Contracts => Set<Contract>();
    public DbSet<ContractChange> ContractChanges => Set<ContractChange>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<ProductReturn> Returns => Set<ProductReturn>();
    public DbSet<WarrantyClaim> WarrantyClaims => Set<WarrantyClaim>();
    public DbSet<ServiceCalendar> ServiceCalendars => Set<ServiceCalendar>();
    public DbSet<ServicePolicy> ServicePolicies => Set<ServicePolicy>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<CaseTypeDefinition> CaseTypes => Set<CaseTypeDefinition>();
    public DbSet<ServiceCase> Cases => Set<ServiceCase>();
    public DbSet<CaseTag> CaseTags => Set<CaseTag>();
    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<KbCategory> KbCategories => Set<KbCategory>();
    public DbSet<KbArticle> KbArticles => Set<KbArticle>();
    public DbSet<KbArticleVersion> KbArticleVersions => Set<KbArticleVersion>();
    public DbSet<KbFeedback> KbFeedback => Set<KbFeedback>();
    public DbSet<KbUsage> KbUsages => Set<KbUsage>();
    public DbSet<KbSynonymGroup> KbSynonyms => Set<KbSynonymGroup>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Money is ten-thousandths in a BIGINT on both databases (docs/decisions/0005): exact sums and ordering in SQL.
        configurationBuilder.Properties<decimal>().HaveConversion<Money4Converter>();
        configurationBuilder.Properties<decimal?>().HaveConversion<Money4Converter>();
        if (IsSqlite)
        {
            // SQLite has no timestamp type and EF cannot order DateTimeOffset there: every timestamp is stored as
            // UTC microseconds since the Unix epoch (INTEGER), which sorts and compares correctly in SQL.
            configurationBuilder.Properties<DateTime>().HaveConversion<UtcMicrosecondsConverter>();
            configurationBuilder.Properties<DateTime?>().HaveConversion<UtcMicrosecondsConverter>();
        }
        else
        {
            configurationBuilder.Properties<DateTime>().HaveConversion<UtcKindConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<VinculoUser>().ToTable("users");
        builder.Entity<IdentityRole>().ToTable("roles");
        builder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");

        builder.Entity<Customer>(e =>
        {
            e.ToTable("customers");
            e.Property(c => c.Version).IsConcurrencyToken();
            e.Property(c => c.Attributes).HasConversion(
                new ValueConverter<Dictionary<string, string>, string>(
                    v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                    v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, JsonSerializerOptions.Default) ?? new()),
                new ValueComparer<Dictionary<string, string>>(
                    (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                    v => v.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key.GetHashCode(StringComparison.Ordinal), kv.Value.GetHashCode(StringComparison.Ordinal))),
                    v => new Dictionary<string, string>(v)));
            e.HasMany(c => c.Emails).WithOne().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(c => c.Phones).WithOne().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(c => c.Addresses).WithOne().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(c => c.Tags).WithOne().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(c => c.Consents).WithOne().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(c => c.Contacts).WithOne().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<CustomerEmail>().ToTable("customer_emails");
        builder.Entity<CustomerPhone>().ToTable("customer_phones");
        builder.Entity<CustomerAddress>().ToTable("customer_addresses");
        builder.Entity<CustomerTag>(e =>
        {
            e.ToTable("customer_tags");
            e.HasKey(t => new { t.CustomerId, t.Tag });
        });
        builder.Entity<Consent>().ToTable("consents");
        builder.Entity<ContactPerson>().ToTable("contact_persons");
        builder.Entity<Interaction>(e =>
        {
            e.ToTable("interactions");
            e.HasOne<Customer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<IdempotencyRecord>().ToTable("idempotency_records");
        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        MapCommerce(builder);
        MapService(builder);
        MapKnowledge(builder);
        MapScripts(builder);
        MapOffers(builder);
        MapMacros(builder);
        MapAnalytics(builder);

        ApplySnakeCase(builder);
    }

    private static void MapCommerce(ModelBuilder builder)
    {
        builder.Entity<Product>(e =>
        {
            e.ToTable("products");
            e.Property(p => p.Version).IsConcurrencyToken();
        });
        builder.Entity<CustomerExternalId>(e =>
        {
            e.ToTable("customer_external_ids");
            e.HasKey(x => new { x.Source, x.ExternalId });
            e.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Contract>(e =>
        {
            e.ToTable("contracts");
            e.Property(c => c.Version).IsConcurrencyToken();
            e.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Product>().WithMany().HasForeignKey(c => c.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(c => c.Changes).WithOne().HasForeignKey(x => x.ContractId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ContractChange>().ToTable("contract_changes");
        builder.Entity<Order>(e =>
        {
            e.ToTable("orders");
            e.Property(o => o.Version).IsConcurrencyToken();
            e.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<OrderLine>(e =>
        {
            e.ToTable("order_lines");
            e.Ignore(l => l.Net);
            e.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Invoice>(e =>
        {
            e.ToTable("invoices");
            e.Ignore(i => i.Outstanding);
            e.Property(i => i.Version).IsConcurrencyToken();
            e.HasOne<Customer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Payment>(e =>
        {
            e.ToTable("payments");
            e.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ProductReturn>(e =>
        {
            e.ToTable("returns");
            e.Property(r => r.Version).IsConcurrencyToken();
            e.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<WarrantyClaim>(e =>
        {
            e.ToTable("warranty_claims");
            e.Property(w => w.Version).IsConcurrencyToken();
            e.HasOne<Customer>().WithMany().HasForeignKey(w => w.CustomerId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void MapService(ModelBuilder builder)
    {
        builder.Entity<ServiceCalendar>(e =>
        {
            e.ToTable("service_calendars");
            e.Property(c => c.Version).IsConcurrencyToken();
        });
        builder.Entity<ServicePolicy>(e =>
        {
            e.ToTable("service_policies");
            e.Property(p => p.Version).IsConcurrencyToken();
            e.HasOne<ServiceCalendar>().WithMany().HasForeignKey(p => p.CalendarId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Team>(e =>
        {
            e.ToTable("teams");
            e.Property(t => t.Version).IsConcurrencyToken();
            e.HasMany(t => t.Members).WithOne().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<TeamMember>(e =>
        {
            e.ToTable("team_members");
            e.HasKey(m => new { m.TeamId, m.UserId });
        });
        builder.Entity<CaseTypeDefinition>(e =>
        {
            e.ToTable("case_types");
            e.HasKey(t => t.Code);
        });
        builder.Entity<ServiceCase>(e =>
        {
            e.ToTable("cases");
            e.Property(c => c.Version).IsConcurrencyToken();
            e.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(c => c.Tags).WithOne().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<CaseTag>(e =>
        {
            e.ToTable("case_tags");
            e.HasKey(t => new { t.CaseId, t.Tag });
        });
        builder.Entity<CaseEvent>(e =>
        {
            e.ToTable("case_events");
            e.HasOne<ServiceCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Notification>().ToTable("notifications");
        builder.Entity<JobLease>(e =>
        {
            e.ToTable("job_leases");
            e.HasKey(l => l.Name);
        });
    }

    private static void MapKnowledge(ModelBuilder builder)
    {
        builder.Entity<KbCategory>(e =>
        {
            e.ToTable("kb_categories");
            e.Property(c => c.Version).IsConcurrencyToken();
        });
        builder.Entity<KbArticle>(e =>
        {
            e.ToTable("kb_articles");
            e.Property(a => a.Version).IsConcurrencyToken();
            e.HasOne<KbCategory>().WithMany().HasForeignKey(a => a.CategoryId).OnDelete(DeleteBehavior.SetNull);
        });
        builder.Entity<KbArticleVersion>(e =>
        {
            e.ToTable("kb_article_versions");
            e.HasOne<KbArticle>().WithMany().HasForeignKey(v => v.ArticleId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<KbFeedback>(e =>
        {
            e.ToTable("kb_feedback");
            e.HasOne<KbArticle>().WithMany().HasForeignKey(f => f.ArticleId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<KbUsage>(e =>
        {
            e.ToTable("kb_usages");
            e.HasOne<KbArticle>().WithMany().HasForeignKey(u => u.ArticleId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<KbSynonymGroup>(e =>
        {
            e.ToTable("kb_synonyms");
            e.Property(g => g.Version).IsConcurrencyToken();
        });
    }

    // Agent scripts, promotions and offers, macros: each area maps its tables in its own part of this class.
    static partial void MapScripts(ModelBuilder builder);

    static partial void MapOffers(ModelBuilder builder);

    static partial void MapMacros(ModelBuilder builder);

    static partial void MapAnalytics(ModelBuilder builder);

    private static void ApplySnakeCase(ModelBuilder builder)
    {
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}

/// <summary>UTC <see cref="DateTime"/> ⇄ microseconds since 1970-01-01 UTC (SQLite storage).</summary>
public sealed class UtcMicrosecondsConverter() : ValueConverter<DateTime, long>(
    v => Timestamps.ToMicroseconds(v),
    v => Timestamps.FromMicroseconds(v));

/// <summary>decimal ⇄ BIGINT ten-thousandths (both databases; see <see cref="Money4"/>).</summary>
public sealed class Money4Converter() : ValueConverter<decimal, long>(
    v => Money4.ToScaled(v),
    v => Money4.FromScaled(v));

/// <summary>Guarantees <see cref="DateTimeKind.Utc"/> on both sides (PostgreSQL timestamptz).</summary>
public sealed class UtcKindConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

public static class Timestamps
{
    private const long UnixEpochTicks = 621355968000000000L;

    public static long ToMicroseconds(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        return (utc.Ticks - UnixEpochTicks) / 10;
    }

    public static DateTime FromMicroseconds(long value) => new(value * 10 + UnixEpochTicks, DateTimeKind.Utc);

    /// <summary>Truncates to whole microseconds, the precision both databases keep.</summary>
    public static DateTime Truncate(DateTime value) => new(value.Ticks - value.Ticks % 10, DateTimeKind.Utc);
}

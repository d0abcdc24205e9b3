using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Storage;

/// <summary>
/// The one DbContext. Use cases take it directly. Table and column names are snake_case and match the
/// FluentMigrator migrations in <c>Storage/Migrations</c>, which own the schema.
/// </summary>
public sealed class VinculoDb(DbContextOptions<VinculoDb> options)
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

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
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

        ApplySnakeCase(builder);
    }

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

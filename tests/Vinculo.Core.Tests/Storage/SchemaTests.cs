using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Tests.Infrastructure;

namespace Vinculo.Core.Tests.Storage;

public sealed class SchemaTests
{
    /// <summary>The EF model and the FluentMigrator schema are written separately; every mapped column must exist.</summary>
    [Theory, SqliteData, PostgresData]
    public async Task Every_mapped_entity_can_be_queried(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var context = db.CreateDbContext();
        foreach (var entity in context.Model.GetEntityTypes().Where(e => !e.IsOwned()))
        {
            var set = (IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!
                .MakeGenericMethod(entity.ClrType).Invoke(context, null)!;
            _ = await set.Take(1).ToListAsync();
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task Migrating_twice_changes_nothing(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        Vinculo.Core.Storage.StorageSetup.Migrate(db.Settings);
        await using var context = db.CreateDbContext();
        Assert.Equal(0, await context.Customers.CountAsync());
    }
}

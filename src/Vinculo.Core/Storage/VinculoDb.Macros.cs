using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Auth;
using Vinculo.Domain.Macros;

namespace Vinculo.Core.Storage;

public sealed partial class VinculoDb
{
    public DbSet<Macro> Macros => Set<Macro>();

    static partial void MapMacros(ModelBuilder builder)
    {
        builder.Entity<Macro>(e =>
        {
            e.ToTable("macros");
            e.Property(m => m.Version).IsConcurrencyToken();
            e.HasOne<VinculoUser>().WithMany().HasForeignKey(m => m.OwnerId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

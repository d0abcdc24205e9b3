using Microsoft.EntityFrameworkCore;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Scripts;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Storage;

// Agent scripts: scripts, their selection rules and the recorded runs (M0007_Scripts).
public sealed partial class VinculoDb
{
    public DbSet<AgentScript> Scripts => Set<AgentScript>();
    public DbSet<ScriptRule> ScriptRules => Set<ScriptRule>();
    public DbSet<ScriptRun> ScriptRuns => Set<ScriptRun>();

    static partial void MapScripts(ModelBuilder builder)
    {
        builder.Entity<AgentScript>(e =>
        {
            e.ToTable("scripts");
            e.Property(s => s.Version).IsConcurrencyToken();
        });
        builder.Entity<ScriptRule>(e =>
        {
            e.ToTable("script_rules");
            e.Property(r => r.Version).IsConcurrencyToken();
        });
        builder.Entity<ScriptRun>(e =>
        {
            e.ToTable("script_runs");
            e.HasOne<AgentScript>().WithMany().HasForeignKey(r => r.ScriptId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<ServiceCase>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Interaction>().WithMany().HasForeignKey(r => r.InteractionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<ScriptRule>().WithMany().HasForeignKey(r => r.RuleId).OnDelete(DeleteBehavior.SetNull);
        });
    }
}

using System.Data;
using FluentMigrator;

namespace Vinculo.Core.Storage.Migrations;

/// <summary>
/// Data quality: the stored result of the last quality scans (their summaries, the findings per rule and the duplicate
/// pairs, so lists page through a million customers without rescanning) and the history of customer merges.
/// </summary>
[Migration(2026_11_22_0004, "Quality: scan runs, findings, duplicate pairs, customer merges")]
public sealed class M0004_Quality(DatabaseSettings settings) : VinculoMigration(settings)
{
    public override void Up()
    {
        var runs = Create.Table("quality_runs")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("status").AsInt32().NotNullable();
        Timestamp(runs.WithColumn("started_at")).NotNullable();
        // A running scan touches heartbeat_at every few seconds; one silent for long has died with its process.
        Timestamp(runs.WithColumn("heartbeat_at")).NotNullable();
        Timestamp(runs.WithColumn("finished_at")).Nullable()
            .WithColumn("customers").AsInt64().NotNullable()
            .WithColumn("issues").AsInt64().NotNullable()
            .WithColumn("duplicate_pairs").AsInt64().NotNullable()
            .WithColumn("report").AsString().Nullable();
        Create.Index("ix_quality_runs_status").OnTable("quality_runs").OnColumn("status").Ascending().OnColumn("id").Ascending();

        // One row per finding of a run. Findings on commerce records carry the record's customer when it has one.
        Create.Table("quality_issues")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("run_id").AsInt64().NotNullable().ForeignKey("fk_quality_issues_run", "quality_runs", "id").OnDelete(Rule.Cascade)
            .WithColumn("rule").AsString().NotNullable()
            .WithColumn("customer_id").AsInt64().Nullable().ForeignKey("fk_quality_issues_customer", "customers", "id").OnDelete(Rule.Cascade)
            .WithColumn("entity").AsString().NotNullable()
            .WithColumn("entity_id").AsInt64().Nullable()
            .WithColumn("field").AsString().NotNullable()
            .WithColumn("value").AsString().Nullable();
        // One rule's findings in id order, and all findings in id order.
        Create.Index("ix_quality_issues_run_rule").OnTable("quality_issues")
            .OnColumn("run_id").Ascending().OnColumn("rule").Ascending().OnColumn("id").Ascending();
        Create.Index("ix_quality_issues_run").OnTable("quality_issues").OnColumn("run_id").Ascending().OnColumn("id").Ascending();
        Create.Index("ix_quality_issues_customer").OnTable("quality_issues").OnColumn("customer_id");

        // Pairs are stored with customer_a < customer_b; a group of n customers sharing a key is n - 1 pairs to its lowest id.
        Create.Table("quality_duplicates")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("run_id").AsInt64().NotNullable().ForeignKey("fk_quality_duplicates_run", "quality_runs", "id").OnDelete(Rule.Cascade)
            .WithColumn("customer_a").AsInt64().NotNullable().ForeignKey("fk_quality_duplicates_a", "customers", "id").OnDelete(Rule.Cascade)
            .WithColumn("customer_b").AsInt64().NotNullable().ForeignKey("fk_quality_duplicates_b", "customers", "id").OnDelete(Rule.Cascade)
            .WithColumn("confidence").AsInt32().NotNullable()
            .WithColumn("reasons").AsString().NotNullable()
            .WithColumn("name_similarity").AsDouble().NotNullable();
        Create.Index("ix_quality_duplicates_run_confidence").OnTable("quality_duplicates")
            .OnColumn("run_id").Ascending().OnColumn("confidence").Ascending().OnColumn("id").Ascending();
        Create.Index("ix_quality_duplicates_run").OnTable("quality_duplicates").OnColumn("run_id").Ascending().OnColumn("id").Ascending();
        Create.Index("ix_quality_duplicates_a").OnTable("quality_duplicates").OnColumn("customer_a");
        Create.Index("ix_quality_duplicates_b").OnTable("quality_duplicates").OnColumn("customer_b");

        // Merge history: kept with the survivor (and gone with it); the merged customer no longer exists.
        var merges = Create.Table("customer_merges")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("survivor_id").AsInt64().NotNullable().ForeignKey("fk_customer_merges_survivor", "customers", "id").OnDelete(Rule.Cascade)
            .WithColumn("merged_id").AsInt64().NotNullable()
            .WithColumn("merged_display_name").AsString().NotNullable()
            .WithColumn("snapshot").AsString().NotNullable()
            .WithColumn("merged_by_id").AsString().Nullable()
            .WithColumn("merged_by_name").AsString().Nullable();
        Timestamp(merges.WithColumn("merged_at")).NotNullable();
        Create.Index("ix_customer_merges_survivor").OnTable("customer_merges").OnColumn("survivor_id").Ascending().OnColumn("id").Ascending();
        Create.Index("ix_customer_merges_merged").OnTable("customer_merges").OnColumn("merged_id");
    }

    public override void Down()
    {
        foreach (var table in new[] { "customer_merges", "quality_duplicates", "quality_issues", "quality_runs" })
        {
            Delete.Table(table);
        }
    }
}

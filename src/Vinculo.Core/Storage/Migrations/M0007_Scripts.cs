using System.Data;
using FluentMigrator;

namespace Vinculo.Core.Storage.Migrations;

/// <summary>
/// Agent scripts: the scripts (one row per language variant of a code, the step graph as JSON), the rules that choose a
/// script from the customer's facts, and the recorded runs (path, answers, facts and transcript, each with its timeline
/// entry).
/// </summary>
[Migration(2026_11_23_0007, "Agent scripts: scripts, selection rules, recorded runs")]
public sealed class M0007_Scripts(DatabaseSettings settings) : VinculoMigration(settings)
{
    public override void Up()
    {
        var scripts = Create.Table("scripts")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("code").AsString().NotNullable()
            .WithColumn("language").AsString(2).NotNullable()
            .WithColumn("name").AsString().NotNullable()
            .WithColumn("description").AsString().Nullable()
            .WithColumn("definition").AsString(int.MaxValue).NotNullable()
            .WithColumn("status").AsInt32().NotNullable()
            .WithColumn("author_id").AsString().Nullable()
            .WithColumn("author_name").AsString().Nullable();
        Timestamp(scripts.WithColumn("created_at")).NotNullable();
        Timestamp(scripts.WithColumn("updated_at")).NotNullable()
            .WithColumn("version").AsInt64().NotNullable();
        // One variant per language of a code; the list pages by (code, language).
        Create.Index("ux_scripts_code_language").OnTable("scripts")
            .OnColumn("code").Ascending().OnColumn("language").Ascending().WithOptions().Unique();

        var rules = Create.Table("script_rules")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("name").AsString().NotNullable()
            .WithColumn("priority").AsInt32().NotNullable()
            .WithColumn("conditions").AsString(int.MaxValue).NotNullable()
            .WithColumn("script_code").AsString().NotNullable()
            .WithColumn("active").AsBoolean().NotNullable();
        Timestamp(rules.WithColumn("created_at")).NotNullable();
        Timestamp(rules.WithColumn("updated_at")).NotNullable()
            .WithColumn("version").AsInt64().NotNullable();
        Create.Index("ix_script_rules_priority").OnTable("script_rules")
            .OnColumn("priority").Descending().OnColumn("id").Ascending();

        var runs = Create.Table("script_runs")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("script_id").AsInt64().NotNullable().ForeignKey("fk_script_runs_script", "scripts", "id").OnDelete(Rule.None)
            .WithColumn("script_version").AsInt64().NotNullable()
            .WithColumn("customer_id").AsInt64().NotNullable().ForeignKey("fk_script_runs_customer", "customers", "id").OnDelete(Rule.Cascade)
            .WithColumn("case_id").AsInt64().Nullable().ForeignKey("fk_script_runs_case", "cases", "id").OnDelete(Rule.SetNull)
            .WithColumn("interaction_id").AsInt64().NotNullable().ForeignKey("fk_script_runs_interaction", "interactions", "id").OnDelete(Rule.Cascade)
            .WithColumn("user_id").AsString().Nullable();
        Timestamp(runs.WithColumn("started_at")).NotNullable();
        Timestamp(runs.WithColumn("finished_at")).NotNullable()
            .WithColumn("rule_id").AsInt64().Nullable().ForeignKey("fk_script_runs_rule", "script_rules", "id").OnDelete(Rule.SetNull)
            .WithColumn("path").AsString(int.MaxValue).NotNullable()
            .WithColumn("answers").AsString(int.MaxValue).NotNullable()
            .WithColumn("facts").AsString(int.MaxValue).NotNullable()
            .WithColumn("transcript").AsString(int.MaxValue).NotNullable();
        // A customer's runs, newest first (keyset on id); the foreign keys' lookups when a script, case, rule or interaction goes.
        Create.Index("ix_script_runs_customer").OnTable("script_runs").OnColumn("customer_id").Ascending().OnColumn("id").Descending();
        Create.Index("ix_script_runs_script").OnTable("script_runs").OnColumn("script_id").Ascending();
        Create.Index("ix_script_runs_case").OnTable("script_runs").OnColumn("case_id").Ascending();
        Create.Index("ix_script_runs_interaction").OnTable("script_runs").OnColumn("interaction_id").Ascending();
        Create.Index("ix_script_runs_rule").OnTable("script_runs").OnColumn("rule_id").Ascending();
    }

    public override void Down()
    {
        Delete.Table("script_runs");
        Delete.Table("script_rules");
        Delete.Table("scripts");
    }
}

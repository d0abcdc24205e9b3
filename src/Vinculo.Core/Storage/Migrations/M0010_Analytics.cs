using System.Data;
using FluentMigrator;

namespace Vinculo.Core.Storage.Migrations;

/// <summary>
/// The analytical CRM's results in the operational database, where agents, queues, scripts and next best action read
/// them: the runs of the pipeline (<c>analytics_runs</c>), every scored customer's current scores
/// (<c>customer_scores</c>), product association rules (<c>product_affinities</c>), each customer's next products
/// (<c>customer_product_propensities</c>) and payment-default alerts (<c>default_alerts</c>, at most one open per
/// customer: a partial unique index). Every run replaces the scores, affinities and propensities as a whole. Statuses
/// are camelCase text; probabilities are double precision; money is BIGINT ten-thousandths. The score lists sort by
/// churn, default and lifetime value with the customer id as tie-breaker, so each sort has a (value, customer_id) index;
/// <c>value_percentile</c> (the share of scored customers whose lifetime value is at most this one's, computed when the
/// run is written) is the customer's 0–1 "value" for next best action and scripts.
/// </summary>
[Migration(2026_11_23_0010, "Analytics: runs, customer scores, product affinities, next-product propensities, default alerts")]
public sealed class M0010_Analytics(DatabaseSettings settings) : VinculoMigration(settings)
{
    public override void Up()
    {
        var runs = Create.Table("analytics_runs")
            .WithColumn("id").AsInt64().PrimaryKey().Identity();
        Timestamp(runs.WithColumn("started_at")).NotNullable();
        Timestamp(runs.WithColumn("finished_at")).Nullable()
            .WithColumn("mode").AsString(20).NotNullable()
            .WithColumn("status").AsString(20).NotNullable()
            .WithColumn("summary").AsString(int.MaxValue).Nullable()
            .WithColumn("error").AsString(int.MaxValue).Nullable();
        Create.Index("ix_analytics_runs_status").OnTable("analytics_runs").OnColumn("status").Ascending().OnColumn("id").Descending();

        var scores = Create.Table("customer_scores")
            .WithColumn("customer_id").AsInt64().PrimaryKey().ForeignKey("fk_customer_scores_customer", "customers", "id").OnDelete(Rule.Cascade)
            .WithColumn("run_id").AsInt64().NotNullable();
        Timestamp(scores.WithColumn("computed_at")).NotNullable()
            .WithColumn("recency_days").AsInt32().Nullable()
            .WithColumn("frequency").AsInt32().NotNullable()
            .WithColumn("monetary").AsInt64().NotNullable()
            .WithColumn("r").AsInt32().NotNullable()
            .WithColumn("f").AsInt32().NotNullable()
            .WithColumn("m").AsInt32().NotNullable()
            .WithColumn("rfm_segment").AsString(40).NotNullable()
            .WithColumn("cluster").AsInt32().Nullable()
            .WithColumn("churn_probability").AsDouble().Nullable()
            .WithColumn("churn_factors").AsString(int.MaxValue).NotNullable()
            .WithColumn("default_probability").AsDouble().Nullable()
            .WithColumn("default_factors").AsString(int.MaxValue).NotNullable()
            .WithColumn("expected_purchases").AsDouble().Nullable()
            .WithColumn("probability_alive").AsDouble().Nullable()
            .WithColumn("expected_average_spend").AsInt64().Nullable()
            .WithColumn("lifetime_value").AsInt64().Nullable()
            .WithColumn("value_percentile").AsDouble().Nullable();
        Create.Index("ix_customer_scores_segment").OnTable("customer_scores")
            .OnColumn("rfm_segment").Ascending().OnColumn("customer_id").Ascending();
        Create.Index("ix_customer_scores_churn").OnTable("customer_scores")
            .OnColumn("churn_probability").Ascending().OnColumn("customer_id").Ascending();
        Create.Index("ix_customer_scores_default").OnTable("customer_scores")
            .OnColumn("default_probability").Ascending().OnColumn("customer_id").Ascending();
        Create.Index("ix_customer_scores_value").OnTable("customer_scores")
            .OnColumn("lifetime_value").Ascending().OnColumn("customer_id").Ascending();

        Create.Table("product_affinities")
            .WithColumn("antecedent_product_id").AsInt64().PrimaryKey().ForeignKey("fk_product_affinities_antecedent", "products", "id").OnDelete(Rule.Cascade)
            .WithColumn("consequent_product_id").AsInt64().PrimaryKey().ForeignKey("fk_product_affinities_consequent", "products", "id").OnDelete(Rule.Cascade)
            .WithColumn("count").AsInt32().NotNullable()
            .WithColumn("support").AsDouble().NotNullable()
            .WithColumn("confidence").AsDouble().NotNullable()
            .WithColumn("lift").AsDouble().NotNullable();

        Create.Table("customer_product_propensities")
            .WithColumn("customer_id").AsInt64().PrimaryKey().ForeignKey("fk_propensities_customer", "customers", "id").OnDelete(Rule.Cascade)
            .WithColumn("rank").AsInt32().PrimaryKey()
            .WithColumn("product_id").AsInt64().NotNullable().ForeignKey("fk_propensities_product", "products", "id").OnDelete(Rule.Cascade)
            .WithColumn("score").AsDouble().NotNullable()
            .WithColumn("because_of_product_id").AsInt64().Nullable().ForeignKey("fk_propensities_because", "products", "id").OnDelete(Rule.SetNull);

        var alerts = Create.Table("default_alerts")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("customer_id").AsInt64().NotNullable().ForeignKey("fk_default_alerts_customer", "customers", "id").OnDelete(Rule.Cascade)
            .WithColumn("run_id").AsInt64().NotNullable()
            .WithColumn("probability").AsDouble().NotNullable()
            .WithColumn("current_probability").AsDouble().Nullable()
            .WithColumn("threshold").AsDouble().NotNullable();
        Timestamp(alerts.WithColumn("raised_at")).NotNullable()
            .WithColumn("status").AsString(20).NotNullable()
            .WithColumn("case_id").AsInt64().Nullable().ForeignKey("fk_default_alerts_case", "cases", "id").OnDelete(Rule.SetNull)
            .WithColumn("handled_by").AsString().Nullable()
            .WithColumn("handled_by_name").AsString().Nullable();
        Timestamp(alerts.WithColumn("handled_at")).Nullable()
            .WithColumn("reason").AsString(int.MaxValue).Nullable();

        // The same statements on both databases: SQLite and PostgreSQL both have partial indexes.
        Execute.Sql("CREATE UNIQUE INDEX ux_default_alerts_open ON default_alerts (customer_id) WHERE status = 'open'");
        Create.Index("ix_default_alerts_customer").OnTable("default_alerts").OnColumn("customer_id").Ascending().OnColumn("id").Descending();
        Create.Index("ix_default_alerts_status").OnTable("default_alerts").OnColumn("status").Ascending().OnColumn("id").Descending();
        Create.Index("ix_default_alerts_case").OnTable("default_alerts").OnColumn("case_id").Ascending();
    }

    public override void Down()
    {
        Delete.Table("default_alerts");
        Delete.Table("customer_product_propensities");
        Delete.Table("product_affinities");
        Delete.Table("customer_scores");
        Delete.Table("analytics_runs");
    }
}

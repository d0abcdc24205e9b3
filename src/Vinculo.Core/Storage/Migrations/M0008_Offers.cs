using System.Data;
using FluentMigrator;

namespace Vinculo.Core.Storage.Migrations;

/// <summary>
/// Promotions and the customers' answers to them. Validity dates are calendar dates (inclusive, in the company's time
/// zone): <c>date</c> on PostgreSQL, ISO text (yyyy-MM-dd, which sorts as dates) on SQLite. Who a promotion is for
/// (segments, tiers, channels, products owned or not) is one JSON document: promotions are few and are checked in
/// memory against one customer at a time. Also indexes the customers' tier and segment, which promotions (and later
/// marketing) look up and list, and (PostgreSQL) the latest order lines and contracts per product, which the cross-sell
/// co-occurrence reads.
/// </summary>
[Migration(2026_11_23_0008, "Offers: promotions with validity and eligibility, the customers' responses to them")]
public sealed class M0008_Offers(DatabaseSettings settings) : VinculoMigration(settings)
{
    public override void Up()
    {
        var promotions = Create.Table("promotions")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("code").AsString().NotNullable()
            .WithColumn("name_es").AsString().NotNullable()
            .WithColumn("name_en").AsString().NotNullable()
            .WithColumn("offer_es").AsString(int.MaxValue).NotNullable()
            .WithColumn("offer_en").AsString(int.MaxValue).NotNullable();
        Date(promotions.WithColumn("valid_from")).NotNullable();
        Date(promotions.WithColumn("valid_to")).NotNullable()
            .WithColumn("status").AsInt32().NotNullable()
            .WithColumn("priority").AsInt32().NotNullable()
            .WithColumn("eligibility").AsString(int.MaxValue).NotNullable();
        Timestamp(promotions.WithColumn("created_at")).NotNullable();
        Timestamp(promotions.WithColumn("updated_at")).NotNullable()
            .WithColumn("version").AsInt64().NotNullable();
        Create.Index("ux_promotions_code").OnTable("promotions").OnColumn("code").Unique();
        // The current promotions: active ones whose validity has not ended.
        Create.Index("ix_promotions_status_valid").OnTable("promotions")
            .OnColumn("status").Ascending().OnColumn("valid_to").Ascending().OnColumn("id").Ascending();

        var responses = Create.Table("promotion_responses")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("promotion_id").AsInt64().NotNullable().ForeignKey("fk_promotion_responses_promotion", "promotions", "id").OnDelete(Rule.Cascade)
            .WithColumn("customer_id").AsInt64().NotNullable().ForeignKey("fk_promotion_responses_customer", "customers", "id").OnDelete(Rule.Cascade)
            .WithColumn("kind").AsInt32().NotNullable()
            .WithColumn("channel").AsInt32().Nullable()
            .WithColumn("note").AsString().Nullable()
            .WithColumn("agent_id").AsString().Nullable()
            .WithColumn("agent_name").AsString().Nullable();
        Timestamp(responses.WithColumn("at")).NotNullable()
            .WithColumn("interaction_id").AsInt64().Nullable().ForeignKey("fk_promotion_responses_interaction", "interactions", "id").OnDelete(Rule.SetNull);
        Create.Index("ix_promotion_responses_customer").OnTable("promotion_responses")
            .OnColumn("customer_id").Ascending().OnColumn("at").Descending().OnColumn("id").Descending();
        Create.Index("ix_promotion_responses_promotion").OnTable("promotion_responses")
            .OnColumn("promotion_id").Ascending().OnColumn("kind").Ascending();
        Create.Index("ix_promotion_responses_interaction").OnTable("promotion_responses").OnColumn("interaction_id");

        Create.Index("ix_customers_tier").OnTable("customers").OnColumn("tier");
        Create.Index("ix_customers_segment").OnTable("customers").OnColumn("segment");

        // The latest buyers and subscribers of a product (cross-sell neighbours) as a short backward index scan. SQLite's
        // single-column product indexes already end with the rowid (= id), so only PostgreSQL needs these.
        Postgres("CREATE INDEX ix_order_lines_product_recent ON order_lines (product_id, id)");
        Postgres("CREATE INDEX ix_contracts_product_recent ON contracts (product_id, id)");
    }

    public override void Down()
    {
        Postgres("DROP INDEX IF EXISTS ix_contracts_product_recent; DROP INDEX IF EXISTS ix_order_lines_product_recent");
        Delete.Index("ix_customers_segment").OnTable("customers");
        Delete.Index("ix_customers_tier").OnTable("customers");
        Delete.Table("promotion_responses");
        Delete.Table("promotions");
    }

    /// <summary>A calendar date: <c>date</c> on PostgreSQL, yyyy-MM-dd text on SQLite (how EF Core stores DateOnly there).</summary>
    private FluentMigrator.Builders.Create.Table.ICreateTableColumnOptionOrWithColumnSyntax Date(
        FluentMigrator.Builders.Create.Table.ICreateTableColumnAsTypeSyntax column) =>
        IsPostgres ? column.AsDate() : column.AsString(10);
}

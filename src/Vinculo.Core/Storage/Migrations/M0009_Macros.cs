using System.Data;
using FluentMigrator;

namespace Vinculo.Core.Storage.Migrations;

/// <summary>
/// Macros: canned replies for case replies, one language each (translations grouped), shared or personal. Names are
/// unique per language among the shared macros and per language within each user's personal macros (two partial
/// unique indexes, because NULL owners never collide in a plain one).
/// </summary>
[Migration(2026_11_23_0009, "Macros: canned replies with placeholders, shared or personal, in Spanish and English")]
public sealed class M0009_Macros(DatabaseSettings settings) : VinculoMigration(settings)
{
    public override void Up()
    {
        var macros = Create.Table("macros")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("name").AsString().NotNullable()
            .WithColumn("name_key").AsString().NotNullable()
            .WithColumn("language").AsString(2).NotNullable()
            .WithColumn("translation_group_id").AsInt64().Nullable()
            .WithColumn("body").AsString(int.MaxValue).NotNullable()
            .WithColumn("category").AsString().Nullable()
            .WithColumn("tags").AsString().NotNullable()
            .WithColumn("search_text").AsString(int.MaxValue).NotNullable()
            .WithColumn("owner_id").AsString().Nullable().ForeignKey("fk_macros_owner", "users", "id").OnDelete(Rule.Cascade)
            .WithColumn("use_count").AsInt64().NotNullable();
        Timestamp(macros.WithColumn("created_at")).NotNullable();
        Timestamp(macros.WithColumn("updated_at")).NotNullable()
            .WithColumn("version").AsInt64().NotNullable();

        // The same statements on both databases: SQLite and PostgreSQL both have partial indexes.
        Execute.Sql("CREATE UNIQUE INDEX ux_macros_shared_name ON macros (language, name_key) WHERE owner_id IS NULL");
        Execute.Sql("CREATE UNIQUE INDEX ux_macros_personal_name ON macros (owner_id, language, name_key) WHERE owner_id IS NOT NULL");
        Create.Index("ix_macros_name").OnTable("macros").OnColumn("name_key").Ascending().OnColumn("id").Ascending();
        Create.Index("ix_macros_translation").OnTable("macros").OnColumn("translation_group_id").Ascending();
    }

    public override void Down() => Delete.Table("macros");
}

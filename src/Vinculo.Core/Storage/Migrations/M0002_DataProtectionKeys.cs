using FluentMigrator;

namespace Vinculo.Core.Storage.Migrations;

/// <summary>The keys that protect cookies and bearer tokens, shared by every web node through the database.</summary>
[Migration(2026_11_22_0002, "Data protection keys")]
public sealed class M0002_DataProtectionKeys(DatabaseSettings settings) : VinculoMigration(settings)
{
    public override void Up() =>
        Create.Table("data_protection_keys")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("friendly_name").AsString().NotNullable()
            .WithColumn("xml").AsString().NotNullable();

    public override void Down() => Delete.Table("data_protection_keys");
}

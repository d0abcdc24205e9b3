using FluentMigrator;

namespace Vinculo.Core.Storage.Migrations;

/// <summary>Users and roles, customers with their contact data, interactions with full-text search, idempotency.</summary>
[Migration(2026_11_22_0001, "Foundation: identity, customers, interactions, search, idempotency")]
public sealed class M0001_Foundation(DatabaseSettings settings) : VinculoMigration(settings)
{
    public override void Up()
    {
        CreateIdentity();
        CreateCustomers();
        CreateInteractions();

        var idem = Create.Table("idempotency_records")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("key").AsString().NotNullable()
            .WithColumn("user_id").AsString().NotNullable()
            .WithColumn("method").AsString().NotNullable()
            .WithColumn("path").AsString().NotNullable()
            .WithColumn("request_hash").AsString().NotNullable()
            .WithColumn("status_code").AsInt32().NotNullable()
            .WithColumn("content_type").AsString().Nullable()
            .WithColumn("location").AsString().Nullable()
            .WithColumn("e_tag").AsString().Nullable()
            .WithColumn("body").AsBinary().Nullable();
        Timestamp(idem.WithColumn("created_at")).NotNullable();
        Create.Index("ux_idempotency_user_key").OnTable("idempotency_records")
            .OnColumn("user_id").Ascending().OnColumn("key").Ascending().WithOptions().Unique();
    }

    private void CreateIdentity()
    {
        var users = Create.Table("users")
            .WithColumn("id").AsString().PrimaryKey()
            .WithColumn("user_name").AsString().Nullable()
            .WithColumn("normalized_user_name").AsString().Nullable()
            .WithColumn("email").AsString().Nullable()
            .WithColumn("normalized_email").AsString().Nullable()
            .WithColumn("email_confirmed").AsBoolean().NotNullable()
            .WithColumn("password_hash").AsString().Nullable()
            .WithColumn("security_stamp").AsString().Nullable()
            .WithColumn("concurrency_stamp").AsString().Nullable()
            .WithColumn("phone_number").AsString().Nullable()
            .WithColumn("phone_number_confirmed").AsBoolean().NotNullable()
            .WithColumn("two_factor_enabled").AsBoolean().NotNullable();
        TimestampOffset(users.WithColumn("lockout_end")).Nullable()
            .WithColumn("lockout_enabled").AsBoolean().NotNullable()
            .WithColumn("access_failed_count").AsInt32().NotNullable()
            .WithColumn("display_name").AsString().NotNullable()
            .WithColumn("preferred_language").AsString().NotNullable();
        Timestamp(users.WithColumn("created_at")).NotNullable();
        Create.Index("ux_users_normalized_user_name").OnTable("users").OnColumn("normalized_user_name").Unique();
        Create.Index("ix_users_normalized_email").OnTable("users").OnColumn("normalized_email");

        Create.Table("roles")
            .WithColumn("id").AsString().PrimaryKey()
            .WithColumn("name").AsString().Nullable()
            .WithColumn("normalized_name").AsString().Nullable()
            .WithColumn("concurrency_stamp").AsString().Nullable();
        Create.Index("ux_roles_normalized_name").OnTable("roles").OnColumn("normalized_name").Unique();

        Create.Table("user_roles")
            .WithColumn("user_id").AsString().PrimaryKey().ForeignKey("fk_user_roles_user", "users", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("role_id").AsString().PrimaryKey().ForeignKey("fk_user_roles_role", "roles", "id").OnDelete(System.Data.Rule.Cascade);
        Create.Index("ix_user_roles_role").OnTable("user_roles").OnColumn("role_id");

        Create.Table("user_claims")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("user_id").AsString().NotNullable().ForeignKey("fk_user_claims_user", "users", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("claim_type").AsString().Nullable()
            .WithColumn("claim_value").AsString().Nullable();
        Create.Index("ix_user_claims_user").OnTable("user_claims").OnColumn("user_id");

        Create.Table("user_logins")
            .WithColumn("login_provider").AsString().PrimaryKey()
            .WithColumn("provider_key").AsString().PrimaryKey()
            .WithColumn("provider_display_name").AsString().Nullable()
            .WithColumn("user_id").AsString().NotNullable().ForeignKey("fk_user_logins_user", "users", "id").OnDelete(System.Data.Rule.Cascade);
        Create.Index("ix_user_logins_user").OnTable("user_logins").OnColumn("user_id");

        Create.Table("user_tokens")
            .WithColumn("user_id").AsString().PrimaryKey().ForeignKey("fk_user_tokens_user", "users", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("login_provider").AsString().PrimaryKey()
            .WithColumn("name").AsString().PrimaryKey()
            .WithColumn("value").AsString().Nullable();

        Create.Table("role_claims")
            .WithColumn("id").AsInt32().PrimaryKey().Identity()
            .WithColumn("role_id").AsString().NotNullable().ForeignKey("fk_role_claims_role", "roles", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("claim_type").AsString().Nullable()
            .WithColumn("claim_value").AsString().Nullable();
        Create.Index("ix_role_claims_role").OnTable("role_claims").OnColumn("role_id");
    }

    private void CreateCustomers()
    {
        var customers = Create.Table("customers")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("kind").AsInt32().NotNullable()
            .WithColumn("lifecycle").AsInt32().NotNullable()
            .WithColumn("tax_id").AsString().Nullable()
            .WithColumn("first_name").AsString().Nullable()
            .WithColumn("last_name").AsString().Nullable()
            .WithColumn("company_name").AsString().Nullable()
            .WithColumn("display_name").AsString().NotNullable()
            .WithColumn("search_name").AsString().NotNullable()
            .WithColumn("preferred_language").AsString().NotNullable()
            .WithColumn("preferred_channel").AsInt32().Nullable()
            .WithColumn("temperament").AsInt32().NotNullable()
            .WithColumn("temperament_note").AsString().Nullable()
            .WithColumn("attributes").AsString().NotNullable();
        Timestamp(customers.WithColumn("created_at")).NotNullable();
        Timestamp(customers.WithColumn("updated_at")).NotNullable()
            .WithColumn("version").AsInt64().NotNullable();
        Create.Index("ix_customers_tax_id").OnTable("customers").OnColumn("tax_id");

        Create.Table("customer_emails")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("customer_id").AsInt64().NotNullable().ForeignKey("fk_customer_emails_customer", "customers", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("address").AsString().NotNullable()
            .WithColumn("normalized").AsString().NotNullable()
            .WithColumn("label").AsString().Nullable()
            .WithColumn("is_primary").AsBoolean().NotNullable();
        Create.Index("ix_customer_emails_customer").OnTable("customer_emails").OnColumn("customer_id");
        Create.Index("ix_customer_emails_normalized").OnTable("customer_emails").OnColumn("normalized");

        Create.Table("customer_phones")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("customer_id").AsInt64().NotNullable().ForeignKey("fk_customer_phones_customer", "customers", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("raw").AsString().NotNullable()
            .WithColumn("e164").AsString().NotNullable()
            .WithColumn("label").AsString().Nullable()
            .WithColumn("is_primary").AsBoolean().NotNullable();
        Create.Index("ix_customer_phones_customer").OnTable("customer_phones").OnColumn("customer_id");
        Create.Index("ix_customer_phones_e164").OnTable("customer_phones").OnColumn("e164");

        Create.Table("customer_addresses")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("customer_id").AsInt64().NotNullable().ForeignKey("fk_customer_addresses_customer", "customers", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("label").AsString().Nullable()
            .WithColumn("line1").AsString().NotNullable()
            .WithColumn("line2").AsString().Nullable()
            .WithColumn("city").AsString().Nullable()
            .WithColumn("region").AsString().Nullable()
            .WithColumn("postal_code").AsString().Nullable()
            .WithColumn("country").AsString().Nullable();
        Create.Index("ix_customer_addresses_customer").OnTable("customer_addresses").OnColumn("customer_id");

        Create.Table("customer_tags")
            .WithColumn("customer_id").AsInt64().PrimaryKey().ForeignKey("fk_customer_tags_customer", "customers", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("tag").AsString().PrimaryKey();
        Create.Index("ix_customer_tags_tag").OnTable("customer_tags").OnColumn("tag").Ascending().OnColumn("customer_id").Ascending();

        var consents = Create.Table("consents")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("customer_id").AsInt64().NotNullable().ForeignKey("fk_consents_customer", "customers", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("purpose").AsInt32().NotNullable()
            .WithColumn("status").AsInt32().NotNullable();
        Timestamp(consents.WithColumn("at")).NotNullable()
            .WithColumn("source").AsString().Nullable();
        Create.Index("ix_consents_customer").OnTable("consents").OnColumn("customer_id").Ascending().OnColumn("purpose").Ascending();

        Create.Table("contact_persons")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("customer_id").AsInt64().NotNullable().ForeignKey("fk_contact_persons_customer", "customers", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("first_name").AsString().NotNullable()
            .WithColumn("last_name").AsString().Nullable()
            .WithColumn("role").AsString().Nullable()
            .WithColumn("email").AsString().Nullable()
            .WithColumn("phone").AsString().Nullable()
            .WithColumn("phone_e164").AsString().Nullable()
            .WithColumn("is_primary").AsBoolean().NotNullable();
        Create.Index("ix_contact_persons_customer").OnTable("contact_persons").OnColumn("customer_id");

        // Name search: prefix matching on any word, in any order.
        Sqlite("""
            CREATE VIRTUAL TABLE customer_fts USING fts5(search_name, content='customers', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
            CREATE TRIGGER customers_fts_ai AFTER INSERT ON customers BEGIN
              INSERT INTO customer_fts(rowid, search_name) VALUES (new.id, new.search_name);
            END;
            CREATE TRIGGER customers_fts_ad AFTER DELETE ON customers BEGIN
              INSERT INTO customer_fts(customer_fts, rowid, search_name) VALUES ('delete', old.id, old.search_name);
            END;
            CREATE TRIGGER customers_fts_au AFTER UPDATE OF search_name ON customers BEGIN
              INSERT INTO customer_fts(customer_fts, rowid, search_name) VALUES ('delete', old.id, old.search_name);
              INSERT INTO customer_fts(rowid, search_name) VALUES (new.id, new.search_name);
            END;
            """);
        Postgres("""
            ALTER TABLE customers ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_name)) STORED;
            CREATE INDEX ix_customers_search ON customers USING gin (search_vector);
            """);
    }

    private void CreateInteractions()
    {
        var interactions = Create.Table("interactions")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("customer_id").AsInt64().NotNullable().ForeignKey("fk_interactions_customer", "customers", "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("channel").AsInt32().NotNullable()
            .WithColumn("direction").AsInt32().NotNullable()
            .WithColumn("moment").AsInt32().Nullable()
            .WithColumn("subject").AsString().NotNullable()
            .WithColumn("body").AsString().Nullable()
            .WithColumn("agent_id").AsString().Nullable()
            .WithColumn("agent_name").AsString().Nullable();
        Timestamp(interactions.WithColumn("occurred_at")).NotNullable()
            .WithColumn("duration_seconds").AsInt32().Nullable()
            .WithColumn("outcome").AsString().Nullable()
            .WithColumn("search_terms").AsString().NotNullable();
        Timestamp(interactions.WithColumn("created_at")).NotNullable();

        // The timeline (last N by time) and the per-channel counts of the 360 are both served by one index range.
        Create.Index("ix_interactions_customer_time").OnTable("interactions")
            .OnColumn("customer_id").Ascending().OnColumn("occurred_at").Ascending().OnColumn("id").Ascending().OnColumn("channel").Ascending();

        Sqlite("""
            CREATE VIRTUAL TABLE interaction_fts USING fts5(search_terms, content='interactions', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
            CREATE TRIGGER interactions_fts_ai AFTER INSERT ON interactions BEGIN
              INSERT INTO interaction_fts(rowid, search_terms) VALUES (new.id, new.search_terms);
            END;
            CREATE TRIGGER interactions_fts_ad AFTER DELETE ON interactions BEGIN
              INSERT INTO interaction_fts(interaction_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
            END;
            CREATE TRIGGER interactions_fts_au AFTER UPDATE OF search_terms ON interactions BEGIN
              INSERT INTO interaction_fts(interaction_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
              INSERT INTO interaction_fts(rowid, search_terms) VALUES (new.id, new.search_terms);
            END;
            """);
        Postgres("""
            ALTER TABLE interactions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_terms)) STORED;
            CREATE INDEX ix_interactions_search ON interactions USING gin (search_vector);
            """);
    }

    public override void Down()
    {
        foreach (var table in new[]
                 {
                     "idempotency_records", "interactions", "contact_persons", "consents", "customer_tags", "customer_addresses",
                     "customer_phones", "customer_emails", "customers", "role_claims", "user_tokens", "user_logins",
                     "user_claims", "user_roles", "roles", "users",
                 })
        {
            Delete.Table(table);
        }
    }
}

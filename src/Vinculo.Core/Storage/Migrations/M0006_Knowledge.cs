using System.Data;
using FluentMigrator;

namespace Vinculo.Core.Storage.Migrations;

/// <summary>
/// Knowledge base: categories, articles (one language each, translations grouped), their versions, feedback, usage and
/// synonyms; the search index. Only published articles are indexed, one index per language so each language has its
/// own term statistics: FTS5 tables kb_fts_es / kb_fts_en on SQLite (kept by triggers from the analysed columns), a
/// weighted tsvector with per-language document frequencies (kb_terms) and sizes (kb_stats) on PostgreSQL, so both can
/// rank by the same BM25.
/// </summary>
[Migration(2026_11_23_0006, "Knowledge base: categories, articles, versions, feedback, usage, synonyms, search index")]
public sealed class M0006_Knowledge(DatabaseSettings settings) : VinculoMigration(settings)
{
    public override void Up()
    {
        var categories = Create.Table("kb_categories")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("parent_id").AsInt64().Nullable().ForeignKey("fk_kb_categories_parent", "kb_categories", "id").OnDelete(Rule.None)
            .WithColumn("name_es").AsString().NotNullable()
            .WithColumn("name_en").AsString().NotNullable()
            .WithColumn("position").AsInt32().NotNullable();
        Timestamp(categories.WithColumn("created_at")).NotNullable();
        Timestamp(categories.WithColumn("updated_at")).NotNullable()
            .WithColumn("version").AsInt64().NotNullable();

        var articles = Create.Table("kb_articles")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("language").AsString(2).NotNullable()
            .WithColumn("translation_group_id").AsInt64().Nullable()
            .WithColumn("category_id").AsInt64().Nullable().ForeignKey("fk_kb_articles_category", "kb_categories", "id").OnDelete(Rule.SetNull)
            .WithColumn("external_id").AsString().Nullable()
            .WithColumn("title").AsString().NotNullable()
            .WithColumn("body").AsString(int.MaxValue).NotNullable()
            .WithColumn("status").AsInt32().NotNullable()
            .WithColumn("visibility").AsInt32().NotNullable()
            .WithColumn("author_id").AsString().Nullable()
            .WithColumn("author_name").AsString().Nullable();
        Timestamp(articles.WithColumn("created_at")).NotNullable();
        Timestamp(articles.WithColumn("updated_at")).NotNullable();
        Timestamp(articles.WithColumn("published_at")).Nullable()
            .WithColumn("helpful_yes").AsInt32().NotNullable()
            .WithColumn("helpful_no").AsInt32().NotNullable()
            .WithColumn("view_count").AsInt64().NotNullable()
            .WithColumn("use_count").AsInt64().NotNullable()
            .WithColumn("search_title").AsString(int.MaxValue).NotNullable()
            .WithColumn("search_body").AsString(int.MaxValue).NotNullable()
            .WithColumn("search_length").AsInt32().NotNullable()
            .WithColumn("version").AsInt64().NotNullable();
        Create.Index("ux_kb_articles_external").OnTable("kb_articles")
            .OnColumn("language").Ascending().OnColumn("external_id").Ascending().WithOptions().Unique();
        Create.Index("ix_kb_articles_updated").OnTable("kb_articles").OnColumn("updated_at").Descending().OnColumn("id").Descending();
        Create.Index("ix_kb_articles_category").OnTable("kb_articles").OnColumn("category_id").Ascending();
        Create.Index("ix_kb_articles_translation").OnTable("kb_articles").OnColumn("translation_group_id").Ascending();

        var versions = Create.Table("kb_article_versions")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("article_id").AsInt64().NotNullable().ForeignKey("fk_kb_versions_article", "kb_articles", "id").OnDelete(Rule.Cascade)
            .WithColumn("number").AsInt64().NotNullable()
            .WithColumn("title").AsString().NotNullable()
            .WithColumn("body").AsString(int.MaxValue).NotNullable()
            .WithColumn("status").AsInt32().NotNullable()
            .WithColumn("author_id").AsString().Nullable()
            .WithColumn("author_name").AsString().Nullable();
        Timestamp(versions.WithColumn("created_at")).NotNullable();
        Create.Index("ux_kb_article_versions").OnTable("kb_article_versions")
            .OnColumn("article_id").Ascending().OnColumn("number").Ascending().WithOptions().Unique();

        var feedback = Create.Table("kb_feedback")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("article_id").AsInt64().NotNullable().ForeignKey("fk_kb_feedback_article", "kb_articles", "id").OnDelete(Rule.Cascade)
            .WithColumn("helpful").AsBoolean().NotNullable()
            .WithColumn("comment").AsString().Nullable()
            .WithColumn("user_id").AsString().Nullable();
        Timestamp(feedback.WithColumn("created_at")).NotNullable();
        Create.Index("ix_kb_feedback_article").OnTable("kb_feedback").OnColumn("article_id").Ascending().OnColumn("id").Descending();

        var usages = Create.Table("kb_usages")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("article_id").AsInt64().NotNullable().ForeignKey("fk_kb_usages_article", "kb_articles", "id").OnDelete(Rule.Cascade)
            .WithColumn("case_id").AsInt64().Nullable().ForeignKey("fk_kb_usages_case", "cases", "id").OnDelete(Rule.SetNull)
            .WithColumn("customer_id").AsInt64().Nullable().ForeignKey("fk_kb_usages_customer", "customers", "id").OnDelete(Rule.SetNull)
            .WithColumn("user_id").AsString().Nullable();
        Timestamp(usages.WithColumn("created_at")).NotNullable();
        Create.Index("ix_kb_usages_article").OnTable("kb_usages").OnColumn("article_id").Ascending();
        Create.Index("ix_kb_usages_case").OnTable("kb_usages").OnColumn("case_id").Ascending();

        var synonyms = Create.Table("kb_synonyms")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("language").AsString(2).NotNullable()
            .WithColumn("terms").AsString().NotNullable();
        Timestamp(synonyms.WithColumn("created_at")).NotNullable();
        Timestamp(synonyms.WithColumn("updated_at")).NotNullable()
            .WithColumn("version").AsInt64().NotNullable();
        Create.Index("ix_kb_synonyms_language").OnTable("kb_synonyms").OnColumn("language").Ascending();

        CreateSqliteIndex();
        CreatePostgresIndex();
    }

    private void CreateSqliteIndex()
    {
        foreach (var language in new[] { "es", "en" })
        {
            Sqlite($"""
                CREATE VIRTUAL TABLE kb_fts_{language} USING fts5(search_title, search_body, content='kb_articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
                CREATE VIRTUAL TABLE kb_fts_{language}_vocab USING fts5vocab('kb_fts_{language}', 'row');
                """);
        }

        // Status 1 = published (KbStatus.Published). One trigger per operation keeps the delete before the insert.
        Sqlite("""
            CREATE TRIGGER kb_articles_fts_ai AFTER INSERT ON kb_articles BEGIN
              INSERT INTO kb_fts_es(rowid, search_title, search_body) SELECT new.id, new.search_title, new.search_body WHERE new.status = 1 AND new.language = 'es';
              INSERT INTO kb_fts_en(rowid, search_title, search_body) SELECT new.id, new.search_title, new.search_body WHERE new.status = 1 AND new.language = 'en';
            END;
            CREATE TRIGGER kb_articles_fts_ad AFTER DELETE ON kb_articles BEGIN
              INSERT INTO kb_fts_es(kb_fts_es, rowid, search_title, search_body) SELECT 'delete', old.id, old.search_title, old.search_body WHERE old.status = 1 AND old.language = 'es';
              INSERT INTO kb_fts_en(kb_fts_en, rowid, search_title, search_body) SELECT 'delete', old.id, old.search_title, old.search_body WHERE old.status = 1 AND old.language = 'en';
            END;
            CREATE TRIGGER kb_articles_fts_au AFTER UPDATE OF search_title, search_body, status, language ON kb_articles BEGIN
              INSERT INTO kb_fts_es(kb_fts_es, rowid, search_title, search_body) SELECT 'delete', old.id, old.search_title, old.search_body WHERE old.status = 1 AND old.language = 'es';
              INSERT INTO kb_fts_en(kb_fts_en, rowid, search_title, search_body) SELECT 'delete', old.id, old.search_title, old.search_body WHERE old.status = 1 AND old.language = 'en';
              INSERT INTO kb_fts_es(rowid, search_title, search_body) SELECT new.id, new.search_title, new.search_body WHERE new.status = 1 AND new.language = 'es';
              INSERT INTO kb_fts_en(rowid, search_title, search_body) SELECT new.id, new.search_title, new.search_body WHERE new.status = 1 AND new.language = 'en';
            END;
            """);
    }

    private void CreatePostgresIndex()
    {
        // Title terms carry weight A, body terms D: the search reads term frequencies per weight from the vector.
        Postgres("""
            ALTER TABLE kb_articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
              (setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_body), 'D')) STORED;
            CREATE INDEX ix_kb_articles_search ON kb_articles USING gin (search_vector) WHERE status = 1;
            CREATE TABLE kb_terms (language varchar(2) NOT NULL, term text NOT NULL, doc_count integer NOT NULL, PRIMARY KEY (language, term));
            CREATE TABLE kb_stats (language varchar(2) PRIMARY KEY, doc_count bigint NOT NULL, total_length bigint NOT NULL);
            CREATE FUNCTION kb_index_apply(removed_language text[], removed_vector tsvector[], removed_length integer[],
                                           added_language text[], added_vector tsvector[], added_length integer[]) RETURNS void
            LANGUAGE sql AS $$
              INSERT INTO kb_terms (language, term, doc_count)
                SELECT language, term, sum(delta)::integer FROM (
                  SELECT r.language, x.term, -1 AS delta
                    FROM unnest(removed_language, removed_vector) AS r(language, vector), unnest(tsvector_to_array(r.vector)) AS x(term)
                  UNION ALL
                  SELECT a.language, x.term, 1
                    FROM unnest(added_language, added_vector) AS a(language, vector), unnest(tsvector_to_array(a.vector)) AS x(term)) d
                GROUP BY language, term HAVING sum(delta) <> 0
                ON CONFLICT (language, term) DO UPDATE SET doc_count = kb_terms.doc_count + EXCLUDED.doc_count;
              INSERT INTO kb_stats (language, doc_count, total_length)
                SELECT language, sum(docs), sum(length) FROM (
                  SELECT r.language, -1 AS docs, -r.length::bigint AS length FROM unnest(removed_language, removed_length) AS r(language, length)
                  UNION ALL
                  SELECT a.language, 1, a.length::bigint FROM unnest(added_language, added_length) AS a(language, length)) d
                GROUP BY language
                ON CONFLICT (language) DO UPDATE SET doc_count = kb_stats.doc_count + EXCLUDED.doc_count,
                  total_length = kb_stats.total_length + EXCLUDED.total_length;
            $$;
            -- Statement-level: one aggregated update of the term statistics per statement, not one per row (a bulk
            -- insert of thousands of articles would otherwise rewrite the same kb_terms rows thousands of times).
            CREATE FUNCTION kb_articles_index_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              PERFORM kb_index_apply('{}', '{}', '{}',
                (SELECT coalesce(array_agg(language::text), '{}') FROM new_rows WHERE status = 1),
                (SELECT coalesce(array_agg(search_vector), '{}') FROM new_rows WHERE status = 1),
                (SELECT coalesce(array_agg(search_length), '{}') FROM new_rows WHERE status = 1));
              RETURN NULL;
            END $$;
            CREATE FUNCTION kb_articles_index_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              PERFORM kb_index_apply(
                (SELECT coalesce(array_agg(language::text), '{}') FROM old_rows WHERE status = 1),
                (SELECT coalesce(array_agg(search_vector), '{}') FROM old_rows WHERE status = 1),
                (SELECT coalesce(array_agg(search_length), '{}') FROM old_rows WHERE status = 1),
                '{}', '{}', '{}');
              RETURN NULL;
            END $$;
            -- Transition tables cannot be combined with UPDATE OF a column list, so rows whose indexed state did not
            -- change (a helpful vote, a view) are filtered here.
            CREATE FUNCTION kb_articles_index_updated() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              PERFORM kb_index_apply(
                (SELECT coalesce(array_agg(o.language::text), '{}') FROM old_rows o JOIN new_rows n ON n.id = o.id
                   WHERE o.status = 1 AND (o.status, o.language, o.search_title, o.search_body, o.search_length)
                     IS DISTINCT FROM (n.status, n.language, n.search_title, n.search_body, n.search_length)),
                (SELECT coalesce(array_agg(o.search_vector), '{}') FROM old_rows o JOIN new_rows n ON n.id = o.id
                   WHERE o.status = 1 AND (o.status, o.language, o.search_title, o.search_body, o.search_length)
                     IS DISTINCT FROM (n.status, n.language, n.search_title, n.search_body, n.search_length)),
                (SELECT coalesce(array_agg(o.search_length), '{}') FROM old_rows o JOIN new_rows n ON n.id = o.id
                   WHERE o.status = 1 AND (o.status, o.language, o.search_title, o.search_body, o.search_length)
                     IS DISTINCT FROM (n.status, n.language, n.search_title, n.search_body, n.search_length)),
                (SELECT coalesce(array_agg(n.language::text), '{}') FROM old_rows o JOIN new_rows n ON n.id = o.id
                   WHERE n.status = 1 AND (o.status, o.language, o.search_title, o.search_body, o.search_length)
                     IS DISTINCT FROM (n.status, n.language, n.search_title, n.search_body, n.search_length)),
                (SELECT coalesce(array_agg(n.search_vector), '{}') FROM old_rows o JOIN new_rows n ON n.id = o.id
                   WHERE n.status = 1 AND (o.status, o.language, o.search_title, o.search_body, o.search_length)
                     IS DISTINCT FROM (n.status, n.language, n.search_title, n.search_body, n.search_length)),
                (SELECT coalesce(array_agg(n.search_length), '{}') FROM old_rows o JOIN new_rows n ON n.id = o.id
                   WHERE n.status = 1 AND (o.status, o.language, o.search_title, o.search_body, o.search_length)
                     IS DISTINCT FROM (n.status, n.language, n.search_title, n.search_body, n.search_length)));
              RETURN NULL;
            END $$;
            CREATE TRIGGER kb_articles_index_ai AFTER INSERT ON kb_articles REFERENCING NEW TABLE AS new_rows
              FOR EACH STATEMENT EXECUTE FUNCTION kb_articles_index_inserted();
            CREATE TRIGGER kb_articles_index_ad AFTER DELETE ON kb_articles REFERENCING OLD TABLE AS old_rows
              FOR EACH STATEMENT EXECUTE FUNCTION kb_articles_index_deleted();
            CREATE TRIGGER kb_articles_index_au AFTER UPDATE ON kb_articles REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
              FOR EACH STATEMENT EXECUTE FUNCTION kb_articles_index_updated();
            """);
    }

    public override void Down()
    {
        Postgres("""
            DROP TRIGGER IF EXISTS kb_articles_index_ai ON kb_articles;
            DROP TRIGGER IF EXISTS kb_articles_index_ad ON kb_articles;
            DROP TRIGGER IF EXISTS kb_articles_index_au ON kb_articles;
            DROP FUNCTION IF EXISTS kb_articles_index_inserted();
            DROP FUNCTION IF EXISTS kb_articles_index_deleted();
            DROP FUNCTION IF EXISTS kb_articles_index_updated();
            DROP FUNCTION IF EXISTS kb_index_apply(text[], tsvector[], integer[], text[], tsvector[], integer[]);
            DROP TABLE IF EXISTS kb_terms;
            DROP TABLE IF EXISTS kb_stats;
            """);
        Sqlite("""
            DROP TRIGGER IF EXISTS kb_articles_fts_ai;
            DROP TRIGGER IF EXISTS kb_articles_fts_ad;
            DROP TRIGGER IF EXISTS kb_articles_fts_au;
            DROP TABLE IF EXISTS kb_fts_es_vocab;
            DROP TABLE IF EXISTS kb_fts_en_vocab;
            DROP TABLE IF EXISTS kb_fts_es;
            DROP TABLE IF EXISTS kb_fts_en;
            """);
        foreach (var table in new[] { "kb_synonyms", "kb_usages", "kb_feedback", "kb_article_versions", "kb_articles", "kb_categories" })
        {
            Delete.Table(table);
        }
    }
}

using System.Data.Common;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Knowledge;

namespace Vinculo.Core.Knowledge.Import;

/// <summary>An article of an import with its analysed search terms (<see cref="KbAnalysis.IndexTerms"/>).</summary>
internal sealed record PreparedArticle(KbImportArticle Source, KbIndexTerms Terms);

/// <summary>What one batch did (see <see cref="KbImportResult"/>).</summary>
internal readonly record struct KbBatchOutcome(int Created, int Updated, int Reindexed, int Unchanged);

/// <summary>
/// Writes knowledge-base articles in bulk on either database, bypassing EF Core, as an upsert on (language, external
/// id): per batch, one lookup of the articles that already exist, multi-row INSERTs (<see cref="RowsPerInsert"/> rows a
/// statement, RETURNING the new ids) for the new ones, one UPDATE per changed one, and multi-row INSERTs of their
/// versions. Every statement is prepared once per writer and reused. Everything between <see cref="Begin"/> and
/// <see cref="Commit"/> is one transaction; disposing without committing rolls it back.
/// </summary>
/// <remarks>
/// <para>
/// The search index is left to the database, as for every other write: on SQLite the AFTER INSERT/UPDATE triggers of
/// the knowledge migration fill the FTS5 tables, on PostgreSQL the generated <c>search_vector</c> column and the row
/// trigger that counts terms into <c>kb_terms</c>/<c>kb_stats</c>. The writer only fills the analysed columns.
/// </para>
/// <para>
/// An article that changed gets a new version number (version + 1; and a <c>kb_article_versions</c> row with what it now
/// says when its title, body or status changed, as the article service keeps them), under a version check: an article an editor saved between the lookup and the update (possible on PostgreSQL, whose
/// transaction does not lock the table) makes the import fail with a <see cref="ConflictException"/> instead of
/// overwriting the edit. A new article starts at version 1 with its version row. An article whose text is unchanged
/// but whose analysed terms differ (the text analysis was improved since) gets its search columns rewritten, without a
/// new version: they are derived data.
/// </para>
/// <para>
/// The SQL is the same on both databases but for three details: timestamps (microseconds since 1970 on SQLite,
/// <c>timestamptz</c> on PostgreSQL), the list of external ids looked up (<c>json_each</c> over a JSON array on SQLite,
/// <c>= ANY</c> of a text array on PostgreSQL) and how the transaction starts (IMMEDIATE on SQLite, so no other writer
/// can interleave).
/// </para>
/// </remarks>
internal sealed class KbArticleWriter : IAsyncDisposable
{
    /// <summary>
    /// Rows per multi-row INSERT: 6 parameters each (4 for versions), well under either database's limit. Large on
    /// purpose: SQLite's FTS5 writes its pending terms to a new index segment at the end of every statement that reaches
    /// it through the triggers, so the fewer statements, the fewer segments to merge later.
    /// </summary>
    public const int RowsPerInsert = 128;

    private const string ArticleColumns =
        "language, external_id, title, body, status, visibility, created_at, updated_at, published_at, helpful_yes, helpful_no, " +
        "view_count, use_count, search_title, search_body, search_length, version";

    private const string VersionColumns = "article_id, number, title, body, status, created_at";

    private readonly bool _sqlite;
    private readonly DbConnection _connection;
    private DbTransaction? _transaction;
    private readonly List<DbCommand> _commands = [];
    private DbCommand? _lookup;
    private DbCommand? _update;
    private DbCommand? _reindex;
    private readonly Dictionary<int, DbCommand> _inserts = [];
    private readonly Dictionary<int, DbCommand> _versions = [];

    private KbArticleWriter(DatabaseSettings settings)
    {
        _sqlite = settings.IsSqlite;
        _connection = _sqlite ? new SqliteConnection(settings.ConnectionString) : new NpgsqlConnection(settings.ConnectionString);
    }

    /// <summary>Opens a connection to a migrated database.</summary>
    public static async Task<KbArticleWriter> Open(DatabaseSettings settings, CancellationToken ct)
    {
        var writer = new KbArticleWriter(settings);
        try
        {
            await writer._connection.OpenAsync(ct);
            if (writer._sqlite)
            {
                SqliteConnectionSetup.Apply(writer._connection);
            }

            return writer;
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }
    }

    public async Task Begin(CancellationToken ct)
    {
        if (_transaction is not null)
        {
            throw new InvalidOperationException("The import's transaction is already open.");
        }

        // IMMEDIATE on SQLite takes the write lock now: a concurrent writer cannot make the import fail half-way.
        _transaction = _sqlite
            ? ((SqliteConnection)_connection).BeginTransaction(deferred: false)
            : await _connection.BeginTransactionAsync(ct);
        foreach (var command in _commands)
        {
            command.Transaction = _transaction;
        }
    }

    public async Task Commit(CancellationToken ct)
    {
        var tx = _transaction ?? throw new InvalidOperationException("No transaction is open.");
        await tx.CommitAsync(ct);
        await tx.DisposeAsync();
        _transaction = null;
    }

    /// <summary>Writes one batch (its external ids are distinct) and says what it did.</summary>
    public async Task<KbBatchOutcome> Write(IReadOnlyList<PreparedArticle> batch, string language, KbVisibility visibility, DateTime now, CancellationToken ct)
    {
        if (_transaction is null)
        {
            throw new InvalidOperationException("Call Begin first.");
        }

        var existing = await Lookup(batch, language, ct);
        var fresh = new List<PreparedArticle>(batch.Count);
        var versions = new List<(long ArticleId, long Number, PreparedArticle Article)>();
        int updated = 0, reindexed = 0, unchanged = 0;
        foreach (var article in batch)
        {
            if (!existing.TryGetValue(article.Source.ExternalId, out var row))
            {
                fresh.Add(article);
                continue;
            }

            var source = article.Source;
            var terms = article.Terms;
            var sameText = row.Title == source.Title && row.Body == source.Body && row.Status == (int)KbStatus.Published && row.Visibility == (int)visibility;
            var sameTerms = row.SearchTitle == terms.Title && row.SearchBody == terms.Body && row.SearchLength == terms.Length;
            if (sameText && sameTerms)
            {
                unchanged++;
            }
            else if (sameText)
            {
                await Reindex(row, terms, ct);
                reindexed++;
            }
            else
            {
                await Update(row, article, visibility, now, ct);
                if (row.Title != source.Title || row.Body != source.Body || row.Status != (int)KbStatus.Published)
                {
                    // As the article service does: a version row when the text (or the status) changes, not for visibility alone.
                    versions.Add((row.Id, row.Version + 1, article));
                }

                updated++;
            }
        }

        for (var start = 0; start < fresh.Count; start += RowsPerInsert)
        {
            var count = Math.Min(RowsPerInsert, fresh.Count - start);
            var ids = await Insert(fresh, start, count, language, visibility, now, ct);
            for (var i = start; i < start + count; i++)
            {
                versions.Add((ids[fresh[i].Source.ExternalId], 1, fresh[i]));
            }
        }

        for (var start = 0; start < versions.Count; start += RowsPerInsert)
        {
            await InsertVersions(versions, start, Math.Min(RowsPerInsert, versions.Count - start), now, ct);
        }

        return new KbBatchOutcome(fresh.Count, updated, reindexed, unchanged);
    }

    private sealed record Existing(long Id, string Title, string Body, int Status, int Visibility, string SearchTitle, string SearchBody, int SearchLength, long Version);

    private async Task<Dictionary<string, Existing>> Lookup(IReadOnlyList<PreparedArticle> batch, string language, CancellationToken ct)
    {
        var command = _lookup ??= Prepare(
            "SELECT id, external_id, title, body, status, visibility, search_title, search_body, search_length, version FROM kb_articles " +
            "WHERE language = @language AND external_id " + (_sqlite ? "IN (SELECT value FROM json_each(@ids))" : "= ANY(@ids)"),
            ("@language", Kind.Text), ("@ids", Kind.TextList));
        var ids = batch.Select(a => a.Source.ExternalId).ToArray();
        command.Parameters[0].Value = language;
        command.Parameters[1].Value = _sqlite ? JsonSerializer.Serialize(ids) : ids;
        var found = new Dictionary<string, Existing>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found[reader.GetString(1)] = new Existing(reader.GetInt64(0), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5),
                reader.GetString(6), reader.GetString(7), reader.GetInt32(8), reader.GetInt64(9));
        }

        return found;
    }

    private async Task<Dictionary<string, long>> Insert(List<PreparedArticle> articles, int start, int count, string language, KbVisibility visibility, DateTime now,
        CancellationToken ct)
    {
        if (!_inserts.TryGetValue(count, out var command))
        {
            var sql = new StringBuilder($"INSERT INTO kb_articles ({ArticleColumns}) VALUES ");
            var parameters = new List<(string, Kind)> { ("@language", Kind.Text), ("@visibility", Kind.Int), ("@now", Kind.Time) };
            for (var r = 0; r < count; r++)
            {
                sql.Append(r == 0 ? "" : ", ")
                    .Append($"(@language, @e{r}, @t{r}, @b{r}, {(int)KbStatus.Published}, @visibility, @now, @now, @now, 0, 0, 0, 0, @st{r}, @sb{r}, @sl{r}, 1)");
                parameters.AddRange([($"@e{r}", Kind.Text), ($"@t{r}", Kind.Text), ($"@b{r}", Kind.Text), ($"@st{r}", Kind.Text), ($"@sb{r}", Kind.Text), ($"@sl{r}", Kind.Int)]);
            }

            sql.Append(" RETURNING id, external_id");
            _inserts[count] = command = Prepare(sql.ToString(), [.. parameters]);
        }

        var p = command.Parameters;
        p[0].Value = language;
        p[1].Value = (int)visibility;
        p[2].Value = Time(now);
        for (var r = 0; r < count; r++)
        {
            var article = articles[start + r];
            var o = 3 + r * 6;
            p[o].Value = article.Source.ExternalId;
            p[o + 1].Value = article.Source.Title;
            p[o + 2].Value = article.Source.Body;
            p[o + 3].Value = article.Terms.Title;
            p[o + 4].Value = article.Terms.Body;
            p[o + 5].Value = article.Terms.Length;
        }

        var ids = new Dictionary<string, long>(count, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids[reader.GetString(1)] = reader.GetInt64(0);
        }

        return ids;
    }

    private async Task Update(Existing row, PreparedArticle article, KbVisibility visibility, DateTime now, CancellationToken ct)
    {
        var command = _update ??= Prepare(
            "UPDATE kb_articles SET title = @title, body = @body, status = @status, visibility = @visibility, search_title = @st, search_body = @sb, " +
            "search_length = @sl, updated_at = @now, published_at = CASE WHEN status = @status AND published_at IS NOT NULL THEN published_at ELSE @now END, " +
            "version = version + 1 WHERE id = @id AND version = @version",
            ("@title", Kind.Text), ("@body", Kind.Text), ("@status", Kind.Int), ("@visibility", Kind.Int), ("@st", Kind.Text), ("@sb", Kind.Text), ("@sl", Kind.Int),
            ("@now", Kind.Time), ("@id", Kind.Long), ("@version", Kind.Long));
        var p = command.Parameters;
        p[0].Value = article.Source.Title;
        p[1].Value = article.Source.Body;
        p[2].Value = (int)KbStatus.Published;
        p[3].Value = (int)visibility;
        p[4].Value = article.Terms.Title;
        p[5].Value = article.Terms.Body;
        p[6].Value = article.Terms.Length;
        p[7].Value = Time(now);
        p[8].Value = row.Id;
        p[9].Value = row.Version;
        await Changed(command, article.Source.ExternalId, ct);
    }

    private async Task Reindex(Existing row, KbIndexTerms terms, CancellationToken ct)
    {
        var command = _reindex ??= Prepare(
            "UPDATE kb_articles SET search_title = @st, search_body = @sb, search_length = @sl WHERE id = @id AND version = @version",
            ("@st", Kind.Text), ("@sb", Kind.Text), ("@sl", Kind.Int), ("@id", Kind.Long), ("@version", Kind.Long));
        var p = command.Parameters;
        p[0].Value = terms.Title;
        p[1].Value = terms.Body;
        p[2].Value = terms.Length;
        p[3].Value = row.Id;
        p[4].Value = row.Version;
        await Changed(command, row.Title, ct);
    }

    private static async Task Changed(DbCommand command, string article, CancellationToken ct)
    {
        if (await command.ExecuteNonQueryAsync(ct) != 1)
        {
            throw new ConflictException($"The article \"{article}\" was changed by someone else during the import. Nothing was written; import again.");
        }
    }

    private async Task InsertVersions(List<(long ArticleId, long Number, PreparedArticle Article)> versions, int start, int count, DateTime now, CancellationToken ct)
    {
        if (!_versions.TryGetValue(count, out var command))
        {
            var sql = new StringBuilder($"INSERT INTO kb_article_versions ({VersionColumns}) VALUES ");
            var parameters = new List<(string, Kind)> { ("@now", Kind.Time) };
            for (var r = 0; r < count; r++)
            {
                sql.Append(r == 0 ? "" : ", ").Append($"(@a{r}, @n{r}, @t{r}, @b{r}, {(int)KbStatus.Published}, @now)");
                parameters.AddRange([($"@a{r}", Kind.Long), ($"@n{r}", Kind.Long), ($"@t{r}", Kind.Text), ($"@b{r}", Kind.Text)]);
            }

            _versions[count] = command = Prepare(sql.ToString(), [.. parameters]);
        }

        var p = command.Parameters;
        p[0].Value = Time(now);
        for (var r = 0; r < count; r++)
        {
            var (articleId, number, article) = versions[start + r];
            var o = 1 + r * 4;
            p[o].Value = articleId;
            p[o + 1].Value = number;
            p[o + 2].Value = article.Source.Title;
            p[o + 3].Value = article.Source.Body;
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    private enum Kind
    {
        Text,
        Int,
        Long,
        Time,
        TextList,
    }

    private object Time(DateTime utc) => _sqlite ? Timestamps.ToMicroseconds(utc) : utc;

    /// <summary>A command with typed parameters, compiled once (SQLite) or prepared on the server (PostgreSQL).</summary>
    private DbCommand Prepare(string sql, params (string Name, Kind Kind)[] parameters)
    {
        var command = _connection.CreateCommand();
#pragma warning disable CA2100 // Built from constants and parameter names only; every value is a parameter.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = _transaction;
        foreach (var (name, kind) in parameters)
        {
            DbParameter parameter = _sqlite
                ? new SqliteParameter(name, kind switch
                {
                    Kind.Int or Kind.Long or Kind.Time => SqliteType.Integer,
                    _ => SqliteType.Text,
                })
                : new NpgsqlParameter(name, kind switch
                {
                    Kind.Int => NpgsqlDbType.Integer,
                    Kind.Long => NpgsqlDbType.Bigint,
                    Kind.Time => NpgsqlDbType.TimestampTz,
                    Kind.TextList => NpgsqlDbType.Array | NpgsqlDbType.Text,
                    _ => NpgsqlDbType.Text,
                });
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }

        command.Prepare();
        _commands.Add(command);
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is { } tx)
        {
            try
            {
                await tx.RollbackAsync();
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                // The connection broke; the server rolls the transaction back on its own.
            }

            await tx.DisposeAsync();
            _transaction = null;
        }

        foreach (var command in _commands)
        {
            await command.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }
}

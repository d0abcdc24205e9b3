using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Vinculo.Core.Storage.Search;

/// <summary>
/// The one interface to full-text search: SQLite FTS5 (bm25) or PostgreSQL tsvector (ts_rank). The text is analysed
/// by Vinculo.Domain.Text before it reaches either engine, so both see the same folded, stemmed terms and the
/// database only matches and ranks.
/// </summary>
public static class FullTextSearch
{
    /// <summary>Customer ids whose name words start with every prefix, ascending, after <paramref name="afterId"/>.</summary>
    public static async Task<List<long>> CustomerIdsByNamePrefixes(
        VinculoDb db, IReadOnlyList<string> prefixes, long afterId, int limit, CancellationToken ct)
    {
        if (prefixes.Count == 0)
        {
            return [];
        }

        string sql;
        string match;
        if (db.IsSqlite)
        {
            match = string.Join(" AND ", prefixes.Select(p => $"\"{Escape(p)}\"*"));
            sql = "SELECT rowid FROM customer_fts WHERE customer_fts MATCH @q AND rowid > @after ORDER BY rowid LIMIT @limit";
        }
        else
        {
            match = string.Join(" & ", prefixes.Select(p => $"{PgTerm(p)}:*"));
            sql = "SELECT id FROM customers WHERE search_vector @@ to_tsquery('simple', @q) AND id > @after ORDER BY id LIMIT @limit";
        }

        return await ReadIds(db, sql, ct, ("@q", match), ("@after", afterId), ("@limit", limit));
    }

    /// <summary>
    /// Interactions matching every group (a group holds the alternative stems of one query word), best first.
    /// </summary>
    public static async Task<List<(long Id, double Score)>> Interactions(
        VinculoDb db, IReadOnlyList<IReadOnlyList<string>> termGroups, long? customerId, int offset, int limit, CancellationToken ct)
    {
        if (termGroups.Count == 0)
        {
            return [];
        }

        string sql;
        string match;
        var customerFilter = customerId is null ? "" : " AND i.customer_id = @customer";
        if (db.IsSqlite)
        {
            match = string.Join(" AND ", termGroups.Select(g => "(" + string.Join(" OR ", g.Select(t => $"\"{Escape(t)}\"")) + ")"));
            sql = customerId is null
                ? "SELECT rowid, -bm25(interaction_fts) AS score FROM interaction_fts WHERE interaction_fts MATCH @q ORDER BY bm25(interaction_fts), rowid DESC LIMIT @limit OFFSET @offset"
                : $"SELECT i.id, -bm25(interaction_fts) AS score FROM interaction_fts JOIN interactions i ON i.id = interaction_fts.rowid WHERE interaction_fts MATCH @q{customerFilter} ORDER BY bm25(interaction_fts), i.id DESC LIMIT @limit OFFSET @offset";
        }
        else
        {
            match = string.Join(" & ", termGroups.Select(g => "(" + string.Join(" | ", g.Select(PgTerm)) + ")"));
            sql = $"SELECT i.id, ts_rank(i.search_vector, query)::float8 AS score FROM interactions i, to_tsquery('simple', @q) query WHERE i.search_vector @@ query{customerFilter} ORDER BY score DESC, i.id DESC LIMIT @limit OFFSET @offset";
        }

        var parameters = new List<(string, object)> { ("@q", match), ("@limit", limit), ("@offset", offset) };
        if (customerId is not null)
        {
            parameters.Add(("@customer", customerId.Value));
        }

        return await Query(db, sql, parameters, r => (r.GetInt64(0), Convert.ToDouble(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)), ct);
    }

    private static Task<List<long>> ReadIds(VinculoDb db, string sql, CancellationToken ct, params (string Name, object Value)[] parameters) =>
        Query(db, sql, parameters, r => r.GetInt64(0), ct);

    private static async Task<List<T>> Query<T>(
        VinculoDb db, string sql, IEnumerable<(string Name, object Value)> parameters, Func<DbDataReader, T> map, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Add(name, value);
            }

            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string Escape(string term) => term.Replace("\"", "\"\"", StringComparison.Ordinal);

    /// <summary>Terms are already folded letters and digits; anything else is dropped so tsquery syntax cannot leak in.</summary>
    private static string PgTerm(string term)
    {
        var sb = new StringBuilder(term.Length);
        foreach (var c in term)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(c);
            }
        }

        return sb.Length == 0 ? "_" : sb.ToString();
    }
}

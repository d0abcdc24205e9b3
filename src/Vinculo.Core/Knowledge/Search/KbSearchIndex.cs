using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Storage;
using Vinculo.Domain.Knowledge;
using Vinculo.Domain.Knowledge.Search;

namespace Vinculo.Core.Knowledge.Search;

/// <summary>An article the index ranked, with what the result list shows.</summary>
internal sealed record KbIndexRow(long Id, string? ExternalId, string Title, string Body, KbVisibility Visibility, long? CategoryId, double Score);

/// <summary>The ranked articles and how they were found.</summary>
/// <param name="Passes">Scoring passes run: 1 when every match (or every match of the rarest terms, when that was provably
/// enough) was scored at once, 2 when the first pass was widened to the terms that could still matter.</param>
/// <param name="Pruned">Whether articles holding only common terms were left unscored.</param>
internal sealed record KbIndexResult(List<KbIndexRow> Rows, int Passes, bool Pruned);

/// <summary>What BM25 needs besides the articles: their number and total length and each query term's document frequency.</summary>
internal sealed record KbIndexStatistics(long Documents, long TotalLength, List<KbTermStatistic> Frequencies);

/// <summary>
/// The knowledge-base index on each database, read with raw ADO (the search is a hot path): BM25 ranking, the vocabulary
/// and the change marker. Both databases rank with exactly <see cref="Bm25"/>: SQLite through FTS5's <c>bm25()</c> with
/// column weights 1.5 (title) and 1.0 (body); PostgreSQL computes the same sum in SQL from the weighted tsvector
/// (A = title, D = body), the per-language document frequencies (kb_terms) and sizes (kb_stats).
/// </summary>
/// <remarks>
/// PostgreSQL's tsvector keeps at most 256 positions per term and none beyond position 16,383, so a term repeated more
/// than 256 times in one article, or an article longer than 16,383 terms, is counted lower there than on SQLite.
/// </remarks>
internal static class KbSearchIndex
{
    /// <summary>
    /// One article's BM25 on PostgreSQL, from its tsvector: for each query lexeme it holds (found by turning the query's
    /// lexemes to weight B and keeping only those), f = all its positions + 0.5 × its title positions (weight A), which is
    /// 1.5 × title + 1.0 × body occurrences. @idf is aligned with @terms; @avgdl is kb_stats' total length / count.
    /// </summary>
    private static readonly string PgScore = string.Create(CultureInfo.InvariantCulture, $$"""
        (SELECT sum(@idf[array_position(@terms, x.lexeme)] * ((x.f * {{Bm25.K1 + 1.0:R}}::float8) / (x.f + {{Bm25.K1:R}}::float8 * (1::float8 - {{Bm25.B:R}}::float8 + {{Bm25.B:R}}::float8 * c.search_length::float8 / @avgdl))))
           FROM (SELECT t.lexeme,
                        {{Bm25.BodyWeight:R}}::float8 * cardinality(t.positions)
                        + {{Bm25.TitleWeight - Bm25.BodyWeight:R}}::float8 * coalesce((SELECT cardinality(h.positions) FROM unnest(ts_filter(c.search_vector, '{a}')) h WHERE h.lexeme = t.lexeme), 0) AS f
                 FROM unnest(ts_filter(setweight(c.search_vector, 'b', @terms), '{b}')) t) x)
        """);

    /// <summary>
    /// The published articles of <paramref name="language"/> containing any of <paramref name="terms"/>, best first (ties
    /// by id), at most <paramref name="top"/>. Exactly the ranking of scoring every match, but articles that cannot reach
    /// the top are not scored (<see cref="Bm25Pruning"/>) when the document frequencies are known exactly: on PostgreSQL
    /// they are read live; on SQLite they are the cached <paramref name="vocabulary"/>'s while the index has not changed
    /// since it was read (its <see cref="KbVocabulary.Stamp"/>), otherwise every match is scored.
    /// </summary>
    public static async Task<KbIndexResult> Search(
        VinculoDb db, string language, IReadOnlyList<string> terms, int top, bool publicOnly, KbVocabulary vocabulary, long budget,
        CancellationToken ct)
    {
        CheckLanguage(language);
        // FTS5 gets the terms quoted; tsquery syntax is kept out by dropping anything but letters and digits.
        var searched = terms.Select(t => db.IsSqlite ? t : PgTerm(t)).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (searched.Count == 0)
        {
            return new KbIndexResult([], 0, false);
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var statistics = db.IsSqlite && budget <= 0 ? null : await Statistics(db, language, searched, vocabulary, ct);
            if (statistics is null)
            {
                return new KbIndexResult(await Rank(db, language, searched, null, null, top, publicOnly, ct), 1, false);
            }

            var frequencies = statistics.Frequencies;
            if (frequencies.All(f => f.DocumentFrequency == 0))
            {
                return new KbIndexResult([], 0, false);
            }

            var first = budget <= 0 ? [] : Bm25Pruning.FirstPass(frequencies, budget);
            var known = frequencies.Count(f => f.DocumentFrequency > 0);
            if (budget <= 0 || first.Count == known)
            {
                return new KbIndexResult(await Rank(db, language, searched, null, statistics, top, publicOnly, ct), 1, false);
            }

            var rows = await Rank(db, language, searched, first, statistics, top, publicOnly, ct);
            var threshold = rows.Count >= top ? rows[top - 1].Score : 0;
            var essential = Bm25Pruning.Essential(frequencies, statistics.Documents, threshold);
            if (essential.Count <= first.Count)
            {
                return new KbIndexResult(rows, 1, true); // every article that could beat the k-th was among those scored
            }

            var widened = essential.Count == known ? null : essential.ToList();
            return new KbIndexResult(await Rank(db, language, searched, widened, statistics, top, publicOnly, ct), 2, widened is not null);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The number of articles, their total length and each term's document frequency, exactly as the ranking sees them, or
    /// null when they cannot be known cheaply (SQLite's index changed since the vocabulary was read).
    /// </summary>
    private static async Task<KbIndexStatistics?> Statistics(
        VinculoDb db, string language, List<string> terms, KbVocabulary vocabulary, CancellationToken ct)
    {
        if (db.IsSqlite)
        {
            if (vocabulary.Stamp is null || vocabulary.Stamp != await SqliteStamp(db, language, ct))
            {
                return null;
            }

            return new KbIndexStatistics(vocabulary.DocumentCount, 0,
                terms.Select(t => new KbTermStatistic(t, vocabulary.DocumentFrequency(t))).ToList());
        }

        var frequencies = new Dictionary<string, long>(StringComparer.Ordinal);
        long documents = 0, length = 0;
        await Read(db, """
            SELECT term, doc_count FROM kb_terms WHERE language = @lang AND term = ANY(@terms);
            SELECT doc_count, total_length FROM kb_stats WHERE language = @lang;
            """, [("@lang", language), ("@terms", terms.ToArray())], async r =>
            {
                while (await r.ReadAsync(ct))
                {
                    frequencies[r.GetString(0)] = r.GetInt32(1);
                }

                await r.NextResultAsync(ct);
                if (await r.ReadAsync(ct))
                {
                    (documents, length) = (r.GetInt64(0), r.GetInt64(1));
                }
            }, ct);
        return new KbIndexStatistics(documents, length, terms.Select(t => new KbTermStatistic(t, documents == 0 ? 0 : frequencies.GetValueOrDefault(t))).ToList());
    }

    /// <summary>
    /// Scores with every term of <paramref name="terms"/> the published articles that contain any of
    /// <paramref name="candidates"/> (any term when null) and returns the best <paramref name="top"/>.
    /// </summary>
    private static Task<List<KbIndexRow>> Rank(
        VinculoDb db, string language, List<string> terms, IReadOnlyCollection<string>? candidates, KbIndexStatistics? statistics,
        int top, bool publicOnly, CancellationToken ct)
    {
        if (db.IsSqlite)
        {
            var fts = "kb_fts_" + language;
            var weights = string.Create(CultureInfo.InvariantCulture, $"{Bm25.TitleWeight:R}, {Bm25.BodyWeight:R}");
            var visible = publicOnly ? $" JOIN kb_articles p ON p.id = f.rowid AND p.visibility = {(int)KbVisibility.Public}" : "";
            // The unary + keeps the candidate test a filter: FTS5 still walks the whole match (cheap) and bm25() (costly)
            // runs only for the rows that pass, with the idf of every term as in the unfiltered query.
            var filter = candidates is null ? "" : $" AND +f.rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH @c)";
            var sql = $"""
                SELECT a.id, a.external_id, a.title, a.body, a.visibility, a.category_id, -r.rank
                FROM (
                  SELECT f.rowid AS id, bm25({fts}, {weights}) AS rank FROM {fts} f{visible}
                  WHERE {fts} MATCH @q{filter}
                  ORDER BY rank, f.rowid LIMIT @top
                ) r JOIN kb_articles a ON a.id = r.id
                ORDER BY r.rank, r.id
                """;
            var parameters = new List<(string, object)> { ("@q", FtsQuery(terms)), ("@top", top) };
            if (candidates is not null)
            {
                parameters.Add(("@c", FtsQuery(candidates)));
            }

            return Query(db, sql, parameters, ReadRow, ct);
        }

        // PostgreSQL: the same sum, from kb_terms' document frequencies and kb_stats' count and total length.
        var stats = statistics ?? throw new InvalidOperationException("PostgreSQL ranks with the statistics read first.");
        var known = stats.Frequencies.Where(f => f.DocumentFrequency > 0).ToList();
        var candidateTerms = candidates ?? known.Select(f => f.Term).ToList();
        var pgSql = $"""
            SELECT a.id, a.external_id, a.title, a.body, a.visibility, a.category_id, r.score
            FROM (
              SELECT c.id, {PgScore} AS score
              FROM kb_articles c
              WHERE c.search_vector @@ to_tsquery('simple', @tsq) AND c.status = {(int)KbStatus.Published} AND c.language = @lang{(publicOnly ? $" AND c.visibility = {(int)KbVisibility.Public}" : "")}
              ORDER BY score DESC, c.id
              LIMIT @top
            ) r JOIN kb_articles a ON a.id = r.id
            ORDER BY r.score DESC, r.id
            """;
        return Query(db, pgSql,
        [
            ("@lang", language),
            ("@terms", known.Select(f => f.Term).ToArray()),
            ("@idf", known.Select(f => Bm25.Idf(stats.Documents, f.DocumentFrequency)).ToArray()),
            ("@avgdl", (double)stats.TotalLength / stats.Documents),
            ("@tsq", string.Join(" | ", candidateTerms)),
            ("@top", top),
        ], ReadRow, ct);
    }

    /// <summary>The terms quoted (so FTS5 syntax in them means nothing) and OR-ed.</summary>
    private static string FtsQuery(IEnumerable<string> terms) =>
        string.Join(" OR ", terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    /// <summary>
    /// FTS5's structure record, which it rewrites on every change to the index: equal bytes mean an unchanged index.
    /// Only compared, never parsed; null when the table has none.
    /// </summary>
    private static async Task<string?> SqliteStamp(VinculoDb db, string language, CancellationToken ct)
    {
        var rows = await Query(db, $"SELECT block FROM kb_fts_{language}_data WHERE id = 10", [],
            r => r.IsDBNull(0) ? null : Convert.ToHexString((byte[])r.GetValue(0)), ct);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>
    /// The language's vocabulary: every indexed term with its document frequency, the number of articles and, on SQLite,
    /// the index's stamp when they all describe the same state of the index.
    /// </summary>
    public static async Task<KbVocabulary> Vocabulary(VinculoDb db, string language, CancellationToken ct)
    {
        CheckLanguage(language);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            List<KeyValuePair<string, int>> terms;
            long documents;
            string? stamp = null;
            if (db.IsSqlite)
            {
                // No write lock is taken: the stamp read before and after tells whether the index changed meanwhile, in
                // which case the figures may mix two states and get no stamp (so they never drive pruning).
                var before = await SqliteStamp(db, language, ct);
                terms = await Query(db, $"SELECT term, doc FROM kb_fts_{language}_vocab WHERE doc > 0", [],
                    r => new KeyValuePair<string, int>(r.GetString(0), Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture)), ct);
                documents = (await Query(db, $"SELECT count(*) FROM kb_fts_{language}_docsize", [], r => r.GetInt64(0), ct))[0];
                var after = await SqliteStamp(db, language, ct);
                stamp = before == after ? before : null;
            }
            else
            {
                terms = await Query(db, "SELECT term, doc_count FROM kb_terms WHERE language = @lang AND doc_count > 0", [("@lang", language)],
                    r => new KeyValuePair<string, int>(r.GetString(0), r.GetInt32(1)), ct);
                var stats = await Query(db, "SELECT doc_count FROM kb_stats WHERE language = @lang", [("@lang", language)], r => r.GetInt64(0), ct);
                documents = stats.Count == 0 ? 0 : stats[0];
            }

            return new KbVocabulary(terms, documents, stamp);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The analysed synonym groups' text of a language.</summary>
    public static Task<List<string>> SynonymGroups(VinculoDb db, string language, CancellationToken ct) =>
        Query(db, "SELECT terms FROM kb_synonyms WHERE language = @lang ORDER BY id", [("@lang", language)], r => r.GetString(0), ct);

    /// <summary>
    /// A cheap marker that changes whenever the language's index may have changed, so an unchanged vocabulary need not be
    /// read again: SQLite's index stamp; on PostgreSQL the number of articles, the latest change and the highest id.
    /// </summary>
    public static async Task<string> IndexMarker(VinculoDb db, string language, CancellationToken ct)
    {
        CheckLanguage(language);
        if (db.IsSqlite && await SqliteStamp(db, language, ct) is { } stamp)
        {
            return stamp;
        }

        var rows = await Query(db,
            "SELECT (SELECT count(*) FROM kb_articles), (SELECT max(updated_at) FROM kb_articles), (SELECT max(id) FROM kb_articles)",
            [], r => string.Join('|', Enumerable.Range(0, 3).Select(i => r.IsDBNull(i) ? "" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))), ct);
        return rows[0];
    }

    private static KbIndexRow ReadRow(DbDataReader r) => new(
        r.GetInt64(0),
        r.IsDBNull(1) ? null : r.GetString(1),
        r.GetString(2),
        r.GetString(3),
        (KbVisibility)Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture),
        r.IsDBNull(5) ? null : r.GetInt64(5),
        r.GetDouble(6));

    private static async Task<List<T>> Query<T>(
        VinculoDb db, string sql, IReadOnlyList<(string Name, object Value)> parameters, Func<DbDataReader, T> map, CancellationToken ct)
    {
        var rows = new List<T>();
        await Read(db, sql, parameters, async reader =>
        {
            if (db.IsSqlite)
            {
                // SQLite does no I/O asynchronously; the synchronous reader avoids the async state machines.
                while (reader.Read())
                {
                    rows.Add(map(reader));
                }
            }
            else
            {
                while (await reader.ReadAsync(ct))
                {
                    rows.Add(map(reader));
                }
            }
        }, ct);
        return rows;
    }

    private static async Task Read(
        VinculoDb db, string sql, IReadOnlyList<(string Name, object Value)> parameters, Func<DbDataReader, Task> read, CancellationToken ct)
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

            await using var reader = db.IsSqlite ? command.ExecuteReader() : await command.ExecuteReaderAsync(ct);
            await read(reader);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Table names are built from the language: only the two known ones get there.</summary>
    private static void CheckLanguage(string language)
    {
        if (!KbAnalysis.IsLanguage(language))
        {
            throw new ArgumentOutOfRangeException(nameof(language), language, "Unknown language.");
        }
    }

    /// <summary>Analysed terms are folded letters and digits; anything else is dropped so tsquery syntax cannot leak in.</summary>
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

        return sb.ToString();
    }
}

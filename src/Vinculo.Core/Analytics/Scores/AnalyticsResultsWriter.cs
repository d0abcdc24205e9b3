using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Analytics;
using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Analytics.Scores;

/// <summary>What one write stored: counts of rows written and left out, alerts raised, and how long it took.</summary>
/// <param name="RunId">The run the results belong to.</param>
/// <param name="Scores">Customer score rows written.</param>
/// <param name="Affinities">Product association rules written.</param>
/// <param name="Propensities">Next-product rows written.</param>
/// <param name="SkippedScores">Scores of customers that no longer exist (deleted or merged since the warehouse load): left out.</param>
/// <param name="SkippedAffinities">Rules naming a product that does not exist: left out.</param>
/// <param name="SkippedPropensities">Next products of unknown customers or products: left out.</param>
/// <param name="AlertsRaised">New payment-default alerts.</param>
/// <param name="AlertsOpen">Open payment-default alerts after the write.</param>
/// <param name="Elapsed">Time spent writing (one transaction).</param>
/// <param name="Phases">Where that time went: validate, read ids, delete, insert, index, alerts, commit.</param>
public sealed record AnalyticsWriteResult(
    long RunId,
    int Scores,
    int Affinities,
    int Propensities,
    int SkippedScores,
    int SkippedAffinities,
    int SkippedPropensities,
    int AlertsRaised,
    int AlertsOpen,
    TimeSpan Elapsed,
    IReadOnlyList<KeyValuePair<string, TimeSpan>> Phases);

/// <summary>
/// Writes what an analytics run computed into the operational database as the new current state: one transaction
/// replaces <c>customer_scores</c>, <c>product_affinities</c> and <c>customer_product_propensities</c>, raises the
/// payment-default alerts and finishes the <c>analytics_runs</c> row with its summary. Readers see the previous
/// results until it commits, and never half of a run.
/// </summary>
/// <remarks>
/// <para>
/// Bulk paths as in <c>Storage/Bulk</c>: on SQLite multi-row INSERT statements compiled once and bound by position
/// through SQLitePCL (text bound as UTF-8 from a reused buffer, so the row loop allocates only the factor JSON); on
/// PostgreSQL binary COPY. The previous rows are removed with DELETE rather than TRUNCATE, so readers on PostgreSQL
/// are never blocked by the write.
/// </para>
/// <para>
/// Rows naming a customer or product that no longer exists (deleted or merged between the warehouse load and this
/// write) are left out and counted, rather than failing the whole run.
/// </para>
/// <para>
/// Alerts: a customer whose default probability is at least <see cref="ScoreOptions.DefaultAlertThreshold"/> gets a
/// new open alert unless one is already open, or one was handled (case opened or dismissed) within
/// <see cref="ScoreOptions.DefaultAlertQuietDays"/> days. An open alert is never closed by a run: it keeps the
/// probability it was raised with and shows the latest one in <c>current_probability</c>, even when the customer fell
/// below the threshold, until somebody opens a case or dismisses it.
/// </para>
/// </remarks>
public sealed class AnalyticsResultsWriter(VinculoDb db, TimeProvider clock, IOptions<ScoreOptions> options)
{
    /// <summary>Longest error text kept on a failed run.</summary>
    public const int MaxError = 8_000;

    private static readonly JsonSerializerOptions SummaryJson = new(JsonSerializerDefaults.Web);

    /// <summary>The secondary indexes of customer_scores, as migration M0010 creates them.</summary>
    private static readonly string[] CreateScoreIndexes =
    [
        "CREATE INDEX ix_customer_scores_segment ON customer_scores (rfm_segment, customer_id)",
        "CREATE INDEX ix_customer_scores_churn ON customer_scores (churn_probability, customer_id)",
        "CREATE INDEX ix_customer_scores_default ON customer_scores (default_probability, customer_id)",
        "CREATE INDEX ix_customer_scores_value ON customer_scores (lifetime_value, customer_id)",
    ];

    private static readonly string[] DropScoreIndexes =
    [
        "DROP INDEX IF EXISTS ix_customer_scores_segment",
        "DROP INDEX IF EXISTS ix_customer_scores_churn",
        "DROP INDEX IF EXISTS ix_customer_scores_default",
        "DROP INDEX IF EXISTS ix_customer_scores_value",
    ];

    private DateTime Now() => Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);

    /// <summary>Records the start of a run ("full" or "incremental") as running and returns its id.</summary>
    public async Task<long> StartRunAsync(string mode, CancellationToken ct = default)
    {
        var run = new AnalyticsRun { StartedAt = Now(), Mode = Mode(mode), Status = AnalyticsRunStatus.Running };
        db.AnalyticsRuns.Add(run);
        await db.SaveChangesAsync(ct);
        db.Entry(run).State = EntityState.Detached;
        return run.Id;
    }

    /// <summary>
    /// Marks a running run as failed with <paramref name="error"/> (cut to <see cref="MaxError"/> characters); the
    /// current scores stay as they were. False when no such run; 409 (<see cref="ConflictException"/>) when it is not running.
    /// </summary>
    public async Task<bool> FailRunAsync(long runId, string error, CancellationToken ct = default)
    {
        var text = string.IsNullOrWhiteSpace(error) ? "Unknown error." : error.Trim();
        if (text.Length > MaxError)
        {
            text = text[..MaxError];
        }

        var run = await db.AnalyticsRuns.FirstOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null)
        {
            return false;
        }

        if (run.Status != AnalyticsRunStatus.Running)
        {
            throw new ConflictException($"Analytics run {runId} is {AnalyticsText.Camel(run.Status)}, not running.");
        }

        run.Status = AnalyticsRunStatus.Failed;
        run.FinishedAt = Now();
        run.Error = text;
        await db.SaveChangesAsync(ct);
        db.Entry(run).State = EntityState.Detached;
        return true;
    }

    /// <summary>Starts a run (mode from the summary) and writes its results in the same transaction.</summary>
    public Task<AnalyticsWriteResult> WriteAsync(AnalyticsResults results, CancellationToken ct = default) =>
        Write(null, results, ct);

    /// <summary>
    /// Writes <paramref name="results"/> as the new current state and marks run <paramref name="runId"/> succeeded.
    /// 400 (<see cref="ValidationException"/>) for values out of range (probabilities outside 0–1 or not numbers,
    /// duplicate customers or ranks, money that does not fit), 409 when the run is not running; nothing is written then.
    /// </summary>
    public Task<AnalyticsWriteResult> WriteAsync(long runId, AnalyticsResults results, CancellationToken ct = default) =>
        Write(runId, results, ct);

    private async Task<AnalyticsWriteResult> Write(long? runId, AnalyticsResults results, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(results);
        var watch = Stopwatch.StartNew();
        var phases = new List<KeyValuePair<string, TimeSpan>>();
        var mark = TimeSpan.Zero;
        void Phase(string name)
        {
            phases.Add(new(name, watch.Elapsed - mark));
            mark = watch.Elapsed;
        }

        Validate(results);
        Phase("validate");
        var now = Now();
        var computedAt = results.Summary.FinishedAt == default ? now : Timestamps.Truncate(Utc(results.Summary.FinishedAt));
        var summary = JsonSerializer.Serialize(results.Summary, SummaryJson);
        var threshold = options.Value.Threshold;
        var quietSince = now.AddDays(-Math.Max(0, options.Value.DefaultAlertQuietDays));

        var strategyOwnsConnection = db.Database.GetDbConnection().State != System.Data.ConnectionState.Open;
        await db.Database.OpenConnectionAsync(ct);
        var foreignKeysOff = false;
        try
        {
            if (db.IsSqlite && db.Database.CurrentTransaction is null)
            {
                // Every customer and product id is checked against the tables inside the transaction below, so SQLite's
                // per-row foreign-key lookups (and the row-by-row DELETE they force) would only repeat that work. The
                // pragma cannot change inside a transaction, hence here; it is put back in the finally block.
                await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF", ct);
                foreignKeysOff = true;
            }

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            AnalyticsRun run;
            if (runId is { } id)
            {
                run = await db.AnalyticsRuns.FirstOrDefaultAsync(r => r.Id == id, ct)
                    ?? throw ValidationException.For("runId", $"No analytics run has the id {id}.");
                if (run.Status != AnalyticsRunStatus.Running)
                {
                    throw new ConflictException($"Analytics run {id} is {AnalyticsText.Camel(run.Status)}, not running.");
                }
            }
            else
            {
                run = new AnalyticsRun { StartedAt = now, Mode = Mode(results.Summary.Mode), Status = AnalyticsRunStatus.Running };
                db.AnalyticsRuns.Add(run);
                await db.SaveChangesAsync(ct);
            }

            var customers = await Ids(tx, "customers", ct);
            var products = await Ids(tx, "products", ct);
            Phase("readIds");

            // SQLite: the score indexes are dropped and built again from the sorted rows, which is several times faster
            // than keeping four random-order indexes up to date row by row; readers (WAL) keep seeing the old rows and
            // indexes until the commit. PostgreSQL keeps them: dropping would lock readers out for the whole write.
            if (db.IsSqlite)
            {
                foreach (var sql in DropScoreIndexes)
                {
                    await db.Database.ExecuteSqlRawAsync(sql, ct);
                }
            }

            await db.Database.ExecuteSqlRawAsync("DELETE FROM customer_product_propensities", ct);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM product_affinities", ct);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM customer_scores", ct);
            Phase("delete");

            var scores = Known(results.Scores, s => customers.Contains(s.CustomerId));
            var affinities = Known(results.Affinities, a => products.Contains(a.AntecedentProductId) && products.Contains(a.ConsequentProductId));
            var propensities = Known(results.Propensities, p => customers.Contains(p.CustomerId) && products.Contains(p.ProductId)
                && (p.BecauseOfProductId is not { } because || products.Contains(because)));
            var percentiles = ValuePercentiles(scores);
            if (db.IsSqlite)
            {
                var handle = ((SqliteConnection)db.Database.GetDbConnection()).Handle!;
                SqliteScoreRows.Write(handle, run.Id, computedAt, scores, percentiles, affinities, propensities, ct);
            }
            else
            {
                var connection = (NpgsqlConnection)db.Database.GetDbConnection();
                await PostgresRows(connection, run.Id, computedAt, scores, percentiles, affinities, propensities, ct);
            }

            Phase("insert");
            if (db.IsSqlite)
            {
                foreach (var sql in CreateScoreIndexes)
                {
                    await db.Database.ExecuteSqlRawAsync(sql, ct);
                }
            }

            Phase("index");
            object nowValue = db.IsSqlite ? Timestamps.ToMicroseconds(now) : now;
            object quietValue = db.IsSqlite ? Timestamps.ToMicroseconds(quietSince) : quietSince;
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE default_alerts SET current_probability = "
                + "(SELECT s.default_probability FROM customer_scores s WHERE s.customer_id = default_alerts.customer_id) WHERE status = 'open'", ct);
            var raised = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO default_alerts (customer_id, run_id, probability, current_probability, threshold, raised_at, status)
                SELECT s.customer_id, {run.Id}, s.default_probability, s.default_probability, {threshold}, {nowValue}, 'open'
                FROM customer_scores s
                WHERE s.default_probability >= {threshold}
                  AND NOT EXISTS (SELECT 1 FROM default_alerts a WHERE a.customer_id = s.customer_id AND (a.status = 'open' OR a.handled_at >= {quietValue}))
                ORDER BY s.customer_id
                """, ct);
            var open = await db.DefaultAlerts.CountAsync(a => a.Status == DefaultAlertStatus.Open, ct);
            Phase("alerts");

            run.Status = AnalyticsRunStatus.Succeeded;
            run.FinishedAt = now;
            run.Summary = summary;
            run.Error = null;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            Phase("commit");
            db.Entry(run).State = EntityState.Detached;
            return new AnalyticsWriteResult(run.Id, scores.Count, affinities.Count, propensities.Count,
                results.Scores.Count - scores.Count, results.Affinities.Count - affinities.Count, results.Propensities.Count - propensities.Count,
                raised, open, watch.Elapsed, phases);
        }
        finally
        {
            db.ChangeTracker.Clear();
            if (foreignKeysOff)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = ON", CancellationToken.None);
            }

            if (strategyOwnsConnection)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>The rows that pass <paramref name="keep"/>: the list itself when all do (the usual case), else a copy.</summary>
    private static IReadOnlyList<T> Known<T>(IReadOnlyList<T> rows, Func<T, bool> keep)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            if (!keep(rows[i]))
            {
                var kept = new List<T>(rows.Count);
                for (var j = 0; j < rows.Count; j++)
                {
                    if (keep(rows[j]))
                    {
                        kept.Add(rows[j]);
                    }
                }

                return kept;
            }
        }

        return rows;
    }

    /// <summary>Every id of a table, read inside the write transaction (so nothing deleted meanwhile slips through).</summary>
    private async Task<IdSet> Ids(IDbContextTransaction tx, string table, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = tx.GetDbTransaction();
        command.CommandText = $"SELECT id FROM {table} ORDER BY id";
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetInt64(0));
        }

        return new IdSet([.. ids]);
    }

    /// <summary>
    /// For each score with a lifetime value, the share of those scores whose value is at most its own (ties share the
    /// highest position), so the most valuable customer is 1; NaN where there is no lifetime value.
    /// </summary>
    internal static double[] ValuePercentiles(IReadOnlyList<CustomerScore> scores)
    {
        var result = new double[scores.Count];
        var n = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            if (scores[i].LifetimeValue is not null)
            {
                n++;
            }
        }

        var values = new long[n];
        var index = new int[n];
        for (int i = 0, k = 0; i < scores.Count; i++)
        {
            result[i] = double.NaN;
            if (scores[i].LifetimeValue is { } v)
            {
                values[k] = Money4.ToScaled(v);
                index[k++] = i;
            }
        }

        Array.Sort(values, index);
        for (var k = 0; k < n;)
        {
            var end = k;
            while (end + 1 < n && values[end + 1] == values[k])
            {
                end++;
            }

            var share = (end + 1) / (double)n;
            for (; k <= end; k++)
            {
                result[index[k]] = share;
            }
        }

        return result;
    }

    private static async Task PostgresRows(NpgsqlConnection connection, long runId, DateTime computedAt,
        IReadOnlyList<CustomerScore> scores, double[] percentiles, IReadOnlyList<ProductAffinity> affinities, IReadOnlyList<ProductPropensity> propensities, CancellationToken ct)
    {
        var json = new FactorJson();
        await Copy(connection, scores, "customer_scores (customer_id, run_id, computed_at, recency_days, frequency, monetary, r, f, m, rfm_segment, "
            + "cluster, churn_probability, churn_factors, default_probability, default_factors, expected_purchases, probability_alive, "
            + "expected_average_spend, lifetime_value, value_percentile)", (w, s, i) =>
        {
            w.Write(s.CustomerId, NpgsqlDbType.Bigint);
            w.Write(runId, NpgsqlDbType.Bigint);
            w.Write(computedAt, NpgsqlDbType.TimestampTz);
            Int(w, s.RecencyDays);
            w.Write(s.Frequency, NpgsqlDbType.Integer);
            w.Write(Money4.ToScaled(s.Monetary), NpgsqlDbType.Bigint);
            w.Write(s.R, NpgsqlDbType.Integer);
            w.Write(s.F, NpgsqlDbType.Integer);
            w.Write(s.M, NpgsqlDbType.Integer);
            w.Write(s.RfmSegment, NpgsqlDbType.Text);
            Int(w, s.Cluster);
            Double(w, s.ChurnProbability);
            w.Write(json.Text(s.ChurnFactors), NpgsqlDbType.Text);
            Double(w, s.DefaultProbability);
            w.Write(json.Text(s.DefaultFactors), NpgsqlDbType.Text);
            Double(w, s.ExpectedPurchases);
            Double(w, s.ProbabilityAlive);
            Money(w, s.ExpectedAverageSpend);
            Money(w, s.LifetimeValue);
            Double(w, s.LifetimeValue is null ? null : percentiles[i]);
        }, ct);
        await Copy(connection, affinities, "product_affinities (antecedent_product_id, consequent_product_id, count, support, confidence, lift)", (w, a, _) =>
        {
            w.Write(a.AntecedentProductId, NpgsqlDbType.Bigint);
            w.Write(a.ConsequentProductId, NpgsqlDbType.Bigint);
            w.Write(a.Count, NpgsqlDbType.Integer);
            w.Write(a.Support, NpgsqlDbType.Double);
            w.Write(a.Confidence, NpgsqlDbType.Double);
            w.Write(a.Lift, NpgsqlDbType.Double);
        }, ct);
        await Copy(connection, propensities, "customer_product_propensities (customer_id, rank, product_id, score, because_of_product_id)", (w, p, _) =>
        {
            w.Write(p.CustomerId, NpgsqlDbType.Bigint);
            w.Write(p.Rank, NpgsqlDbType.Integer);
            w.Write(p.ProductId, NpgsqlDbType.Bigint);
            w.Write(p.Score, NpgsqlDbType.Double);
            if (p.BecauseOfProductId is { } because)
            {
                w.Write(because, NpgsqlDbType.Bigint);
            }
            else
            {
                w.WriteNull();
            }
        }, ct);
    }

    private static async Task Copy<T>(NpgsqlConnection connection, IReadOnlyList<T> rows, string target, Action<NpgsqlBinaryImporter, T, int> write, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var w = await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", ct);
        for (var i = 0; i < rows.Count; i++)
        {
            if ((i & 4095) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            // Synchronous writes: they only fill Npgsql's buffer and flush when it is full, which is all COPY needs.
            w.StartRow();
            write(w, rows[i], i);
        }

        await w.CompleteAsync(ct);
    }

    private static void Int(NpgsqlBinaryImporter w, int? value)
    {
        if (value is { } v)
        {
            w.Write(v, NpgsqlDbType.Integer);
        }
        else
        {
            w.WriteNull();
        }
    }

    private static void Double(NpgsqlBinaryImporter w, double? value)
    {
        if (value is { } v)
        {
            w.Write(v, NpgsqlDbType.Double);
        }
        else
        {
            w.WriteNull();
        }
    }

    private static void Money(NpgsqlBinaryImporter w, decimal? value)
    {
        if (value is { } v)
        {
            w.Write(Money4.ToScaled(v), NpgsqlDbType.Bigint);
        }
        else
        {
            w.WriteNull();
        }
    }

    private static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    private static string Mode(string? mode)
    {
        var text = (mode ?? "").Trim().ToLowerInvariant();
        return text is "full" or "incremental" ? text : throw ValidationException.For("mode", "The mode must be full or incremental.");
    }

    /// <summary>Rejects values the tables cannot hold or the readers would misread, naming the first bad entries.</summary>
    private static void Validate(AnalyticsResults results)
    {
        ArgumentNullException.ThrowIfNull(results.Summary);
        ArgumentNullException.ThrowIfNull(results.Scores);
        ArgumentNullException.ThrowIfNull(results.Affinities);
        ArgumentNullException.ThrowIfNull(results.Propensities);
        var errors = new ValidationErrors();
        var problems = 0;
        void Add(string field, string message)
        {
            if (++problems <= 20)
            {
                errors.Add(field, message);
            }
        }

        Mode(results.Summary.Mode);
        var seen = new HashSet<long>(results.Scores.Count);
        for (var i = 0; i < results.Scores.Count; i++)
        {
            var s = results.Scores[i];
            if (s is null)
            {
                Add($"scores[{i}]", "Missing.");
                continue;
            }

            if (!seen.Add(s.CustomerId))
            {
                Add($"scores[{i}].customerId", $"Customer {s.CustomerId} is scored twice.");
            }

            if (string.IsNullOrWhiteSpace(s.RfmSegment) || s.RfmSegment.Length > 40)
            {
                Add($"scores[{i}].rfmSegment", "Required, at most 40 characters.");
            }

            Probability(s.ChurnProbability, $"scores[{i}].churnProbability", Add);
            Probability(s.DefaultProbability, $"scores[{i}].defaultProbability", Add);
            Probability(s.ProbabilityAlive, $"scores[{i}].probabilityAlive", Add);
            if (s.ExpectedPurchases is { } e && (!double.IsFinite(e) || e < 0))
            {
                Add($"scores[{i}].expectedPurchases", "Must be a number of at least 0.");
            }

            foreach (var (amount, name) in new[] { ((decimal?)s.Monetary, "monetary"), (s.ExpectedAverageSpend, "expectedAverageSpend"), (s.LifetimeValue, "lifetimeValue") })
            {
                if (amount is { } a && (a > Money4.Max || a < -Money4.Max))
                {
                    Add($"scores[{i}].{name}", "The amount is too large.");
                }
            }

            Factors(s.ChurnFactors, $"scores[{i}].churnFactors", Add);
            Factors(s.DefaultFactors, $"scores[{i}].defaultFactors", Add);
        }

        var pairs = new HashSet<(long, long)>(results.Affinities.Count);
        for (var i = 0; i < results.Affinities.Count; i++)
        {
            var a = results.Affinities[i];
            if (a is null || !pairs.Add((a.AntecedentProductId, a.ConsequentProductId)))
            {
                Add($"affinities[{i}]", "Missing or repeated rule.");
            }
            else if (!double.IsFinite(a.Support) || !double.IsFinite(a.Confidence) || !double.IsFinite(a.Lift))
            {
                Add($"affinities[{i}]", "Support, confidence and lift must be numbers.");
            }
        }

        var ranks = new HashSet<(long, int)>(results.Propensities.Count);
        for (var i = 0; i < results.Propensities.Count; i++)
        {
            var p = results.Propensities[i];
            if (p is null || p.Rank < 1 || !ranks.Add((p.CustomerId, p.Rank)))
            {
                Add($"propensities[{i}].rank", "Ranks start at 1 and are unique per customer.");
            }
            else if (!double.IsFinite(p.Score))
            {
                Add($"propensities[{i}].score", "Must be a number.");
            }
        }

        errors.ThrowIfInvalid();
    }

    private static void Probability(double? value, string field, Action<string, string> add)
    {
        if (value is { } p && !(p >= 0 && p <= 1))
        {
            add(field, "A probability must be between 0 and 1.");
        }
    }

    private static void Factors(IReadOnlyList<ScoreFactor>? factors, string field, Action<string, string> add)
    {
        if (factors is null)
        {
            return;
        }

        for (var j = 0; j < factors.Count; j++)
        {
            if (factors[j] is not { } f || string.IsNullOrWhiteSpace(f.Feature) || !double.IsFinite(f.Contribution))
            {
                add($"{field}[{j}]", "A factor needs a feature and a numeric contribution.");
            }
        }
    }

    /// <summary>The ids of a table as a sorted array, looked up by binary search (8 bytes per id, no hashing).</summary>
    private sealed class IdSet(long[] sorted)
    {
        public bool Contains(long id) => Array.BinarySearch(sorted, id) >= 0;
    }
}

/// <summary>
/// The stored form of score factors: a camelCase JSON array of <see cref="ScoreFactor"/>
/// (<c>[{"feature":"overdueInvoices","value":"2","contribution":0.81}]</c>), written with a reused buffer.
/// </summary>
public sealed class FactorJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private Utf8JsonWriter? _writer;

    /// <summary>The factors as UTF-8 JSON; valid until the next call.</summary>
    public ReadOnlySpan<byte> Utf8(IReadOnlyList<ScoreFactor>? factors)
    {
        _buffer.ResetWrittenCount();
        if (_writer is null)
        {
            _writer = new Utf8JsonWriter(_buffer);
        }
        else
        {
            _writer.Reset(_buffer);
        }

        var w = _writer;
        w.WriteStartArray();
        if (factors is not null)
        {
            for (var i = 0; i < factors.Count; i++)
            {
                var f = factors[i];
                w.WriteStartObject();
                w.WriteString("feature"u8, f.Feature);
                w.WriteString("value"u8, f.Value);
                w.WriteNumber("contribution"u8, f.Contribution);
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
        w.Flush();
        return _buffer.WrittenSpan;
    }

    /// <summary>The factors as JSON text.</summary>
    public string Text(IReadOnlyList<ScoreFactor>? factors) =>
        factors is null || factors.Count == 0 ? "[]" : System.Text.Encoding.UTF8.GetString(Utf8(factors));

    /// <summary>Reads stored factors; an empty list for empty or unreadable text.</summary>
    public static IReadOnlyList<ScoreFactor> Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || json == "[]")
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<ScoreFactor>>(json, Options) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

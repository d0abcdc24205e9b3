using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Vinculo.Core.Storage;
using Vinculo.Domain.Analytics;
using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Analytics.Scores;

/// <summary>
/// The SQLite bulk path of <see cref="AnalyticsResultsWriter"/>: multi-row INSERT statements compiled once and bound by
/// position on the connection's handle, inside the transaction the writer opened on that connection (the same
/// technique as <c>Storage/Bulk/SqliteBulkWriter</c>).
/// </summary>
internal static class SqliteScoreRows
{
    /// <summary>Rows per statement: SQLite's fixed cost per statement is paid once for this many rows.</summary>
    private const int RowsPerStatement = 32;

    private const int ScoreColumns = 20;

    public static void Write(sqlite3 db, long runId, DateTime computedAt, IReadOnlyList<CustomerScore> scores, double[] percentiles,
        IReadOnlyList<ProductAffinity> affinities, IReadOnlyList<ProductPropensity> propensities, CancellationToken ct)
    {
        var computed = Timestamps.ToMicroseconds(computedAt);
        var json = new FactorJson();
        Insert(db, "customer_scores", "customer_id, run_id, computed_at, recency_days, frequency, monetary, r, f, m, rfm_segment, cluster, "
            + "churn_probability, churn_factors, default_probability, default_factors, expected_purchases, probability_alive, "
            + "expected_average_spend, lifetime_value, value_percentile", ScoreColumns, scores, (s, o, x, i) =>
        {
            s.Long(o + 1, x.CustomerId);
            s.Long(o + 2, runId);
            s.Long(o + 3, computed);
            s.Long(o + 4, x.RecencyDays);
            s.Long(o + 5, x.Frequency);
            s.Long(o + 6, Money4.ToScaled(x.Monetary));
            s.Long(o + 7, x.R);
            s.Long(o + 8, x.F);
            s.Long(o + 9, x.M);
            s.Text(o + 10, x.RfmSegment);
            s.Long(o + 11, x.Cluster);
            s.Double(o + 12, x.ChurnProbability);
            s.Utf8(o + 13, json.Utf8(x.ChurnFactors));
            s.Double(o + 14, x.DefaultProbability);
            s.Utf8(o + 15, json.Utf8(x.DefaultFactors));
            s.Double(o + 16, x.ExpectedPurchases);
            s.Double(o + 17, x.ProbabilityAlive);
            s.Long(o + 18, x.ExpectedAverageSpend is { } spend ? Money4.ToScaled(spend) : null);
            s.Long(o + 19, x.LifetimeValue is { } value ? Money4.ToScaled(value) : null);
            s.Double(o + 20, x.LifetimeValue is null ? null : percentiles[i]);
        }, ct);
        Insert(db, "product_affinities", "antecedent_product_id, consequent_product_id, count, support, confidence, lift", 6, affinities, (s, o, x, _) =>
        {
            s.Long(o + 1, x.AntecedentProductId);
            s.Long(o + 2, x.ConsequentProductId);
            s.Long(o + 3, x.Count);
            s.Double(o + 4, x.Support);
            s.Double(o + 5, x.Confidence);
            s.Double(o + 6, x.Lift);
        }, ct);
        Insert(db, "customer_product_propensities", "customer_id, rank, product_id, score, because_of_product_id", 5, propensities, (s, o, x, _) =>
        {
            s.Long(o + 1, x.CustomerId);
            s.Long(o + 2, x.Rank);
            s.Long(o + 3, x.ProductId);
            s.Double(o + 4, x.Score);
            s.Long(o + 5, x.BecauseOfProductId);
        }, ct);
    }

    private static void Insert<T>(sqlite3 db, string table, string columns, int parameters, IReadOnlyList<T> rows,
        Action<Statement, int, T, int> bind, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var n = 0;
        if (rows.Count >= RowsPerStatement)
        {
            using var many = Statement.Insert(db, table, columns, parameters, RowsPerStatement);
            for (; n + RowsPerStatement <= rows.Count; n += RowsPerStatement)
            {
                if ((n & 4095) < RowsPerStatement)
                {
                    ct.ThrowIfCancellationRequested();
                }

                for (var r = 0; r < RowsPerStatement; r++)
                {
                    bind(many, r * parameters, rows[n + r], n + r);
                }

                many.Run();
            }
        }

        if (n < rows.Count)
        {
            using var one = Statement.Insert(db, table, columns, parameters, 1);
            for (; n < rows.Count; n++)
            {
                bind(one, 0, rows[n], n);
                one.Run();
            }
        }
    }

    /// <summary>A statement compiled once; values are bound by position (1-based), text as UTF-8 from a reused buffer.</summary>
    private sealed class Statement : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;
        private byte[] _utf8 = new byte[1024];

        private Statement(sqlite3 db, string sql)
        {
            _db = db;
            var rc = raw.sqlite3_prepare_v3(db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement);
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        public static Statement Insert(sqlite3 db, string table, string columns, int parameters, int rows)
        {
            var row = "(" + string.Join(", ", Enumerable.Repeat("?", parameters)) + ")";
            return new Statement(db, $"INSERT INTO {table} ({columns}) VALUES {string.Join(", ", Enumerable.Repeat(row, rows))}");
        }

        public void Long(int index, long? value)
        {
            if (value is { } v)
            {
                raw.sqlite3_bind_int64(_statement, index, v);
            }
            else
            {
                raw.sqlite3_bind_null(_statement, index);
            }
        }

        public void Double(int index, double? value)
        {
            if (value is { } v)
            {
                raw.sqlite3_bind_double(_statement, index, v);
            }
            else
            {
                raw.sqlite3_bind_null(_statement, index);
            }
        }

        public void Text(int index, string value)
        {
            if (value.Length == 0)
            {
                // An empty span can reach SQLite as a null pointer, which binds NULL rather than ''.
                raw.sqlite3_bind_text(_statement, index, "");
                return;
            }

            var max = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (max > _utf8.Length)
            {
                _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
            }

            var length = Encoding.UTF8.GetBytes(value, _utf8);
            raw.sqlite3_bind_text(_statement, index, _utf8.AsSpan(0, length));
        }

        /// <summary>Binds UTF-8 bytes (SQLite copies them: SQLITE_TRANSIENT), never empty here.</summary>
        public void Utf8(int index, ReadOnlySpan<byte> value) => raw.sqlite3_bind_text(_statement, index, value);

        public void Run()
        {
            var rc = raw.sqlite3_step(_statement);
            raw.sqlite3_reset(_statement);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }

        public void Dispose() => _statement.Dispose();
    }
}

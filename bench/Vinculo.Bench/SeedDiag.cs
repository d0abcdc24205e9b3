using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Vinculo.Core.Storage;
using Vinculo.Core.Storage.Bulk;
using Vinculo.Domain.Interactions;

namespace Vinculo.Bench;

/// <summary>
/// Where the seed's time goes on the storage side: the same real interaction rows, already generated, written through
/// the product's BulkWriter into a scratch database with the full schema, without the full-text index, and without
/// the timeline index as well. Compared with the seed rate, it tells generation-bound from write-bound.
/// </summary>
internal static class SeedDiag
{
    private const int BatchRows = 50_000;

    public static async Task Run(Report report, DatabaseSettings bench, string dbPath, int rows)
    {
        var interactions = ReadInteractions(bench, rows);
        if (interactions.Count == 0)
        {
            return;
        }

        var customerIds = interactions.Select(i => i.CustomerId).Distinct().ToList();
        Console.WriteLine($"Seed diagnostics: writing the same {interactions.Count:N0} interactions of {customerIds.Count:N0} customers through BulkWriter into a scratch database");
        var scratch = Path.Combine(Path.GetDirectoryName(dbPath)!, "seed-diag-scratch.db");
        foreach (var (key, label, drops) in new (string, string, string[])[]
                 {
                     ("seed.writeOnly.full", "  diag: write-only, full schema (FTS5 + timeline index)", []),
                     ("seed.writeOnly.noFts", "  diag: write-only, no interaction FTS5", ["DROP TRIGGER interactions_fts_ai"]),
                     ("seed.writeOnly.noFtsNoIndex", "  diag: write-only, no FTS5, no timeline index", ["DROP TRIGGER interactions_fts_ai", "DROP INDEX ix_interactions_customer_time"]),
                 })
        {
            if (Measure.QuietWait > TimeSpan.Zero)
            {
                await CpuUsage.WaitForQuiet(Measure.QuietWait);
            }

            var settings = Prepare(scratch, customerIds, drops);
            var cpu = CpuUsage.Take();
            var own0 = CpuUsage.ProcessTicks(Environment.ProcessId);
            var read0 = CpuUsage.DiskReadBytes(Environment.ProcessId);
            var watch = Stopwatch.StartNew();
            await using (var writer = await BulkWriter.Open(settings, CancellationToken.None))
            {
                for (var start = 0; start < interactions.Count; start += BatchRows)
                {
                    await writer.Begin(CancellationToken.None);
                    await writer.WriteInteractions(interactions.GetRange(start, Math.Min(BatchRows, interactions.Count - start)), CancellationToken.None);
                    await writer.Commit(CancellationToken.None);
                }
            }

            watch.Stop();
            var cpuMs = CpuUsage.TicksToMs(CpuUsage.ProcessTicks(Environment.ProcessId) - own0);
            var others = CpuUsage.OtherCores(cpu, CpuUsage.Take());
            var read = (CpuUsage.DiskReadBytes(Environment.ProcessId) - read0) / 1e6;
            var rate = interactions.Count / watch.Elapsed.TotalSeconds;
            Console.WriteLine($"  {label.Trim(),-50} {rate,12:N0} interactions/s  ({watch.Elapsed.TotalSeconds:0.0} s, CPU {cpuMs / 1000:0.0} s, other processes {others:0.00} cores)");
            report.AddRate(key, label, rate, $"{interactions.Count:N0} rows in {watch.Elapsed.TotalSeconds:0.0} s, CPU {cpuMs / watch.Elapsed.TotalMilliseconds:0.00} cores, read {read:0} MB, others {others:0.0} cores");
            SqliteConnection.ClearAllPools();
            Delete(scratch);
        }
    }

    private static List<Interaction> ReadInteractions(DatabaseSettings settings, int rows)
    {
        using var connection = new SqliteConnection(settings.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT customer_id, channel, direction, moment, subject, body, agent_id, agent_name, occurred_at, duration_seconds,
                   outcome, search_terms, created_at
            FROM interactions ORDER BY id LIMIT $n
            """;
        command.Parameters.AddWithValue("$n", rows);
        using var reader = command.ExecuteReader();
        var list = new List<Interaction>(rows);
        while (reader.Read())
        {
            list.Add(new Interaction
            {
                CustomerId = reader.GetInt64(0),
                Channel = (Channel)reader.GetInt32(1),
                Direction = (Direction)reader.GetInt32(2),
                Moment = reader.IsDBNull(3) ? null : (JourneyMoment)reader.GetInt32(3),
                Subject = reader.GetString(4),
                Body = reader.NullableString(5),
                AgentId = reader.NullableString(6),
                AgentName = reader.NullableString(7),
                OccurredAt = Timestamps.FromMicroseconds(reader.GetInt64(8)),
                DurationSeconds = reader.NullableInt(9),
                Outcome = reader.NullableString(10),
                SearchTerms = reader.GetString(11),
                CreatedAt = Timestamps.FromMicroseconds(reader.GetInt64(12)),
            });
        }

        return list;
    }

    /// <summary>A migrated scratch database holding minimal customers for the foreign keys, minus <paramref name="drops"/>.</summary>
    private static DatabaseSettings Prepare(string path, List<long> customerIds, string[] drops)
    {
        Delete(path);
        var settings = DatabaseSettings.Parse($"Data Source={path}");
        StorageSetup.Migrate(settings);
        using var connection = new SqliteConnection(settings.ConnectionString);
        connection.Open();
        using var tx = connection.BeginTransaction();
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO customers (id, kind, lifecycle, display_name, search_name, preferred_language, temperament, attributes, created_at, updated_at, version)
                VALUES ($id, 0, 0, 'x', 'x', 'es', 0, '{}', 0, 0, 1)
                """;
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            foreach (var customerId in customerIds)
            {
                id.Value = customerId;
                insert.ExecuteNonQuery();
            }
        }

        foreach (var sql in drops)
        {
            using var drop = connection.CreateCommand();
            drop.Transaction = tx;
            drop.CommandText = sql;
            drop.ExecuteNonQuery();
        }

        tx.Commit();
        return settings;
    }

    private static void Delete(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}

using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Storage;
using Vinculo.Core.Storage.Bulk;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Service;

/// <summary>The outcome of recomputing SLAs.</summary>
/// <param name="Cases">Active cases recomputed.</param>
/// <param name="Elapsed">Wall-clock time taken.</param>
public sealed record SlaRecomputeResult(long Cases, TimeSpan Elapsed)
{
    /// <summary>Cases whose stored SLA changed and was written (the others already held the result).</summary>
    public long Written { get; init; }

    /// <summary>Cases someone changed between the read and the write: they were read and recomputed again.</summary>
    public long Retried { get; init; }

    /// <summary>Cases still being changed after every retry: left as their last writer stored them.</summary>
    public long Conflicts { get; init; }

    /// <summary>Cases whose events cannot be replayed (no creation event, or out of order): left unchanged.</summary>
    public long Failed { get; init; }

    /// <summary>Time spent reading cases and events, summed over the readers (they overlap with each other and with writing).</summary>
    public TimeSpan Reading { get; init; }

    /// <summary>Time spent replaying events and comparing the results (overlaps with writing).</summary>
    public TimeSpan Replaying { get; init; }

    /// <summary>Time spent writing the changed cases.</summary>
    public TimeSpan Writing { get; init; }

    /// <summary>Recomputed cases per second.</summary>
    public double CasesPerSecond => Elapsed > TimeSpan.Zero ? Cases / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Recomputes the persisted SLA of every active case from its events under the current configuration (after a calendar or
/// policy changes). Resolved and closed cases keep the SLA they finished with.
/// </summary>
/// <remarks>
/// <para>
/// Built for a million cases. The active cases are streamed in chunks of ids in order (each case with its customer's tier
/// and segment and its clock events in replay order; see <see cref="CaseSlaReader"/>), and replayed with
/// <see cref="SlaConfiguration.Recompute"/> on a lightweight <see cref="ServiceCase"/>; only the cases whose SLA columns
/// changed are written back, at least 8,192 per transaction (<see cref="BulkWriter.WriteCaseSla"/>: a prepared UPDATE on
/// SQLite, COPY into a session table and one UPDATE … FROM on PostgreSQL). Two readers (alternate chunks, each on its
/// own connection), the replay and the writer run on their own threads, a chunk or two apart, so the cores share the
/// work: a pass that writes little is bound by reading, one that moves every due time by the single writer.
/// </para>
/// <para>
/// Each write is guarded by the version the case was read at and leaves the version as it is (the SLA is derived data:
/// an agent's pending edit stays valid). A case an agent or the alarm job changed in between is skipped, then read and
/// recomputed again after the pass, up to <see cref="Retries"/> times; the few still changing are counted in
/// <see cref="SlaRecomputeResult.Conflicts"/> (their writers recomputed them anyway).
/// </para>
/// </remarks>
public sealed class SlaRecomputation(VinculoDb db, TimeProvider clock)
{
    /// <summary>
    /// Active cases per read. Small enough that the cases in flight die young (with 4,096 the garbage collector kept
    /// promoting them and spent a fifth of the time in full collections).
    /// </summary>
    private const int Chunk = 1_024;

    /// <summary>
    /// Changed cases per write transaction at least: each commit costs a little, and on SQLite every few commits the
    /// writer waits for a checkpoint (see <see cref="BulkWriter"/>).
    /// </summary>
    private const int WriteBatch = 8_192;

    /// <summary>Rounds of re-reading cases changed during the pass.</summary>
    public const int Retries = 3;

    /// <summary>Runs before each write of recomputed cases (tests use it to change cases in between).</summary>
    internal Func<IReadOnlyList<ServiceCase>, Task>? BeforeWrite { get; init; }

    /// <summary>Recomputes every active case, in id order, reporting the count done.</summary>
    public async Task<SlaRecomputeResult> RecomputeActive(IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        long readTicks = 0;
        var config = await SlaConfiguration.Load(db, ct);
        var now = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);
        var settings = new DatabaseSettings(db.IsSqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres, db.Database.GetConnectionString()!);
        await using var reader = await CaseSlaReader.Open(settings, ct);
        await using var second = await CaseSlaReader.Open(settings, ct);
        await using var writer = await BulkWriter.Open(settings, ct);
        var replay = new Replay(config, now);
        var write = new Write(writer, BeforeWrite);
        var reading = new Stopwatch();

        // Stages on their own threads, a chunk or two apart: two readers (odd and even chunks, on their own
        // connections), the replay, the writer.
        reading.Start();
        var ids = await reader.ActiveIds(ct);
        reading.Stop();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var read = Channel.CreateBounded<List<CaseSlaRow>>(new BoundedChannelOptions(2) { SingleReader = true });
        var replayed = Channel.CreateBounded<(List<CaseSlaUpdate> Changed, int Cases)>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var running = 2;
        Task Read(CaseSlaReader from, int parity) => Task.Run(async () =>
        {
            try
            {
                for (var i = parity * Chunk; i < ids.Count; i += 2 * Chunk)
                {
                    var rows = new List<CaseSlaRow>(Chunk);
                    var started = Stopwatch.GetTimestamp();
                    await from.ReadActive(ids.GetRange(i, Math.Min(Chunk, ids.Count - i)), rows, stop.Token);
                    Interlocked.Add(ref readTicks, Stopwatch.GetTimestamp() - started);
                    await read.Writer.WriteAsync(rows, stop.Token);
                }

                if (Interlocked.Decrement(ref running) == 0)
                {
                    read.Writer.TryComplete();
                }
            }
            catch (Exception e)
            {
                read.Writer.TryComplete(e);
            }
        });
        var reads = Task.WhenAll(Read(reader, 0), Read(second, 1));
        var replays = Stage(replayed.Writer, async () =>
        {
            await foreach (var rows in read.Reader.ReadAllAsync(stop.Token))
            {
                await replayed.Writer.WriteAsync((replay.Run(rows), rows.Count), stop.Token);
            }
        });

        var skipped = new List<long>();
        var pending = new List<CaseSlaUpdate>(WriteBatch + Chunk);
        long done = 0;
        try
        {
            await foreach (var (changed, cases) in replayed.Reader.ReadAllAsync(stop.Token))
            {
                pending.AddRange(changed);
                done += cases;
                if (pending.Count >= WriteBatch)
                {
                    skipped.AddRange(await write.Run(pending, stop.Token));
                    pending.Clear();
                    progress?.Report(done);
                }
            }

            skipped.AddRange(await write.Run(pending, stop.Token));
            progress?.Report(done);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(reads, replays);
        }

        long retried = 0;
        for (var round = 0; round < Retries && skipped.Count > 0; round++)
        {
            retried += skipped.Count;
            skipped.Sort();
            var rows = new List<CaseSlaRow>();
            reading.Start();
            await reader.ReadActive(skipped, rows, ct);
            reading.Stop();
            replay.Cases -= rows.Count; // each case counts once
            skipped = await write.Run(replay.Run(rows), ct);
        }

        return new SlaRecomputeResult(replay.Cases, watch.Elapsed)
        {
            Written = write.Written, Retried = retried, Conflicts = skipped.Count, Failed = replay.Failed,
            Reading = reading.Elapsed + TimeSpan.FromSeconds(readTicks / (double)Stopwatch.Frequency), Replaying = replay.Elapsed, Writing = write.Elapsed,
        };
    }

    /// <summary>Runs one stage on the thread pool, completing its output with its outcome.</summary>
    private static Task Stage<T>(ChannelWriter<T> output, Func<Task> work) => Task.Run(async () =>
    {
        try
        {
            await work();
            output.Complete();
        }
        catch (Exception e)
        {
            output.Complete(e);
        }
    });

    /// <summary>Replays cases and keeps those whose SLA columns changed.</summary>
    private sealed class Replay(SlaConfiguration config, DateTime now)
    {
        private readonly Stopwatch _watch = new();
        private readonly long?[] _before = new long?[CaseSlaColumns.Count];
        private readonly long?[] _after = new long?[CaseSlaColumns.Count];

        public long Cases { get; set; }

        public long Failed { get; private set; }

        public TimeSpan Elapsed => _watch.Elapsed;

        public List<CaseSlaUpdate> Run(List<CaseSlaRow> rows)
        {
            _watch.Start();
            var changed = new List<CaseSlaUpdate>();
            foreach (var row in rows)
            {
                CaseSlaColumns.Get(row.Case, _before);
                try
                {
                    config.Recompute(row.Case, row.Events, row.Segment, row.Tier, now);
                }
                catch (ArgumentException)
                {
                    // Events that cannot be replayed: nothing was applied; the case keeps what it has.
                    Failed++;
                    continue;
                }

                CaseSlaColumns.Get(row.Case, _after);
                if (!_before.AsSpan().SequenceEqual(_after))
                {
                    changed.Add(new CaseSlaUpdate(row.Case, CaseSlaColumns.IndexedChanges(_before, _after)));
                }
            }

            Cases += rows.Count;
            _watch.Stop();
            return changed;
        }
    }

    /// <summary>Writes changed cases in one transaction; returns the ids skipped because their version moved.</summary>
    private sealed class Write(BulkWriter writer, Func<IReadOnlyList<ServiceCase>, Task>? beforeWrite)
    {
        private readonly Stopwatch _watch = new();

        public long Written { get; private set; }

        public TimeSpan Elapsed => _watch.Elapsed;

        public async Task<List<long>> Run(List<CaseSlaUpdate> changed, CancellationToken ct)
        {
            if (changed.Count == 0)
            {
                return [];
            }

            if (beforeWrite is not null)
            {
                await beforeWrite([.. changed.Select(u => u.Case)]);
            }

            _watch.Start();
            IReadOnlyList<long> skipped;
            await writer.Begin(ct);
            try
            {
                skipped = await writer.WriteCaseSla(changed, ct);
                await writer.Commit(ct);
            }
            catch
            {
                await writer.Rollback(CancellationToken.None);
                throw;
            }
            finally
            {
                _watch.Stop();
            }

            Written += changed.Count - skipped.Count;
            return [.. skipped];
        }
    }
}

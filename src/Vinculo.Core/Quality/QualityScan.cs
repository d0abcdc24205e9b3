using System.Data.Common;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Quality;

namespace Vinculo.Core.Quality;

/// <summary>
/// One data-quality scan over the whole database, built to stay linear at millions of customers:
/// <list type="number">
/// <item>customers are streamed once in id order with the child rows the rules read (<see cref="CustomerStream"/>),
/// each checked by <see cref="CustomerChecks"/> and scored by <see cref="Completeness"/>: memory holds one chunk;</item>
/// <item>certain duplicates come from GROUP BY over the indexed normalised columns (customer_emails.normalized,
/// customer_phones.e164, customers.tax_id): only the shared keys reach memory;</item>
/// <item>probable duplicates are found by blocking: addresses are streamed ordered by normalised postal code, and
/// names are compared (<see cref="NameSimilarity"/>) only inside one postal code and only between names sharing
/// the first two letters of a word (<see cref="DuplicateMatcher.NameBlocks"/>); addresses without a postal code are
/// compared by address line. Memory holds one postal code, plus the addresses that have none;</item>
/// <item>commerce records are checked set-based (<see cref="CommerceChecks"/>).</item>
/// </list>
/// Findings and pairs are written under a new run id while the previous run stays readable; the new run becomes
/// current when it finishes, and older runs are then deleted. One scan at a time: a second one is a conflict.
/// </summary>
internal sealed class QualityScan(DatabaseSettings settings, TimeProvider clock, QualityLimits limits)
{
    public const int Running = 1;
    public const int Finished = 2;
    public const int Failed = 3;

    /// <summary>A running scan whose heartbeat is older than this is taken to have died with its process.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(10);

    private readonly Dictionary<(long A, long B), PairInfo> _pairs = [];
    private readonly Dictionary<string, long> _ruleCounts = QualityRules.All.ToDictionary(r => r.Code, _ => 0L, StringComparer.Ordinal);
    private readonly long[] _buckets = new long[Completeness.BucketStarts.Count];
    private long _completenessSum;
    private long _customers;
    private long _issues;
    private VinculoDb? _heartbeatDb;
    private long _runId;
    private DateTime _lastBeat;

    public async Task<long> Run(IProgress<ScanProgress>? progress, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var started = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);
        await using var write = StorageSetup.CreateDbContext(settings);
        await using var read = StorageSetup.CreateDbContext(settings);
        await using var writeConnection = await QualitySql.Open(write, ct);
        await using var readConnection = await QualitySql.Open(read, ct);

        var runId = await Start(write, started, ct);
        (_heartbeatDb, _runId, _lastBeat) = (write, runId, started);
        try
        {
            await using (var writer = new IssueWriter(write, runId, _ruleCounts))
            {
                await ScanCustomers(read, writer, started, progress, ct);
                progress?.Report(new ScanProgress("commerce", 0));
                await CommerceChecks.Run(read, limits, started, null, async issue =>
                {
                    await writer.Add(issue.CustomerId, issue.Issue, ct);
                    await Beat(ct);
                }, ct);
                await writer.Flush(ct);
                _issues = writer.Written;
            }

            progress?.Report(new ScanProgress("duplicates", 0));
            await Beat(ct);
            await CertainDuplicates(read, ct);
            await Beat(ct);
            await ProbableDuplicates(read, progress, ct);
            var summary = await WriteDuplicates(write, runId, ct);

            var report = new StoredReport(_customers, _issues, _ruleCounts, _buckets, _completenessSum, summary, watch.Elapsed.TotalSeconds);
            await Finish(write, runId, report, ct);
            return runId;
        }
        catch
        {
            await Abort(write, runId);
            throw;
        }
    }

    /// <summary>Tells other would-be scanners this one is alive (at most every few seconds).</summary>
    private async Task Beat(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_heartbeatDb is null || now - _lastBeat < HeartbeatEvery)
        {
            return;
        }

        _lastBeat = now;
        await QualitySql.Execute(_heartbeatDb, "UPDATE quality_runs SET heartbeat_at = @now WHERE id = @run", ct,
            ("@now", QualitySql.Time(_heartbeatDb, now)), ("@run", _runId));
    }

    private static async Task<long> Start(VinculoDb db, DateTime now, CancellationToken ct)
    {
        var running = await QualitySql.Scalar(db, "SELECT COUNT(*) FROM quality_runs WHERE status = @running AND heartbeat_at > @since", ct,
            ("@running", Running), ("@since", QualitySql.Time(db, now - Abandoned)));
        if (running > 0)
        {
            throw new ConflictException("A data-quality scan is already running; its report will be available when it finishes.");
        }

        await QualitySql.Execute(db, "UPDATE quality_runs SET status = @failed WHERE status = @running", ct, ("@failed", Failed), ("@running", Running));
        return await QualitySql.Scalar(db, """
            INSERT INTO quality_runs (status, started_at, heartbeat_at, customers, issues, duplicate_pairs) VALUES (@running, @now, @now, 0, 0, 0) RETURNING id
            """, ct, ("@running", Running), ("@now", QualitySql.Time(db, now)));
    }

    private async Task ScanCustomers(VinculoDb db, IssueWriter writer, DateTime now, IProgress<ScanProgress>? progress, CancellationToken ct)
    {
        var issues = new List<QualityIssue>(8);
        await foreach (var customer in CustomerStream.All(db, ct: ct))
        {
            issues.Clear();
            CustomerChecks.Check(customer, now, limits, issues);
            foreach (var issue in issues)
            {
                await writer.Add(customer.Id, issue, ct);
            }

            var score = Completeness.Score(customer, limits).Score;
            _completenessSum += score;
            _buckets[Completeness.Bucket(score)]++;
            if (++_customers % 50_000 == 0)
            {
                progress?.Report(new ScanProgress("customers", _customers));
                await Beat(ct);
            }
        }

        progress?.Report(new ScanProgress("customers", _customers));
    }

    // ---- certain duplicates: shared keys by GROUP BY ----

    private async Task CertainDuplicates(VinculoDb db, CancellationToken ct)
    {
        await Groups(db, """
            SELECT e.normalized, e.customer_id, c.display_name FROM customer_emails e JOIN customers c ON c.id = e.customer_id
            WHERE e.normalized IN (SELECT normalized FROM customer_emails GROUP BY normalized HAVING COUNT(*) > 1)
            ORDER BY e.normalized, e.customer_id
            """, DuplicateReason.SameEmail, key => EmailAddresses.IsValid(key), ct);
        await Groups(db, """
            SELECT p.e164, p.customer_id, c.display_name FROM customer_phones p JOIN customers c ON c.id = p.customer_id
            WHERE p.e164 IN (SELECT e164 FROM customer_phones GROUP BY e164 HAVING COUNT(*) > 1)
            ORDER BY p.e164, p.customer_id
            """, DuplicateReason.SamePhone, CustomerChecks.IsE164, ct);
        await Groups(db, """
            SELECT tax_id, id, display_name FROM customers
            WHERE tax_id IN (SELECT tax_id FROM customers WHERE tax_id IS NOT NULL GROUP BY tax_id HAVING COUNT(*) > 1)
            ORDER BY tax_id, id
            """, DuplicateReason.SameTaxId, key => key.Length >= TaxIds.GenericMinLength, ct);
    }

    /// <summary>Reads (key, customer id, name) rows ordered by key and links each group's customers to its lowest id.</summary>
    private async Task Groups(VinculoDb db, string sql, DuplicateReason reason, Func<string, bool> usable, CancellationToken ct)
    {
        await using var command = QualitySql.Command(db, sql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        string? key = null;
        var group = new List<(long Id, string Name)>();
        while (await reader.ReadAsync(ct))
        {
            var k = reader.GetString(0);
            if (!string.Equals(k, key, StringComparison.Ordinal))
            {
                LinkGroup(key, group, reason, usable);
                key = k;
                group.Clear();
            }

            var id = reader.Long(1);
            if (group.Count == 0 || group[^1].Id != id)
            {
                group.Add((id, NameSimilarity.Key(reader.GetString(2))));
            }
        }

        LinkGroup(key, group, reason, usable);
    }

    private void LinkGroup(string? key, List<(long Id, string Name)> group, DuplicateReason reason, Func<string, bool> usable)
    {
        if (key is null || group.Count < 2 || !usable(key))
        {
            return;
        }

        var (first, firstName) = group[0];
        for (var i = 1; i < group.Count; i++)
        {
            var (id, name) = group[i];
            AddPair(first, id, reason, () => NameSimilarity.Similarity(NameSimilarity.Prepare(firstName), NameSimilarity.Prepare(name)));
        }
    }

    // ---- probable duplicates: blocking by postal code ----

    private sealed record Entry(long Id, PreparedName Name, string Line);

    private async Task ProbableDuplicates(VinculoDb db, IProgress<ScanProgress>? progress, CancellationToken ct)
    {
        await using var command = QualitySql.Command(db, """
            SELECT UPPER(REPLACE(REPLACE(COALESCE(a.postal_code, ''), ' ', ''), '-', '')) AS pc, a.line1, a.customer_id, c.display_name
            FROM customer_addresses a JOIN customers c ON c.id = a.customer_id
            ORDER BY pc, a.customer_id
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);

        // Addresses without a postal code, by address line: compared with each other and with every block.
        var withoutPostalCode = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        var block = new List<Entry>();
        string? blockKey = null;
        long rows = 0;
        while (await reader.ReadAsync(ct))
        {
            var postalCode = reader.GetString(0);
            var name = NameSimilarity.Key(reader.GetString(3));
            if (name.Length == 0)
            {
                continue;
            }

            var entry = new Entry(reader.Long(2), NameSimilarity.Prepare(name), AddressKeys.Line(reader.GetString(1)));
            if (postalCode.Length == 0)
            {
                if (entry.Line.Length > 0)
                {
                    if (!withoutPostalCode.TryGetValue(entry.Line, out var same))
                    {
                        withoutPostalCode[entry.Line] = same = [];
                    }

                    foreach (var other in same)
                    {
                        Compare(other, entry, DuplicateReason.SimilarNameAndAddress);
                    }

                    same.Add(entry);
                }

                continue;
            }

            if (!string.Equals(postalCode, blockKey, StringComparison.Ordinal))
            {
                CompareBlock(block, withoutPostalCode);
                block.Clear();
                blockKey = postalCode;
            }

            block.Add(entry);
            if (++rows % 100_000 == 0)
            {
                progress?.Report(new ScanProgress("addresses", rows));
                await Beat(ct);
            }
        }

        CompareBlock(block, withoutPostalCode);
    }

    private void CompareBlock(List<Entry> block, Dictionary<string, List<Entry>> withoutPostalCode)
    {
        if (block.Count == 0)
        {
            return;
        }

        foreach (var entry in block)
        {
            if (entry.Line.Length > 0 && withoutPostalCode.TryGetValue(entry.Line, out var same))
            {
                foreach (var other in same)
                {
                    Compare(other, entry, DuplicateReason.SimilarNameAndAddress);
                }
            }
        }

        // Only names sharing the first two letters of some word are compared.
        var byPrefix = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < block.Count; i++)
        {
            foreach (var prefix in DuplicateMatcher.NameBlocks(block[i].Name.Key))
            {
                if (!byPrefix.TryGetValue(prefix, out var list))
                {
                    byPrefix[prefix] = list = [];
                }

                list.Add(i);
            }
        }

        var seen = new HashSet<(int, int)>();
        foreach (var list in byPrefix.Values)
        {
            for (var x = 0; x < list.Count; x++)
            {
                for (var y = x + 1; y < list.Count; y++)
                {
                    if (seen.Add((list[x], list[y])))
                    {
                        ComparePostal(block[list[x]], block[list[y]]);
                    }
                }
            }
        }
    }

    private void ComparePostal(Entry a, Entry b)
    {
        var reason = a.Line.Length > 0 && string.Equals(a.Line, b.Line, StringComparison.Ordinal)
            ? DuplicateReason.SimilarNameAndAddress
            : DuplicateReason.SimilarNameAndPostalCode;
        Compare(a, b, reason);
    }

    private void Compare(Entry a, Entry b, DuplicateReason reason)
    {
        if (a.Id == b.Id)
        {
            return;
        }

        if (NameSimilarity.IsSimilar(a.Name, b.Name, out var similarity))
        {
            AddPair(a.Id, b.Id, reason, () => similarity);
        }
    }

    private void AddPair(long x, long y, DuplicateReason reason, Func<double> similarity)
    {
        var key = x < y ? (x, y) : (y, x);
        if (!_pairs.TryGetValue(key, out var info))
        {
            _pairs[key] = info = new PairInfo { Similarity = similarity() };
        }

        info.Reasons |= 1 << (int)reason;
    }

    private sealed class PairInfo
    {
        public int Reasons;
        public double Similarity;

        public bool Has(DuplicateReason reason) => (Reasons & (1 << (int)reason)) != 0;

        public IEnumerable<DuplicateReason> All =>
            Enum.GetValues<DuplicateReason>().Where(Has)
                // A similar name at the same address says more than at the same postal code.
                .Where(r => r != DuplicateReason.SimilarNameAndPostalCode || !Has(DuplicateReason.SimilarNameAndAddress));

        public bool Certain => Has(DuplicateReason.SameEmail) || Has(DuplicateReason.SamePhone) || Has(DuplicateReason.SameTaxId);
    }

    private async Task<StoredDuplicates> WriteDuplicates(VinculoDb db, long runId, CancellationToken ct)
    {
        // Certain pairs first, then probable; each by customer ids. Ids then list them in that order.
        var ordered = _pairs.OrderBy(p => p.Value.Certain ? 0 : 1).ThenBy(p => p.Key.A).ThenBy(p => p.Key.B).ToList();
        const int rowsPerStatement = 200;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        for (var start = 0; start < ordered.Count; start += rowsPerStatement)
        {
            var rows = ordered.Skip(start).Take(rowsPerStatement).ToList();
            var sql = new StringBuilder("INSERT INTO quality_duplicates (run_id, customer_a, customer_b, confidence, reasons, name_similarity) VALUES ");
            var parameters = new List<(string, object?)> { ("@run", runId) };
            for (var i = 0; i < rows.Count; i++)
            {
                var (key, info) = (rows[i].Key, rows[i].Value);
                sql.Append(i == 0 ? "" : ", ").Append($"(@run, @a{i}, @b{i}, @c{i}, @r{i}, @s{i})");
                parameters.Add(($"@a{i}", key.A));
                parameters.Add(($"@b{i}", key.B));
                parameters.Add(($"@c{i}", (int)(info.Certain ? DuplicateConfidence.Certain : DuplicateConfidence.Probable)));
                parameters.Add(($"@r{i}", string.Join(',', info.All.Select(EnumText.Camel))));
                parameters.Add(($"@s{i}", Math.Round(info.Similarity, 4)));
            }

            await QualitySql.Execute(db, sql.ToString(), ct, [.. parameters]);
        }

        await tx.CommitAsync(ct);

        var byReason = Enum.GetValues<DuplicateReason>().ToDictionary(
            r => EnumText.Camel(r),
            r =>
            {
                var pairs = _pairs.Where(p => p.Value.All.Contains(r)).Select(p => p.Key).ToList();
                return new[] { (long)pairs.Count, Components(pairs) };
            },
            StringComparer.Ordinal);
        var certain = _pairs.Count(p => p.Value.Certain);
        return new StoredDuplicates(_pairs.Count, Components(_pairs.Keys), certain, _pairs.Count - certain, byReason);
    }

    /// <summary>How many groups of connected customers the pairs form (union-find).</summary>
    private static long Components(IEnumerable<(long A, long B)> pairs)
    {
        var parent = new Dictionary<long, long>();
        long Find(long x)
        {
            if (!parent.TryGetValue(x, out var p))
            {
                parent[x] = x;
                return x;
            }

            while (p != x)
            {
                var grand = parent[p];
                parent[x] = grand;
                x = p;
                p = grand;
            }

            return x;
        }

        var groups = 0L;
        foreach (var (a, b) in pairs)
        {
            var isNewA = !parent.ContainsKey(a);
            var isNewB = !parent.ContainsKey(b);
            var (ra, rb) = (Find(a), Find(b));
            groups += (isNewA ? 1 : 0) + (isNewB ? 1 : 0);
            if (ra != rb)
            {
                parent[ra] = rb;
                groups--;
            }
        }

        return groups;
    }

    private async Task Finish(VinculoDb db, long runId, StoredReport report, CancellationToken ct)
    {
        var finished = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await QualitySql.Execute(db, """
            UPDATE quality_runs SET status = @finished, finished_at = @now, customers = @customers, issues = @issues,
                   duplicate_pairs = @pairs, report = @report
            WHERE id = @run
            """, ct, ("@finished", Finished), ("@now", QualitySql.Time(db, finished)), ("@customers", report.Customers),
            ("@issues", report.Issues), ("@pairs", report.Duplicates.Pairs), ("@report", JsonSerializer.Serialize(report, StoredReport.Json)),
            ("@run", runId));
        await DeleteRunsBefore(db, runId, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Deletes older runs with their findings and pairs (explicitly: SQLite deletes faster without cascades).</summary>
    private static async Task DeleteRunsBefore(VinculoDb db, long runId, CancellationToken ct)
    {
        await QualitySql.Execute(db, "DELETE FROM quality_issues WHERE run_id < @run", ct, ("@run", runId));
        await QualitySql.Execute(db, "DELETE FROM quality_duplicates WHERE run_id < @run", ct, ("@run", runId));
        await QualitySql.Execute(db, "DELETE FROM quality_runs WHERE id < @run", ct, ("@run", runId));
    }

    private static async Task Abort(VinculoDb db, long runId)
    {
        try
        {
            await QualitySql.Execute(db, "DELETE FROM quality_issues WHERE run_id = @run", CancellationToken.None, ("@run", runId));
            await QualitySql.Execute(db, "DELETE FROM quality_duplicates WHERE run_id = @run", CancellationToken.None, ("@run", runId));
            await QualitySql.Execute(db, "UPDATE quality_runs SET status = @failed WHERE id = @run", CancellationToken.None,
                ("@failed", Failed), ("@run", runId));
        }
        catch (DbException)
        {
            // The original error matters more; a later scan marks this run failed anyway.
        }
    }

    /// <summary>Buffers findings and inserts them many rows per statement, committing every few thousand rows.</summary>
    private sealed class IssueWriter(VinculoDb db, long runId, Dictionary<string, long> counts) : IAsyncDisposable
    {
        private const int RowsPerStatement = 250;
        private const int StatementsPerTransaction = 40;
        private readonly List<(long? Customer, QualityIssue Issue)> _buffer = new(RowsPerStatement);
        private Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? _tx;
        private int _statements;

        public long Written { get; private set; }

        public async ValueTask Add(long? customerId, QualityIssue issue, CancellationToken ct)
        {
            counts[issue.Rule] = counts.GetValueOrDefault(issue.Rule) + 1;
            _buffer.Add((customerId, issue));
            if (_buffer.Count == RowsPerStatement)
            {
                await WriteBuffer(ct);
            }
        }

        public async Task Flush(CancellationToken ct)
        {
            await WriteBuffer(ct);
            if (_tx is not null)
            {
                await _tx.CommitAsync(ct);
                await _tx.DisposeAsync();
                _tx = null;
                _statements = 0;
            }
        }

        private async Task WriteBuffer(CancellationToken ct)
        {
            if (_buffer.Count == 0)
            {
                return;
            }

            _tx ??= await db.Database.BeginTransactionAsync(ct);
            var sql = new StringBuilder("INSERT INTO quality_issues (run_id, rule, customer_id, entity, entity_id, field, value) VALUES ");
            var parameters = new List<(string, object?)>(_buffer.Count * 6 + 1) { ("@run", runId) };
            for (var i = 0; i < _buffer.Count; i++)
            {
                var (customer, issue) = _buffer[i];
                sql.Append(i == 0 ? "" : ", ").Append($"(@run, @r{i}, @c{i}, @e{i}, @i{i}, @f{i}, @v{i})");
                parameters.Add(($"@r{i}", issue.Rule));
                parameters.Add(($"@c{i}", customer));
                parameters.Add(($"@e{i}", issue.Entity));
                parameters.Add(($"@i{i}", issue.EntityId));
                parameters.Add(($"@f{i}", issue.Field));
                parameters.Add(($"@v{i}", issue.Value is { Length: > 500 } v ? v[..500] : issue.Value));
            }

            await QualitySql.Execute(db, sql.ToString(), ct, [.. parameters]);
            Written += _buffer.Count;
            _buffer.Clear();
            if (++_statements >= StatementsPerTransaction)
            {
                await _tx.CommitAsync(ct);
                await _tx.DisposeAsync();
                _tx = null;
                _statements = 0;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_tx is not null)
            {
                await _tx.DisposeAsync();
            }
        }
    }
}

/// <summary>Duplicate counts as stored with a run: reason (camelCase) → [pairs, groups].</summary>
internal sealed record StoredDuplicates(long Pairs, long Groups, long CertainPairs, long ProbablePairs, Dictionary<string, long[]> ByReason);

/// <summary>The language-neutral summary stored with a finished run; messages are added when it is read.</summary>
internal sealed record StoredReport(
    long Customers, long Issues, Dictionary<string, long> Rules, long[] Buckets, long CompletenessSum, StoredDuplicates Duplicates, double Seconds)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Interactions;
using Vinculo.Core.Storage;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Quality;

namespace Vinculo.Core.Quality;

/// <summary>
/// Data quality (the seeds' "veracidad"): the report over the whole database, the findings per rule and the duplicate
/// pairs of the last scan, the quality of one customer computed now, and merging duplicates.
/// </summary>
/// <remarks>
/// The report is a stored scan (see <see cref="QualityScan"/>): reading it and paging its lists is cheap at any size;
/// <see cref="Refresh"/> runs a new scan. The first read on a database that was never scanned runs one.
/// </remarks>
public sealed class QualityService(VinculoDb db, DatabaseSettings settings, TimeProvider clock, IOptions<CustomerOptions> options)
{
    public QualityLimits Limits { get; } = QualityLimits.Default with { DefaultCountryCallingCode = options.Value.DefaultCountryCallingCode };

    /// <summary>The last finished scan's report; a scan runs first when there is none.</summary>
    public async Task<QualityReport> Report(string language, CancellationToken ct = default) =>
        await Latest(language, ct) ?? await Refresh(language, null, ct);

    /// <summary>The last finished scan's report, or null when the database was never scanned.</summary>
    public async Task<QualityReport?> Latest(string language, CancellationToken ct = default)
    {
        await using var connection = await QualitySql.Open(db, ct);
        await using var command = QualitySql.Command(db,
            "SELECT id, started_at, finished_at, report FROM quality_runs WHERE status = @finished ORDER BY id DESC LIMIT 1",
            ("@finished", QualityScan.Finished));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<StoredReport>(reader.GetString(3), StoredReport.Json)!;
        return ToReport(reader.Long(0), reader.Timestamp(1, db.IsSqlite), reader.Timestamp(2, db.IsSqlite), stored, language);
    }

    /// <summary>Runs a new scan over the whole database and returns its report.</summary>
    /// <exception cref="ConflictException">When another scan is running.</exception>
    public async Task<QualityReport> Refresh(string language, IProgress<ScanProgress>? progress, CancellationToken ct = default)
    {
        await new QualityScan(settings, clock, Limits).Run(progress, ct);
        return (await Latest(language, ct))!;
    }

    /// <summary>Findings of the last scan, by rule (all rules when none is given), in id order.</summary>
    public async Task<Page<QualityIssueItem>> Issues(IssueQuery query, string language, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        var rule = string.IsNullOrWhiteSpace(query.Rule) ? null : query.Rule.Trim();
        if (rule is not null && !QualityRules.IsKnown(rule))
        {
            errors.Add("rule", $"Unknown rule. Use one of: {string.Join(", ", QualityRules.All.Select(r => r.Code))}.");
        }

        var (cursorRun, after) = ReadCursor(query.Cursor, errors);
        errors.ThrowIfInvalid();

        var run = await CurrentRun(ct);
        CheckCursorRun(cursorRun, run);
        var items = new List<QualityIssueItem>(limit + 1);
        await using var connection = await QualitySql.Open(db, ct);
        await using (var command = QualitySql.Command(db, $"""
            SELECT q.id, q.rule, q.customer_id, c.display_name, q.entity, q.entity_id, q.field, q.value
            FROM quality_issues q LEFT JOIN customers c ON c.id = q.customer_id
            WHERE q.run_id = @run{(rule is null ? "" : " AND q.rule = @rule")} AND q.id > @after
            ORDER BY q.id LIMIT @take
            """, ("@run", run), ("@rule", rule), ("@after", after), ("@take", limit + 1)))
        await using (var r = await command.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var code = r.GetString(1);
                var definition = QualityRules.Find(code);
                items.Add(new QualityIssueItem(r.Long(0), code, definition?.Severity ?? QualitySeverity.Warning, definition?.Message(language) ?? code,
                    r.NullableLong(2), r.NullableString(3), r.GetString(4), r.NullableLong(5), r.GetString(6), r.NullableString(7)));
            }
        }

        return PageOf(items, limit, run, i => i.Id);
    }

    /// <summary>Duplicate pairs of the last scan: certain ones first, then probable; optionally one confidence only.</summary>
    public async Task<Page<DuplicatePair>> Duplicates(DuplicateQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        DuplicateConfidence? confidence = null;
        if (!string.IsNullOrWhiteSpace(query.Confidence))
        {
            confidence = CustomerInputMapper.ParseEnum(query.Confidence, "confidence", DuplicateConfidence.Certain, errors);
        }

        var (cursorRun, after) = ReadCursor(query.Cursor, errors);
        errors.ThrowIfInvalid();

        var run = await CurrentRun(ct);
        CheckCursorRun(cursorRun, run);
        var rows = new List<(long Id, DuplicateConfidence Confidence, string Reasons, double Similarity, long A, long B)>(limit + 1);
        await using var connection = await QualitySql.Open(db, ct);
        await using (var command = QualitySql.Command(db, $"""
            SELECT id, confidence, reasons, name_similarity, customer_a, customer_b FROM quality_duplicates
            WHERE run_id = @run{(confidence is null ? "" : " AND confidence = @confidence")} AND id > @after
            ORDER BY id LIMIT @take
            """, ("@run", run), ("@confidence", (int)(confidence ?? 0)), ("@after", after), ("@take", limit + 1)))
        await using (var r = await command.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                rows.Add((r.Long(0), (DuplicateConfidence)r.GetInt32(1), r.GetString(2), r.GetDouble(3), r.Long(4), r.Long(5)));
            }
        }

        var more = rows.Count > limit;
        var pageRows = rows.Take(limit).ToList();
        var sides = await Sides(pageRows.SelectMany(x => new[] { x.A, x.B }).Distinct().ToList(), ct);
        // A pair whose customer was deleted since the scan is left out; the cursor still follows the stored rows.
        var items = pageRows
            .Where(x => sides.ContainsKey(x.A) && sides.ContainsKey(x.B))
            .Select(x => new DuplicatePair(x.Id, x.Confidence, ParseReasons(x.Reasons), x.Similarity, sides[x.A], sides[x.B]))
            .ToList();
        return new Page<DuplicatePair>(items, more ? Cursor.Encode(Invariant($"{run}:{pageRows[^1].Id}")) : null);
    }

    /// <summary>
    /// One customer's quality computed now: completeness, findings on the customer and on its commerce records, other
    /// customers that look like it (certain matches found live by e-mail, phone and tax id; probable ones from the last
    /// scan, confirmed live) and the customers merged into it. Null when the customer does not exist.
    /// </summary>
    public async Task<CustomerQuality?> ForCustomer(long id, string language, CancellationToken ct = default)
    {
        var customer = await Load(id, ct);
        if (customer is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var found = CustomerChecks.Check(customer, now, Limits);
        await using (await QualitySql.Open(db, ct))
        {
            await CommerceChecks.Run(db, Limits, now, id, issue =>
            {
                found.Add(issue.Issue);
                return ValueTask.CompletedTask;
            }, ct);
        }

        var completeness = Completeness.Score(customer, Limits);
        return new CustomerQuality(
            id,
            completeness.Score,
            completeness.Parts,
            completeness.Missing.ToList(),
            found.Select(i => new CustomerIssue(i.Rule, i.Severity, i.Message(language), i.Entity, i.EntityId, i.Field, i.Value)).ToList(),
            await PossibleDuplicates(customer, ct),
            await Merges(id, ct));
    }

    /// <summary>Both customers side by side with what a merge would fill and move. Nothing is written.</summary>
    public Task<MergePreviewOutcome> PreviewMerge(long? survivorId, long? mergedId, CancellationToken ct = default) =>
        new CustomerMerger(db, clock, Limits).Preview(survivorId, mergedId, ct);

    /// <summary>Merges <see cref="MergeInput.MergedId"/> into <see cref="MergeInput.SurvivorId"/> (see <see cref="CustomerMerger"/>).</summary>
    public Task<MergeOutcome> Merge(MergeInput input, Actor actor, CancellationToken ct = default) =>
        new CustomerMerger(db, clock, Limits).Merge(input, actor, ct);

    /// <summary>The customers merged into one, newest first.</summary>
    public async Task<IReadOnlyList<MergeHistoryItem>> Merges(long survivorId, CancellationToken ct = default)
    {
        var list = new List<MergeHistoryItem>();
        await using var connection = await QualitySql.Open(db, ct);
        await using var command = QualitySql.Command(db, """
            SELECT id, merged_id, merged_display_name, merged_by_name, merged_at FROM customer_merges WHERE survivor_id = @id ORDER BY id DESC LIMIT 50
            """, ("@id", survivorId));
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new MergeHistoryItem(r.Long(0), r.Long(1), r.GetString(2), r.NullableString(3), r.Timestamp(4, db.IsSqlite)));
        }

        return list;
    }

    // ---- reading ----

    private async Task<List<PossibleDuplicate>> PossibleDuplicates(Customer customer, CancellationToken ct)
    {
        var id = customer.Id;
        var candidates = new HashSet<long>();
        await using (await QualitySql.Open(db, ct))
        {
            async Task Collect(string sql)
            {
                await using var command = QualitySql.Command(db, sql, ("@id", id), ("@taxId", customer.TaxId));
                await using var r = await command.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct) && candidates.Count < 50)
                {
                    candidates.Add(r.Long(0));
                }
            }

            await Collect("""
                SELECT e2.customer_id FROM customer_emails e1 JOIN customer_emails e2 ON e2.normalized = e1.normalized
                WHERE e1.customer_id = @id AND e2.customer_id <> @id
                """);
            await Collect("""
                SELECT p2.customer_id FROM customer_phones p1 JOIN customer_phones p2 ON p2.e164 = p1.e164
                WHERE p1.customer_id = @id AND p2.customer_id <> @id
                """);
            if (!string.IsNullOrEmpty(customer.TaxId))
            {
                await Collect("SELECT id FROM customers WHERE tax_id = @taxId AND id <> @id");
            }

            await Collect("""
                SELECT CASE WHEN customer_a = @id THEN customer_b ELSE customer_a END FROM quality_duplicates
                WHERE customer_a = @id OR customer_b = @id
                """);
        }

        var me = DuplicateMatcher.Candidate(customer);
        var result = new List<PossibleDuplicate>();
        foreach (var otherId in candidates.Order())
        {
            var other = await Load(otherId, ct);
            if (other is not null && DuplicateMatcher.Compare(me, DuplicateMatcher.Candidate(other)) is { } match)
            {
                result.Add(new PossibleDuplicate(other.Id, other.DisplayName, match.Confidence, match.Reasons));
            }
        }

        return result.OrderByDescending(d => d.Confidence).ThenBy(d => d.CustomerId).ToList();
    }

    private async Task<Dictionary<long, DuplicateSide>> Sides(IReadOnlyList<long> ids, CancellationToken ct)
    {
        var sides = new Dictionary<long, DuplicateSide>();
        if (ids.Count == 0)
        {
            return sides;
        }

        var names = ids.Select((_, i) => $"@p{i}").ToList();
        await using var command = QualitySql.Command(db, $"""
            SELECT c.id, c.display_name, c.tax_id, c.created_at, c.version,
                   (SELECT e.address FROM customer_emails e WHERE e.customer_id = c.id ORDER BY e.is_primary DESC, e.id LIMIT 1),
                   (SELECT p.raw FROM customer_phones p WHERE p.customer_id = c.id ORDER BY p.is_primary DESC, p.id LIMIT 1),
                   (SELECT a.postal_code FROM customer_addresses a WHERE a.customer_id = c.id ORDER BY a.id LIMIT 1),
                   (SELECT a.city FROM customer_addresses a WHERE a.customer_id = c.id ORDER BY a.id LIMIT 1)
            FROM customers c WHERE c.id IN ({string.Join(", ", names)})
            """, [.. ids.Select((value, i) => (names[i], (object?)value))]);
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var side = new DuplicateSide(r.Long(0), r.GetString(1), r.NullableString(5), r.NullableString(6), r.NullableString(2),
                r.NullableString(7), r.NullableString(8), r.Timestamp(3, db.IsSqlite), r.Long(4));
            sides[side.Id] = side;
        }

        return sides;
    }

    private Task<Customer?> Load(long id, CancellationToken ct) =>
        db.Customers.AsNoTracking()
            .Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Addresses).Include(c => c.Tags)
            .Include(c => c.Consents).Include(c => c.Contacts)
            .AsSplitQuery()
            .FirstOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>The run whose findings the lists show; a scan runs first when there is none.</summary>
    private async Task<long> CurrentRun(CancellationToken ct)
    {
        long run;
        await using (await QualitySql.Open(db, ct))
        {
            run = await QualitySql.Scalar(db, "SELECT MAX(id) FROM quality_runs WHERE status = @finished", ct, ("@finished", QualityScan.Finished));
        }

        return run > 0 ? run : (await Refresh("en", null, ct)).RunId;
    }

    private static (long Run, long After) ReadCursor(string? cursor, ValidationErrors errors)
    {
        if (Cursor.TryDecode(cursor) is not { } raw)
        {
            return (0, 0);
        }

        var parts = raw.Split(':');
        if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var run)
                              && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var after))
        {
            return (run, after);
        }

        errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
        return (0, 0);
    }

    private static void CheckCursorRun(long cursorRun, long run)
    {
        if (cursorRun != 0 && cursorRun != run)
        {
            throw ValidationException.For("cursor", "The report was computed again since this page was read; start again from the first page.");
        }
    }

    private static Page<T> PageOf<T>(List<T> items, int limit, long run, Func<T, long> id)
    {
        var more = items.Count > limit;
        if (more)
        {
            items.RemoveAt(items.Count - 1);
        }

        return new Page<T>(items, more ? Cursor.Encode(Invariant($"{run}:{id(items[^1])}")) : null);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static List<DuplicateReason> ParseReasons(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(r => EnumText.TryParse<DuplicateReason>(r, out var reason) ? reason : (DuplicateReason?)null)
            .Where(r => r is not null).Select(r => r!.Value).ToList();

    private static QualityReport ToReport(long runId, DateTime started, DateTime finished, StoredReport stored, string language)
    {
        var rules = QualityRules.All
            .Select(r => new RuleCount(r.Code, r.Severity, r.Message(language), stored.Rules.GetValueOrDefault(r.Code)))
            .ToList();
        var buckets = Completeness.BucketStarts.Select((from, i) => new CompletenessBucket(
            Completeness.BucketLabel(i), from, i + 1 < Completeness.BucketStarts.Count ? Completeness.BucketStarts[i + 1] - 1 : 100,
            i < stored.Buckets.Length ? stored.Buckets[i] : 0)).ToList();
        var average = stored.Customers == 0 ? 0 : Math.Round((double)stored.CompletenessSum / stored.Customers, 1);
        var byReason = Enum.GetValues<DuplicateReason>().Select(r =>
        {
            var counts = stored.Duplicates.ByReason.GetValueOrDefault(EnumText.Camel(r)) ?? [0, 0];
            return new DuplicateReasonCount(r, counts[0], counts[1]);
        }).ToList();
        var d = stored.Duplicates;
        return new QualityReport(runId, started, finished, Math.Round(stored.Seconds, 2), stored.Customers, stored.Issues, rules,
            new CompletenessSummary(average, buckets), new DuplicateSummary(d.Pairs, d.Groups, d.CertainPairs, d.ProbablePairs, byReason));
    }
}

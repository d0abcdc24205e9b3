using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Service.Reports;

/// <summary>
/// SLA compliance reports and the supervisor dashboard, read from the cases' persisted SLA columns (what the SLA engine
/// wrote; see <see cref="SlaCompliance"/> for how a report judges them at its own instant).
/// <list type="bullet">
/// <item>Compliance reads the cases created in the period (through ix_cases_created) in one pass with a narrow raw-SQL
/// projection, tallying each group in memory; no entity is materialized or tracked. The rows with a breached first response
/// that no longer counts (stopped by a reply, or paused without one) are settled afterwards by one look-up of their cases'
/// public replies per 5,000 rows.</item>
/// <item>The backlog and the agents' loads are one GROUP BY over the active cases (team, assignee, status, age bucket, risk);
/// the cases nearest to breach are the first rows of the active cases by their nearest due time.</item>
/// </list>
/// </summary>
public sealed class ServiceReportService(VinculoDb db, TimeProvider clock)
{
    /// <summary>Longest trend.</summary>
    public const int MaxTrendMonths = 36;

    /// <summary>Default trend length.</summary>
    public const int DefaultTrendMonths = 12;

    /// <summary>How many cases the dashboard lists as nearest to breach.</summary>
    public const int NearestCount = 10;

    private const int Running = (int)SlaClockState.Running;
    private const int BreachedState = (int)SlaClockState.Breached;
    private const int MetState = (int)SlaClockState.Met;
    private const int PausedState = (int)SlaClockState.Paused;

    private static readonly CaseStatus[] ActiveStatuses =
        [CaseStatus.New, CaseStatus.Open, CaseStatus.PendingCustomer, CaseStatus.PendingInternal, CaseStatus.Reopened];

    private DateTime Now => Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);

    // ---- compliance ----

    /// <summary>
    /// The compliance of the cases created in one month (in the query's time zone, UTC by default), grouped by team, agent,
    /// case type or priority; grouped by month it is the 12-month trend ending with that month.
    /// </summary>
    /// <exception cref="ValidationException">The month, dimension or time zone is not valid.</exception>
    public async Task<ComplianceReport> Compliance(ComplianceQuery query, CancellationToken ct = default)
    {
        var now = Now;
        return await Run(PlanOf(query, now), now, ct);
    }

    /// <summary>The overall figures of each of the last <see cref="TrendQuery.Months"/> months (a report grouped by month).</summary>
    /// <exception cref="ValidationException">The month count, last month or time zone is not valid.</exception>
    public async Task<ComplianceReport> Trend(TrendQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = Now;
        var errors = new ValidationErrors();
        var zone = ReportPeriods.Zone(query.TimeZone, errors);
        var months = query.Months ?? DefaultTrendMonths;
        if (months is < 1 or > MaxTrendMonths)
        {
            errors.Add("months", $"Between 1 and {MaxTrendMonths}.");
        }

        var to = zone is null ? null : ReportPeriods.Month(query.To, now, zone, errors, "to");
        errors.ThrowIfInvalid();
        var plan = new Plan(ComplianceDimension.Month, to!.Value, months, zone!, "en");
        return query.Times ? await Run(plan, now, ct) : await CountByMonth(plan, now, ct);
    }

    /// <summary>Checks a compliance query (throws <see cref="ValidationException"/>), e.g. before a CSV response starts.</summary>
    public void Validate(ComplianceQuery query) => PlanOf(query, Now);

    /// <summary>
    /// Writes a compliance report as CSV: a header row, one row per group, then the total (dimension "total"); numbers in the
    /// invariant culture, shares as fractions (0.8), times in business minutes, empty fields for missing values. The month
    /// column is the report's month (each row's own for a trend; empty on a trend's total).
    /// </summary>
    /// <returns>The number of rows written after the header.</returns>
    public async Task<int> ExportComplianceCsv(ComplianceQuery query, TextWriter output, CancellationToken ct = default)
    {
        var report = await Compliance(query, ct);
        await using var csv = CsvWriter.Create(output, CsvWriterOptions.Default with { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true);
        csv.WriteHeader([
            "dimension", "key", "label", "month", "cases",
            "fr_met", "fr_breached", "fr_pending", "fr_not_applicable", "fr_share_met", "fr_measured", "fr_median_minutes", "fr_p90_minutes",
            "res_met", "res_breached", "res_pending", "res_not_applicable", "res_share_met", "res_measured", "res_median_minutes", "res_p90_minutes",
            "nr_cycles", "nr_breached_cycles",
        ]);
        var dimension = EnumText.Camel(report.By);
        var trend = report.By == ComplianceDimension.Month;
        foreach (var group in report.Groups)
        {
            WriteRow(csv, dimension, group, trend ? group.Key ?? "" : report.Month);
        }

        WriteRow(csv, "total", report.Total, trend ? "" : report.Month);
        await csv.FlushAsync(ct);
        return report.Groups.Count + 1;
    }

    private static void WriteRow(CsvWriter csv, string dimension, ComplianceGroup g, string month)
    {
        csv.WriteField(dimension);
        csv.WriteField(g.Key ?? "");
        csv.WriteField(g.Label ?? "");
        csv.WriteField(month);
        csv.WriteField(Number(g.Cases));
        foreach (var t in new[] { g.FirstResponse, g.Resolution })
        {
            csv.WriteField(Number(t.Met));
            csv.WriteField(Number(t.Breached));
            csv.WriteField(Number(t.Pending));
            csv.WriteField(Number(t.NotApplicable));
            csv.WriteField(t.ShareMet?.ToString("0.####", CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(Number(t.Measured));
            csv.WriteField(t.MedianMinutes?.ToString("0.##", CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(t.P90Minutes?.ToString("0.##", CultureInfo.InvariantCulture) ?? "");
        }

        csv.WriteField(Number(g.NextResponse.Cycles));
        csv.WriteField(Number(g.NextResponse.BreachedCycles));
        csv.EndRecord();
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A validated report request: the months [Last - Months + 1, Last] of a zone.</summary>
    private sealed record Plan(ComplianceDimension By, ReportMonth Last, int Months, TimeZoneInfo Zone, string Language)
    {
        public ReportMonth FirstMonth => Last.AddMonths(1 - Months);

        /// <summary>The UTC start of each month and the end of the last (Months + 1 instants, increasing).</summary>
        public DateTime[] Bounds() =>
            [.. Enumerable.Range(0, Months + 1).Select(i => ReportPeriods.Start(FirstMonth.AddMonths(i), Zone))];
    }

    private static Plan PlanOf(ComplianceQuery query, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        var by = ComplianceDimension.Team;
        if (!string.IsNullOrWhiteSpace(query.By) && !(EnumText.TryParse(query.By, out by) && Enum.IsDefined(by)))
        {
            errors.Add("by", $"Group by one of: {EnumText.Allowed<ComplianceDimension>()}.");
        }

        var zone = ReportPeriods.Zone(query.TimeZone, errors);
        var month = zone is null ? null : ReportPeriods.Month(query.Month, now, zone, errors);
        errors.ThrowIfInvalid();
        var language = query.Language?.Trim().ToLowerInvariant() == "es" ? "es" : "en";
        return new Plan(by, month!.Value, by == ComplianceDimension.Month ? DefaultTrendMonths : 1, zone!, language);
    }

    /// <summary>A group: a number (team id, priority, month index; -1 = no team) or a text (user id, case type; null = none).</summary>
    private readonly record struct GroupKey(long Number, string? Text);

    private async Task<ComplianceReport> Run(Plan plan, DateTime now, CancellationToken ct)
    {
        var bounds = plan.Bounds();
        var sqlite = db.IsSqlite;
        var groups = new Dictionary<GroupKey, ComplianceTally>();
        var keyColumn = plan.By switch
        {
            ComplianceDimension.Team => "c.team_id",
            ComplianceDimension.Agent => "c.assignee_id",
            ComplianceDimension.Type => "c.type",
            ComplianceDimension.Priority => "c.priority",
            _ => "c.created_at",
        };
        var sql = $"""
            SELECT {keyColumn}, c.fr_state, c.fr_due_at, c.fr_elapsed_seconds, c.id,
                   c.res_state, c.res_due_at, c.res_elapsed_seconds, c.status,
                   c.nr_state, c.nr_due_at, c.nr_cycles, c.nr_breached_cycles
            FROM cases c
            WHERE c.created_at >= @from AND c.created_at < @to
            """;
        void Add(GroupKey key, in SlaCaseRow row)
        {
            ref var tally = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, key, out _);
            tally ??= new ComplianceTally();
            tally.Add(row, now);
        }

        // A breached first response whose clock no longer counts (no due time) was either stopped by a public reply or paused
        // without one: those few rows wait until the replies of their cases are looked up, in one query per batch.
        var undecided = new List<(GroupKey Key, SlaCaseRow Row, long Id)>();
        await Read(sql, command =>
        {
            command.Add("@from", SqlReading.TimestampParameter(bounds[0], sqlite));
            command.Add("@to", SqlReading.TimestampParameter(bounds[^1], sqlite));
        }, r =>
        {
            var key = plan.By switch
            {
                ComplianceDimension.Team => new GroupKey(r.IsDBNull(0) ? -1 : r.GetInt64(0), null),
                ComplianceDimension.Agent => new GroupKey(0, r.IsDBNull(0) ? null : r.GetString(0)),
                ComplianceDimension.Type => new GroupKey(0, r.GetString(0)),
                ComplianceDimension.Priority => new GroupKey(r.GetInt32(0), null),
                _ => new GroupKey(MonthIndex(bounds, r.Timestamp(0, sqlite)), null),
            };
            var status = (CaseStatus)r.GetInt32(8);
            var row = new SlaCaseRow(
                (SlaClockState)r.GetInt32(1), NullableTimestamp(r, 2, sqlite), r.GetInt64(3), false,
                (SlaClockState)r.GetInt32(5), NullableTimestamp(r, 6, sqlite), r.GetInt64(7), status is CaseStatus.Resolved or CaseStatus.Closed,
                (SlaClockState)r.GetInt32(9), NullableTimestamp(r, 10, sqlite), r.GetInt32(11), r.GetInt32(12));
            if (row.FrState == SlaClockState.Breached && row.FrDueAt is null)
            {
                undecided.Add((key, row, r.GetInt64(4)));
            }
            else
            {
                Add(key, row);
            }
        }, ct);

        var replied = await Replied(undecided.Select(u => u.Id), ct);
        foreach (var (key, row, id) in undecided)
        {
            Add(key, row with { FrReplied = replied.Contains(id) });
        }

        // The total merges the groups' tallies (each case is tallied once, in its group).
        var total = ComplianceTally.Sum(groups.Values);
        var list = await Groups(plan, groups, ct);
        return new ComplianceReport(plan.Last.ToString(), plan.By, ReportPeriods.ZoneId(plan.Zone), bounds[0], bounds[^1], now,
            Group(null, null, total), list);
    }

    /// <summary>
    /// The trend without times: per month, the outcomes counted in SQL with the rules of <see cref="SlaCompliance.Outcome"/>
    /// (met; breached, or running past its due time; otherwise running or paused is pending) and the next-response cycles.
    /// </summary>
    private async Task<ComplianceReport> CountByMonth(Plan plan, DateTime now, CancellationToken ct)
    {
        var bounds = plan.Bounds();
        var sqlite = db.IsSqlite;
        var month = new System.Text.StringBuilder("CASE");
        for (var i = 1; i < plan.Months; i++)
        {
            month.Append(CultureInfo.InvariantCulture, $" WHEN c.created_at < @b{i} THEN {i - 1}");
        }

        month.Append(CultureInfo.InvariantCulture, $" ELSE {plan.Months - 1} END");
        var sql = $"""
            SELECT m, COUNT(*), SUM(fr_met), SUM(fr_breached), SUM(fr_pending), SUM(res_met), SUM(res_breached), SUM(res_pending),
                   SUM(nr_cycles), SUM(nr_breached)
            FROM (
                SELECT {month} AS m,
                       CASE WHEN c.fr_state = {MetState} THEN 1 ELSE 0 END AS fr_met,
                       CASE WHEN {Breached("fr")} THEN 1 ELSE 0 END AS fr_breached,
                       CASE WHEN {Pending("fr")} THEN 1 ELSE 0 END AS fr_pending,
                       CASE WHEN c.res_state = {MetState} THEN 1 ELSE 0 END AS res_met,
                       CASE WHEN {Breached("res")} THEN 1 ELSE 0 END AS res_breached,
                       CASE WHEN {Pending("res")} THEN 1 ELSE 0 END AS res_pending,
                       c.nr_cycles,
                       c.nr_breached_cycles + CASE WHEN c.nr_state = {Running} AND c.nr_due_at < @now THEN 1 ELSE 0 END AS nr_breached
                FROM cases c
                WHERE c.created_at >= @from AND c.created_at < @to
            ) t
            GROUP BY m
            """;
        var counts = new Dictionary<int, ComplianceGroup>();
        await Read(sql, command =>
        {
            command.Add("@now", SqlReading.TimestampParameter(now, sqlite));
            command.Add("@from", SqlReading.TimestampParameter(bounds[0], sqlite));
            command.Add("@to", SqlReading.TimestampParameter(bounds[^1], sqlite));
            for (var i = 1; i < plan.Months; i++)
            {
                command.Add($"@b{i}", SqlReading.TimestampParameter(bounds[i], sqlite));
            }
        }, r =>
        {
            var cases = r.Int(1);
            counts[r.Int(0)] = new ComplianceGroup(null, null, cases,
                Counted(cases, r.Int(2), r.Int(3), r.Int(4)), Counted(cases, r.Int(5), r.Int(6), r.Int(7)),
                new NextResponseFigures(r.Int(8), r.Int(9)));
        }, ct);

        var empty = new ComplianceGroup(null, null, 0, Counted(0, 0, 0, 0), Counted(0, 0, 0, 0), new NextResponseFigures(0, 0));
        var groups = Enumerable.Range(0, plan.Months).Select(i =>
        {
            var key = plan.FirstMonth.AddMonths(i).ToString();
            return (counts.GetValueOrDefault(i) ?? empty) with { Key = key, Label = key };
        }).ToList();
        static TargetFigures Sum(IEnumerable<TargetFigures> all)
        {
            var list = all.ToList();
            return Counted(list.Sum(t => t.Met + t.Breached + t.Pending + t.NotApplicable), list.Sum(t => t.Met), list.Sum(t => t.Breached), list.Sum(t => t.Pending));
        }

        var total = new ComplianceGroup(null, null, groups.Sum(g => g.Cases), Sum(groups.Select(g => g.FirstResponse)), Sum(groups.Select(g => g.Resolution)),
            new NextResponseFigures(groups.Sum(g => g.NextResponse.Cycles), groups.Sum(g => g.NextResponse.BreachedCycles)));
        return new ComplianceReport(plan.Last.ToString(), plan.By, ReportPeriods.ZoneId(plan.Zone), bounds[0], bounds[^1], now, total, groups);
    }

    private static TargetFigures Counted(int cases, int met, int breached, int pending) =>
        new(met, breached, pending, cases - met - breached - pending, SlaCompliance.ShareMet(met, breached), 0, null, null);

    /// <summary>Which of <paramref name="caseIds"/> have a public agent reply (through ix_case_events_case).</summary>
    private async Task<HashSet<long>> Replied(IEnumerable<long> caseIds, CancellationToken ct)
    {
        var replied = new HashSet<long>();
        foreach (var chunk in caseIds.Chunk(5000))
        {
            var ids = chunk.ToList();
            replied.UnionWith(await db.CaseEvents.AsNoTracking()
                .Where(e => EF.Parameter(ids).Contains(e.CaseId) && e.SlaKind == SlaEventKind.AgentPublicReply)
                .Select(e => e.CaseId).Distinct().ToListAsync(ct));
        }

        return replied;
    }

    private static int MonthIndex(DateTime[] bounds, DateTime createdAt)
    {
        var i = Array.BinarySearch(bounds, createdAt);
        return i >= 0 ? i : ~i - 1;
    }

    private static DateTime? NullableTimestamp(DbDataReader r, int ordinal, bool sqlite) =>
        r.IsDBNull(ordinal) ? null : r.Timestamp(ordinal, sqlite);

    private static ComplianceGroup Group(string? key, string? label, ComplianceTally t) => new(
        key, label, t.Cases, t.FirstResponse.Figures(), t.Resolution.Figures(), new NextResponseFigures(t.NextResponseCycles, t.NextResponseBreachedCycles));

    /// <summary>Labels and orders the groups: by name (no team / unassigned last), priorities urgent first, months in order.</summary>
    private async Task<List<ComplianceGroup>> Groups(Plan plan, Dictionary<GroupKey, ComplianceTally> groups, CancellationToken ct)
    {
        switch (plan.By)
        {
            case ComplianceDimension.Team:
            {
                var ids = groups.Keys.Where(k => k.Number >= 0).Select(k => k.Number).ToList();
                var names = await db.Teams.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
                return ByLabel(groups.Select(g => g.Key.Number < 0
                    ? Group(null, null, g.Value)
                    : Group(g.Key.Number.ToString(CultureInfo.InvariantCulture), names.GetValueOrDefault(g.Key.Number) ?? $"#{g.Key.Number}", g.Value)));
            }

            case ComplianceDimension.Agent:
            {
                var ids = groups.Keys.Where(k => k.Text is not null).Select(k => k.Text!).ToList();
                var names = await UserNames(ids, ct);
                return ByLabel(groups.Select(g => g.Key.Text is null
                    ? Group(null, null, g.Value)
                    : Group(g.Key.Text, names.GetValueOrDefault(g.Key.Text) ?? g.Key.Text, g.Value)));
            }

            case ComplianceDimension.Type:
            {
                var types = await db.CaseTypes.AsNoTracking().ToDictionaryAsync(t => t.Code, t => plan.Language == "es" ? t.NameEs : t.NameEn, StringComparer.Ordinal, ct);
                return ByLabel(groups.Select(g => Group(g.Key.Text, types.GetValueOrDefault(g.Key.Text!) ?? g.Key.Text, g.Value)));
            }

            case ComplianceDimension.Priority:
                return [.. groups.OrderByDescending(g => g.Key.Number).Select(g =>
                {
                    var text = Enum.IsDefined((CasePriority)g.Key.Number)
                        ? EnumText.Camel((CasePriority)g.Key.Number)
                        : g.Key.Number.ToString(CultureInfo.InvariantCulture);
                    return Group(text, text, g.Value);
                })];

            default:
            {
                var first = plan.FirstMonth;
                return [.. Enumerable.Range(0, plan.Months).Select(i =>
                {
                    var month = first.AddMonths(i).ToString();
                    return Group(month, month, groups.GetValueOrDefault(new GroupKey(i, null)) ?? new ComplianceTally());
                })];
            }
        }
    }

    private static List<ComplianceGroup> ByLabel(IEnumerable<ComplianceGroup> groups) =>
        [.. groups.OrderBy(g => g.Key is null).ThenBy(g => g.Label, StringComparer.CurrentCultureIgnoreCase).ThenBy(g => g.Key, StringComparer.Ordinal)];

    private async Task<Dictionary<string, string>> UserNames(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct);
        return users.ToDictionary(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName, StringComparer.Ordinal);
    }

    // ---- backlog and dashboard ----

    /// <summary>
    /// The active cases by team and status with their age buckets and SLA risk, at now. "Today" starts at midnight of
    /// <paramref name="timeZone"/> (UTC when omitted).
    /// </summary>
    /// <exception cref="ValidationException">The time zone is unknown.</exception>
    public async Task<BacklogReport> Backlog(string? timeZone = null, CancellationToken ct = default)
    {
        var zone = Zone(timeZone);
        return await Backlog(zone, Now, ct);
    }

    /// <summary>The backlog, today's breaches and warnings, the active cases nearest to breach and the agents' loads.</summary>
    /// <exception cref="ValidationException">The time zone is unknown.</exception>
    public async Task<SupervisorDashboard> Dashboard(string? timeZone = null, CancellationToken ct = default)
    {
        var zone = Zone(timeZone);
        var now = Now;
        var (backlog, loads) = await ActiveCases(zone, now, ct);
        var nearest = await NearestToBreach(now, ct);
        var agents = await AgentLoads(loads, ct);
        return new SupervisorDashboard(backlog, backlog.Total.BreachedToday, backlog.Total.WarnedToday, nearest, agents);
    }

    private static TimeZoneInfo Zone(string? timeZone)
    {
        var errors = new ValidationErrors();
        var zone = ReportPeriods.Zone(timeZone, errors);
        errors.ThrowIfInvalid();
        return zone!;
    }

    /// <summary>Any target breached: recorded, or running past its due time.</summary>
    private static string AnyBreached => $"({Breached("fr")} OR {Breached("nr")} OR {Breached("res")})";

    /// <summary>Any target running past its warning time.</summary>
    private static string AnyWarned => $"({Warned("fr")} OR {Warned("nr")} OR {Warned("res")})";

    private static string Breached(string t) => $"(c.{t}_state = {BreachedState} OR (c.{t}_state = {Running} AND c.{t}_due_at < @now))";

    /// <summary>Running (not past its due time) or paused.</summary>
    private static string Pending(string t) =>
        $"(c.{t}_state = {PausedState} OR (c.{t}_state = {Running} AND (c.{t}_due_at IS NULL OR c.{t}_due_at >= @now)))";

    private static string Warned(string t) => $"(c.{t}_state = {Running} AND c.{t}_warning_at < @now)";

    private static string BreachedToday(string t) =>
        $"((c.{t}_breached_at >= @today AND c.{t}_breached_at < @now) OR (c.{t}_state = {Running} AND c.{t}_due_at >= @today AND c.{t}_due_at < @now))";

    private static string WarnedToday(string t) => $"(c.{t}_warning_at >= @today AND c.{t}_warning_at < @now)";

    private sealed class BacklogBuilder
    {
        public int Cases;
        public int Unassigned;
        public AgeCounts Ages = AgeCounts.Zero;
        public int AtRisk;
        public int Breached;
        public int BreachedToday;
        public int WarnedToday;
        public readonly Dictionary<CaseStatus, (int Cases, AgeCounts Ages, int AtRisk, int Breached)> Statuses = [];

        public void Add(CaseStatus status, bool unassigned, AgeBucket age, int risk, int count, int breachedToday, int warnedToday)
        {
            Cases += count;
            Unassigned += unassigned ? count : 0;
            Ages = Ages.Add(age, count);
            AtRisk += risk == 1 ? count : 0;
            Breached += risk == 2 ? count : 0;
            BreachedToday += breachedToday;
            WarnedToday += warnedToday;
            var s = Statuses.TryGetValue(status, out var found) ? found : (Cases: 0, Ages: AgeCounts.Zero, AtRisk: 0, Breached: 0);
            Statuses[status] = (s.Cases + count, s.Ages.Add(age, count), s.AtRisk + (risk == 1 ? count : 0), s.Breached + (risk == 2 ? count : 0));
        }

        public BacklogRow Row(long? teamId, string? team) => new(teamId, team, Cases, Unassigned, Ages, AtRisk, Breached, BreachedToday, WarnedToday,
            [.. ActiveStatuses.Where(Statuses.ContainsKey).Select(s => new BacklogStatus(s, Statuses[s].Cases, Statuses[s].Ages, Statuses[s].AtRisk, Statuses[s].Breached))]);
    }

    /// <summary>Open, at-risk and breached active cases of one agent.</summary>
    private readonly record struct Load(int Open, int AtRisk, int Breached);

    private async Task<BacklogReport> Backlog(TimeZoneInfo zone, DateTime now, CancellationToken ct) =>
        (await ActiveCases(zone, now, ct)).Backlog;

    /// <summary>
    /// One GROUP BY over the active cases (team, assignee, status, age bucket, risk) gives both the backlog by team and the
    /// agents' loads; the groups are few (teams × their agents × statuses × buckets), whatever the number of cases.
    /// </summary>
    private async Task<(BacklogReport Backlog, Dictionary<string, Load> Loads)> ActiveCases(TimeZoneInfo zone, DateTime now, CancellationToken ct)
    {
        var today = ReportPeriods.StartOfDay(now, zone);
        var sqlite = db.IsSqlite;
        var sql = $"""
            SELECT team_id, assignee_id, status, age, risk, COUNT(*), SUM(breached_today), SUM(warned_today)
            FROM (
                SELECT c.team_id, c.assignee_id, c.status,
                       CASE WHEN c.created_at > @d1 THEN 0 WHEN c.created_at > @d3 THEN 1 WHEN c.created_at > @d7 THEN 2 ELSE 3 END AS age,
                       CASE WHEN {AnyBreached} THEN 2 WHEN {AnyWarned} THEN 1 ELSE 0 END AS risk,
                       CASE WHEN {BreachedToday("fr")} OR {BreachedToday("nr")} OR {BreachedToday("res")} THEN 1 ELSE 0 END AS breached_today,
                       CASE WHEN {WarnedToday("fr")} OR {WarnedToday("nr")} OR {WarnedToday("res")} THEN 1 ELSE 0 END AS warned_today
                FROM cases c
                WHERE c.is_active
            ) t
            GROUP BY team_id, assignee_id, status, age, risk
            """;
        var total = new BacklogBuilder();
        var teams = new Dictionary<long, BacklogBuilder>();
        var noTeam = new BacklogBuilder();
        var loads = new Dictionary<string, Load>(StringComparer.Ordinal);
        await Read(sql, command =>
        {
            command.Add("@now", SqlReading.TimestampParameter(now, sqlite));
            command.Add("@today", SqlReading.TimestampParameter(today, sqlite));
            command.Add("@d1", SqlReading.TimestampParameter(now - CaseAge.Limits[0], sqlite));
            command.Add("@d3", SqlReading.TimestampParameter(now - CaseAge.Limits[1], sqlite));
            command.Add("@d7", SqlReading.TimestampParameter(now - CaseAge.Limits[2], sqlite));
        }, r =>
        {
            var assignee = r.IsDBNull(1) ? null : r.GetString(1);
            var status = (CaseStatus)r.GetInt32(2);
            var age = (AgeBucket)r.GetInt32(3);
            var risk = r.GetInt32(4);
            var (count, breachedToday, warnedToday) = (r.Int(5), r.Int(6), r.Int(7));
            var team = r.IsDBNull(0) ? noTeam : teams.TryGetValue(r.GetInt64(0), out var b) ? b : teams[r.GetInt64(0)] = new BacklogBuilder();
            team.Add(status, assignee is null, age, risk, count, breachedToday, warnedToday);
            total.Add(status, assignee is null, age, risk, count, breachedToday, warnedToday);
            if (assignee is not null)
            {
                var load = loads.GetValueOrDefault(assignee);
                loads[assignee] = new Load(load.Open + count, load.AtRisk + (risk == 1 ? count : 0), load.Breached + (risk == 2 ? count : 0));
            }
        }, ct);

        var ids = teams.Keys.ToList();
        var names = await db.Teams.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        List<BacklogRow> rows = [.. teams
            .Select(t => t.Value.Row(t.Key, names.GetValueOrDefault(t.Key) ?? $"#{t.Key}"))
            .OrderBy(r => r.Team, StringComparer.CurrentCultureIgnoreCase).ThenBy(r => r.TeamId)];
        if (noTeam.Cases > 0)
        {
            rows.Add(noTeam.Row(null, null));
        }

        return (new BacklogReport(now, today, total.Row(null, null), rows), loads);
    }

    private async Task<List<NearBreachCase>> NearestToBreach(DateTime now, CancellationToken ct)
    {
        var cases = await db.Cases.AsNoTracking()
            .Where(c => c.IsActive && c.SlaDueAt != null && c.SlaDueAt >= now)
            .OrderBy(c => c.SlaDueAt).ThenBy(c => c.Id)
            .Take(NearestCount)
            .Select(c => new { c.Id, c.Subject, c.CustomerId, c.TeamId, c.AssigneeId, c.Priority, c.Status, c.SlaDueAt, c.FrDueAt, c.NrDueAt })
            .ToListAsync(ct);
        if (cases.Count == 0)
        {
            return [];
        }

        var customerIds = cases.Select(c => c.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.DisplayName, ct);
        var teamIds = cases.Where(c => c.TeamId is not null).Select(c => c.TeamId!.Value).Distinct().ToList();
        var teams = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var users = await UserNames([.. cases.Where(c => c.AssigneeId is not null).Select(c => c.AssigneeId!).Distinct()], ct);
        return [.. cases.Select(c => new NearBreachCase(
            c.Id, c.Subject, c.CustomerId, customers.GetValueOrDefault(c.CustomerId) ?? "", c.TeamId,
            c.TeamId is { } t ? teams.GetValueOrDefault(t) : null, c.AssigneeId,
            c.AssigneeId is { } a ? users.GetValueOrDefault(a) ?? a : null, c.Priority, c.Status,
            c.FrDueAt == c.SlaDueAt ? SlaTarget.FirstResponse : c.NrDueAt == c.SlaDueAt ? SlaTarget.NextResponse : SlaTarget.Resolution,
            c.SlaDueAt!.Value))];
    }

    private async Task<List<AgentLoad>> AgentLoads(Dictionary<string, Load> loads, CancellationToken ct)
    {
        var members = await db.TeamMembers.AsNoTracking().Select(m => new { m.UserId, m.TeamId, m.Available }).ToListAsync(ct);
        var teamNames = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var ids = loads.Keys.Union(members.Select(m => m.UserId), StringComparer.Ordinal).ToList();
        var names = await UserNames(ids, ct);
        var byUser = members.ToLookup(m => m.UserId, StringComparer.Ordinal);
        return [.. ids.Select(id =>
            {
                var load = loads.GetValueOrDefault(id);
                var teams = byUser[id].Select(m => teamNames.GetValueOrDefault(m.TeamId) ?? $"#{m.TeamId}")
                    .Order(StringComparer.CurrentCultureIgnoreCase).ToList();
                return new AgentLoad(id, names.GetValueOrDefault(id) ?? id, teams, byUser[id].Any(m => m.Available), load.Open, load.AtRisk, load.Breached);
            })
            .OrderByDescending(a => a.OpenCases).ThenBy(a => a.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(a => a.UserId, StringComparer.Ordinal)];
    }

    // ---- raw reading ----

    /// <summary>Runs <paramref name="sql"/> and hands each row to <paramref name="row"/> (the reader is reused: read it there).</summary>
    private async Task Read(string sql, Action<DbCommand> parameters, Action<DbDataReader> row, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            parameters(command);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (db.IsSqlite)
            {
                // SQLite does no I/O asynchronously: the synchronous loop avoids an awaited call per row.
                while (reader.Read())
                {
                    ct.ThrowIfCancellationRequested();
                    row(reader);
                }
            }
            else
            {
                while (await reader.ReadAsync(ct))
                {
                    row(reader);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

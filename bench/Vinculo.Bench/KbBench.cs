using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsvHelper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vinculo.Core;
using Vinculo.Core.Knowledge.Import;
using Vinculo.Core.Knowledge.Search;
using Vinculo.Core.Storage;
using Vinculo.Domain.Text;

namespace Vinculo.Bench;

/// <summary>
/// The knowledge base (<c>--only kb</c>): (a) retrieval quality — recall@1/5/10 and MRR of the real questions of XQuAD
/// English (targets), of the COVID-vaccine FAQ and of the Spanish/English parallel slice (reported) — each on its own
/// fresh database holding only that file's articles; (b) search latency through <see cref="KbSearchService"/> over
/// 100,000 generated articles of real text plus the 240 XQuAD paragraphs, and the import's throughput. SQLite always;
/// PostgreSQL too when <see cref="PostgresVariable"/> names a server.
/// </summary>
internal static class KbBench
{
    public const double RecallAt1Target = 0.93;
    public const double RecallAt5Target = 0.99;
    public const double SearchTargetP99Ms = 10;
    public const string Reference = "TF-IDF (scikit-learn) 0.910 / 0.985";

    /// <summary>An Npgsql connection string to a role that may create databases: the section then also runs on PostgreSQL.</summary>
    public const string PostgresVariable = "VINCULO_BENCH_POSTGRES";

    /// <summary>The Spanish translation of some XQuAD articles (same titles and question ids as xquad.en.json).</summary>
    public static readonly string[] SpanishSlicePath = ["bench", "data", "xquad-es-slice.json"];

    private static readonly DateTime Now = Seeding.FixedNow;

    public static async Task Run(Report report, BenchOptions options, string repoRoot)
    {
        var datasets = Path.GetFullPath(options.Datasets ?? Path.Combine(repoRoot, "..", "shared", "datasets"));
        var xquadFile = Path.Combine(datasets, "xquad", "xquad.en.json");
        if (!File.Exists(xquadFile))
        {
            Console.WriteLine($"Knowledge base: {xquadFile} not found (--datasets PATH); skipped.");
            report.Notes.Add("Knowledge-base section skipped: the XQuAD file was not found.");
            return;
        }

        var folder = Path.Combine(Path.GetTempPath(), "vinculo-bench");
        Directory.CreateDirectory(folder);
        try
        {
            await Run(report, options, repoRoot, datasets, xquadFile, folder);
        }
        finally
        {
            // The small quality databases are this run's own (named after the process); the large one stays for --reuse.
            Delete(Path.Combine(folder, QualityName + ".db"));
        }
    }

    /// <summary>This process's quality database: runs started side by side never share it.</summary>
    private static string QualityName => $"kb-quality-{Environment.ProcessId}";

    private static async Task Run(Report report, BenchOptions options, string repoRoot, string datasets, string xquadFile, string folder)
    {
        var kb = new Dictionary<string, object?>();
        report.Dataset["kb"] = kb;
        var xquad = await ReadSquad(xquadFile);
        var postgres = Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } admin ? admin : null;
        kb["postgres"] = postgres is null ? $"not run ({PostgresVariable} not set)" : "run";

        Console.WriteLine("Knowledge base: retrieval quality, each data set alone on a fresh database, every question through KbSearchService (top 10)");
        var quality = new Dictionary<string, object?>();
        kb["quality"] = quality;
        await Quality(report, quality, "xquad.en", "XQuAD en: 240 paragraphs, 1,190 questions", await FreshSqlite(folder, QualityName),
            xquad.Articles().ToList(), KbEvaluation.FromSquad(xquad), "en", targets: true);
        if (postgres is not null)
        {
            await Quality(report, quality, "xquad.en.postgres", "XQuAD en on PostgreSQL", await FreshPostgres(postgres, "vinculo_bench_kb_quality"),
                xquad.Articles().ToList(), KbEvaluation.FromSquad(xquad), "en", targets: true);
        }

        var faqFile = Path.Combine(datasets, "covid-faq", "faq_db.csv");
        var faqQuestions = Path.Combine(datasets, "covid-faq", "validation.csv");
        if (File.Exists(faqFile) && File.Exists(faqQuestions))
        {
            IReadOnlyList<FaqEntry> entries;
            IReadOnlyList<FaqQuery> labelled;
            await using (var f = File.OpenRead(faqFile))
            {
                entries = await FaqCsvReader.Read(f, default);
            }

            await using (var f = File.OpenRead(faqQuestions))
            {
                labelled = await FaqCsvReader.ReadQueries(f, default);
            }

            var answerable = KbEvaluation.FromFaq(labelled);
            await Quality(report, quality, "covid-faq.en",
                $"COVID FAQ en: {entries.Count} entries, the {answerable.Count} of {labelled.Count} real questions an entry answers (the rest are labelled -1)",
                await FreshSqlite(folder, QualityName), FaqCsvReader.Articles(entries).ToList(), answerable, "en", targets: false);
        }
        else
        {
            report.Notes.Add("COVID FAQ quality not measured: covid-faq/faq_db.csv or validation.csv not found.");
        }

        var sliceFile = Path.Combine([repoRoot, .. SpanishSlicePath]);
        if (File.Exists(sliceFile))
        {
            var spanish = await ReadSquad(sliceFile);
            var titles = spanish.Paragraphs.Select(p => p.Title).ToHashSet(StringComparer.Ordinal);
            var englishSlice = new SquadDataset(xquad.Paragraphs.Where(p => titles.Contains(p.Title)).ToList());
            var es = await Quality(report, quality, "xquad-slice.es", $"XQuAD slice es: {spanish.Paragraphs.Count} paragraphs, {spanish.Questions().Count()} questions ({titles.Count} articles)",
                await FreshSqlite(folder, QualityName), spanish.Articles().ToList(), KbEvaluation.FromSquad(spanish), "es", targets: false);
            var en = await Quality(report, quality, "xquad-slice.en", $"XQuAD slice en: the same {englishSlice.Paragraphs.Count} paragraphs, {englishSlice.Questions().Count()} questions",
                await FreshSqlite(folder, QualityName), englishSlice.Articles().ToList(), KbEvaluation.FromSquad(englishSlice), "en", targets: false);
            report.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Spanish vs English on the same XQuAD slice ({titles.Count} articles): recall@1 {es.RecallAt1:0.000} vs {en.RecallAt1:0.000}, recall@5 {es.RecallAt5:0.000} vs {en.RecallAt5:0.000}, MRR {es.Mrr:0.000} vs {en.Mrr:0.000}."));
        }
        else
        {
            Console.WriteLine($"  Spanish slice: {sliceFile} not found; skipped.");
            report.Notes.Add($"Spanish/English slice not measured: {Path.Combine(SpanishSlicePath)} not found.");
        }

        Console.WriteLine();
        var corpus = KbCorpus.Load(datasets, xquad);
        kb["corpus"] = new Dictionary<string, object?>
        {
            ["recipe"] = KbCorpus.Recipe,
            ["generatedArticles"] = options.KbArticles,
            ["xquadArticles"] = xquad.Paragraphs.Count,
            ["seed"] = options.DataSeed,
            ["sentencePools"] = corpus.Pools(),
        };
        var queries = KbQueries.Build(xquad, corpus, options.RandomSeed + 500);
        kb["queries"] = queries.GroupBy(q => q.Kind).ToDictionary(g => g.Key, g => (object)new { count = g.Count(), examples = g.Take(3).Select(q => q.Text) });

        var large = Path.Combine(folder, $"kb-{options.KbArticles}-s{options.DataSeed}.db");
        FileStream guard;
        try
        {
            guard = new FileStream(large + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            throw new InvalidOperationException($"{large} is in use by another run of the harness; wait for it to finish.");
        }

        await using (guard)
        {
            await Latency(report, kb, "sqlite", options.KbArticles, await LargeSqlite(large, options), corpus, xquad, queries, options);
        }

        if (postgres is not null)
        {
            Console.WriteLine();
            var settings = await FreshPostgres(postgres, $"vinculo_bench_kb_{options.KbPostgresArticles}");
            await Latency(report, kb, "postgres", options.KbPostgresArticles, (settings, Fresh: true, Path: null), corpus, xquad, queries, options);
        }
    }

    private static async Task<SquadDataset> ReadSquad(string path)
    {
        await using var file = File.OpenRead(path);
        return await SquadReader.Read(file, default);
    }

    /// <summary>Imports the articles into an empty database, asks every question and adds the figures (and the targets' verdict).</summary>
    private static async Task<KbEvaluationResult> Quality(Report report, Dictionary<string, object?> json, string key, string label, DatabaseSettings settings,
        IReadOnlyList<KbImportArticle> articles, IReadOnlyList<KbEvaluationQuestion> questions, string language, bool targets)
    {
        var imported = await KbImport.Run(settings, articles, new KbImportOptions { Language = language, Now = Now }, default);
        await using var provider = new ServiceCollection().AddLogging().AddVinculoCore(settings).BuildServiceProvider(validateScopes: true);
        var watch = Stopwatch.StartNew();
        var result = await KbEvaluation.Run(questions, 10, KbEvaluation.Searcher(provider, language), null, default);
        var seconds = watch.Elapsed.TotalSeconds;
        bool? met = targets ? result.RecallAt1 >= RecallAt1Target && result.RecallAt5 >= RecallAt5Target : null;
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"recall@1 {result.RecallAt1:0.000}, @5 {result.RecallAt5:0.000}, @10 {result.RecallAt10:0.000}, MRR {result.Mrr:0.000}");
        Console.WriteLine($"  {label}: {figures} ({imported.Created:N0} articles, {result.Questions:N0} questions in {seconds:0.0} s)");
        report.Rows.Add(new Report.Row($"kb.quality.{key}", $"KB quality: {label}", null, null, null, figures,
            targets ? string.Create(CultureInfo.InvariantCulture, $"recall@1 ≥ {RecallAt1Target:0.00}, @5 ≥ {RecallAt5Target:0.00} (ref. {Reference})") : "report only", met));
        json[key] = new
        {
            label,
            language,
            articles = imported.Created,
            result.Questions,
            recallAt1 = result.RecallAt1,
            recallAt5 = result.RecallAt5,
            recallAt10 = result.RecallAt10,
            mrrAt10 = result.Mrr,
            recallAt1Target = targets ? RecallAt1Target : (double?)null,
            recallAt5Target = targets ? RecallAt5Target : (double?)null,
            met,
            seconds,
        };
        return result;
    }

    /// <summary>The import of the large corpus (unless --reuse finds it done), then the search latency over it.</summary>
    private static async Task Latency(Report report, Dictionary<string, object?> kb, string provider, int generated,
        (DatabaseSettings Settings, bool Fresh, string? Path) database, KbCorpus corpus, SquadDataset xquad, IReadOnlyList<KbQuery> queries, BenchOptions options)
    {
        var settings = database.Settings;
        var total = generated + xquad.Paragraphs.Count;
        var name = provider == "sqlite" ? "SQLite" : "PostgreSQL";
        ImportFigures import;
        if (database.Fresh)
        {
            Console.WriteLine($"Knowledge base on {name}: importing {generated:N0} generated articles + {xquad.Paragraphs.Count} XQuAD paragraphs (one transaction)...");
            await CpuUsage.WaitForQuiet(Measure.QuietWait);
            var cpu = CpuUsage.Take();
            var result = await KbImport.Run(settings, corpus.Articles(generated, options.DataSeed).Concat(xquad.Articles()),
                new KbImportOptions { Language = "en", Now = Now }, default);
            import = new ImportFigures(result.Created, result.Elapsed.TotalSeconds, CpuUsage.OtherCores(cpu, CpuUsage.Take()), SizeOf(settings, database.Path), false);
            if (database.Path is not null)
            {
                await File.WriteAllTextAsync(database.Path + ".kb.json", JsonSerializer.Serialize(new Sidecar(generated, options.DataSeed, import)));
            }
        }
        else
        {
            var sidecar = JsonSerializer.Deserialize<Sidecar>(await File.ReadAllTextAsync(database.Path + ".kb.json"))!;
            import = sidecar.Import with { Reused = true };
        }

        var rate = import.Articles / import.Seconds;
        Console.WriteLine($"  import: {import.Articles:N0} articles in {import.Seconds:0.0} s = {rate:N0} articles/s{(import.Reused ? " (earlier run, --reuse)" : "")}; " +
                          $"database {import.Bytes / 1e6:N0} MB; other processes {import.OtherCores:0.0} cores");
        report.Imports[$"kb.import.{provider}"] = new { articles = import.Articles, import.Seconds, articlesPerSecond = rate, databaseBytes = import.Bytes, otherProcessesCores = import.OtherCores, reused = import.Reused };
        report.Rows.Add(new Report.Row($"kb.import.{provider}", $"KB import of {import.Articles:N0} articles ({name}, triggers maintain the index){(import.Reused ? " (earlier run, --reuse)" : "")}",
            null, null, null, $"{rate:N0} articles/s, {import.Seconds:0.0} s, database {import.Bytes / 1e6:N0} MB, others {import.OtherCores:0.0} cores", "", null));

        await using var services = new ServiceCollection().AddLogging().AddVinculoCore(settings).BuildServiceProvider(validateScopes: true);
        async Task<IReadOnlyList<KbSearchHit>> Search(string text)
        {
            await using var scope = services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<KbSearchService>().SearchAsync(new KbSearchRequest(text, "en", 10), default)).Hits;
        }

        // Warm-up: every query once (the vocabulary is read into the cache on the first) and at least 3 s, then a full GC.
        var passes = Math.Clamp(options.Samples / Math.Max(1, queries.Count), 1, 3);
#pragma warning disable CA5394 // Not security: a reproducible order.
        var random = new Random(options.RandomSeed + 501);
        var measured = Enumerable.Range(0, passes).SelectMany(_ => queries).OrderBy(_ => random.Next()).ToList();
#pragma warning restore CA5394
        Console.WriteLine($"  search latency: KbSearchService.SearchAsync, top 10, fresh DI scope per call, single thread; {queries.Count:N0} queries × {passes} passes, shuffled");
        var warmed = await Measure.Warmup(queries, async q => (await Search(q.Text)).Count > 0);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Console.WriteLine($"  warm-up {warmed:N0} searches done");
        if (Measure.QuietWait > TimeSpan.Zero)
        {
            await CpuUsage.WaitForQuiet(Measure.QuietWait);
        }

        var kinds = KbQueries.Kinds;
        var ticks = kinds.ToDictionary(k => k, _ => new List<long>());
        var found = kinds.ToDictionary(k => k, _ => 0);
        var ranks = kinds.ToDictionary(k => k, _ => new List<int>());
        var all = new List<long>(measured.Count);
        var quiet = new CpuUsage.QuietChunks(Measure.QuietWait);
        var pid = Environment.ProcessId;
        var read0 = CpuUsage.DiskReadBytes(pid);
        var seen = new HashSet<KbQuery>();
        for (var i = 0; i < measured.Count; i++)
        {
            if (i % CpuUsage.QuietChunks.ChunkSize == 0)
            {
                if (i > 0)
                {
                    quiet.After();
                }

                await quiet.Before();
            }

            var q = measured[i];
            var start = Stopwatch.GetTimestamp();
            var hits = await Search(q.Text);
            var elapsed = Stopwatch.GetTimestamp() - start;
            ticks[q.Kind].Add(elapsed);
            all.Add(elapsed);
            found[q.Kind] += hits.Count > 0 ? 1 : 0;
            if (q.Expected is not null && seen.Add(q))
            {
                ranks[q.Kind].Add(KbEvaluation.RankOf(hits.Select(h => h.ExternalId).ToList(), [q.Expected], 10));
            }
        }

        quiet.After();
        var others = quiet.OtherCores();
        var diskKb = (CpuUsage.DiskReadBytes(pid) - read0) / 1024.0 / Math.Max(1, measured.Count);
        var latency = new Dictionary<string, object?>();
        kb[$"latency.{provider}"] = latency;
        void Add(string key, string label, List<long> samples, int hitCount)
        {
            var stats = LatencyStats.FromTicks(samples);
            var p95 = Percentile(samples, 95);
            var outcome = new Measure.Outcome(stats, hitCount, samples.Count, others, diskKb);
            report.AddLatency($"kb.search.{provider}.{key}", label, outcome, SearchTargetP99Ms,
                note: string.Create(CultureInfo.InvariantCulture, $"p95 {p95:0.000} ms; {total:N0} published articles"));
            report.Rows[^1] = report.Rows[^1] with { Other = string.Create(CultureInfo.InvariantCulture, $"p95 {p95:0.000}, ") + report.Rows[^1].Other };
            latency[key] = new { stats.Count, stats.P50Ms, p95Ms = p95, stats.P99Ms, stats.MaxMs, stats.MeanMs, found = hitCount };
            Console.WriteLine($"  {key,-10} p50 {stats.P50Ms:0.000}  p95 {p95:0.000}  p99 {stats.P99Ms:0.000}  max {stats.MaxMs:0.000} ms  ({hitCount:N0}/{samples.Count:N0} with hits)");
        }

        Add("all", $"KB search ({name}, {total:N0} articles): all queries", all, found.Values.Sum());
        foreach (var kind in kinds)
        {
            Add(kind, $"  {KbQueries.Describe(kind)}", ticks[kind], found[kind]);
        }

        Console.WriteLine($"  (other processes used {others:0.00} cores meanwhile)");
        foreach (var kind in kinds.Where(k => ranks[k].Count > 0))
        {
            var r = KbEvaluationResult.FromRanks(ranks[kind], 10);
            var figures = string.Create(CultureInfo.InvariantCulture, $"recall@1 {r.RecallAt1:0.000}, @5 {r.RecallAt5:0.000}, @10 {r.RecallAt10:0.000}, MRR {r.Mrr:0.000}");
            Console.WriteLine($"  {kind}: own paragraph among {total:N0} articles: {figures}");
            report.Rows.Add(new Report.Row($"kb.quality.{provider}.{kind}.large", $"  KB quality among {total:N0} articles: {KbQueries.Describe(kind)}", null, null, null, figures, "report only", null));
            latency[$"quality.{kind}"] = new { r.Questions, recallAt1 = r.RecallAt1, recallAt5 = r.RecallAt5, recallAt10 = r.RecallAt10, mrrAt10 = r.Mrr };
        }

        if (settings.IsSqlite)
        {
            await Matches(report, latency, settings, services, queries, options.RandomSeed + 502);
        }
    }

    /// <summary>
    /// Diagnostic (not timed): how many published articles each query's terms match, i.e. how many BM25 scores the
    /// ranking computes before it keeps the top 10, for a sample of the queries: the FTS5 statement of the search
    /// (terms OR-ed) counted instead of ranked.
    /// </summary>
    private static async Task Matches(Report report, Dictionary<string, object?> latency, DatabaseSettings settings, IServiceProvider services,
        IReadOnlyList<KbQuery> queries, int seed)
    {
#pragma warning disable CA5394 // Not security: a reproducible sample.
        var random = new Random(seed);
        var sample = queries.OrderBy(_ => random.Next()).Take(300).ToList();
#pragma warning restore CA5394
        await using var connection = new SqliteConnection(settings.ConnectionString);
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM kb_fts_en WHERE kb_fts_en MATCH $q";
        var parameter = count.Parameters.Add("$q", SqliteType.Text);
        var perKind = KbQueries.Kinds.ToDictionary(k => k, _ => new List<long>());
        var terms = new List<int>();
        foreach (var q in sample)
        {
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<KbSearchService>().SearchAsync(new KbSearchRequest(q.Text, "en", 10), default);
            if (result.Terms.Count == 0)
            {
                continue;
            }

            terms.Add(result.Terms.Count);
            parameter.Value = string.Join(" OR ", result.Terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
            perKind[q.Kind].Add(Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        }

        if (terms.Count == 0)
        {
            return;
        }

        static long Median(List<long> values) => values.Count == 0 ? 0 : values.Order().ElementAt(values.Count / 2);
        static long P90(List<long> values) => values.Count == 0 ? 0 : values.Order().ElementAt(Math.Min(values.Count - 1, (int)(values.Count * 0.9)));
        var all = perKind.Values.SelectMany(v => v).ToList();
        var text = string.Join("; ", perKind.Where(kv => kv.Value.Count > 0).Select(kv => $"{kv.Key} median {Median(kv.Value):N0}, p90 {P90(kv.Value):N0}"));
        Console.WriteLine($"  articles matched per query (sample of {all.Count}; median {terms.Order().ElementAt(terms.Count / 2)} terms searched): {text}");
        report.Notes.Add($"KB search on SQLite: a query's terms (OR-ed, with typo and synonym alternatives) match a median of {Median(all):N0} articles (p90 {P90(all):N0}), " +
                         $"each scored by BM25 before the top 10 are kept ({text}; sample of {all.Count} queries, median {terms.Order().ElementAt(terms.Count / 2)} terms).");
        latency["matchedArticles"] = perKind.ToDictionary(kv => kv.Key, kv => (object)new { sample = kv.Value.Count, median = Median(kv.Value), p90 = P90(kv.Value) });
    }

    /// <summary>Nearest-rank percentile, as <see cref="LatencyStats"/> computes the others.</summary>
    private static double Percentile(List<long> ticks, double p)
    {
        if (ticks.Count == 0)
        {
            return double.NaN;
        }

        var sorted = ticks.ToArray();
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }

    private sealed record ImportFigures(long Articles, double Seconds, double OtherCores, long Bytes, bool Reused);

    private sealed record Sidecar(int Articles, int Seed, ImportFigures Import);

    private static long SizeOf(DatabaseSettings settings, string? path)
    {
        if (path is not null)
        {
            return new[] { path, path + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        }

        using var connection = new NpgsqlConnection(settings.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>An empty, migrated SQLite file in the bench folder (replacing one the harness made before).</summary>
    private static Task<DatabaseSettings> FreshSqlite(string folder, string name)
    {
        var path = Path.Combine(folder, name + ".db");
        Delete(path);
        var settings = DatabaseSettings.Parse($"Data Source={path}");
        File.WriteAllText(path + ".kb.json", "{}");
        StorageSetup.Migrate(settings);
        return Task.FromResult(settings);
    }

    /// <summary>The large SQLite database: reused when --reuse and its sidecar say it holds this corpus, else made afresh.</summary>
    private static async Task<(DatabaseSettings Settings, bool Fresh, string? Path)> LargeSqlite(string path, BenchOptions options)
    {
        var settings = DatabaseSettings.Parse($"Data Source={path}");
        if (options.Reuse && File.Exists(path) && File.Exists(path + ".kb.json"))
        {
            var sidecar = JsonSerializer.Deserialize<Sidecar>(await File.ReadAllTextAsync(path + ".kb.json"));
            if (sidecar is { Import: not null } && sidecar.Articles == options.KbArticles && sidecar.Seed == options.DataSeed)
            {
                return (settings, false, path);
            }
        }

        Delete(path);
        await File.WriteAllTextAsync(path + ".kb.json", "{}"); // marks the file as the harness's before anything is written
        StorageSetup.Migrate(settings);
        return (settings, true, path);
    }

    /// <summary>Deletes a bench database, only when the harness made it (its sidecar is next to it).</summary>
    private static void Delete(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        if (!File.Exists(path + ".kb.json"))
        {
            throw new InvalidOperationException($"{path} exists but was not made by the harness (no {Path.GetFileName(path)}.kb.json next to it); move it away.");
        }

        SqliteConnection.ClearAllPools();
        HotReads.ClearPool($"Data Source={path}");
        foreach (var f in new[] { path, path + "-wal", path + "-shm", path + ".kb.json" })
        {
            File.Delete(f);
        }
    }

    private static async Task<DatabaseSettings> FreshPostgres(string admin, string name)
    {
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            foreach (var sql in new[] { $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", $"CREATE DATABASE \"{name}\"" })
            {
#pragma warning disable CA2100 // The name is the harness's own constant.
                await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
                await command.ExecuteNonQueryAsync();
            }
        }

        var settings = DatabaseSettings.Parse(new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
        StorageSetup.Migrate(settings);
        return settings;
    }
}

/// <summary>
/// Knowledge-base articles of realistic length generated from real text of ../shared/datasets, deterministically from a
/// seed (see <see cref="Recipe"/>).
/// </summary>
internal sealed partial class KbCorpus
{
    public const string Recipe =
        "Sentence pools, in file order: the sentences of the 240 XQuAD English paragraphs; the sentences and lines of the Bitext customer-support " +
        "responses ({{placeholders}} written as plain words); the Twitter customer-support tweets (twcs sample) without @handles and links, 4+ words; " +
        "the Banking77 customer queries. Titles: a Banking77 query (60%) or a Bitext instruction (40%). Each article draws a length of 80-300 words " +
        "(uniform) and a main source (Bitext 40%, XQuAD 20%, tweets 20%, Banking77 20%); each sentence comes from the main source with probability " +
        "0.7, else from any pool; a paragraph break every 3-6 sentences. System.Random with the data seed (--seed, default 42); external ids bench-000000...";

    private readonly List<string> _xquad;
    private readonly List<string> _bitext;
    private readonly List<string> _tweets;
    private readonly List<string> _banking;
    private readonly List<string> _instructions;

    private KbCorpus(List<string> xquad, List<string> bitext, List<string> tweets, List<string> banking, List<string> instructions)
    {
        _xquad = xquad;
        _bitext = bitext;
        _tweets = tweets;
        _banking = banking;
        _instructions = instructions;
    }

    public IReadOnlyList<string> Banking => _banking;

    public Dictionary<string, int> Pools() => new()
    {
        ["xquadSentences"] = _xquad.Count,
        ["bitextSentences"] = _bitext.Count,
        ["tweets"] = _tweets.Count,
        ["banking77Queries"] = _banking.Count,
        ["bitextInstructions"] = _instructions.Count,
    };

    public static KbCorpus Load(string datasets, SquadDataset xquad)
    {
        var xquadSentences = xquad.Paragraphs.SelectMany(p => Sentences(p.Context)).ToList();
        var bitext = new List<string>();
        var instructions = new List<string>();
        foreach (var row in Csv(Path.Combine(datasets, "bitext", "Bitext_Sample_Customer_Support_Training_Dataset.csv"), "instruction", "response"))
        {
            instructions.Add(Clean(Placeholder().Replace(row[0], m => m.Groups[1].Value.ToLowerInvariant())));
            foreach (var line in Placeholder().Replace(row[1], m => m.Groups[1].Value.ToLowerInvariant()).Split('\n'))
            {
                bitext.AddRange(Sentences(line));
            }
        }

        var tweets = Csv(Path.Combine(datasets, "twcs", "twcs_sample.csv"), "text")
            .Select(r => Clean(Link().Replace(Handle().Replace(r[0], ""), "")))
            .Where(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 4)
            .ToList();
        var banking = Csv(Path.Combine(datasets, "banking77", "train.csv"), "text").Select(r => Clean(r[0])).Where(t => t.Length > 0).ToList();
        if (bitext.Count == 0 || tweets.Count == 0 || banking.Count == 0 || instructions.Count == 0)
        {
            throw new InvalidOperationException($"The knowledge-base corpus needs bitext, twcs and banking77 under {datasets}.");
        }

        return new KbCorpus(xquadSentences, bitext, tweets, banking, instructions);
    }

    /// <summary>The articles, generated lazily (the import consumes them as it goes).</summary>
    public IEnumerable<KbImportArticle> Articles(int count, int seed)
    {
#pragma warning disable CA5394 // Not security: reproducible benchmark content.
        var random = new Random(seed);
        List<string>[] pools = [_bitext, _xquad, _tweets, _banking];
        var body = new StringBuilder(4096);
        for (var i = 0; i < count; i++)
        {
            var title = random.NextDouble() < 0.6 ? _banking[random.Next(_banking.Count)] : _instructions[random.Next(_instructions.Count)];
            var target = 80 + random.Next(221);
            var main = random.NextDouble() switch
            {
                < 0.4 => 0,
                < 0.6 => 1,
                < 0.8 => 2,
                _ => 3,
            };
            body.Clear();
            var words = 0;
            var inParagraph = 0;
            var paragraphLength = 3 + random.Next(4);
            while (words < target)
            {
                var pool = random.NextDouble() < 0.7 ? pools[main] : pools[random.Next(pools.Length)];
                var sentence = pool[random.Next(pool.Count)];
                if (inParagraph == paragraphLength)
                {
                    body.Append("\n\n");
                    inParagraph = 0;
                    paragraphLength = 3 + random.Next(4);
                }
                else if (body.Length > 0)
                {
                    body.Append(' ');
                }

                body.Append(sentence);
                words += CountWords(sentence);
                inParagraph++;
            }

            yield return new KbImportArticle($"bench-{i.ToString("D6", CultureInfo.InvariantCulture)}", Title(title), body.ToString());
        }
#pragma warning restore CA5394
    }

    private static string Title(string text)
    {
        var t = text.Trim();
        return t.Length == 0 ? "Untitled" : char.ToUpperInvariant(t[0]) + t[1..];
    }

    private static int CountWords(string text)
    {
        var n = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var letter = !char.IsWhiteSpace(c);
            if (letter && !inWord)
            {
                n++;
            }

            inWord = letter;
        }

        return n;
    }

    private static IEnumerable<string> Sentences(string text) =>
        SentenceBreak().Split(text).Select(Clean).Where(s => s.Length > 0 && s.Any(char.IsLetter));

    private static string Clean(string text) => Spaces().Replace(text, " ").Trim();

    private static IEnumerable<string[]> Csv(string path, params string[] columns)
    {
        using var csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = ',' });
        var header = csv.Headers.ToList();
        var indexes = columns.Select(c => header.IndexOf(c)).ToArray();
        if (indexes.Any(i => i < 0))
        {
            throw new InvalidOperationException($"{path}: expected the columns {string.Join(", ", columns)}.");
        }

        while (csv.Read())
        {
            yield return indexes.Select(i => csv.GetString(i)).ToArray();
        }
    }

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[""“(]?[A-Z0-9])")]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"\{\{\s*([^}]+?)\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"@\w+")]
    private static partial Regex Handle();

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

/// <summary>A query of the latency measurement; <see cref="Expected"/> is the article that answers it, when known.</summary>
internal sealed record KbQuery(string Kind, string Text, string? Expected);

/// <summary>
/// The latency queries: every XQuAD question; 200 short queries of 1–3 words taken from Banking77 queries (words of 4+
/// letters, in order); 200 XQuAD questions with one word of 6+ letters misspelled (two letters swapped, one dropped or one
/// doubled).
/// </summary>
internal static class KbQueries
{
    public static readonly string[] Kinds = ["question", "short", "typo"];

    public const int ShortCount = 200;
    public const int TypoCount = 200;

    public static string Describe(string kind) => kind switch
    {
        "question" => "XQuAD questions (1,190)",
        "short" => $"1-3 word queries ({ShortCount}, from Banking77)",
        _ => $"XQuAD questions with a misspelled word ({TypoCount})",
    };

    public static List<KbQuery> Build(SquadDataset xquad, KbCorpus corpus, int seed)
    {
#pragma warning disable CA5394 // Not security: reproducible benchmark queries.
        var random = new Random(seed);
        var questions = xquad.Questions().ToList();
        var queries = questions.Select(q => new KbQuery("question", q.Text, q.ExternalId)).ToList();
        var shorts = 0;
        while (shorts < ShortCount)
        {
            var words = Words(corpus.Banking[random.Next(corpus.Banking.Count)]).Where(w => w.Length >= 4 && !StopWords.IsStopWord(w.ToLowerInvariant(), TextLanguage.English)).ToList();
            if (words.Count == 0)
            {
                continue;
            }

            var n = Math.Min(words.Count, 1 + random.Next(3));
            var start = random.Next(words.Count - n + 1);
            queries.Add(new KbQuery("short", string.Join(' ', words.Skip(start).Take(n)).ToLowerInvariant(), null));
            shorts++;
        }

        var typos = 0;
        while (typos < TypoCount)
        {
            var question = questions[random.Next(questions.Count)];
            var words = question.Text.Split(' ');
            var candidates = Enumerable.Range(0, words.Length).Where(i => words[i].Length >= 6 && words[i].All(char.IsLetter)).ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

            var at = candidates[random.Next(candidates.Count)];
            var word = words[at];
            var p = 1 + random.Next(word.Length - 2);
            words[at] = random.Next(3) switch
            {
                0 => word[..p] + word[p + 1] + word[p] + word[(p + 2)..],
                1 => word.Remove(p, 1),
                _ => word.Insert(p, word[p].ToString()),
            };
            queries.Add(new KbQuery("typo", string.Join(' ', words), question.ExternalId));
            typos++;
        }
#pragma warning restore CA5394

        return queries;
    }

    private static IEnumerable<string> Words(string text) =>
        text.Split([' ', ',', '.', '?', '!', ';', ':', '"', '(', ')'], StringSplitOptions.RemoveEmptyEntries).Where(w => w.All(char.IsLetter));
}

using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Customers;
using Vinculo.Core.Storage;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Text;

namespace Vinculo.Bench;

/// <summary>
/// Customer search through CustomerService.Search in a fresh DI scope per call, with queries an agent types: name
/// prefixes in reverse word order ("garc mar"), an e-mail in capitals, a phone in another formatting, a customer id.
/// Queries are built from random customers (fixed seed) so that each one has a known expected hit.
/// </summary>
internal static class SearchBench
{
    public static readonly string[] Kinds = ["name", "email", "phone", "id"];

    private sealed record Query(string Kind, string Text, long Expected);

    public static async Task Run(Report report, DatabaseSettings settings, IServiceProvider provider, BenchOptions options, long minId, long maxId)
    {
        var perKind = Math.Max(50, options.Samples / Kinds.Length);
        var measured = BuildQueries(settings, perKind, minId, maxId, options.RandomSeed + 100);
        var warmup = BuildQueries(settings, Math.Max(50, perKind / 5), minId, maxId, options.RandomSeed + 101);
        Console.WriteLine($"Customer search in-process: {measured.Count:N0} queries ({perKind:N0} per kind, interleaved), e.g. " +
                          string.Join(", ", Kinds.Select(k => $"\"{measured.First(q => q.Kind == k).Text}\"")));

        var hits = Kinds.ToDictionary(k => k, _ => 0);
        var firstPage = Kinds.ToDictionary(k => k, _ => 0);
        var byKind = Kinds.ToDictionary(k => k, _ => new List<long>());
        var diskByKind = Kinds.ToDictionary(k => k, _ => 0L);
        var all = new List<long>();
        var index = 0;

        // Warm-up (discarded), then time each query, attributing the sample to its kind.
        var warmed = await Measure.Warmup(warmup, async q =>
        {
            await using var scope = provider.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<CustomerService>().Search(new CustomerQuery(q.Text))).Items.Count > 0;
        });
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Console.WriteLine($"  warm-up {warmed:N0} queries done");
        if (Measure.QuietWait > TimeSpan.Zero)
        {
            await CpuUsage.WaitForQuiet(Measure.QuietWait);
        }

        var quiet = new CpuUsage.QuietChunks(Measure.QuietWait);
        foreach (var q in measured)
        {
            if (index % CpuUsage.QuietChunks.ChunkSize == 0)
            {
                if (index > 0)
                {
                    quiet.After();
                }

                await quiet.Before();
            }

            var read0 = CpuUsage.DiskReadBytes(Environment.ProcessId);

            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            await using var scope = provider.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<CustomerService>();
            var page = await service.Search(new CustomerQuery(q.Text));
            var elapsed = System.Diagnostics.Stopwatch.GetTimestamp() - start;
            byKind[q.Kind].Add(elapsed);
            diskByKind[q.Kind] += CpuUsage.DiskReadBytes(Environment.ProcessId) - read0;
            all.Add(elapsed);
            if (page.Items.Count > 0)
            {
                hits[q.Kind]++;
            }

            if (page.Items.Any(i => i.Id == q.Expected))
            {
                firstPage[q.Kind]++;
            }

            if (++index % 5000 == 0)
            {
                Console.Write($"\r  measured {index:N0}/{measured.Count:N0}");
            }
        }

        quiet.After();
        var others = quiet.OtherCores();
        Console.WriteLine($"  (other processes used {others:0.00} cores meanwhile)");
        foreach (var kind in Kinds)
        {
            var stats = LatencyStats.FromTicks(byKind[kind]);
            var example = measured.First(q => q.Kind == kind).Text;
            var outcome = new Measure.Outcome(stats, hits[kind], byKind[kind].Count, others, diskByKind[kind] / 1024.0 / Math.Max(1, byKind[kind].Count));
            report.AddLatency($"search.{kind}", $"Customer search by {kind}, e.g. \"{Short(example)}\"", outcome, targetP99Ms: 10.0,
                note: $"non-empty {hits[kind]:N0}/{byKind[kind].Count:N0}; expected customer on first page {firstPage[kind]:N0}/{byKind[kind].Count:N0}");
            Console.WriteLine($"  {kind,-6} p50 {stats.P50Ms:0.000} ms  p99 {stats.P99Ms:0.000} ms  max {stats.MaxMs:0.000} ms  " +
                              $"(non-empty {hits[kind]:N0}/{byKind[kind].Count:N0}, expected on first page {firstPage[kind]:N0})");
        }

        var total = new Measure.Outcome(LatencyStats.FromTicks(all), hits.Values.Sum(), all.Count, others, diskByKind.Values.Sum() / 1024.0 / Math.Max(1, all.Count));
        report.AddLatency("search.all", "Customer search, all four kinds", total, targetP99Ms: 10.0);

        await FtsAlone(report, settings, warmup, measured);
    }

    /// <summary>
    /// Diagnostic: the FTS5 name-prefix statement alone, as CustomerService.SearchIds sends it for every query (also
    /// e-mails, phones and ids, whose words are matched as name prefixes too), on one open connection, prepared.
    /// Keep the MATCH expression and SQL in step with FullTextSearch.CustomerIdsByNamePrefixes.
    /// </summary>
    private static async Task FtsAlone(Report report, DatabaseSettings settings, IReadOnlyList<Query> warmup, IReadOnlyList<Query> measured)
    {
        await using var connection = new SqliteConnection(settings.ConnectionString);
        connection.Open();
        SqliteConnectionSetup.Apply(connection);
        await using var fts = connection.CreateCommand();
        fts.CommandText = "SELECT rowid FROM customer_fts WHERE customer_fts MATCH $q AND rowid > 0 ORDER BY rowid LIMIT 26";
        var parameter = fts.Parameters.Add("$q", SqliteType.Text);
        fts.Prepare();

        ValueTask<bool> Run(Query q)
        {
            var prefixes = Tokenizer.Tokens(q.Text).Distinct().Take(8).ToList();
            if (prefixes.Count == 0)
            {
                return ValueTask.FromResult(false);
            }

            parameter.Value = string.Join(" AND ", prefixes.Select(p => $"\"{p.Replace("\"", "\"\"", StringComparison.Ordinal)}\"*"));
            using var reader = fts.ExecuteReader();
            var any = false;
            while (reader.Read())
            {
                any = true;
            }

            return ValueTask.FromResult(any);
        }

        foreach (var kind in Kinds)
        {
            var items = measured.Where(q => q.Kind == kind).ToList();
            var r = await Measure.Sequential($"FTS5 name-prefix statement alone, {kind} queries", warmup.Where(q => q.Kind == kind).ToList(), items, Run);
            report.AddLatency($"search.{kind}.ftsAlone", $"  diag: {kind} search's FTS5 prefix statement alone", r, null,
                note: "raw prepared statement: SELECT rowid FROM customer_fts WHERE customer_fts MATCH '\"w1\"* AND \"w2\"*...' ORDER BY rowid LIMIT 26");
        }
    }

    private static string Short(string text) => text.Length <= 24 ? text : text[..21] + "...";

    private static List<Query> BuildQueries(DatabaseSettings settings, int perKind, long minId, long maxId, int seed)
    {
        using var connection = new SqliteConnection(settings.ConnectionString);
        connection.Open();
        using var customer = connection.CreateCommand();
        customer.CommandText = "SELECT first_name, last_name, company_name, display_name FROM customers WHERE id = $id";
        customer.Parameters.Add("$id", SqliteType.Integer);
        using var email = connection.CreateCommand();
        email.CommandText = "SELECT address FROM customer_emails WHERE customer_id = $id ORDER BY is_primary DESC, id LIMIT 1";
        email.Parameters.Add("$id", SqliteType.Integer);
        using var phone = connection.CreateCommand();
        phone.CommandText = "SELECT raw, e164 FROM customer_phones WHERE customer_id = $id ORDER BY is_primary DESC, id LIMIT 1";
        phone.Parameters.Add("$id", SqliteType.Integer);

        var queries = new List<Query>(perKind * Kinds.Length);
        var counts = Kinds.ToDictionary(k => k, _ => 0);
        var candidates = Measure.RandomIds(perKind * 40, minId, maxId, seed);
        var k = 0;
        foreach (var id in candidates)
        {
            if (counts.Values.All(c => c >= perKind))
            {
                break;
            }

            // Round-robin over kinds so the measured sequence interleaves them.
            var kind = Kinds[k++ % Kinds.Length];
            if (counts[kind] >= perKind)
            {
                continue;
            }

            string? text = kind switch
            {
                "name" => NameQuery(customer, id),
                "email" => Scalar(email, id) is string address ? address.ToUpperInvariant() : null,
                "phone" => PhoneQuery(phone, id, counts[kind]),
                _ => Exists(customer, id) ? (counts[kind] % 2 == 0 ? id.ToString(CultureInfo.InvariantCulture) : "#" + id.ToString(CultureInfo.InvariantCulture)) : null,
            };
            if (text is not null)
            {
                queries.Add(new Query(kind, text, id));
                counts[kind]++;
            }
        }

        return queries;
    }

    private static object? Scalar(SqliteCommand command, long id)
    {
        command.Parameters[0].Value = id;
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    private static bool Exists(SqliteCommand customer, long id)
    {
        customer.Parameters[0].Value = id;
        using var reader = customer.ExecuteReader();
        return reader.Read();
    }

    /// <summary>"Garc mar" for María García: the last name's prefix first, then the first name's, folded or not.</summary>
    private static string? NameQuery(SqliteCommand customer, long id)
    {
        customer.Parameters[0].Value = id;
        using var reader = customer.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        List<string> words;
        if (!reader.IsDBNull(0) && !reader.IsDBNull(1))
        {
            var first = Tokenizer.Tokens(reader.GetString(0)).FirstOrDefault();
            var last = Tokenizer.Tokens(reader.GetString(1)).FirstOrDefault(t => t.Length >= 3);
            words = [.. new[] { last, first }.OfType<string>()];
        }
        else
        {
            var name = reader.IsDBNull(2) ? reader.GetString(3) : reader.GetString(2);
            words = Tokenizer.Tokens(name).Where(t => t.Length >= 3).Take(2).Reverse().ToList();
        }

        if (words.Count == 0)
        {
            return null;
        }

        return string.Join(' ', words.Select((w, i) => w[..Math.Min(w.Length, i == 0 ? 4 : 3)]));
    }

    /// <summary>The stored phone written another way: "612 34 56 78", "612-345-678", "0034 612 345 678", "(+34) 612.345.678".</summary>
    private static string? PhoneQuery(SqliteCommand phone, long id, int n)
    {
        phone.Parameters[0].Value = id;
        using var reader = phone.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var raw = reader.GetString(0);
        var e164 = reader.GetString(1);
        string formatted;
        if (e164.StartsWith("+34", StringComparison.Ordinal) && e164.Length == 12)
        {
            var d = e164[3..];
            formatted = (n % 4) switch
            {
                0 => $"{d[..3]} {d[3..5]} {d[5..7]} {d[7..]}",
                1 => $"{d[..3]}-{d[3..6]}-{d[6..]}",
                2 => $"0034 {d[..3]} {d[3..6]} {d[6..]}",
                _ => $"(+34) {d[..3]}.{d[3..6]}.{d[6..]}",
            };
        }
        else
        {
            var digits = e164[1..];
            formatted = "00" + digits[..2] + " " + string.Join(' ', digits[2..].Chunk(3).Select(c => new string(c)));
        }

        return PhoneNumbers.TryNormalize(formatted, "34", out var check) && check == e164 && formatted != raw ? formatted : raw;
    }
}

using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Analytics.Scores;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Analytics;
using Xunit.Abstractions;
using static Vinculo.Core.Tests.Analytics.Scores.ScoreWorld;

namespace Vinculo.Core.Tests.Analytics.Scores;

/// <summary>Runs only when VINCULO_MEASURE_SCORES is set (it takes a minute): the write time of a whole run's scores.</summary>
public sealed class MeasureFactAttribute : FactAttribute
{
    public const string Variable = "VINCULO_MEASURE_SCORES";

    public MeasureFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 })
        {
            Skip = $"Measurement: set {Variable}=<number of customers> (e.g. 1000000) to run it.";
        }
    }
}

public sealed class ScoreWriteMeasurement(ITestOutputHelper output)
{
    [MeasureFact]
    public async Task Writing_a_whole_run_of_synthetic_scores_on_SQLite() => await Measure("sqlite");

    [MeasureFact]
    public async Task Writing_a_whole_run_of_synthetic_scores_on_PostgreSQL()
    {
        if (TestDatabase.PostgresConnectionString is null)
        {
            return;
        }

        await Measure("postgres");
    }

    private async Task Measure(string provider)
    {
        var count = int.Parse(Environment.GetEnvironmentVariable(MeasureFactAttribute.Variable)!, System.Globalization.CultureInfo.InvariantCulture);
        await using var db = await TestDatabase.Create(provider);
        await using (var context = db.CreateDbContext())
        {
            context.Database.SetCommandTimeout(600);
            var watch = Stopwatch.StartNew();
            // Customers by set-based SQL (their search trigger off: this measures the scores, not the customers).
            if (context.IsSqlite)
            {
                await context.Database.ExecuteSqlRawAsync("DROP TRIGGER IF EXISTS customers_fts_ai");
            }

            await context.Database.ExecuteSqlRawAsync(context.IsSqlite
                ? $"""
                  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
                  INSERT INTO customers (id, kind, lifecycle, display_name, search_name, preferred_language, temperament, attributes, created_at, updated_at, version)
                  SELECT i, 1, 2, 'Cliente ' || i, 'cliente ' || i, 'es', 0, '{"{{}}"}', 0, 0, 1 FROM n
                  """
                : $"""
                  INSERT INTO customers (id, kind, lifecycle, display_name, search_name, preferred_language, temperament, attributes, created_at, updated_at, version)
                  OVERRIDING SYSTEM VALUE
                  SELECT i, 1, 2, 'Cliente ' || i, 'cliente ' || i, 'es', 0, '{"{{}}"}', now(), now(), 1 FROM generate_series(1, {count}) AS i
                  """);
            output.WriteLine($"{provider}: {count:N0} customers inserted in {watch.Elapsed.TotalSeconds:0.0} s");
        }

        var random = new Random(7);
        string[] segments = ["champions", "loyal", "potentialLoyalist", "new", "promising", "needAttention", "aboutToSleep", "atRisk", "cantLoseThem", "hibernating", "lost"];
        string[] keys = ["overdueInvoices", "tenureDays", "complaints", "recencyDays", "averageDaysLate"];
        var scores = new CustomerScore[count];
        for (var i = 0; i < count; i++)
        {
            ScoreFactor[] Factors() => [.. keys.Take(3).Select(k => new ScoreFactor(k, random.Next(0, 400).ToString(System.Globalization.CultureInfo.InvariantCulture), random.NextDouble() - 0.5))];
            scores[i] = new CustomerScore(i + 1, random.Next(0, 900), random.Next(1, 40), Math.Round((decimal)(random.NextDouble() * 5000), 2),
                random.Next(1, 6), random.Next(1, 6), random.Next(1, 6), segments[random.Next(segments.Length)], random.Next(0, 6),
                random.NextDouble(), Factors(), random.NextDouble() * 0.7, Factors(), random.NextDouble() * 4, random.NextDouble(),
                Math.Round((decimal)(random.NextDouble() * 200), 2), Math.Round((decimal)(random.NextDouble() * 8000), 2));
        }

        var results = new AnalyticsResults(Summary(), scores, [], []);
        await using var app = Services(db);
        var first = await Write(app, results);
        output.WriteLine($"{provider}: first write of {first.Scores:N0} scores in {first.Elapsed.TotalSeconds:0.00} s ({first.AlertsRaised:N0} alerts raised): {Phases(first)}");
        var second = await Write(app, results);
        output.WriteLine($"{provider}: replacing them in {second.Elapsed.TotalSeconds:0.00} s ({second.AlertsRaised:N0} alerts raised, {second.AlertsOpen:N0} open): {Phases(second)}");
        Assert.Equal(count, second.Scores);
    }

    private static string Phases(AnalyticsWriteResult r) =>
        string.Join(", ", r.Phases.Select(p => $"{p.Key} {p.Value.TotalSeconds:0.00} s"));
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Vinculo.Core;
using Vinculo.Core.Common;
using Vinculo.Core.Knowledge.Import;
using Vinculo.Core.Knowledge.Search;
using Vinculo.Core.Storage;
using Vinculo.Domain.Knowledge;
using Vinculo.Domain.Knowledge.Search;

namespace Vinculo.Cli.Commands;

/// <summary>
/// <c>vinculo kb</c>: import knowledge-base articles (SQuAD JSON, FAQ CSV), search them from the command line in bulk,
/// and measure the search's quality (recall@1/5/10 and MRR) on a labelled file.
/// </summary>
internal static class KbCommands
{
    public const string CsvHeader = "query_index,rank,external_id,score";

    private const string FormatHelp =
        "squad: a SQuAD 1.1 JSON file, one article per paragraph (external id '<title>/<paragraph index from 0>', title = the SQuAD title " +
        "with underscores as spaces, body = the paragraph). faq: a FAQ CSV with the columns ID, Category, Question, Answer " +
        "(external id = ID, title = Question, body = Answer).";

    public static Command Create(CliContext context) => new("kb", "Knowledge base: import articles, search them, measure the search's quality.")
    {
        Import(context),
        Search(context),
        Evaluate(context),
    };

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = FormatHelp, Required = true };
        format.AcceptOnlyFromAmong("squad", "faq");
        return format;
    }

    private static Option<string> LanguageOption(string description)
    {
        var language = new Option<string>("--language") { Description = description, Required = true };
        language.AcceptOnlyFromAmong([.. KbAnalysis.Languages]);
        return language;
    }

    private static Command Import(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The file to import (UTF-8)." };
        var format = FormatOption();
        var language = LanguageOption("The articles' language: en or es.");
        var visibility = new Option<string>("--visibility")
        {
            Description = "internal: for agents only. public: may also be shown to customers.",
            DefaultValueFactory = _ => "internal",
        };
        visibility.AcceptOnlyFromAmong("internal", "public");

        var command = new Command("import",
            "Import the articles of a file as published articles of one language. Re-importing a file updates the same articles " +
            "(matched by language and external id) and never duplicates one; unchanged articles are left as they are. " +
            "All or nothing: the whole file is written in one transaction, so an invalid file or any error writes nothing.")
        {
            file, format, language, visibility,
        };
        command.SetAction((parse, ct) =>
        {
            var ui = context.Io.Ui;
            var input = parse.GetValue(file)!;
            if (!input.Exists)
            {
                ui.MarkupLineInterpolated($"[red]Error:[/] file not found: {input.FullName}");
                return Task.FromResult(VinculoCli.Failed);
            }

            return context.Guard(parse, ui, async settings =>
            {
                var kind = parse.GetValue(format)!;
                var options = new KbImportOptions
                {
                    Language = parse.GetValue(language)!,
                    Visibility = parse.GetValue(visibility) == "public" ? KbVisibility.Public : KbVisibility.Internal,
                };
                ui.MarkupLineInterpolated(
                    $"Importing {kind} articles ({options.Language}, {(options.Visibility == KbVisibility.Public ? "public" : "internal")}) from {input.Name} into {settings.Describe()}");
                return await Failing(ui, input, async () =>
                {
                    var articles = await ReadArticles(kind, input, ct);
                    var result = await ImportWithProgress(ui, input, articles, options, settings, ct);
                    PrintImport(ui, result);
                    return VinculoCli.Ok;
                });
            });
        });
        return command;
    }

    private static Command Search(CliContext context)
    {
        var query = new Argument<string?>("query") { Description = "One query; its hits are printed as a table.", Arity = ArgumentArity.ZeroOrOne };
        var queries = new Option<FileInfo?>("--queries")
        {
            Description = "A text file with one query a line (UTF-8): every query is searched and the hits written as CSV " +
                          $"({CsvHeader}). query_index is the line's index in the file from 0; empty (or blank) lines are skipped " +
                          "but keep their index, so query_index always points at the query's line. rank counts from 1; score is the " +
                          "search's BM25 score (higher is better) with a dot as decimal separator. A query without hits has no rows.",
        };
        var language = LanguageOption("The language of the articles searched and of the queries' analysis: en or es.");
        var top = new Option<int>("--top") { Description = $"Hits per query, 1–{KbSearchService.MaxTop}.", DefaultValueFactory = _ => 10 };
        top.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > KbSearchService.MaxTop)
            {
                r.AddError($"--top must be between 1 and {KbSearchService.MaxTop}.");
            }
        });
        var publicOnly = new Option<bool>("--public-only") { Description = "Only articles that may go to customers (public)." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the CSV to this file instead of standard output (with --queries)." };

        var command = new Command("search", "Search the published articles of a language, for one query or for a file of queries (CSV results).")
        {
            query, queries, language, top, publicOnly, output,
        };
        command.SetAction((parse, ct) =>
        {
            var text = parse.GetValue(query);
            var file = parse.GetValue(queries);
            var outFile = parse.GetValue(output);
            // CSV on standard output: messages go to standard error so a pipe only gets the CSV.
            var ui = file is not null && outFile is null ? context.Io.ErrorUi : context.Io.Ui;
            if ((text is null) == (file is null))
            {
                ui.MarkupLine("[red]Error:[/] give either a query or --queries FILE.");
                return Task.FromResult(VinculoCli.Failed);
            }

            if (file is { Exists: false })
            {
                ui.MarkupLineInterpolated($"[red]Error:[/] file not found: {file.FullName}");
                return Task.FromResult(VinculoCli.Failed);
            }

            if (outFile is not null && file is null)
            {
                ui.MarkupLine("[red]Error:[/] --out goes with --queries FILE.");
                return Task.FromResult(VinculoCli.Failed);
            }

            return context.Guard(parse, ui, async settings =>
            {
                var lang = parse.GetValue(language)!;
                var hits = parse.GetValue(top);
                var onlyPublic = parse.GetValue(publicOnly);
                await using var services = new ServiceCollection().AddLogging().AddVinculoCore(settings).BuildServiceProvider();
                if (text is not null)
                {
                    await using var scope = services.CreateAsyncScope();
                    var result = await scope.ServiceProvider.GetRequiredService<KbSearchService>()
                        .SearchAsync(new KbSearchRequest(text, lang, hits, onlyPublic), ct);
                    PrintHits(ui, result);
                    return VinculoCli.Ok;
                }

                return await SearchFile(context, ui, services, file!, outFile, lang, hits, onlyPublic, ct);
            });
        });
        return command;
    }

    private static async Task<int> SearchFile(CliContext context, IAnsiConsole ui, IServiceProvider services, FileInfo file, FileInfo? outFile,
        string language, int top, bool publicOnly, CancellationToken ct)
    {
        var lines = await File.ReadAllLinesAsync(file.FullName, Encoding.UTF8, ct);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length > KbQueryPlanner.MaxQueryLength)
            {
                ui.MarkupLineInterpolated(
                    $"[red]Error:[/] {file.Name} line {i + 1}: a query may be at most {KbQueryPlanner.MaxQueryLength} characters long. Nothing was searched.");
                return VinculoCli.Failed;
            }
        }

        var watch = Stopwatch.StartNew();
        var searched = 0;
        var rows = 0;
        var csv = new StringBuilder();
        csv.Append(CsvHeader).Append('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.Length == 0)
            {
                continue;
            }

            await using var scope = services.CreateAsyncScope();
            var hits = (await scope.ServiceProvider.GetRequiredService<KbSearchService>()
                .SearchAsync(new KbSearchRequest(text, language, top, publicOnly), ct)).Hits;
            searched++;
            for (var r = 0; r < hits.Count; r++)
            {
                csv.Append(i.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append((r + 1).ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(CsvField(hits[r].ExternalId)).Append(',')
                    .Append(hits[r].Score.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                rows++;
            }
        }

        if (outFile is null)
        {
            await context.Io.Data.WriteAsync(csv.ToString());
            await context.Io.Data.FlushAsync(ct);
        }
        else
        {
            await File.WriteAllTextAsync(outFile.FullName, csv.ToString(), new UTF8Encoding(false), ct);
        }

        var skipped = lines.Length - searched;
        ui.MarkupLineInterpolated(
            $"Searched {searched:N0} queries ({skipped:N0} empty lines skipped) in {watch.Elapsed.TotalSeconds:N1} s: {rows:N0} hits{(outFile is null ? "" : $" written to {outFile.FullName}")}.");
        return VinculoCli.Ok;
    }

    private static Command Evaluate(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "squad: the SQuAD file (its paragraphs and questions). faq: the FAQ file (faq_db.csv)." };
        var format = FormatOption();
        var language = LanguageOption("The language of the articles and questions: en or es.");
        var queriesFile = new Option<FileInfo?>("--queries-file")
        {
            Description = "faq: the labelled questions (validation.csv: Question, Answer = the right FAQ ids, comma separated; a hit on any of them " +
                          "counts; questions labelled -1, which no entry answers, are left out).",
        };
        var top = new Option<int>("--top")
        {
            Description = $"Hits retrieved per question, {MinEvaluateTop}–{KbSearchService.MaxTop}: MRR counts a right article found within them.",
            DefaultValueFactory = _ => 10,
        };
        top.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < MinEvaluateTop or > KbSearchService.MaxTop)
            {
                r.AddError($"--top must be between {MinEvaluateTop} and {KbSearchService.MaxTop} (recall@10 needs the top 10).");
            }
        });
        var import = new Option<bool>("--import") { Description = "Import (upsert) the file's articles first, as `kb import` would, in the same command." };

        var command = new Command("evaluate",
            "Measure the search's quality on a labelled file: each question is searched among the published articles of the language, and " +
            "the rank of the first right article gives recall@1, recall@5, recall@10 and MRR (printed on standard output as 'name: value' " +
            "lines). squad: a question's right article is its own paragraph. faq: any FAQ entry its label names. The articles must be " +
            "in the database (kb import, or --import); every other published article of the language competes with them.")
        {
            file, format, language, queriesFile, top, import,
        };
        command.SetAction((parse, ct) =>
        {
            var ui = context.Io.ErrorUi;
            var input = parse.GetValue(file)!;
            var labels = parse.GetValue(queriesFile);
            var kind = parse.GetValue(format)!;
            foreach (var f in new[] { input, labels })
            {
                if (f is { Exists: false })
                {
                    ui.MarkupLineInterpolated($"[red]Error:[/] file not found: {f.FullName}");
                    return Task.FromResult(VinculoCli.Failed);
                }
            }

            if (kind == "faq" && labels is null)
            {
                ui.MarkupLine("[red]Error:[/] --format faq needs --queries-file with the labelled questions (validation.csv).");
                return Task.FromResult(VinculoCli.Failed);
            }

            if (kind == "squad" && labels is not null)
            {
                ui.MarkupLine("[red]Error:[/] --queries-file goes with --format faq; a SQuAD file has its own questions.");
                return Task.FromResult(VinculoCli.Failed);
            }

            return context.Guard(parse, ui, async settings =>
            {
                var lang = parse.GetValue(language)!;
                var hits = parse.GetValue(top);
                return await Failing(ui, input, async () =>
                {
                    IReadOnlyList<KbImportArticle> articles;
                    IReadOnlyList<KbEvaluationQuestion> questions;
                    if (kind == "squad")
                    {
                        await using var stream = File.OpenRead(input.FullName);
                        var dataset = await SquadReader.Read(stream, ct);
                        articles = dataset.Articles().ToList();
                        questions = KbEvaluation.FromSquad(dataset);
                    }
                    else
                    {
                        articles = await ReadArticles(kind, input, ct);
                        await using var stream = File.OpenRead(labels!.FullName);
                        var labelled = await Renamed(labels, () => FaqCsvReader.ReadQueries(stream, ct));
                        questions = KbEvaluation.FromFaq(labelled);
                        if (labelled.Count > questions.Count)
                        {
                            ui.MarkupLineInterpolated(
                                $"Left out {labelled.Count - questions.Count:N0} of the {labelled.Count:N0} questions of {labels.Name}: they are labelled -1 (no FAQ entry answers them).");
                        }
                    }

                    if (parse.GetValue(import))
                    {
                        var imported = await ImportWithProgress(ui, input, articles, new KbImportOptions { Language = lang }, settings, ct);
                        PrintImport(ui, imported);
                    }

                    await using var services = new ServiceCollection().AddLogging().AddVinculoCore(settings).BuildServiceProvider();
                    var missing = await MissingArticles(services, lang, articles, ct);
                    if (missing > 0)
                    {
                        ui.MarkupLineInterpolated(
                            $"[red]Error:[/] {missing:N0} of the {articles.Count:N0} articles of {input.Name} are not published in {settings.Describe()} ({lang}). Import them first (vinculo kb import --format {kind} {input.Name} --language {lang}) or add --import.");
                        return VinculoCli.Failed;
                    }

                    ui.MarkupLineInterpolated($"Evaluating {questions.Count:N0} questions against the published {lang} articles of {settings.Describe()} (top {hits})");
                    var watch = Stopwatch.StartNew();
                    var result = await ui.Progress()
                        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                        .StartAsync(async progress =>
                        {
                            var task = progress.AddTask("Searching", maxValue: Math.Max(1, questions.Count));
                            var bridge = new InlineProgress<int>(done => task.Value = done);
                            return await KbEvaluation.Run(questions, hits, KbEvaluation.Searcher(services, lang), bridge, ct);
                        });
                    await context.Io.Data.WriteAsync(FormatMetrics(result));
                    await context.Io.Data.FlushAsync(ct);
                    ui.MarkupLineInterpolated($"{result.Questions:N0} questions in {watch.Elapsed.TotalSeconds:N1} s.");
                    return VinculoCli.Ok;
                });
            });
        });
        return command;
    }

    private const int MinEvaluateTop = 10;

    /// <summary>The metrics block of <c>kb evaluate</c>: one "name: value" line each, four decimals, invariant culture.</summary>
    public static string FormatMetrics(KbEvaluationResult result)
    {
        static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
        return $"questions: {result.Questions.ToString(CultureInfo.InvariantCulture)}\n" +
               $"recall@1: {F(result.RecallAt1)}\n" +
               $"recall@5: {F(result.RecallAt5)}\n" +
               $"recall@10: {F(result.RecallAt10)}\n" +
               $"mrr@{result.Top.ToString(CultureInfo.InvariantCulture)}: {F(result.Mrr)}\n";
    }

    /// <summary>How many of the articles are not published in the language (by external id).</summary>
    private static async Task<int> MissingArticles(IServiceProvider services, string language, IReadOnlyList<KbImportArticle> articles, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        var found = 0;
        foreach (var chunk in articles.Select(a => a.ExternalId).Chunk(500))
        {
            found += await db.KbArticles.AsNoTracking()
                .CountAsync(a => a.Language == language && a.Status == KbStatus.Published && chunk.Contains(a.ExternalId!), ct);
        }

        return articles.Count - found;
    }

    private static async Task<IReadOnlyList<KbImportArticle>> ReadArticles(string kind, FileInfo input, CancellationToken ct)
    {
        await using var stream = new FileStream(input.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return kind == "squad"
            ? (await Renamed(input, () => SquadReader.Read(stream, ct))).Articles().ToList()
            : FaqCsvReader.Articles(await Renamed(input, () => FaqCsvReader.Read(stream, ct))).ToList();
    }

    /// <summary>A reader's error about "file" names the file itself.</summary>
    private static async Task<T> Renamed<T>(FileInfo file, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (ValidationException e) when (e.Errors.ContainsKey("file"))
        {
            throw new ValidationException(e.Errors.ToDictionary(kv => kv.Key == "file" ? file.Name : kv.Key, kv => kv.Value));
        }
    }

    /// <summary>
    /// Runs a command body whose failures leave nothing written: invalid input and conflicts are printed with that
    /// reassurance and give exit code 1.
    /// </summary>
    private static async Task<int> Failing(IAnsiConsole ui, FileInfo input, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (ValidationException e)
        {
            foreach (var (field, errors) in e.Errors)
            {
                foreach (var error in errors)
                {
                    ui.MarkupLineInterpolated($"[red]{field}:[/] {error}");
                }
            }

            ui.MarkupLineInterpolated($"Nothing was written from {input.Name}.");
            return VinculoCli.Failed;
        }
        catch (ConflictException e)
        {
            ui.MarkupLineInterpolated($"[red]Error:[/] {e.Message}");
            return VinculoCli.Failed;
        }
    }

    private static async Task<KbImportResult> ImportWithProgress(IAnsiConsole ui, FileInfo input, IReadOnlyList<KbImportArticle> articles, KbImportOptions options,
        DatabaseSettings settings, CancellationToken ct) =>
        await ui.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Writing {articles.Count:N0} articles of {input.Name}", maxValue: Math.Max(1, articles.Count));
                var bridge = new InlineProgress<KbImportProgress>(p => task.Value = Math.Min(p.Written, task.MaxValue));
                var result = await KbImport.Run(settings, articles, options with { Progress = bridge }, ct);
                task.Value = task.MaxValue;
                return result;
            });

    private static void PrintImport(IAnsiConsole ui, KbImportResult result)
    {
        var table = new Table().AddColumn("Articles").AddColumn(new TableColumn("Count").RightAligned());
        void Row(string what, long count) => table.AddRow(what, count.ToString("N0", CultureInfo.InvariantCulture));
        Row("In the file", result.Read);
        Row("Created", result.Created);
        Row("Updated", result.Updated);
        Row("Search terms refreshed", result.Reindexed);
        Row("Unchanged", result.Unchanged);
        ui.Write(table);
        ui.MarkupLineInterpolated(
            $"[green]Imported {result.Read:N0} articles[/] in {result.Elapsed.TotalSeconds:N1} s ({result.ArticlesPerSecond:N0} articles/s).");
    }

    private static void PrintHits(IAnsiConsole ui, KbSearchResult result)
    {
        if (result.Hits.Count == 0)
        {
            ui.MarkupLine(result.Terms.Count == 0 ? "No search terms in the query (only stop words)." : "No article found.");
            return;
        }

        var table = new Table().AddColumn(new TableColumn("Rank").RightAligned()).AddColumn(new TableColumn("Score").RightAligned())
            .AddColumn("External id").AddColumn("Title");
        for (var i = 0; i < result.Hits.Count; i++)
        {
            var hit = result.Hits[i];
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), hit.Score.ToString("0.000", CultureInfo.InvariantCulture),
                Markup.Escape(hit.ExternalId ?? ""), Markup.Escape(hit.Title));
        }

        ui.Write(table);
        if (result.Alternatives.Count > 0)
        {
            ui.MarkupLineInterpolated($"Also searched: {string.Join(", ", result.Alternatives.Select(a => $"{a.Word} ({a.Kind.ToString().ToLowerInvariant()} of {a.Term})"))}");
        }
    }

    /// <summary>RFC 4180: quoted when it holds a comma, a quote or a line break (external ids such as "Fresno,_California/0").</summary>
    public static string CsvField(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

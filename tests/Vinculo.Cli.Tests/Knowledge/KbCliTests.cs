using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Cli.Commands;
using Vinculo.Cli.Tests.Infrastructure;
using Vinculo.Core.Knowledge.Search;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Core.Tests.Knowledge.Import;

namespace Vinculo.Cli.Tests.Knowledge;

/// <summary><c>vinculo kb import | search | evaluate</c>, invoked in-process through the parser on a fresh SQLite database.</summary>
public sealed class KbCliTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new(migrate: false);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vinculo-cli-tests", Guid.NewGuid().ToString("N"));
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The real command line; the kb commands are added here when the root does not register them yet.</summary>
    private async Task<int> Vinculo(params string[] args)
    {
        var io = CliIo.ForWriters(_out, _error);
        var root = VinculoCli.Build(io);
        if (!root.Subcommands.Any(c => c.Name == "kb"))
        {
            var database = root.Options.OfType<Option<string?>>().Single(o => o.Name == "--database");
            root.Subcommands.Add(KbCommands.Create(new CliContext(io, database)));
        }

        return await root.Parse([.. args, "--database", _database.ConnectionString]).InvokeAsync(new InvocationConfiguration { Output = io.Out, Error = io.Error });
    }

    private string Output => _out + _error.ToString();

    /// <summary>The output with Spectre's line wrapping undone (it wraps at the width of a non-interactive console).</summary>
    private string Flat => System.Text.RegularExpressions.Regex.Replace(Output, @"\s+", " ");

    private void Clear()
    {
        _out.GetStringBuilder().Clear();
        _error.GetStringBuilder().Clear();
    }

    private string File(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Import_of_a_squad_file_makes_one_article_per_paragraph_and_a_second_import_updates_the_same_ones()
    {
        var exit = await Vinculo("kb", "import", "--format", "squad", KbImportFixtures.SquadMini, "--language", "en");

        Assert.Equal(0, exit);
        Assert.Contains("Imported 3 articles", Flat, StringComparison.Ordinal);
        Assert.Contains("articles/s", Output, StringComparison.Ordinal);
        Assert.Equal(["Fresno,_California/0 Fresno, California 1 0 1", "Lighthouse_keeping/0 Lighthouse keeping 1 0 1", "Lighthouse_keeping/1 Lighthouse keeping 1 0 1"],
            await Db.Strings(_database.Settings,
                "SELECT external_id || ' ' || title || ' ' || status || ' ' || visibility || ' ' || version FROM kb_articles WHERE language = 'en' ORDER BY external_id"));

        Clear();
        Assert.Equal(0, await Vinculo("kb", "import", "--format", "squad", KbImportFixtures.SquadMini, "--language", "en"));
        Assert.Matches(@"Unchanged\s*[│|]\s*3", Output);
        Assert.Equal(3, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM kb_articles"));
        Assert.Equal(3, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM kb_article_versions"));
    }

    [Fact]
    public async Task Import_of_a_faq_file_uses_its_ids_questions_and_answers_and_may_make_them_public()
    {
        var exit = await Vinculo("kb", "import", "--format", "faq", KbImportFixtures.FaqMini, "--language", "en", "--visibility", "public");

        Assert.Equal(0, exit);
        Assert.Equal(["1 How do I pay my bill online? 1", "2 Why was I charged twice? 1", "3 How can I reset my password? 1", "4 Can I talk to a person? 1"],
            await Db.Strings(_database.Settings, "SELECT external_id || ' ' || title || ' ' || visibility FROM kb_articles ORDER BY external_id"));
        Assert.Equal(["Open the sign-in page, choose Forgot password and follow the link we e-mail you.\n\nThe link is valid for one hour."],
            await Db.Strings(_database.Settings, "SELECT body FROM kb_articles WHERE external_id = '3'"));
    }

    [Fact]
    public async Task Import_errors_are_clear_and_write_nothing()
    {
        Assert.Equal(1, await Vinculo("kb", "import", "--format", "squad", Path.Combine(_folder, "missing.json"), "--language", "en"));
        Assert.Contains("file not found:", Output, StringComparison.Ordinal);

        Clear();
        var bad = File("bad.json", "{\"data\": [\n  {\"title\": \"A\" \"paragraphs\": []}\n]}");
        Assert.Equal(1, await Vinculo("kb", "import", "--format", "squad", bad, "--language", "en"));
        Assert.Contains("bad.json: not valid SQuAD JSON at line 2, position 17:", Flat, StringComparison.Ordinal);
        Assert.Contains("Nothing was written from bad.json.", Flat, StringComparison.Ordinal);

        Clear();
        var csv = File("faq.csv", "ID,Category,Question,Answer\n1,x,Q1,A1\n2,x,\"Q2,A2\n");
        Assert.Equal(1, await Vinculo("kb", "import", "--format", "faq", csv, "--language", "es"));
        Assert.Contains("faq.csv: Malformed CSV in record 3 (line 3): a quoted field that is never closed", Flat, StringComparison.Ordinal);

        Clear();
        Assert.Equal(1, await Vinculo("kb", "import", "--format", "yaml", KbImportFixtures.SquadMini, "--language", "en"));
        Assert.Contains("'yaml'", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("squad", _error.ToString(), StringComparison.Ordinal);

        Clear();
        Assert.Equal(1, await Vinculo("kb", "import", "--format", "squad", KbImportFixtures.SquadMini, "--language", "fr"));
        Assert.Contains("'fr'", _error.ToString(), StringComparison.Ordinal);

        Clear();
        Assert.Equal(1, await Vinculo("kb", "import", "--format", "squad", KbImportFixtures.SquadMini));
        Assert.Contains("--language", _error.ToString(), StringComparison.Ordinal);

        Assert.Equal(0, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM kb_articles"));
    }

    [Fact]
    public async Task Search_of_a_query_file_writes_one_csv_row_per_hit_numbered_by_line()
    {
        Assert.Equal(0, await Vinculo("kb", "import", "--format", "squad", KbImportFixtures.SquadMini, "--language", "en"));
        string[] lines = ["what turns the lens", "", "   ", "fresno raisins almonds", "the of and", "keepers"];
        var queries = File("queries.txt", string.Join("\n", lines) + "\n");

        // Expected from the search service itself: empty lines skipped but counted, no rows for a query without hits.
        var expected = new StringBuilder("query_index,rank,external_id,score\n");
        await using (var services = new TestServices(_database.Settings))
        {
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim().Length == 0)
                {
                    continue;
                }

                await using var scope = services.Scope();
                var result = await scope.ServiceProvider.GetRequiredService<KbSearchService>().SearchAsync(new KbSearchRequest(lines[i], "en", 2), default);
                for (var r = 0; r < result.Hits.Count; r++)
                {
                    var id = result.Hits[r].ExternalId!;
                    expected.Append(CultureInfo.InvariantCulture, $"{i},{r + 1},{(id.Contains(',', StringComparison.Ordinal) ? $"\"{id}\"" : id)},{result.Hits[r].Score.ToString("R", CultureInfo.InvariantCulture)}\n");
                }
            }
        }

        Clear();
        Assert.Equal(0, await Vinculo("kb", "search", "--language", "en", "--top", "2", "--queries", queries));
        var csv = _out.ToString();
        Assert.Equal(expected.ToString(), csv);
        Assert.Contains("Searched 4 queries (2 empty lines skipped)", _error.ToString(), StringComparison.Ordinal);

        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.StartsWith("0,1,Lighthouse_keeping/0,", rows[0], StringComparison.Ordinal);
        Assert.Contains(rows, r => r.StartsWith("3,1,\"Fresno,_California/0\",", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.StartsWith("4,", StringComparison.Ordinal)); // only stop words: no hits, no rows
        Assert.Contains(rows, r => r.StartsWith("5,2,", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Matches(@"^\d+,\d+,(""[^""]+""|[^,]+),\d+(\.\d+)?(E[-+]?\d+)?$", r));

        Clear();
        var results = Path.Combine(_folder, "results.csv");
        Assert.Equal(0, await Vinculo("kb", "search", "--language", "en", "--top", "2", "--queries", queries, "--out", results));
        Assert.Equal(expected.ToString(), await System.IO.File.ReadAllTextAsync(results));
        Assert.DoesNotContain("query_index", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_of_one_query_prints_its_hits()
    {
        Assert.Equal(0, await Vinculo("kb", "import", "--format", "faq", KbImportFixtures.FaqMini, "--language", "en"));
        Clear();

        Assert.Equal(0, await Vinculo("kb", "search", "I forgot my password", "--language", "en"));

        Assert.Matches(@"[│|]\s*1\s*[│|]\s*[\d.]+\s*[│|]\s*3\s*[│|]\s*How can I reset my password\?", _out.ToString());
        Assert.Equal(1, await Vinculo("kb", "search", "--language", "en"));
        Assert.Contains("give either a query or --queries FILE", Flat, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_prints_recall_at_1_5_10_and_mrr_for_a_squad_file()
    {
        Assert.Equal(1, await Vinculo("kb", "evaluate", "--format", "squad", KbImportFixtures.SquadMini, "--language", "en"));
        Assert.Contains("3 of the 3 articles of squad-mini.json are not published", Flat, StringComparison.Ordinal);
        Assert.Contains("or add --import.", Flat, StringComparison.Ordinal);

        Clear();
        Assert.Equal(0, await Vinculo("kb", "evaluate", "--format", "squad", KbImportFixtures.SquadMini, "--language", "en", "--import"));

        // Five of the six questions find their paragraph first; the last one has no word of the text.
        Assert.Equal("questions: 6\nrecall@1: 0.8333\nrecall@5: 0.8333\nrecall@10: 0.8333\nmrr@10: 0.8333\n", _out.ToString());
        Assert.Contains("Evaluating 6 questions", _error.ToString(), StringComparison.Ordinal);

        Clear();
        Assert.Equal(0, await Vinculo("kb", "evaluate", "--format", "squad", KbImportFixtures.SquadMini, "--language", "en", "--top", "20"));
        Assert.Equal("questions: 6\nrecall@1: 0.8333\nrecall@5: 0.8333\nrecall@10: 0.8333\nmrr@20: 0.8333\n", _out.ToString());

        Clear();
        Assert.Equal(1, await Vinculo("kb", "evaluate", "--format", "squad", KbImportFixtures.SquadMini, "--language", "en", "--top", "5"));
        Assert.Contains("--top must be between 10 and 50", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM kb_articles"));
    }

    [Fact]
    public async Task Evaluate_of_a_faq_counts_a_hit_on_any_labelled_entry()
    {
        Assert.Equal(0, await Vinculo("kb", "import", "--format", "faq", KbImportFixtures.FaqMini, "--language", "en"));
        Clear();

        Assert.Equal(0, await Vinculo("kb", "evaluate", "--format", "faq", KbImportFixtures.FaqMini, "--language", "en",
            "--queries-file", KbImportFixtures.FaqMiniValidation));

        Assert.Equal("questions: 3\nrecall@1: 1.0000\nrecall@5: 1.0000\nrecall@10: 1.0000\nmrr@10: 1.0000\n", _out.ToString());
        Assert.Contains("Left out 1 of the 4 questions of faq-mini-validation.csv: they are labelled -1", Flat, StringComparison.Ordinal);

        Clear();
        Assert.Equal(1, await Vinculo("kb", "evaluate", "--format", "faq", KbImportFixtures.FaqMini, "--language", "en"));
        Assert.Contains("--format faq needs --queries-file", Flat, StringComparison.Ordinal);
    }
}

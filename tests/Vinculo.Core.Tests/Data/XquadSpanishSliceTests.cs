using System.Text.Json;
using Vinculo.Domain.Text;

namespace Vinculo.Core.Tests.Data;

/// <summary>
/// bench/data/xquad-es-slice.json, our Spanish translation of the first 8 articles of XQuAD's English file: it parses as
/// SQuAD 1.1, reads as Spanish, its answers are spans of their paragraphs, and (when the English file is present) it has
/// the same titles, paragraphs and question ids, in the same order, as the English original.
/// </summary>
public sealed class XquadSpanishSliceTests
{
    public const int Articles = 8;

    public static string SlicePath => Path.Combine(RepositoryRoot(), "bench", "data", "xquad-es-slice.json");

    /// <summary>XQuAD's English file where the public data sets are kept (next to the repository); null when absent.</summary>
    public static string? EnglishPath
    {
        get
        {
            var path = Path.Combine(RepositoryRoot(), "..", "shared", "datasets", "xquad", "xquad.en.json");
            return File.Exists(path) ? Path.GetFullPath(path) : null;
        }
    }

    [Fact]
    public void The_slice_is_squad_json_in_spanish_with_answers_inside_their_paragraphs()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SlicePath));
        Assert.Equal("1.1", document.RootElement.GetProperty("version").GetString());
        var articles = document.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(Articles, articles.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var questions = 0;
        foreach (var article in articles)
        {
            Assert.False(string.IsNullOrWhiteSpace(article.GetProperty("title").GetString()));
            var paragraphs = article.GetProperty("paragraphs").EnumerateArray().ToList();
            Assert.Equal(5, paragraphs.Count);
            foreach (var paragraph in paragraphs)
            {
                var context = paragraph.GetProperty("context").GetString()!;
                Assert.Equal(TextLanguage.Spanish, LanguageGuesser.Guess(context, TextLanguage.English));
                var qas = paragraph.GetProperty("qas").EnumerateArray().ToList();
                Assert.NotEmpty(qas);
                foreach (var qa in qas)
                {
                    questions++;
                    Assert.True(ids.Add(qa.GetProperty("id").GetString()!));
                    var question = qa.GetProperty("question").GetString()!;
                    Assert.True(question.TrimEnd().EndsWith('?'), question);
                    foreach (var answer in qa.GetProperty("answers").EnumerateArray())
                    {
                        var text = answer.GetProperty("text").GetString()!;
                        var start = answer.GetProperty("answer_start").GetInt32();
                        Assert.True(start == -1 || string.CompareOrdinal(context, start, text, 0, text.Length) == 0, $"{qa.GetProperty("id")}: {text}");
                    }
                }
            }
        }

        Assert.Equal(225, questions);
    }

    [XquadEnglishFact]
    public void The_slice_has_the_structure_of_the_first_eight_english_articles()
    {
        using var spanish = JsonDocument.Parse(File.ReadAllText(SlicePath));
        using var english = JsonDocument.Parse(File.ReadAllText(EnglishPath!));
        var es = spanish.RootElement.GetProperty("data").EnumerateArray().ToList();
        var en = english.RootElement.GetProperty("data").EnumerateArray().Take(Articles).ToList();
        Assert.Equal(en.Count, es.Count);
        foreach (var (e, s) in en.Zip(es))
        {
            Assert.Equal(e.GetProperty("title").GetString(), s.GetProperty("title").GetString());
            var ep = e.GetProperty("paragraphs").EnumerateArray().ToList();
            var sp = s.GetProperty("paragraphs").EnumerateArray().ToList();
            Assert.Equal(ep.Count, sp.Count);
            foreach (var (x, y) in ep.Zip(sp))
            {
                var englishIds = x.GetProperty("qas").EnumerateArray().Select(q => q.GetProperty("id").GetString()).ToList();
                var spanishIds = y.GetProperty("qas").EnumerateArray().Select(q => q.GetProperty("id").GetString()).ToList();
                Assert.Equal(englishIds, spanishIds);
                Assert.NotEqual(x.GetProperty("context").GetString(), y.GetProperty("context").GetString());
            }
        }
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vinculo.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with Vinculo.slnx) is not above the test's folder.");
    }
}

/// <summary>A fact that needs XQuAD's English file; skipped, with the reason shown, when it is not next to the repository.</summary>
public sealed class XquadEnglishFactAttribute : FactAttribute
{
    public XquadEnglishFactAttribute()
    {
        if (XquadSpanishSliceTests.EnglishPath is null)
        {
            Skip = "XQuAD's English file is not here: put xquad.en.json in ../shared/datasets/xquad next to the repository to run this test.";
        }
    }
}

using System.Text;
using Vinculo.Core.Common;
using Vinculo.Core.Knowledge.Import;

namespace Vinculo.Core.Tests.Knowledge.Import;

public sealed class KbImportReaderTests
{
    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    private static async Task<string> SquadError(string json)
    {
        var e = await Assert.ThrowsAsync<ValidationException>(() => SquadReader.Read(Text(json), default));
        return Assert.Single(e.Errors["file"]);
    }

    private static async Task<string> FaqError(string csv)
    {
        var e = await Assert.ThrowsAsync<ValidationException>(() => FaqCsvReader.Read(Text(csv), default));
        return Assert.Single(e.Errors["file"]);
    }

    [Fact]
    public async Task Squad_file_gives_one_article_per_paragraph_with_title_and_index_as_external_id()
    {
        await using var file = File.OpenRead(KbImportFixtures.SquadMini);
        var dataset = await SquadReader.Read(file, default);

        var articles = dataset.Articles().ToList();
        Assert.Equal(["Lighthouse_keeping/0", "Lighthouse_keeping/1", "Fresno,_California/0"], articles.Select(a => a.ExternalId));
        Assert.Equal(["Lighthouse keeping", "Lighthouse keeping", "Fresno, California"], articles.Select(a => a.Title));
        Assert.StartsWith("Automation replaced most keepers", articles[1].Body, StringComparison.Ordinal);

        var questions = dataset.Questions().ToList();
        Assert.Equal(6, questions.Count);
        Assert.Equal(new SquadQuestion("lh-3", "What powers the beacons today?", "Lighthouse_keeping/1"), questions[2]);
        Assert.Equal("Fresno,_California/0", questions[5].ExternalId);
    }

    [Fact]
    public async Task Broken_json_is_reported_with_its_line_and_position()
    {
        var message = await SquadError("""
            {"data": [
              {"title": "A", "paragraphs": [
                {"context": "x" "qas": []}
              ]}
            ]}
            """);

        Assert.Equal("not valid SQuAD JSON at line 3, position 21: '\"' is invalid after a value. Expected either ',', '}', or ']' (at $.data[0].paragraphs[0]).", message);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_its_line_and_path()
    {
        var message = await SquadError("{\"data\": [{\"title\": 7, \"paragraphs\": []}]}");

        Assert.Equal("not valid SQuAD JSON at line 1, position 22: expected a string, found number (at $.data[0].title).", message);
    }

    [Theory]
    [InlineData("[1, 2]", "not valid SQuAD JSON at line 1, position 2: the top level must be an object with a \"data\" array.")]
    [InlineData("{\"data\": [1]}", "not valid SQuAD JSON at line 1, position 12: an article must be an object with \"title\" and \"paragraphs\" (at $.data[0]).")]
    [InlineData("{\"version\": \"1.1\"}", "not a SQuAD file: the top level must be an object with a \"data\" array.")]
    [InlineData("{\"data\": [{\"paragraphs\": []}]}", "$.data[0]: the article has no \"title\".")]
    [InlineData("{\"data\": [{\"title\": \"A\", \"paragraphs\": [{\"qas\": []}]}]}", "$.data[0].paragraphs[0] (\"A\"): the paragraph has no \"context\".")]
    [InlineData("{\"data\": [{\"title\": \"A\", \"paragraphs\": []}, {\"title\": \"A\", \"paragraphs\": []}]}", "$.data[1]: the title \"A\" appears twice")]
    [InlineData("{\"data\": [{\"title\": \"A\", \"paragraphs\": [{\"context\": \"c\", \"qas\": [{\"id\": \"1\"}]}]}]}", "$.data[0].paragraphs[0] (\"A\").qas[0]: the question has no \"question\" text.")]
    [InlineData("", "not valid SQuAD JSON at line 1, position 1")]
    public async Task A_file_that_is_not_squad_says_what_is_wrong(string json, string expected)
    {
        Assert.StartsWith(expected, await SquadError(json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Faq_file_gives_one_article_per_entry_and_knows_where_each_starts()
    {
        await using var file = File.OpenRead(KbImportFixtures.FaqMini);
        var entries = await FaqCsvReader.Read(file, default);

        Assert.Equal(["1", "2", "3", "4"], entries.Select(e => e.Id));
        Assert.Equal([2L, 3, 4, 7], entries.Select(e => e.Line));
        Assert.Equal("support", entries[2].Category);
        Assert.Equal("Open the sign-in page, choose Forgot password and follow the link we e-mail you.\n\nThe link is valid for one hour.", entries[2].Answer);

        var articles = FaqCsvReader.Articles(entries).ToList();
        Assert.Equal(new KbImportArticle("2", "Why was I charged twice?", "A pending authorisation can look like a second charge. It disappears within five working days."), articles[1]);
    }

    [Fact]
    public async Task Faq_validation_file_lists_the_right_entries_of_each_question()
    {
        await using var file = File.OpenRead(KbImportFixtures.FaqMiniValidation);
        var queries = await FaqCsvReader.ReadQueries(file, default);

        Assert.Equal(4, queries.Count);
        Assert.Equal("There are two charges for the same bill on my card", queries[1].Question);
        Assert.Equal(["2", "1"], queries[1].Ids);
        Assert.Equal((5L, false), (queries[3].Line, queries[3].Answerable)); // labelled -1: no entry answers it
        Assert.Equal(3, KbEvaluation.FromFaq(queries).Count);
    }

    [Theory]
    [InlineData("ID,Question\n1,a\n", "line 1: the header lacks the column Answer (it has ID, Question).")]
    [InlineData("", "the file is empty: it needs a header with the columns ID, Question, Answer.")]
    [InlineData("ID,Question,Answer\n1,a,b\n2,\"never closed,c\n3,x,y\n", "Malformed CSV in record 3 (line 3): a quoted field that is never closed")]
    [InlineData("ID,Question,Answer\n1,a\"b,c\n", "Malformed CSV in record 2 (line 2): a quote inside an unquoted field")]
    [InlineData("ID,Question,Answer\n1,a,b\n2,b\n", "Record 3 (line 3) has 2 fields but 3 were expected.")]
    [InlineData("ID,Question,Answer\n1,a,\"\nb\"\n2,q, \n", "line 4: the Answer is empty.")]
    [InlineData("ID,Question,Answer\n7,a,b\n7,c,d\n", "line 3: the ID \"7\" is already used on line 2.")]
    public async Task A_broken_faq_file_names_the_line(string csv, string expected)
    {
        Assert.StartsWith(expected, await FaqError(csv), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_labelled_question_without_ids_names_its_line()
    {
        var e = await Assert.ThrowsAsync<ValidationException>(() => FaqCsvReader.ReadQueries(Text("Question,Answer\nq1,1\nq2,\" , \"\n"), default));
        Assert.Equal("line 3: the Answer column lists no FAQ id (-1 says that none answers the question).", Assert.Single(e.Errors["file"]));
    }

    [Fact]
    public void Recall_and_mrr_come_from_the_rank_of_the_first_right_hit()
    {
        Assert.Equal(4, KbEvaluation.RankOf(["a", null, "b", "c"], ["c", "x"], top: 10));
        Assert.Equal(0, KbEvaluation.RankOf(["a", "b", "c"], ["c"], top: 2));
        Assert.Equal(2, KbEvaluation.RankOf([null, "b"], ["b"], top: 5));

        var result = KbEvaluationResult.FromRanks([1, 2, 0, 6, 1, 11], top: 20);

        Assert.Equal(6, result.Questions);
        Assert.Equal(2 / 6.0, result.RecallAt1, 12);
        Assert.Equal(3 / 6.0, result.RecallAt5, 12);
        Assert.Equal(4 / 6.0, result.RecallAt10, 12);
        Assert.Equal((1 + 0.5 + 0 + 1 / 6.0 + 1 + 1 / 11.0) / 6, result.Mrr, 12);
        Assert.Equal(5 / 6.0, result.RecallAt(11), 12);
    }
}

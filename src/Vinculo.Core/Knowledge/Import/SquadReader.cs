using System.Text.Json;
using System.Text.Json.Serialization;
using Vinculo.Core.Common;

namespace Vinculo.Core.Knowledge.Import;

/// <summary>A question of a SQuAD file and the paragraph that answers it.</summary>
/// <param name="Id">The question's id in the file.</param>
/// <param name="ExternalId">The external id of the paragraph's article (<see cref="SquadParagraph.ExternalId"/>).</param>
public sealed record SquadQuestion(string Id, string Text, string ExternalId);

/// <summary>One paragraph of a SQuAD article: it becomes one knowledge-base article.</summary>
/// <param name="Title">The SQuAD title exactly as in the file, e.g. "Super_Bowl_50".</param>
/// <param name="Index">The paragraph's position in its article, from 0.</param>
public sealed record SquadParagraph(string Title, int Index, string Context, IReadOnlyList<SquadQuestion> Questions)
{
    /// <summary>"&lt;title&gt;/&lt;index&gt;", e.g. "Super_Bowl_50/0".</summary>
    public string ExternalId => ExternalIdOf(Title, Index);

    /// <summary>The article's title: the SQuAD title with underscores as spaces.</summary>
    public string ArticleTitle => Title.Replace('_', ' ');

    public static string ExternalIdOf(string title, int index) => $"{title}/{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>The paragraphs and questions of a SQuAD 1.1 file, in file order.</summary>
public sealed class SquadDataset(IReadOnlyList<SquadParagraph> paragraphs)
{
    public IReadOnlyList<SquadParagraph> Paragraphs { get; } = paragraphs;

    /// <summary>One article per paragraph (see <see cref="SquadParagraph"/>).</summary>
    public IEnumerable<KbImportArticle> Articles() =>
        Paragraphs.Select(p => new KbImportArticle(p.ExternalId, p.ArticleTitle, p.Context));

    public IEnumerable<SquadQuestion> Questions() => Paragraphs.SelectMany(p => p.Questions);
}

/// <summary>
/// Reads a SQuAD 1.1 file (<c>{"version": …, "data": [{"title": …, "paragraphs": [{"context": …, "qas": [{"id": …,
/// "question": …}]}]}]}</c>; answers are not needed and not read). The file is read with System.Text.Json's buffered
/// asynchronous deserializer, which never holds the whole text in one buffer; the paragraphs it describes are kept
/// (SQuAD files are tens of megabytes at most). Errors become a <see cref="ValidationException"/> on the field
/// <c>file</c> that names the line and position (JSON syntax and types) or the JSON path (a missing title or context).
/// </summary>
public static class SquadReader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = false,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    public static async Task<SquadDataset> Read(Stream input, CancellationToken ct)
    {
        SquadFile? file;
        try
        {
            file = await JsonSerializer.DeserializeAsync<SquadFile>(input, Json, ct);
        }
        catch (JsonException e)
        {
            throw Invalid(Describe(e));
        }

        if (file?.Data is null)
        {
            throw Invalid("not a SQuAD file: the top level must be an object with a \"data\" array.");
        }

        var paragraphs = new List<SquadParagraph>();
        var titles = new HashSet<string>(StringComparer.Ordinal);
        for (var a = 0; a < file.Data.Count; a++)
        {
            var article = file.Data[a] ?? throw Invalid($"$.data[{a}] is null, not an article.");
            if (string.IsNullOrWhiteSpace(article.Title))
            {
                throw Invalid($"$.data[{a}]: the article has no \"title\".");
            }

            if (!titles.Add(article.Title))
            {
                throw Invalid($"$.data[{a}]: the title \"{article.Title}\" appears twice; the paragraphs' external ids (title/index) would clash.");
            }

            if (article.Paragraphs is null)
            {
                throw Invalid($"$.data[{a}] (\"{article.Title}\"): the article has no \"paragraphs\" array.");
            }

            for (var p = 0; p < article.Paragraphs.Count; p++)
            {
                var paragraph = article.Paragraphs[p];
                var path = $"$.data[{a}].paragraphs[{p}] (\"{article.Title}\")";
                if (paragraph is null || string.IsNullOrWhiteSpace(paragraph.Context))
                {
                    throw Invalid($"{path}: the paragraph has no \"context\".");
                }

                var externalId = SquadParagraph.ExternalIdOf(article.Title, p);
                var questions = new List<SquadQuestion>(paragraph.Qas?.Count ?? 0);
                for (var q = 0; q < (paragraph.Qas?.Count ?? 0); q++)
                {
                    var qa = paragraph.Qas![q];
                    if (qa is null || string.IsNullOrWhiteSpace(qa.Question))
                    {
                        throw Invalid($"{path}.qas[{q}]: the question has no \"question\" text.");
                    }

                    questions.Add(new SquadQuestion(qa.Id ?? $"{externalId}#{q}", qa.Question.Trim(), externalId));
                }

                paragraphs.Add(new SquadParagraph(article.Title, p, paragraph.Context, questions));
            }
        }

        return new SquadDataset(paragraphs);
    }

    /// <summary>
    /// "line 3, position 17: '}' is invalid after a property name (at $.data[0].paragraphs[2])". The deserializer counts
    /// lines and bytes from 0; people count from 1.
    /// </summary>
    private static string Describe(JsonException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        if (cut > 0)
        {
            message = message[..cut];
        }

        message = Friendly(message.TrimEnd('.', ' '));
        var where = e.LineNumber is { } line
            ? $"line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}"
            : "the end of the file";
        var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" (at {e.Path})";
        return $"not valid SQuAD JSON at {where}: {message}{path}.";
    }

    /// <summary>The deserializer's words for a shape mismatch name our private types; say what SQuAD expects instead.</summary>
    private static string Friendly(string message)
    {
        const string converted = "The JSON value could not be converted to ";
        if (message.StartsWith(converted, StringComparison.Ordinal))
        {
            var type = message[converted.Length..];
            return type switch
            {
                _ when type.EndsWith("+" + nameof(SquadFile), StringComparison.Ordinal) => "the top level must be an object with a \"data\" array",
                _ when type.EndsWith("+" + nameof(SquadArticle), StringComparison.Ordinal) => "an article must be an object with \"title\" and \"paragraphs\"",
                _ when type.EndsWith("+" + nameof(SquadParagraphJson), StringComparison.Ordinal) => "a paragraph must be an object with \"context\" and \"qas\"",
                _ when type.EndsWith("+" + nameof(SquadQa), StringComparison.Ordinal) => "a question must be an object with \"id\" and \"question\"",
                _ when type.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) => "expected an array",
                _ when type == "System.String" => "expected a string",
                _ => message,
            };
        }

        const string token = "Cannot get the value of a token type '";
        if (message.StartsWith(token, StringComparison.Ordinal) && message.IndexOf('\'', token.Length) is var end and > 0)
        {
            return $"expected a string, found {message[token.Length..end].ToLowerInvariant()}";
        }

        return message;
    }

    private static ValidationException Invalid(string message) => ValidationException.For("file", message);

    private sealed class SquadFile
    {
        [JsonPropertyName("data")]
        public List<SquadArticle?>? Data { get; set; }
    }

    private sealed class SquadArticle
    {
        [JsonPropertyName("title")]
        public string? Title { get; set; }

        [JsonPropertyName("paragraphs")]
        public List<SquadParagraphJson?>? Paragraphs { get; set; }
    }

    private sealed class SquadParagraphJson
    {
        [JsonPropertyName("context")]
        public string? Context { get; set; }

        [JsonPropertyName("qas")]
        public List<SquadQa?>? Qas { get; set; }
    }

    private sealed class SquadQa
    {
        [JsonPropertyName("id")]
        public string? Id { get; set; }

        [JsonPropertyName("question")]
        public string? Question { get; set; }
    }
}

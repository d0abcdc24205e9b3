using System.Globalization;
using CsvHelper;
using Vinculo.Core.Common;

namespace Vinculo.Core.Knowledge.Import;

/// <summary>One entry of a FAQ file; <paramref name="Line"/> is where its record starts (the header is line 1).</summary>
public sealed record FaqEntry(long Line, string Id, string? Category, string Question, string Answer);

/// <summary>
/// A real question labelled with the FAQ entries that answer it (any of them is a right answer). The label -1 means that
/// no entry answers it: <see cref="Ids"/> is then empty.
/// </summary>
public sealed record FaqQuery(long Line, string Question, IReadOnlyList<string> Ids)
{
    /// <summary>The label of a question no FAQ entry answers.</summary>
    public const string NoAnswer = "-1";

    public bool Answerable => Ids.Count > 0;
}

/// <summary>
/// Reads FAQ files such as the COVID-vaccine FAQ: <c>faq_db.csv</c> with the columns <c>ID, Category, Question, Answer</c>
/// (more columns are ignored; Category may be absent) — one article per entry, external id = ID, title = Question,
/// body = Answer — and its <c>validation.csv</c> (<c>Question, Answer</c>, where Answer lists the right entries' ids,
/// comma separated). RFC 4180 CSV (quoted fields may span lines), comma separated, UTF-8. Any problem — a missing column,
/// broken quoting, a row with another number of fields, an empty required value, an ID used twice — becomes a
/// <see cref="ValidationException"/> on the field <c>file</c> that names the line.
/// </summary>
public static class FaqCsvReader
{
    public static readonly IReadOnlyList<string> RequiredColumns = ["ID", "Question", "Answer"];

    public static async Task<IReadOnlyList<FaqEntry>> Read(Stream input, CancellationToken ct)
    {
        var entries = new List<FaqEntry>();
        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        await ReadRecords(input, RequiredColumns, (csv, columns, line) =>
        {
            var id = Required(csv, columns, "ID", line);
            var question = Required(csv, columns, "Question", line);
            var answer = Required(csv, columns, "Answer", line);
            var category = columns.TryGetValue("Category", out var index) ? csv.GetString(index).Trim() : null;
            if (!lines.TryAdd(id, line))
            {
                throw Invalid($"line {line}: the ID \"{id}\" is already used on line {lines[id]}.");
            }

            entries.Add(new FaqEntry(line, id, string.IsNullOrEmpty(category) ? null : category, question, answer));
        }, ct);
        return entries;
    }

    /// <summary>One article per entry: external id = ID, title = Question, body = Answer.</summary>
    public static IEnumerable<KbImportArticle> Articles(IEnumerable<FaqEntry> entries) =>
        entries.Select(e => new KbImportArticle(e.Id, e.Question, e.Answer));

    /// <summary>
    /// Reads labelled questions: <c>Question</c> and <c>Answer</c> = the right entries' ids, comma separated, or -1 when no
    /// entry answers the question (121 of the 177 questions of the COVID FAQ's validation.csv).
    /// </summary>
    public static async Task<IReadOnlyList<FaqQuery>> ReadQueries(Stream input, CancellationToken ct)
    {
        var queries = new List<FaqQuery>();
        await ReadRecords(input, ["Question", "Answer"], (csv, columns, line) =>
        {
            var question = Required(csv, columns, "Question", line);
            var ids = Required(csv, columns, "Answer", line)
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (ids.Length == 0)
            {
                throw Invalid($"line {line}: the Answer column lists no FAQ id (-1 says that none answers the question).");
            }

            queries.Add(new FaqQuery(line, question, ids.Where(id => id != FaqQuery.NoAnswer).ToList()));
        }, ct);
        return queries;
    }

    private static async Task ReadRecords(Stream input, IReadOnlyList<string> required, Action<CsvReader, Dictionary<string, int>, long> record, CancellationToken ct)
    {
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Throw,
            FormatProvider = CultureInfo.InvariantCulture,
        };
        try
        {
            await using var csv = CsvReader.Create(input, options, leaveOpen: true);
            await csv.ReadHeaderAsync(ct);
            var headers = csv.Headers.Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
            var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < headers.Count; i++)
            {
                columns.TryAdd(headers[i], i);
            }

            var missing = required.Where(r => !headers.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
            if (missing.Count > 0)
            {
                throw Invalid(headers.Count == 0 || (headers.Count == 1 && headers[0].Length == 0)
                    ? $"the file is empty: it needs a header with the columns {string.Join(", ", required)}."
                    : $"line 1: the header lacks the column{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)} " +
                      $"(it has {string.Join(", ", headers)}).");
            }

            while (await csv.ReadAsync(ct))
            {
                record(csv, columns, csv.LineNumber);
            }
        }
        catch (CsvFormatException e)
        {
            throw Invalid(e.LineNumber > 0 && !e.Message.Contains("line", StringComparison.Ordinal)
                ? $"line {e.LineNumber}: {e.Message}"
                : e.Message);
        }
    }

    private static string Required(CsvReader csv, Dictionary<string, int> columns, string name, long line)
    {
        var value = csv.GetString(columns[name]).Trim();
        return value.Length > 0 ? value : throw Invalid($"line {line}: the {name} is empty.");
    }

    private static ValidationException Invalid(string message) => ValidationException.For("file", message);
}

namespace Vinculo.Domain.Knowledge.Search;

/// <summary>A vocabulary term close to a query term that is not in the vocabulary.</summary>
/// <param name="Term">The vocabulary term.</param>
/// <param name="Distance">Its edit distance (<see cref="EditDistance.Osa"/>) from the query term.</param>
/// <param name="DocumentFrequency">How many published articles contain it.</param>
public sealed record KbTermCorrection(string Term, int Distance, int DocumentFrequency);

/// <summary>
/// The analysed terms of one language's published articles with their document frequencies, and the collection's size:
/// what typo tolerance and key-term extraction need. Immutable; built once per refresh and shared by every search.
/// </summary>
/// <remarks>
/// Typo candidates are indexed by first and by second character, per length, so a lookup reads only terms of a
/// plausible length (within the allowed distance) that start with the query term's first letter, start with its second
/// letter (one extra leading letter, or the first two swapped) or have its first letter second (the first letter
/// missing). A wrong first letter ("bandhi" for "gandhi") is not corrected: rare, and scanning for it would read the
/// whole band.
/// </remarks>
public sealed class KbVocabulary
{
    /// <summary>Query terms shorter than this are never corrected.</summary>
    public const int MinCorrectedLength = 4;

    /// <summary>From this length on a term may be two edits away; shorter ones (4–5) one edit.</summary>
    public const int TwoEditsLength = 6;

    /// <summary>At most this many corrections per query term.</summary>
    public const int MaxCorrections = 3;

    private readonly Dictionary<string, int> _frequencies;
    private readonly Dictionary<(char Letter, int Length), Entry[]> _byFirst;
    private readonly Dictionary<(char Letter, int Length), Entry[]> _bySecond;

    /// <param name="terms">Each term and how many published articles contain it.</param>
    /// <param name="documentCount">How many published articles there are.</param>
    /// <param name="stamp">What identifies the state of the index these figures were read from (opaque; see <see cref="Stamp"/>).</param>
    public KbVocabulary(IEnumerable<KeyValuePair<string, int>> terms, long documentCount, string? stamp = null)
    {
        ArgumentNullException.ThrowIfNull(terms);
        _frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (term, frequency) in terms)
        {
            if (frequency > 0 && term.Length > 0)
            {
                _frequencies[term] = frequency;
            }
        }

        DocumentCount = Math.Max(0, documentCount);
        Stamp = stamp;
        var first = new Dictionary<(char, int), List<Entry>>();
        var second = new Dictionary<(char, int), List<Entry>>();
        foreach (var (term, frequency) in _frequencies)
        {
            var entry = new Entry(term, frequency);
            Add(first, (term[0], term.Length), entry);
            if (term.Length > 1)
            {
                Add(second, (term[1], term.Length), entry);
            }
        }

        _byFirst = first.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        _bySecond = second.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    /// <summary>A vocabulary with no terms (a language without published articles).</summary>
    public static KbVocabulary Empty { get; } = new([], 0);

    /// <summary>Published articles of the language (BM25's N).</summary>
    public long DocumentCount { get; }

    /// <summary>
    /// The index state the figures were read at, when the database can tell (null otherwise): while the index still has
    /// this stamp, the document frequencies and the count are exactly the index's own.
    /// </summary>
    public string? Stamp { get; }

    /// <summary>Distinct terms.</summary>
    public int Count => _frequencies.Count;

    public bool Contains(string term) => _frequencies.ContainsKey(term);

    /// <summary>How many published articles contain <paramref name="term"/> (0 when none).</summary>
    public int DocumentFrequency(string term) => _frequencies.GetValueOrDefault(term);

    /// <summary>The term's BM25 inverse document frequency (<see cref="Bm25.Idf"/>).</summary>
    public double Idf(string term) => Bm25.Idf(DocumentCount, DocumentFrequency(term));

    /// <summary>The edit distance allowed for a query term of this length: 0 (not corrected), 1 or 2.</summary>
    public static int AllowedDistance(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        if (term.Length < MinCorrectedLength || term.Any(char.IsDigit))
        {
            return 0;
        }

        return term.Length < TwoEditsLength ? 1 : 2;
    }

    /// <summary>
    /// Vocabulary terms a mistyped query term may have meant: none when the term is in the vocabulary, shorter than
    /// <see cref="MinCorrectedLength"/> or contains a digit (codes and numbers are never corrected); otherwise the terms
    /// at the smallest distance found within <see cref="AllowedDistance"/>, most frequent first, at most
    /// <see cref="MaxCorrections"/>.
    /// </summary>
    public IReadOnlyList<KbTermCorrection> Corrections(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        int allowed = AllowedDistance(term);
        if (allowed == 0 || Contains(term))
        {
            return [];
        }

        var found = new List<KbTermCorrection>();
        int best = allowed;
        char first = term[0];
        char second = term[1];
        for (int length = Math.Max(1, term.Length - allowed); length <= term.Length + allowed; length++)
        {
            Scan(_byFirst, (first, length), term, ref best, found, skipFirst: null, skipSecond: null);
            if (second != first)
            {
                Scan(_byFirst, (second, length), term, ref best, found, skipFirst: null, skipSecond: null);
            }

            // Terms whose second letter is the query's first letter, not already read through their first letter.
            Scan(_bySecond, (first, length), term, ref best, found, skipFirst: first, skipSecond: second);
        }

        return found
            .Where(c => c.Distance == best)
            .OrderByDescending(c => c.DocumentFrequency)
            .ThenBy(c => c.Term, StringComparer.Ordinal)
            .Take(MaxCorrections)
            .ToList();
    }

    private static void Scan(
        Dictionary<(char, int), Entry[]> index, (char, int) key, string term, ref int best, List<KbTermCorrection> found,
        char? skipFirst, char? skipSecond)
    {
        if (!index.TryGetValue(key, out var entries))
        {
            return;
        }

        foreach (var entry in entries)
        {
            var candidate = entry.Term;
            if ((skipFirst is { } a && candidate[0] == a) || (skipSecond is { } b && candidate[0] == b))
            {
                continue;
            }

            int distance = EditDistance.Osa(term, candidate, best);
            if (distance <= best)
            {
                if (distance < best)
                {
                    best = distance;
                    found.RemoveAll(c => c.Distance > distance);
                }

                found.Add(new KbTermCorrection(candidate, distance, entry.Frequency));
            }
        }
    }

    private static void Add(Dictionary<(char, int), List<Entry>> index, (char, int) key, Entry entry)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(entry);
    }

    private readonly record struct Entry(string Term, int Frequency);
}

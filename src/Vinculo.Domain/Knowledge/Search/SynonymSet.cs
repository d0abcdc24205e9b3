using Vinculo.Domain.Text;

namespace Vinculo.Domain.Knowledge.Search;

/// <summary>A term a query gained through a synonym group.</summary>
/// <param name="Term">The query term (or, for a multi-word entry, its first term) that triggered the group.</param>
/// <param name="Alternative">The analysed term added to the search.</param>
public sealed record KbSynonymExpansion(string Term, string Alternative);

/// <summary>
/// The synonym groups of one language, analysed like the articles so that a query term in a group also searches the
/// other members' stems. Immutable; built once per refresh and shared by every search.
/// </summary>
/// <remarks>
/// <para>Each entry of a group ("devolución, reembolso, abono") is analysed with <see cref="TextAnalyzer"/>; entries that
/// analyse to nothing (only stop words) are ignored.</para>
/// <para>Multi-word entries ("darse de baja", "credit card") are sets of terms, not phrases: the entry is matched when
/// every one of its terms is among the query's terms, and when another member of its group is matched the entry adds
/// all its terms. Search has no phrase operator (a phrase cannot be ranked the same way on both databases), so this is
/// the closest the OR-ed BM25 query gets to a phrase.</para>
/// </remarks>
public sealed class SynonymSet
{
    /// <summary>Groups need at least this many entries.</summary>
    public const int MinEntries = 2;

    /// <summary>Groups hold at most this many entries.</summary>
    public const int MaxEntries = 50;

    /// <summary>The longest entry accepted, in characters.</summary>
    public const int MaxEntryLength = 100;

    private readonly List<string[][]> _groups = [];
    private readonly Dictionary<string, List<(int Group, int Entry)>> _byTerm = new(StringComparer.Ordinal);

    private SynonymSet()
    {
    }

    public static SynonymSet Empty { get; } = new();

    /// <summary>How many groups had at least two usable entries.</summary>
    public int GroupCount => _groups.Count;

    /// <summary>Builds the set from the groups' comma-separated entries (see <see cref="Split"/>).</summary>
    public static SynonymSet Build(IEnumerable<string> groups, TextLanguage language)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var set = new SynonymSet();
        foreach (var group in groups)
        {
            var entries = new List<string[]>();
            foreach (var entry in Split(group))
            {
                var terms = TextAnalyzer.Analyze(entry, language).Distinct(StringComparer.Ordinal).ToArray();
                if (terms.Length > 0 && !entries.Any(e => e.AsSpan().SequenceEqual(terms)))
                {
                    entries.Add(terms);
                }
            }

            if (entries.Count < MinEntries)
            {
                continue;
            }

            int index = set._groups.Count;
            set._groups.Add([.. entries]);
            for (int e = 0; e < entries.Count; e++)
            {
                // Indexed by the entry's first term; the others are checked on a match.
                var key = entries[e][0];
                if (!set._byTerm.TryGetValue(key, out var list))
                {
                    set._byTerm[key] = list = [];
                }

                list.Add((index, e));
            }
        }

        return set;
    }

    /// <summary>The entries of a group as typed: split on commas, trimmed, empty ones dropped.</summary>
    public static IReadOnlyList<string> Split(string? terms) =>
        string.IsNullOrWhiteSpace(terms)
            ? []
            : terms.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// What is wrong with a group's text, or null: at least <see cref="MinEntries"/> distinct entries of at most
    /// <see cref="MaxEntryLength"/> characters, each with a word that is not a stop word.
    /// </summary>
    public static string? Problem(string? terms, TextLanguage language)
    {
        var entries = Split(terms);
        if (entries.Count < MinEntries)
        {
            return $"Write at least {MinEntries} words or expressions separated by commas.";
        }

        if (entries.Count > MaxEntries)
        {
            return $"A group holds at most {MaxEntries} entries.";
        }

        if (entries.Any(e => e.Length > MaxEntryLength))
        {
            return $"An entry is longer than {MaxEntryLength} characters.";
        }

        if (entries.Any(e => TextAnalyzer.Analyze(e, language).Count == 0))
        {
            return "An entry has only stop words: it cannot be searched.";
        }

        var analysed = entries.Select(e => string.Join(' ', TextAnalyzer.Analyze(e, language))).ToList();
        if (analysed.Distinct(StringComparer.Ordinal).Count() < MinEntries)
        {
            return "The entries are all the same word once accents, plurals and endings are removed.";
        }

        return null;
    }

    /// <summary>
    /// The extra terms synonyms add to a query whose analysed terms are <paramref name="queryTerms"/>, in order of the
    /// matched groups and entries, without terms the query already has or repeats.
    /// </summary>
    public IReadOnlyList<KbSynonymExpansion> Expand(IReadOnlyCollection<string> queryTerms)
    {
        ArgumentNullException.ThrowIfNull(queryTerms);
        if (_groups.Count == 0 || queryTerms.Count == 0)
        {
            return [];
        }

        var present = queryTerms as IReadOnlySet<string> ?? new HashSet<string>(queryTerms, StringComparer.Ordinal);
        var added = new HashSet<string>(StringComparer.Ordinal);
        var expansions = new List<KbSynonymExpansion>();
        var doneGroups = new HashSet<int>();
        foreach (var term in queryTerms)
        {
            if (!_byTerm.TryGetValue(term, out var hits))
            {
                continue;
            }

            foreach (var (group, entry) in hits)
            {
                var entries = _groups[group];
                if (doneGroups.Contains(group) || !entries[entry].All(present.Contains))
                {
                    continue;
                }

                doneGroups.Add(group);
                foreach (var other in entries)
                {
                    foreach (var alternative in other)
                    {
                        if (!present.Contains(alternative) && added.Add(alternative))
                        {
                            expansions.Add(new KbSynonymExpansion(term, alternative));
                        }
                    }
                }
            }
        }

        return expansions;
    }
}

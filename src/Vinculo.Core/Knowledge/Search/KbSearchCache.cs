using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vinculo.Core.Storage;
using Vinculo.Domain.Knowledge;
using Vinculo.Domain.Knowledge.Search;

namespace Vinculo.Core.Knowledge.Search;

/// <summary>What a language's searches share: the vocabulary (typo candidates, document frequencies) and the synonyms.</summary>
internal sealed record KbLanguageIndex(KbVocabulary Vocabulary, SynonymSet Synonyms, string Marker, DateTimeOffset ReadAt);

/// <summary>
/// Each language's vocabulary and synonyms in memory (a singleton), so a search reads neither. A copy older than
/// <see cref="KbSearchOptions.CacheLifetime"/> keeps serving while one background refresh re-reads it (the vocabulary
/// only when the articles changed); <see cref="Invalidate"/> drops a copy at once, so the next search reads afresh.
/// </summary>
/// <remarks>
/// The article service calls <see cref="Invalidate"/> after publishing, changing or withdrawing an article, the synonym
/// service after every write. Other nodes of a cluster see such changes when their copy ages out.
/// </remarks>
public sealed class KbSearchCache(IServiceScopeFactory scopes, TimeProvider clock, IOptions<KbSearchOptions> options, ILogger<KbSearchCache> logger)
{
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    /// <summary>
    /// Forgets the cached vocabulary and synonyms of <paramref name="language"/> ("es" or "en"), or of every language when
    /// null: the next search of that language reads them from the database.
    /// </summary>
    public void Invalidate(string? language = null)
    {
        foreach (var lang in language is null ? KbAnalysis.Languages : [language])
        {
            if (_slots.TryGetValue(lang, out var slot))
            {
                slot.Invalidate();
            }
        }
    }

    /// <summary>The language's index, read with <paramref name="db"/> when there is no usable copy.</summary>
    internal async ValueTask<KbLanguageIndex> Get(VinculoDb db, string language, CancellationToken ct)
    {
        var slot = _slots.GetOrAdd(language, static _ => new Slot());
        var current = slot.Current;
        var now = clock.GetUtcNow();
        if (current is not null)
        {
            if (now - current.ReadAt >= options.Value.CacheLifetime)
            {
                StartRefresh(slot, language, current);
            }

            return current;
        }

        await slot.Loading.WaitAsync(ct);
        try
        {
            if (slot.Current is { } loaded)
            {
                return loaded;
            }

            long generation = slot.Generation;
            var index = await Read(db, language, null, ct);
            slot.Install(index, generation);
            return index;
        }
        finally
        {
            slot.Loading.Release();
        }
    }

    private void StartRefresh(Slot slot, string language, KbLanguageIndex stale)
    {
        if (Interlocked.CompareExchange(ref slot.Refreshing, 1, 0) != 0)
        {
            return;
        }

        long generation = slot.Generation;
        _ = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
                var index = await Read(db, language, stale, CancellationToken.None);
                slot.Install(index, generation);
            }
#pragma warning disable CA1031 // A failed refresh keeps the old copy; the next search past its lifetime tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogWarning(e, "Refreshing the knowledge-base search vocabulary of '{Language}' failed.", language);
            }
            finally
            {
                Volatile.Write(ref slot.Refreshing, 0);
            }
        });
    }

    /// <summary>Reads the synonyms, and the vocabulary unless the index is unchanged since <paramref name="previous"/>.</summary>
    private async Task<KbLanguageIndex> Read(VinculoDb db, string language, KbLanguageIndex? previous, CancellationToken ct)
    {
        var readAt = clock.GetUtcNow();
        var marker = await KbSearchIndex.IndexMarker(db, language, ct);
        var vocabulary = previous is not null && previous.Marker == marker
            ? previous.Vocabulary
            : await KbSearchIndex.Vocabulary(db, language, ct);
        var groups = await KbSearchIndex.SynonymGroups(db, language, ct);
        var synonyms = groups.Count == 0 ? SynonymSet.Empty : SynonymSet.Build(groups, KbAnalysis.TextLanguageOf(language));
        return new KbLanguageIndex(vocabulary, synonyms, marker, readAt);
    }

    private sealed class Slot
    {
        private readonly Lock _gate = new();
        private KbLanguageIndex? _current;
        private long _generation;

        public readonly SemaphoreSlim Loading = new(1, 1);

        public int Refreshing;

        public KbLanguageIndex? Current => Volatile.Read(ref _current);

        public long Generation => Interlocked.Read(ref _generation);

        public void Invalidate()
        {
            lock (_gate)
            {
                Interlocked.Increment(ref _generation);
                Volatile.Write(ref _current, null);
            }
        }

        /// <summary>Keeps <paramref name="index"/> unless the slot was invalidated since its reading began.</summary>
        public void Install(KbLanguageIndex index, long generation)
        {
            lock (_gate)
            {
                if (Generation == generation)
                {
                    Volatile.Write(ref _current, index);
                }
            }
        }
    }
}

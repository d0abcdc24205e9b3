using Vinculo.Core.Knowledge.Search;

namespace Vinculo.Web.Components.Knowledge.Search;

/// <summary>The synonym group form (posted; the version it was read at goes along so a stale save is refused).</summary>
public sealed class KbSynonymForm
{
    public string? Language { get; set; }

    public string? Terms { get; set; }

    public long? Version { get; set; }

    public static KbSynonymForm From(KbSynonymDto group) => new() { Language = group.Language, Terms = group.Terms, Version = group.Version };

    public KbSynonymInput ToInput() => new(Language, Terms);
}

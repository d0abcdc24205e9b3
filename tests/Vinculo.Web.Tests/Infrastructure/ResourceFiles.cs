using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Vinculo.Web.Tests.Infrastructure;

/// <summary>
/// The web project's .resx files read as XML, so the key checks do not depend on the compiled resources they check, and
/// the keys the components name in their source.
/// </summary>
internal static class ResourceFiles
{
    public static string WebProject { get; } = Path.Combine(RepositoryRoot(), "src", "Vinculo.Web");

    /// <summary>A resource file's keys and values (<c>Resources/&lt;file&gt;</c>).</summary>
    public static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(WebProject, "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    /// <summary>English (<c>X.resx</c>) and Spanish (<c>X.es.resx</c>) have the same keys and no empty value.</summary>
    public static void AssertBothLanguagesComplete(string resource)
    {
        var english = Read(resource + ".resx");
        var spanish = Read(resource + ".es.resx");
        Assert.Empty(english.Keys.Except(spanish.Keys));
        Assert.Empty(spanish.Keys.Except(english.Keys));
        Assert.Empty(english.Concat(spanish).Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key));
    }

    /// <summary>The keys a pattern (with a <c>key</c> group) finds in the .razor and .cs files of a components folder.</summary>
    public static IEnumerable<string> UsedKeys(Regex pattern, params string[] componentsFolder) =>
        Directory.EnumerateFiles(Path.Combine([WebProject, "Components", .. componentsFolder]))
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => pattern.Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value));

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vinculo.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Vinculo.slnx not found above " + AppContext.BaseDirectory);
    }
}

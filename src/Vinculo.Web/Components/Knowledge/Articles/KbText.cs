using System.Globalization;
using Microsoft.Extensions.Localization;
using Vinculo.Core.Knowledge.Articles;
using Vinculo.Domain.Knowledge;

namespace Vinculo.Web.Components.Knowledge.Articles;

/// <summary>Display text of the knowledge-base pages: statuses, visibilities, languages, actions and messages in the UI language.</summary>
public static class KbText
{
    public static string Status(this IStringLocalizer<KnowledgeResource> k, KbStatus status) => k[$"Status.{status}"];

    public static string Visibility(this IStringLocalizer<KnowledgeResource> k, KbVisibility visibility) => k[$"Visibility.{visibility}"];

    public static string Language(this IStringLocalizer<KnowledgeResource> k, string language) =>
        language is "es" or "en" ? k[$"Language.{language}"] : language;

    public static string Action(this IStringLocalizer<KnowledgeResource> k, KbAction action) => k[$"Action.{action}"];

    public static string Format(this IStringLocalizer<KnowledgeResource> k, string key, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, k[key], args);

    /// <summary>A message from the use cases in the UI language: these pages' resources first, then the shared ones.</summary>
    public static string Message(IStringLocalizer k, IStringLocalizer shared, string message)
    {
        var own = k[message];
        return own.ResourceNotFound ? shared[message] : own;
    }

    /// <summary>The badge style of a status: published stands out, archived is muted.</summary>
    public static string StatusClass(KbStatus status) => status switch
    {
        KbStatus.Published => "badge lifecycle-active",
        KbStatus.Archived => "badge lifecycle-former",
        _ => "badge badge-neutral",
    };

    public static string VisibilityClass(KbVisibility visibility) =>
        visibility == KbVisibility.Public ? "badge lifecycle-prospect" : "badge badge-quiet";

    /// <summary>A category's name with its parent's in front ("Averías › Router"), for lists and choices.</summary>
    public static string CategoryPath(KbCategoryDto category, IReadOnlyDictionary<long, KbCategoryDto> all, string language) =>
        category.ParentId is { } parent && all.TryGetValue(parent, out var p)
            ? $"{p.Name(language)} › {category.Name(language)}"
            : category.Name(language);

    /// <summary>A query string from the values that are set, e.g. "?status=draft&amp;cursor=x" (empty when none).</summary>
    public static string Query(params (string Name, string? Value)[] values)
    {
        var parts = values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => $"{v.Name}={Uri.EscapeDataString(v.Value!)}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}

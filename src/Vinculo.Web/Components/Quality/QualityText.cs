using System.Globalization;
using Microsoft.Extensions.Localization;
using Vinculo.Core.Quality;
using Vinculo.Domain.Quality;

namespace Vinculo.Web.Components.Quality;

/// <summary>Localized labels of the data-quality pages, and how they reach the quality use cases.</summary>
public static class QualityText
{
    /// <summary>The quality use cases for this request, registered in the container or not.</summary>
    public static QualityService Service(IServiceProvider services) => services.GetRequiredService<QualityService>();

    public static string Reason(this IStringLocalizer<QualityResource> q, DuplicateReason reason) => q[$"Reason.{reason}"];

    public static string Confidence(this IStringLocalizer<QualityResource> q, DuplicateConfidence confidence) => q[$"Confidence.{confidence}"];

    public static string Severity(this IStringLocalizer<QualityResource> q, QualitySeverity severity) => q[$"Severity.{severity}"];

    /// <summary>The kind of record a finding is on; unknown kinds as they are.</summary>
    public static string Entity(this IStringLocalizer<QualityResource> q, string entity)
    {
        var text = q[$"Entity.{entity}"];
        return text.ResourceNotFound ? entity : text;
    }

    /// <summary>A table whose rows a merge moves; tables of other areas by their name.</summary>
    public static string Table(this IStringLocalizer<QualityResource> q, string table)
    {
        var text = q[$"Table.{table}"];
        return text.ResourceNotFound ? table : text;
    }

    /// <summary>A survivor field a merge fills ("taxId", "attributes.segment").</summary>
    public static string Filled(this IStringLocalizer<QualityResource> q, string field)
    {
        if (field.StartsWith("attributes.", StringComparison.Ordinal))
        {
            return string.Format(CultureInfo.CurrentCulture, q["Filled.attribute"], field["attributes.".Length..]);
        }

        var text = q[$"Filled.{field}"];
        return text.ResourceNotFound ? field : text;
    }

    public static string Format(this IStringLocalizer<QualityResource> q, string key, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, q[key], args);

    public static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);
}

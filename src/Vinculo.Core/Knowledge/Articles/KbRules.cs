using Vinculo.Core.Commerce.Catalog;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Storage;
using Vinculo.Domain.Knowledge;

namespace Vinculo.Core.Knowledge.Articles;

/// <summary>Limits and checks shared by the knowledge-base article use cases.</summary>
internal static class KbRules
{
    public const int MaxTitle = 200;
    public const int MaxBody = 100_000;
    public const int MaxExternalId = 200;
    public const int MaxComment = 1_000;
    public const int MaxCategoryName = 100;
    public const int MaxTitleFilter = 200;

    public static DateTime Now(TimeProvider clock) => Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);

    /// <summary>"es" or "en" (letter case ignored); null with an error otherwise.</summary>
    public static string? Language(string? value, string field, ValidationErrors errors, bool required)
    {
        var text = value?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                errors.Add(field, "Required.");
            }

            return null;
        }

        if (!KbAnalysis.IsLanguage(text))
        {
            errors.Add(field, "Use es or en.");
            return null;
        }

        return text;
    }

    public static string Other(string language) => language == "es" ? "en" : "es";

    public static string? Text(string? value, string field, int max, ValidationErrors errors, bool required = false)
    {
        var text = CustomerInputMapper.Text(value, field, max, errors);
        if (text is null && required)
        {
            errors.Add(field, "Required.");
        }

        return text;
    }

    /// <summary>The Markdown body: line breaks normalized to \n, trailing white space removed; required.</summary>
    public static string? Body(string? value, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add("body", "Required.");
            return null;
        }

        var body = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimEnd();
        if (body.Length > MaxBody)
        {
            errors.Add("body", "At most 100,000 characters.");
            return null;
        }

        return body;
    }

    public static T Enum<T>(string? text, string field, T fallback, ValidationErrors errors, bool required = false) where T : struct, Enum =>
        CustomerInputMapper.ParseEnum(text, field, fallback, errors, required);

    public static T? OptionalEnum<T>(string? text, string field, ValidationErrors errors) where T : struct, Enum =>
        string.IsNullOrWhiteSpace(text) ? null : CustomerInputMapper.ParseEnum(text, field, default(T), errors);

    public static void CheckVersion(long current, long? expected, string what) => CommerceInput.CheckVersion(current, expected, what);

    public static string ExternalIdTaken(string language, string externalId) =>
        $"Another article in {(language == "en" ? "English" : "Spanish")} already has the external id '{externalId}'. External ids are unique per language.";
}

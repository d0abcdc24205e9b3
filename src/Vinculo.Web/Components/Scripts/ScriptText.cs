using Microsoft.Extensions.Localization;
using Vinculo.Core.Common;
using Vinculo.Core.Scripts;
using Vinculo.Domain.Scripts;
using Vinculo.Web.Components.Shared;

namespace Vinculo.Web.Components.Scripts;

/// <summary>Localized labels of the scripts' values and the small formats the script pages share.</summary>
public static class ScriptText
{
    public static string Status(this IStringLocalizer s, ScriptStatus value) => s[$"Status.{value}"];

    public static string StatusClass(ScriptStatus value) => value switch
    {
        ScriptStatus.Active => "lifecycle-active",
        ScriptStatus.Archived => "lifecycle-former",
        _ => "badge-neutral",
    };

    public static string Kind(this IStringLocalizer s, ScriptStepKind value) => s[$"Kind.{value}"];

    public static string Operator(this IStringLocalizer s, ScriptOperator value) => s[$"Operator.{value}"];

    public static string Verdict(this IStringLocalizer s, RuleVerdict value) => s[$"Verdict.{value}"];

    public static string LanguageName(this IStringLocalizer s, string? code) => code is "es" or "en" ? s[$"Language.{code}"] : code ?? "";

    /// <summary>"customer.tier equals gold" in words.</summary>
    public static string Condition(this IStringLocalizer s, string fact, ScriptOperator op, string? value) =>
        op is ScriptOperator.Exists or ScriptOperator.Missing
            ? $"{fact} {s.Operator(op)}"
            : $"{fact} {s.Operator(op)} {value}";

    /// <summary>A fact's value as shown: the value, or a dash when it has none.</summary>
    public static string Value(string? value) => string.IsNullOrEmpty(value) ? "—" : value;

    /// <summary>A message from the use cases in the UI language when the resources know it, else as it came.</summary>
    public static string Message(IStringLocalizer s, IStringLocalizer l, string message)
    {
        var mine = s[message];
        return mine.ResourceNotFound ? l.Message(message) : mine.Value;
    }

    /// <summary>The facts with their descriptions in the UI language, for the editors' help.</summary>
    public static IEnumerable<(string Name, string Description)> Facts() =>
        CustomerFacts.All.Select(f => (f.Name, f.Describe(Labels.Language)));

    /// <summary>The step index of an error key such as <c>definition.steps[3].text</c>, or null.</summary>
    public static int? StepIndex(string key)
    {
        const string prefix = "definition.steps[";
        if (!key.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = key.IndexOf(']', prefix.Length);
        return end > prefix.Length && int.TryParse(key.AsSpan(prefix.Length, end - prefix.Length), System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : null;
    }

    public static string Camel<T>(T value) where T : struct, Enum => EnumText.Camel(value);
}

/// <summary>Links to the runner and the timeline.</summary>
public static class ScriptLinks
{
    public static string Run(long customerId, long? caseId = null, string? reason = null, long? scriptId = null)
    {
        var url = $"scripts/run?customerId={customerId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        if (caseId is { } c)
        {
            url += $"&caseId={c.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        if (!string.IsNullOrWhiteSpace(reason))
        {
            url += $"&reason={Uri.EscapeDataString(reason)}";
        }

        if (scriptId is { } s)
        {
            url += $"&scriptId={s.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        return url;
    }

    /// <summary>The interaction on the customer's timeline (the 360).</summary>
    public static string Timeline(long customerId, long interactionId) =>
        $"customers/{customerId.ToString(System.Globalization.CultureInfo.InvariantCulture)}#interaction-{interactionId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}

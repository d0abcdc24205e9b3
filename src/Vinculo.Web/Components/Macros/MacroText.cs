using Microsoft.Extensions.Localization;
using Vinculo.Domain.Macros;
using Vinculo.Web.Components.Shared;

namespace Vinculo.Web.Components.Macros;

/// <summary>Display text of the macros pages: messages from the use cases in the UI language.</summary>
public static class MacroText
{
    /// <summary>
    /// A message from the use cases in the UI language: these pages' resources first (with the unknown placeholders named),
    /// then the shared ones, else the message as it came.
    /// </summary>
    public static string Message(IStringLocalizer<MacroResource> t, IStringLocalizer shared, string message)
    {
        if (MacroRules.UnknownNamesIn(message) is { } names)
        {
            return t.Format("Macro.UnknownPlaceholders", string.Join(", ", names.Select(n => "{{" + n + "}}")));
        }

        var own = t[message];
        return own.ResourceNotFound ? shared[message] : own;
    }

    /// <summary>The other language: "es" ⇄ "en".</summary>
    public static string Other(string language) => language == "en" ? "es" : "en";
}

using System.Globalization;
using System.Text;

namespace Vinculo.Domain.Scripts;

/// <summary>
/// The plain-text record of a conversation led by a script, in the script's language: each step's rendered text, the
/// agent's answers, what decided each decision, and the path. It is what the customer's timeline shows and what its
/// search indexes.
/// </summary>
public static class ScriptTranscript
{
    private sealed record Words(string Script, string Rule, string Answer, string Decision, string Otherwise, string Path, string NoRule);

    private static readonly Words Spanish = new("Guion", "Regla", "Respuesta", "Decisión", "ninguna condición se cumplió", "Recorrido", "ninguna (elegido a mano)");
    private static readonly Words English = new("Script", "Rule", "Answer", "Decision", "no condition held", "Path", "none (chosen by hand)");

    /// <summary>Builds the transcript of <paramref name="walk"/>.</summary>
    /// <param name="scriptName">The script's name.</param>
    /// <param name="code">The script's code.</param>
    /// <param name="version">The script's version.</param>
    /// <param name="language">"es" or "en": the script's language.</param>
    /// <param name="ruleName">The rule that chose it, or null when none did.</param>
    /// <param name="walk">The walk.</param>
    public static string Build(string scriptName, string code, long version, string language, string? ruleName, ScriptWalkResult walk)
    {
        ArgumentNullException.ThrowIfNull(walk);
        var w = language == "en" ? English : Spanish;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{w.Script}: {scriptName} ({code}, v{version})\n");
        sb.Append(CultureInfo.InvariantCulture, $"{w.Rule}: {ruleName ?? w.NoRule}\n\n");
        var n = 0;
        foreach (var p in walk.Path)
        {
            n++;
            sb.Append(CultureInfo.InvariantCulture, $"{n}. [{p.Step.Id}] ");
            switch (p.Step.Kind)
            {
                case ScriptStepKind.Decide:
                    var d = p.Decision;
                    sb.Append(w.Decision).Append(": ");
                    if (d?.Condition is { } c)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"{c.Fact} {Camel(c.Operator)}");
                        if (!string.IsNullOrEmpty(c.Value))
                        {
                            sb.Append(' ').Append(c.Value);
                        }

                        sb.Append(CultureInfo.InvariantCulture, $" ({d.FactValue ?? "—"})");
                    }
                    else
                    {
                        sb.Append(w.Otherwise);
                    }

                    sb.Append('\n');
                    break;
                default:
                    sb.Append(p.Text).Append('\n');
                    if (p.Answer is not null)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"   {w.Answer}: {p.AnswerLabel}");
                        if (!string.Equals(p.AnswerLabel, p.Answer, StringComparison.Ordinal))
                        {
                            sb.Append(CultureInfo.InvariantCulture, $" ({p.Answer})");
                        }

                        sb.Append('\n');
                    }

                    break;
            }
        }

        sb.Append('\n').Append(w.Path).Append(": ").Append(string.Join(" → ", walk.StepIds));
        return sb.ToString();
    }

    private static string Camel(ScriptOperator op)
    {
        var name = op.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}

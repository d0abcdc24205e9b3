using System.Globalization;
using Vinculo.Core.Common;
using Vinculo.Domain.Scripts;

namespace Vinculo.Core.Scripts;

/// <summary>The checks scripts and rules share: the graph's own rules plus known placeholders, facts and limits.</summary>
public static class ScriptChecks
{
    public const int MaxSteps = 200;
    public const int MaxText = 4000;
    public const int MaxChoices = 20;
    public const int MaxConditions = 20;
    public const int MaxValue = 200;

    /// <summary>
    /// Adds the problems of <paramref name="definition"/> to <paramref name="errors"/>, keyed by field path under
    /// <paramref name="prefix"/> (<c>definition.steps[2].next</c>): the graph (<see cref="ScriptDefinition.Validate"/>), the
    /// sizes, placeholders that are neither a fact nor <c>answers.&lt;id of a question&gt;</c>, and condition values that do
    /// not suit their operator.
    /// </summary>
    public static void Definition(ScriptDefinition? definition, ValidationErrors errors, string prefix = "definition")
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (definition is null)
        {
            errors.Add(prefix, "Required.");
            return;
        }

        var steps = definition.Steps ?? [];
        if (steps.Count > MaxSteps)
        {
            errors.Add($"{prefix}.steps", $"At most {MaxSteps} steps.");
            return;
        }

        foreach (var (key, messages) in definition.Validate())
        {
            foreach (var message in messages)
            {
                errors.Add($"{prefix}.{key}", message);
            }
        }

        var questions = steps.Where(s => s?.Kind == ScriptStepKind.Ask && s.Id is not null).Select(s => s!.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step is null)
            {
                continue;
            }

            var path = $"{prefix}.steps[{i}]";
            Text(step.Text, $"{path}.text", questions, errors);
            var choices = step.Choices ?? [];
            if (choices.Count > MaxChoices)
            {
                errors.Add($"{path}.choices", $"At most {MaxChoices} answers.");
            }

            for (var c = 0; c < choices.Count; c++)
            {
                if (choices[c] is null || string.IsNullOrWhiteSpace(choices[c].Answer) || string.IsNullOrWhiteSpace(choices[c].Next))
                {
                    errors.Add($"{path}.choices[{c}]", "An answer needs a code and the step it leads to.");
                    continue;
                }

                Text(choices[c]?.Label, $"{path}.choices[{c}].label", questions, errors);
                if (choices[c]?.Answer is { Length: > MaxValue })
                {
                    errors.Add($"{path}.choices[{c}].answer", $"At most {MaxValue} characters.");
                }
            }

            var conditions = step.Conditions ?? [];
            if (conditions.Count > MaxConditions)
            {
                errors.Add($"{path}.conditions", $"At most {MaxConditions} conditions.");
            }

            for (var c = 0; c < conditions.Count; c++)
            {
                if (conditions[c] is { } condition)
                {
                    if (string.IsNullOrWhiteSpace(condition.Next))
                    {
                        errors.Add($"{path}.conditions[{c}].next", "A condition needs the step it leads to.");
                    }

                    Condition(condition.Fact, condition.Operator, condition.Value, $"{path}.conditions[{c}]", questions, errors);
                }
            }
        }
    }

    /// <summary>Checks one condition: a known fact (or an answer, when <paramref name="questions"/> are given) and a value that suits the operator.</summary>
    public static void Condition(string? fact, ScriptOperator op, string? value, string path, IReadOnlySet<string>? questions, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!string.IsNullOrWhiteSpace(fact) && !IsKnown(fact, questions))
        {
            errors.Add($"{path}.fact", questions is null
                ? $"\"{fact}\" is not a customer fact."
                : $"\"{fact}\" is neither a customer fact nor the answer to a question of this script (answers.<step id>).");
        }

        if (!Enum.IsDefined(op))
        {
            errors.Add($"{path}.operator", $"Use one of: {EnumText.Allowed<ScriptOperator>()}.");
            return;
        }

        switch (op)
        {
            case ScriptOperator.GreaterThan or ScriptOperator.LessThan
                when !decimal.TryParse(value, ScriptCondition.NumberStyle, CultureInfo.InvariantCulture, out _):
                errors.Add($"{path}.value", "A number (with a dot for decimals) to compare with.");
                break;
            case ScriptOperator.Equals or ScriptOperator.NotEquals when string.IsNullOrWhiteSpace(value):
                errors.Add($"{path}.value", "The value to compare with.");
                break;
            case ScriptOperator.Exists or ScriptOperator.Missing when !string.IsNullOrEmpty(value):
                errors.Add($"{path}.value", "exists and missing take no value.");
                break;
        }

        if (value is { Length: > MaxValue })
        {
            errors.Add($"{path}.value", $"At most {MaxValue} characters.");
        }
    }

    /// <summary>A fact, or (within a script) <c>answers.&lt;id of one of its questions&gt;</c>.</summary>
    public static bool IsKnown(string name, IReadOnlySet<string>? questions) =>
        CustomerFacts.IsKnown(name)
        || (questions is not null && name.StartsWith(ScriptWalk.AnswerPrefix, StringComparison.Ordinal)
            && questions.Contains(name[ScriptWalk.AnswerPrefix.Length..]));

    private static void Text(string? text, string path, IReadOnlySet<string> questions, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        if (text.Length > MaxText)
        {
            errors.Add(path, $"At most {MaxText} characters.");
            return;
        }

        IReadOnlyList<string> names;
        try
        {
            names = ScriptTemplate.Placeholders(text);
        }
        catch (FormatException)
        {
            return; // ScriptDefinition.Validate reports it.
        }

        foreach (var name in names.Where(n => !IsKnown(n, questions)))
        {
            errors.Add(path, $"{{{{{name}}}}} is neither a customer fact nor the answer to a question of this script.");
        }
    }
}

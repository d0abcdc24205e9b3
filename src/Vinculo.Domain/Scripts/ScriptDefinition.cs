using System.Globalization;

namespace Vinculo.Domain.Scripts;

/// <summary>What a step of an agent script does.</summary>
public enum ScriptStepKind
{
    /// <summary>The agent says the text, then goes to <see cref="ScriptStep.Next"/>.</summary>
    Say,

    /// <summary>The agent asks the text; the customer's answer (one of the choices) picks the next step.</summary>
    Ask,

    /// <summary>No text: the first condition that holds on the customer's facts picks the next step, else <see cref="ScriptStep.Next"/>.</summary>
    Decide,

    /// <summary>The end of the conversation (the text, if any, is the closing line).</summary>
    End,
}

/// <summary>How a condition compares a customer fact.</summary>
public enum ScriptOperator
{
    /// <summary>The fact equals the value (ignoring case).</summary>
    Equals,

    /// <summary>The fact is missing or differs from the value (ignoring case).</summary>
    NotEquals,

    /// <summary>The fact and the value are numbers (invariant culture, decimal point, no thousands separators) and the fact is greater.</summary>
    GreaterThan,

    /// <summary>The fact and the value are numbers (invariant culture) and the fact is smaller.</summary>
    LessThan,

    /// <summary>The fact has a non-empty value.</summary>
    Exists,

    /// <summary>The fact is missing or empty.</summary>
    Missing,
}

/// <summary>An answer to an <see cref="ScriptStepKind.Ask"/> step and the step it leads to.</summary>
/// <param name="Answer">The answer's code (compared ignoring case).</param>
/// <param name="Next">The next step id.</param>
/// <param name="Label">What the answer button says (may hold placeholders); the code when absent.</param>
public sealed record ScriptChoice(string Answer, string Next, string? Label = null);

/// <summary>A condition of a <see cref="ScriptStepKind.Decide"/> step on a customer fact (a placeholder name).</summary>
public sealed record ScriptCondition(string Fact, ScriptOperator Operator, string? Value, string Next)
{
    /// <summary>Whether the condition holds for <paramref name="facts"/>.</summary>
    public bool Holds(IReadOnlyDictionary<string, string?> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return Compare(facts.TryGetValue(Fact, out var v) ? v : null, Operator, Value);
    }

    /// <summary>
    /// Whether a fact's value (null when the fact is missing) compares to <paramref name="value"/> with
    /// <paramref name="op"/>: the one comparison that script decisions and selection rules share.
    /// </summary>
    public static bool Compare(string? fact, ScriptOperator op, string? value) => op switch
    {
        ScriptOperator.Equals => fact is not null && string.Equals(fact.Trim(), value?.Trim(), StringComparison.OrdinalIgnoreCase),
        ScriptOperator.NotEquals => fact is null || !string.Equals(fact.Trim(), value?.Trim(), StringComparison.OrdinalIgnoreCase),
        ScriptOperator.GreaterThan => Numbers(fact, value) is var (a, b) && a > b,
        ScriptOperator.LessThan => Numbers(fact, value) is var (c, d) && c < d,
        ScriptOperator.Exists => !string.IsNullOrWhiteSpace(fact),
        ScriptOperator.Missing => string.IsNullOrWhiteSpace(fact),
        _ => false,
    };

    /// <summary>
    /// How numbers are read: a sign and a decimal point, no thousands separators, so a Spanish "1,5" is not a number
    /// (rather than fifteen).
    /// </summary>
    public const NumberStyles NumberStyle = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite
        | NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    private static (decimal, decimal)? Numbers(string? a, string? b) =>
        decimal.TryParse(a, NumberStyle, CultureInfo.InvariantCulture, out var x)
        && decimal.TryParse(b, NumberStyle, CultureInfo.InvariantCulture, out var y)
            ? (x, y)
            : null;
}

/// <summary>One step of a script.</summary>
/// <param name="Id">Unique id within the script (letters, digits, hyphens, underscores).</param>
/// <param name="Kind">What the step does.</param>
/// <param name="Text">What the agent says or asks (with placeholders, see <see cref="ScriptTemplate"/>).</param>
/// <param name="Next">Say: the next step; Decide: the step when no condition holds.</param>
/// <param name="Choices">Ask: the possible answers.</param>
/// <param name="Conditions">Decide: the conditions, in order.</param>
public sealed record ScriptStep(
    string Id,
    ScriptStepKind Kind,
    string? Text = null,
    string? Next = null,
    IReadOnlyList<ScriptChoice>? Choices = null,
    IReadOnlyList<ScriptCondition>? Conditions = null)
{
    /// <summary>The steps this one may lead to.</summary>
    public IEnumerable<string> Targets() =>
        new[] { Next }.Concat((Choices ?? []).Select(c => c?.Next)).Concat((Conditions ?? []).Select(c => c?.Next))
            .Where(t => !string.IsNullOrEmpty(t)).Select(t => t!);
}

/// <summary>
/// An agent script: a graph of steps from <see cref="Start"/>. A valid script has unique step ids, no reference to a
/// missing step, every step reachable from the start, an end reachable from every step (no conversation without a
/// way out), and valid placeholders.
/// </summary>
public sealed record ScriptDefinition(string Start, IReadOnlyList<ScriptStep> Steps)
{
    /// <summary>The problems as field path → messages (empty when valid); paths are <c>start</c> and <c>steps[i]…</c>.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string path, string message)
        {
            if (!errors.TryGetValue(path, out var list))
            {
                errors[path] = list = [];
            }

            list.Add(message);
        }

        var steps = Steps ?? [];
        if (steps.Count == 0)
        {
            Add("steps", "A script needs at least one step.");
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            if (s is null || string.IsNullOrWhiteSpace(s.Id) || !s.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                Add($"steps[{i}].id", "A step needs an id made of letters, digits, hyphens and underscores.");
                continue;
            }

            if (!index.TryAdd(s.Id, i))
            {
                Add($"steps[{i}].id", $"The id \"{s.Id}\" is used by step {index[s.Id]} too.");
            }

            CheckShape(s, i, Add);
            try
            {
                ScriptTemplate.Placeholders(s.Text ?? string.Empty);
            }
            catch (FormatException e)
            {
                Add($"steps[{i}].text", e.Message);
            }

            var choices = s.Choices ?? [];
            for (var c = 0; c < choices.Count; c++)
            {
                try
                {
                    ScriptTemplate.Placeholders(choices[c]?.Label ?? string.Empty);
                }
                catch (FormatException e)
                {
                    Add($"steps[{i}].choices[{c}].label", e.Message);
                }
            }

            foreach (var target in s.Targets().Where(t => !steps.Any(o => o?.Id == t)))
            {
                Add($"steps[{i}]", $"Step \"{s.Id}\" leads to \"{target}\", which does not exist.");
            }
        }

        if (string.IsNullOrWhiteSpace(Start) || !index.ContainsKey(Start))
        {
            Add("start", "The start must be the id of a step.");
        }
        else if (errors.Count == 0)
        {
            CheckReachability(steps, index, Add);
        }

        return errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>
    /// The step after <paramref name="stepId"/>: Say → its next; Ask → the choice matching <paramref name="answer"/>;
    /// Decide → the first condition holding on <paramref name="facts"/>, else its next; End → null. The same inputs
    /// always give the same step.
    /// </summary>
    /// <exception cref="ArgumentException">The step does not exist, or an Ask step gets an answer it does not offer.</exception>
    public string? NextStep(string stepId, string? answer, IReadOnlyDictionary<string, string?> facts)
    {
        var step = Steps.FirstOrDefault(s => s.Id == stepId) ?? throw new ArgumentException($"No step \"{stepId}\".", nameof(stepId));
        return step.Kind switch
        {
            ScriptStepKind.Say => step.Next,
            ScriptStepKind.Ask => (step.Choices ?? []).FirstOrDefault(c => string.Equals(c.Answer, answer?.Trim(), StringComparison.OrdinalIgnoreCase))?.Next
                ?? throw new ArgumentException($"Step \"{stepId}\" does not offer the answer \"{answer}\".", nameof(answer)),
            ScriptStepKind.Decide => (step.Conditions ?? []).FirstOrDefault(c => c.Holds(facts))?.Next ?? step.Next,
            _ => null,
        };
    }

    private static void CheckShape(ScriptStep s, int i, Action<string, string> add)
    {
        switch (s.Kind)
        {
            case ScriptStepKind.Say when string.IsNullOrWhiteSpace(s.Text) || string.IsNullOrWhiteSpace(s.Next):
                add($"steps[{i}]", "A say step needs a text and a next step.");
                break;
            case ScriptStepKind.Ask:
                var answers = (s.Choices ?? []).Where(c => c is not null).Select(c => c.Answer?.Trim() ?? string.Empty).ToList();
                if (string.IsNullOrWhiteSpace(s.Text) || answers.Count < 2 || answers.Any(string.IsNullOrEmpty))
                {
                    add($"steps[{i}]", "A question needs a text and at least two answers.");
                }
                else if (answers.Distinct(StringComparer.OrdinalIgnoreCase).Count() != answers.Count)
                {
                    add($"steps[{i}].choices", "Two answers of the question are the same.");
                }

                break;
            case ScriptStepKind.Decide:
                var conditions = s.Conditions ?? [];
                if (conditions.Count == 0 || string.IsNullOrWhiteSpace(s.Next))
                {
                    add($"steps[{i}]", "A decision needs at least one condition and a next step for when none holds.");
                }

                for (var c = 0; c < conditions.Count; c++)
                {
                    if (conditions[c] is null || !ScriptTemplate.IsValidName(conditions[c].Fact ?? string.Empty))
                    {
                        add($"steps[{i}].conditions[{c}]", "A condition needs the name of a customer fact.");
                    }
                }

                break;
            case ScriptStepKind.End when s.Targets().Any():
                add($"steps[{i}]", "An end step leads nowhere.");
                break;
            case ScriptStepKind.Say or ScriptStepKind.End:
                break;
            default:
                add($"steps[{i}].kind", "Unknown step kind.");
                break;
        }
    }

    private void CheckReachability(IReadOnlyList<ScriptStep> steps, Dictionary<string, int> index, Action<string, string> add)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { Start };
        var queue = new Queue<string>([Start]);
        while (queue.TryDequeue(out var id))
        {
            foreach (var t in steps[index[id]].Targets().Where(reached.Add))
            {
                queue.Enqueue(t);
            }
        }

        // Steps that can reach an end: walk the graph backwards from the end steps.
        var finishing = new HashSet<string>(steps.Where(s => s.Kind == ScriptStepKind.End).Select(s => s.Id), StringComparer.Ordinal);
        bool grew;
        do
        {
            grew = false;
            foreach (var s in steps.Where(s => !finishing.Contains(s.Id) && s.Targets().Any(finishing.Contains)))
            {
                grew |= finishing.Add(s.Id);
            }
        }
        while (grew);

        for (var i = 0; i < steps.Count; i++)
        {
            if (!reached.Contains(steps[i].Id))
            {
                add($"steps[{i}]", $"Step \"{steps[i].Id}\" cannot be reached from the start.");
            }
            else if (!finishing.Contains(steps[i].Id))
            {
                add($"steps[{i}]", $"From step \"{steps[i].Id}\" the conversation can never end.");
            }
        }
    }
}

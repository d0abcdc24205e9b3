namespace Vinculo.Domain.Scripts;

/// <summary>A condition of a selection rule on one customer fact.</summary>
/// <param name="Fact">The fact's name, e.g. <c>customer.tier</c>.</param>
/// <param name="Operator">How the fact is compared.</param>
/// <param name="Value">What it is compared with (none for <see cref="ScriptOperator.Exists"/> and <see cref="ScriptOperator.Missing"/>).</param>
public sealed record RuleCondition(string Fact, ScriptOperator Operator, string? Value = null)
{
    /// <summary>Whether the condition holds for <paramref name="facts"/>; a missing fact is a null value.</summary>
    public bool Holds(IReadOnlyDictionary<string, string?> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return ScriptCondition.Compare(facts.TryGetValue(Fact, out var v) ? v : null, Operator, Value);
    }
}

/// <summary>
/// A rule that chooses a script: when every condition holds, the script with <see cref="ScriptCode"/> leads the
/// conversation. Higher <see cref="Priority"/> is tried first; a rule without conditions always holds, so the one with
/// the lowest priority is the default.
/// </summary>
public sealed record SelectionRule(long Id, string Name, int Priority, IReadOnlyList<RuleCondition> Conditions, string ScriptCode, bool Active = true);

/// <summary>One condition of a rule as evaluated: the fact's value at the time and whether it held.</summary>
public sealed record ConditionOutcome(RuleCondition Condition, string? FactValue, bool Held);

/// <summary>How a rule fared.</summary>
public enum RuleVerdict
{
    /// <summary>Every condition held and its script exists: the rule chose the script.</summary>
    Chosen,

    /// <summary>A condition did not hold.</summary>
    NotMet,

    /// <summary>Every condition held but no active script has its code, so the next rule was tried.</summary>
    NoScript,

    /// <summary>A rule with a higher priority was chosen first; this one was not evaluated further.</summary>
    NotReached,
}

/// <summary>One rule of a selection, with each condition's outcome (up to the first that failed).</summary>
public sealed record RuleOutcome(SelectionRule Rule, RuleVerdict Verdict, IReadOnlyList<ConditionOutcome> Conditions);

/// <summary>
/// The result of a selection: the chosen rule (or none) and every rule's outcome in the order they were tried, which
/// is the reason: which conditions held for the chosen rule and why the rules before it were passed over.
/// </summary>
public sealed record ScriptSelection(SelectionRule? Chosen, IReadOnlyList<RuleOutcome> Outcomes)
{
    /// <summary>The chosen rule's outcome (the conditions that held), or null.</summary>
    public RuleOutcome? Reason => Outcomes.FirstOrDefault(o => o.Verdict == RuleVerdict.Chosen);
}

/// <summary>
/// Chooses the script for a conversation from the customer's facts: the active rules are tried by priority (highest
/// first), then id (lowest first), and the first whose conditions all hold (and whose script exists) wins. The order
/// of the input never matters, so the same facts always give the same script: two customers with the same problem
/// and the same profile get the same answer.
/// </summary>
public static class ScriptSelector
{
    /// <summary>The order rules are tried in.</summary>
    public static IEnumerable<SelectionRule> Ordered(IEnumerable<SelectionRule> rules) =>
        rules.OrderByDescending(r => r.Priority).ThenBy(r => r.Id);

    /// <summary>
    /// Selects among <paramref name="rules"/> (inactive ones are ignored) for <paramref name="facts"/>.
    /// <paramref name="hasScript"/> tells whether a script code can be run (an active script exists); when omitted,
    /// every code can.
    /// </summary>
    public static ScriptSelection Select(
        IEnumerable<SelectionRule> rules, IReadOnlyDictionary<string, string?> facts, Func<string, bool>? hasScript = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(facts);
        var outcomes = new List<RuleOutcome>();
        SelectionRule? chosen = null;
        foreach (var rule in Ordered(rules.Where(r => r is { Active: true })))
        {
            if (chosen is not null)
            {
                outcomes.Add(new RuleOutcome(rule, RuleVerdict.NotReached, []));
                continue;
            }

            var conditions = new List<ConditionOutcome>();
            var held = true;
            foreach (var condition in rule.Conditions ?? [])
            {
                var value = facts.TryGetValue(condition.Fact, out var v) ? v : null;
                var ok = ScriptCondition.Compare(value, condition.Operator, condition.Value);
                conditions.Add(new ConditionOutcome(condition, value, ok));
                if (!ok)
                {
                    held = false;
                    break;
                }
            }

            RuleVerdict verdict;
            if (!held)
            {
                verdict = RuleVerdict.NotMet;
            }
            else if (hasScript is not null && !hasScript(rule.ScriptCode))
            {
                verdict = RuleVerdict.NoScript;
            }
            else
            {
                verdict = RuleVerdict.Chosen;
                chosen = rule;
            }

            outcomes.Add(new RuleOutcome(rule, verdict, conditions));
        }

        return new ScriptSelection(chosen, outcomes);
    }

    /// <summary>
    /// Of the languages a script exists in, the one to run: the customer's when it exists, else Spanish, else English,
    /// else null.
    /// </summary>
    public static string? Language(string? customerLanguage, IEnumerable<string> available)
    {
        var languages = available.ToList();
        if (customerLanguage is not null && languages.Contains(customerLanguage, StringComparer.Ordinal))
        {
            return customerLanguage;
        }

        return languages.Contains("es", StringComparer.Ordinal) ? "es" : languages.Contains("en", StringComparer.Ordinal) ? "en" : null;
    }
}

namespace Vinculo.Domain.Scripts;

/// <summary>The agent's answer to one question of a script, in the order the questions were asked.</summary>
/// <param name="Step">The id of the ask step.</param>
/// <param name="Answer">The answer's code (one of the step's choices).</param>
public sealed record ScriptAnswer(string Step, string Answer);

/// <summary>Where a walk through a script stopped.</summary>
public enum WalkState
{
    /// <summary>At a question that has no answer yet.</summary>
    Waiting,

    /// <summary>At an end step: the conversation is over and can be recorded.</summary>
    Finished,

    /// <summary>The steps went round in circles without a question (a decision loop on these facts).</summary>
    Loop,
}

/// <summary>A condition of a decide step that held, with the fact's value at the time.</summary>
public sealed record Decision(ScriptCondition? Condition, string? FactValue)
{
    /// <summary>No condition held: the step's default next step was taken.</summary>
    public bool Fallthrough => Condition is null;
}

/// <summary>A step as visited: its text rendered with the facts and the answers given so far.</summary>
/// <param name="Step">The step.</param>
/// <param name="Text">The rendered text (plain text; empty for a decision).</param>
/// <param name="Missing">Placeholders of the text without a value.</param>
/// <param name="Answer">Ask: the answer given (null for the question still waiting).</param>
/// <param name="AnswerLabel">Ask: the answer's rendered label (or its code).</param>
/// <param name="Decision">Decide: what decided.</param>
/// <param name="Choices">Ask: the choices with their rendered labels.</param>
public sealed record WalkStep(
    ScriptStep Step,
    string Text,
    IReadOnlyList<string> Missing,
    string? Answer = null,
    string? AnswerLabel = null,
    Decision? Decision = null,
    IReadOnlyList<RenderedChoice>? Choices = null);

/// <summary>A choice of a question with its label rendered (the code when it has no label).</summary>
public sealed record RenderedChoice(string Answer, string Label, string Next);

/// <summary>The walk so far: every step visited in order, the last one being where it stopped.</summary>
public sealed record ScriptWalkResult(IReadOnlyList<WalkStep> Path, WalkState State)
{
    /// <summary>The step the walk stopped at.</summary>
    public WalkStep Current => Path[^1];

    /// <summary>The ids of the steps visited, in order.</summary>
    public IReadOnlyList<string> StepIds => Path.Select(p => p.Step.Id).ToList();
}

/// <summary>The answers do not fit the script: they name another step than the question asked, or an answer it does not offer.</summary>
public sealed class ScriptWalkException(int answerIndex, string message) : Exception(message)
{
    /// <summary>The index of the offending answer.</summary>
    public int AnswerIndex { get; } = answerIndex;
}

/// <summary>
/// Walks a script from its start with the customer's facts and the agent's answers so far. Say steps and decisions go
/// on by themselves (a decision by the first condition that holds on the facts or the answers, <c>answers.&lt;stepId&gt;</c>);
/// the walk stops at the first question without an answer, or at an end. Stateless and deterministic: the page keeps
/// only the answers, and the same script, facts and answers always give the same path — which is how a recorded run is
/// checked and replayed.
/// </summary>
public static class ScriptWalk
{
    /// <summary>How many steps a walk may visit before it counts as a loop.</summary>
    public const int MaxSteps = 1000;

    /// <summary>The prefix of the answer placeholders: <c>answers.&lt;stepId&gt;</c>.</summary>
    public const string AnswerPrefix = "answers.";

    /// <summary>Walks <paramref name="script"/> (which must be valid).</summary>
    /// <exception cref="ScriptWalkException">An answer does not fit the question it reaches, or there are answers after the end.</exception>
    public static ScriptWalkResult Walk(
        ScriptDefinition script, IReadOnlyDictionary<string, string?> facts, IReadOnlyList<ScriptAnswer>? answers = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(facts);
        answers ??= [];
        var steps = script.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var values = new Dictionary<string, string?>(facts, StringComparer.Ordinal);
        var path = new List<WalkStep>();
        var next = 0;
        var id = script.Start;
        // A step seen twice with no answer given in between goes round in circles: the facts will not change.
        var seen = new HashSet<(string, int)>();
        while (true)
        {
            if (path.Count >= MaxSteps || !steps.TryGetValue(id ?? "", out var step) || !seen.Add((step.Id, next)))
            {
                return new ScriptWalkResult(path, WalkState.Loop);
            }

            var text = ScriptTemplate.Render(step.Text ?? "", values);
            switch (step.Kind)
            {
                case ScriptStepKind.Say:
                    path.Add(new WalkStep(step, text.Text, text.Missing));
                    id = step.Next;
                    break;
                case ScriptStepKind.Decide:
                    var held = (step.Conditions ?? []).FirstOrDefault(c => c.Holds(values));
                    var decision = new Decision(held, held is null ? null : values.GetValueOrDefault(held.Fact));
                    path.Add(new WalkStep(step, "", [], Decision: decision));
                    id = held?.Next ?? step.Next;
                    break;
                case ScriptStepKind.Ask:
                    var choices = (step.Choices ?? [])
                        .Select(c => new RenderedChoice(c.Answer, string.IsNullOrWhiteSpace(c.Label) ? c.Answer : ScriptTemplate.Render(c.Label, values).Text, c.Next))
                        .ToList();
                    if (next >= answers.Count)
                    {
                        path.Add(new WalkStep(step, text.Text, text.Missing, Choices: choices));
                        return new ScriptWalkResult(path, WalkState.Waiting);
                    }

                    var given = answers[next];
                    if (!string.Equals(given?.Step, step.Id, StringComparison.Ordinal))
                    {
                        throw new ScriptWalkException(next, $"Answer {next} is for step \"{given?.Step}\", but the script asks \"{step.Id}\" there.");
                    }

                    var choice = choices.FirstOrDefault(c => string.Equals(c.Answer, given!.Answer?.Trim(), StringComparison.OrdinalIgnoreCase))
                        ?? throw new ScriptWalkException(next, $"Step \"{step.Id}\" does not offer the answer \"{given!.Answer}\".");
                    path.Add(new WalkStep(step, text.Text, text.Missing, choice.Answer, choice.Label, Choices: choices));
                    values[AnswerPrefix + step.Id] = choice.Answer;
                    next++;
                    id = choice.Next;
                    break;
                default:
                    path.Add(new WalkStep(step, text.Text, text.Missing));
                    if (next < answers.Count)
                    {
                        throw new ScriptWalkException(next, $"The script ended at \"{step.Id}\" before answer {next}.");
                    }

                    return new ScriptWalkResult(path, WalkState.Finished);
            }
        }
    }
}

namespace Vinculo.Domain.Service;

/// <summary>
/// A business calendar definition is invalid. <see cref="Errors"/> maps each offending field path (for example
/// <c>weeklyHours[2]</c> or <c>timeZoneId</c>) to its messages, ready to become a validation problem.
/// </summary>
public sealed class BusinessCalendarException : ArgumentException
{
    /// <summary>Creates the exception from field path → messages.</summary>
    public BusinessCalendarException(IReadOnlyDictionary<string, string[]> errors)
        : base(Describe(errors)) => Errors = errors;

    /// <summary>Creates the exception with a single message under the empty field path.</summary>
    public BusinessCalendarException()
        : this(new Dictionary<string, string[]> { [""] = ["The business calendar is invalid."] })
    {
    }

    /// <summary>Creates the exception with a single message under the empty field path.</summary>
    public BusinessCalendarException(string message)
        : this(new Dictionary<string, string[]> { [""] = [message] })
    {
    }

    /// <summary>Creates the exception with a single message under the empty field path.</summary>
    public BusinessCalendarException(string message, Exception innerException)
        : base(message, innerException) => Errors = new Dictionary<string, string[]> { [""] = [message] };

    /// <summary>Field path → messages.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    private static string Describe(IReadOnlyDictionary<string, string[]> errors) =>
        "Invalid business calendar: "
        + string.Join("; ", errors.SelectMany(e => e.Value.Select(m => e.Key.Length == 0 ? m : $"{e.Key}: {m}")));
}

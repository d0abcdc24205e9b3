namespace Vinculo.Core.Common;

/// <summary>Field-level validation errors (field name → messages). Becomes a 400 ValidationProblem.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);

    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new ValidationException(ToDictionary());
        }
    }
}

/// <summary>Input that breaks a rule. The web host turns it into RFC 9457 ProblemDetails with status 400.</summary>
public sealed class ValidationException(IDictionary<string, string[]> errors)
    : Exception("One or more validation errors occurred.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public static ValidationException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>The write was based on a stale version (If-Match mismatch). Becomes 412.</summary>
public sealed class PreconditionFailedException(string message) : Exception(message);

/// <summary>The request conflicts with the current state (e.g. a retried request still running). Becomes 409.</summary>
public sealed class ConflictException(string message) : Exception(message);

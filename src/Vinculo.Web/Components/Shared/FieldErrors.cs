using System.Text;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;

namespace Vinculo.Web.Components.Shared;

/// <summary>
/// Field errors keyed as the use cases report them (<c>firstName</c>, <c>emails[0].address</c>), with the element ids
/// that tie each input to its message (<c>aria-describedby</c>) and let the error summary link to the field.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string[]> _errors;

    public FieldErrors(IDictionary<string, string[]>? errors = null) =>
        _errors = errors is null ? new(StringComparer.OrdinalIgnoreCase) : new(errors, StringComparer.OrdinalIgnoreCase);

    public static FieldErrors None { get; } = new();

    public int Count => _errors.Count;

    public IEnumerable<KeyValuePair<string, string[]>> All => _errors;

    public bool Has(string key) => _errors.ContainsKey(key);

    public IReadOnlyList<string> For(string key) => _errors.TryGetValue(key, out var m) ? m : [];

    /// <summary>"true" for an input with errors (for <c>aria-invalid</c>), else null so the attribute is left out.</summary>
    public string? Invalid(string key) => Has(key) ? "true" : null;

    /// <summary>The error message's id for <c>aria-describedby</c>, with an optional hint id; null when neither.</summary>
    public string? DescribedBy(string key, string? hintId = null)
    {
        var error = Has(key) ? ErrorId(key) : null;
        return (error, hintId) switch
        {
            (null, null) => null,
            (null, _) => hintId,
            (_, null) => error,
            _ => $"{hintId} {error}",
        };
    }

    /// <summary>
    /// Puts the messages into the form's validation state too, so the input components mark themselves
    /// (<c>aria-invalid</c>, the <c>invalid</c> class). <paramref name="fieldFor"/> maps a key to the model property.
    /// </summary>
    public void ShowIn(EditContext context, ValidationMessageStore store, Func<string, FieldIdentifier?> fieldFor, IStringLocalizer l)
    {
        store.Clear();
        foreach (var (key, messages) in _errors)
        {
            if (fieldFor(key) is { } field)
            {
                store.Add(field, messages.Select(l.Message));
            }
        }

        context.NotifyValidationStateChanged();
    }

    /// <summary>"firstName" → "FirstName".</summary>
    public static string Pascal(string camel) => camel.Length == 0 ? camel : char.ToUpperInvariant(camel[0]) + camel[1..];

    public static string InputId(string key) => "f-" + Slug(key);

    public static string ErrorId(string key) => "e-" + Slug(key);

    private static string Slug(string key)
    {
        var sb = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        return sb.ToString().Trim('-').Replace("--", "-", StringComparison.Ordinal);
    }
}

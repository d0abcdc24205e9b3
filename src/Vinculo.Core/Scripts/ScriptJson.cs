using System.Text.Json;
using System.Text.Json.Serialization;
using Vinculo.Core.Common;
using Vinculo.Domain.Scripts;

namespace Vinculo.Core.Scripts;

/// <summary>
/// How script definitions, rule conditions and run data are written as JSON: camelCase names, enum values as camelCase
/// text (<c>"kind": "ask"</c>, <c>"operator": "greaterThan"</c>), nulls left out. The API and the editor use the same form.
/// </summary>
public static class ScriptJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>The same, indented: what the editor shows.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Write<T>(T value, bool indented = false) => JsonSerializer.Serialize(value, indented ? Indented : Options);

    public static T? Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);

    /// <summary>A definition stored by this program (always valid JSON).</summary>
    public static ScriptDefinition Definition(string json) => Read<ScriptDefinition>(json) ?? new ScriptDefinition("", []);

    /// <summary>
    /// A definition typed by a person: a JSON syntax or type error becomes a validation error on <paramref name="field"/>
    /// saying where (line, position and JSON path).
    /// </summary>
    /// <exception cref="ValidationException">The text is not a script definition.</exception>
    public static ScriptDefinition ParseDefinition(string? text, string field = "definition")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ValidationException.For(field, "Required.");
        }

        try
        {
            return JsonSerializer.Deserialize<ScriptDefinition>(text, Options)
                ?? throw ValidationException.For(field, "Required.");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}{(string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : ", at " + e.Path)})" : "";
            throw ValidationException.For(field, "The definition is not valid JSON for a script" + where + ".");
        }
    }
}

using System.Collections.ObjectModel;

namespace Vinculo.Domain.Customers;

/// <summary>
/// Short handling guidance shown to agents for a customer's <see cref="Temperament"/>, in Spanish or English,
/// drawn from common customer-service practice.
/// </summary>
public static class TemperamentGuidance
{
    private static readonly ReadOnlyCollection<string> SubmissiveEs = Array.AsReadOnly(
    [
        "Sea paciente y cercano: puede dudar o aceptarlo todo para evitar el conflicto.",
        "Haga preguntas abiertas para descubrir lo que realmente necesita y confirme que lo ha entendido.",
        "Ofrézcale una o dos recomendaciones claras y explique por qué le convienen.",
        "Dele seguridad: confirme su decisión y detalle los próximos pasos.",
        "No le presione ni se aproveche de su indecisión.",
    ]);

    private static readonly ReadOnlyCollection<string> SubmissiveEn = Array.AsReadOnly(
    [
        "Be patient and warm: they may hesitate, or agree to anything to avoid conflict.",
        "Ask open questions to find out what they really need, and check you have understood.",
        "Give one or two clear recommendations and explain why they suit them.",
        "Reassure them: confirm their decision and spell out the next steps.",
        "Do not pressure them or take advantage of their indecision.",
    ]);

    private static readonly ReadOnlyCollection<string> AggressiveEs = Array.AsReadOnly(
    [
        "Mantenga la calma y un tono sereno y educado; no se lo tome como algo personal.",
        "Deje que se desahogue sin interrumpirle y después reconozca el problema.",
        "No discuta ni se ponga a la defensiva; evite frases como «cálmese».",
        "Lleve la conversación a las soluciones: diga qué puede hacer y en qué plazo.",
    ]);

    private static readonly ReadOnlyCollection<string> AggressiveEn = Array.AsReadOnly(
    [
        "Stay calm and keep a steady, polite tone; do not take it personally.",
        "Let them vent without interrupting, then acknowledge the problem.",
        "Do not argue or get defensive; avoid phrases such as \"calm down\".",
        "Steer the conversation to solutions: say what you can do and by when.",
    ]);

    private static readonly ReadOnlyCollection<string> AbusiveEs = Array.AsReadOnly(
    [
        "Mantenga la profesionalidad y no responda a los insultos.",
        "Marque un límite con respeto: quiere ayudarle, pero no aceptará insultos ni amenazas.",
        "Si los insultos continúan tras el aviso, escale la interacción a un supervisor.",
        "Documente lo ocurrido y las medidas tomadas en el registro de la interacción.",
    ]);

    private static readonly ReadOnlyCollection<string> AbusiveEn = Array.AsReadOnly(
    [
        "Stay professional and do not respond to insults in kind.",
        "Set a respectful limit: you want to help, but you will not accept insults or threats.",
        "If the insults continue after the warning, escalate the interaction to a supervisor.",
        "Document what happened and the actions taken in the interaction record.",
    ]);

    private static readonly ReadOnlyCollection<string> ChronicComplainerEs = Array.AsReadOnly(
    [
        "Escuche con atención y reconozca cada queja, aunque ya la conozca.",
        "Sea preciso: separe los hechos concretos del malestar general y trátelos uno a uno.",
        "No prometa más de lo que puede cumplir.",
        "Documente cada compromiso, con su plazo, y haga el seguimiento.",
    ]);

    private static readonly ReadOnlyCollection<string> ChronicComplainerEn = Array.AsReadOnly(
    [
        "Listen carefully and acknowledge each complaint, even familiar ones.",
        "Be precise: separate the concrete facts from the general dissatisfaction and deal with them one by one.",
        "Do not over-promise; commit only to what you can deliver.",
        "Document every commitment, with its deadline, and follow it up.",
    ]);

    /// <summary>
    /// Guidance bullets for <paramref name="temperament"/> in <paramref name="language"/> ("es", "es-AR"... for
    /// Spanish; anything else falls back to English), or null for <see cref="Temperament.None"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="Temperament"/>.</exception>
    public static IReadOnlyList<string>? For(Temperament temperament, string language)
    {
        var spanish = IsSpanish(language);
        return temperament switch
        {
            Temperament.None => null,
            Temperament.Submissive => spanish ? SubmissiveEs : SubmissiveEn,
            Temperament.Aggressive => spanish ? AggressiveEs : AggressiveEn,
            Temperament.Abusive => spanish ? AbusiveEs : AbusiveEn,
            Temperament.ChronicComplainer => spanish ? ChronicComplainerEs : ChronicComplainerEn,
            _ => throw new ArgumentOutOfRangeException(nameof(temperament), temperament, "Unknown temperament."),
        };
    }

    /// <summary>Display name of <paramref name="temperament"/>: "Agresivo" / "Aggressive", etc.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="Temperament"/>.</exception>
    public static string Label(Temperament temperament, string language)
    {
        var spanish = IsSpanish(language);
        return temperament switch
        {
            Temperament.None => spanish ? "Ninguno" : "None",
            Temperament.Submissive => spanish ? "Sumiso" : "Submissive",
            Temperament.Aggressive => spanish ? "Agresivo" : "Aggressive",
            Temperament.Abusive => spanish ? "Abusivo" : "Abusive",
            Temperament.ChronicComplainer => spanish ? "Quejumbroso crónico" : "Chronic complainer",
            _ => throw new ArgumentOutOfRangeException(nameof(temperament), temperament, "Unknown temperament."),
        };
    }

    // "es", "ES", "es-ES", "es_MX"; null or anything else is English.
    private static bool IsSpanish(string? language)
    {
        if (language is null)
        {
            return false;
        }

        var s = language.AsSpan().Trim();
        return s.Length >= 2
            && s[..2].Equals("es", StringComparison.OrdinalIgnoreCase)
            && (s.Length == 2 || s[2] is '-' or '_');
    }
}

using System.Globalization;
using Vinculo.Domain.Text;

namespace Vinculo.Core.Commerce.Import;

/// <summary>
/// Turns the country names of transaction files ("United Kingdom", "EIRE", "España", "USA") into ISO 3166-1 alpha-2
/// codes, the form customer addresses keep. Names come from the platform's region list (English and native names,
/// three-letter codes) plus the spellings exports use that it lacks; regions that are not one country ("Channel
/// Islands", "European Community", "Unspecified") have no code.
/// </summary>
internal static class CountryNames
{
    private static readonly Lazy<Dictionary<string, string>> Codes = new(Build);

    /// <summary>The ISO code of a country name or code, or null when it names no single country.</summary>
    public static string? ToCode(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        return Codes.Value.GetValueOrDefault(Key(name));
    }

    /// <summary>The language Vinculo speaks to a customer of this country by default: "es" where Spanish is official, else "en".</summary>
    public static string Language(string? code) => code is not null && SpanishSpeaking.Contains(code) ? "es" : "en";

    private static readonly HashSet<string> SpanishSpeaking =
        ["ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "GT", "CU", "BO", "DO", "HN", "PY", "SV", "NI", "CR", "PA", "UY", "PR", "GQ"];

    private static string Key(string name) =>
        string.Join(' ', TextFolding.Fold(name).Replace(".", "", StringComparison.Ordinal).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static Dictionary<string, string> Build()
    {
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            RegionInfo region;
            try
            {
                region = new RegionInfo(culture.Name);
            }
            catch (ArgumentException)
            {
                continue;
            }

            var code = region.TwoLetterISORegionName;
            if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper))
            {
                continue; // "001" (world), "150" (Europe), "419" (Latin America)
            }

            foreach (var alias in new[] { code, region.ThreeLetterISORegionName, region.EnglishName, region.NativeName })
            {
                codes.TryAdd(Key(alias), code);
            }
        }

        foreach (var (alias, code) in Aliases)
        {
            codes[Key(alias)] = code;
        }

        return codes;
    }

    /// <summary>Spellings the region list does not have (it names "Ireland", "Czechia", "Hong Kong SAR China").</summary>
    private static readonly (string Alias, string Code)[] Aliases =
    [
        ("EIRE", "IE"), ("Ireland", "IE"), ("RSA", "ZA"), ("South Africa", "ZA"), ("UK", "GB"), ("Great Britain", "GB"),
        ("England", "GB"), ("Scotland", "GB"), ("Wales", "GB"), ("Northern Ireland", "GB"), ("United Kingdom", "GB"),
        ("USA", "US"), ("United States", "US"), ("United States of America", "US"), ("Czech Republic", "CZ"), ("Czechia", "CZ"),
        ("Hong Kong", "HK"), ("Macau", "MO"), ("Macao", "MO"), ("South Korea", "KR"), ("Korea", "KR"), ("Russia", "RU"),
        ("Turkey", "TR"), ("Holland", "NL"), ("The Netherlands", "NL"), ("Netherlands", "NL"), ("Vietnam", "VN"), ("Taiwan", "TW"),
        ("UAE", "AE"), ("United Arab Emirates", "AE"), ("Saudi Arabia", "SA"), ("Bahrain", "BH"), ("Lebanon", "LB"), ("Israel", "IL"),
        ("Reino Unido", "GB"), ("Estados Unidos", "US"), ("Francia", "FR"), ("Alemania", "DE"), ("Italia", "IT"), ("Países Bajos", "NL"),
        ("Holanda", "NL"), ("Bélgica", "BE"), ("Suiza", "CH"), ("Irlanda", "IE"), ("Suecia", "SE"), ("Noruega", "NO"),
        ("Dinamarca", "DK"), ("Finlandia", "FI"), ("Grecia", "GR"), ("Polonia", "PL"), ("Japón", "JP"), ("China", "CN"),
        ("Marruecos", "MA"), ("Andorra", "AD"),
    ];
}

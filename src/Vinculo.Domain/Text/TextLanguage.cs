namespace Vinculo.Domain.Text;

/// <summary>The languages the full-text analysis knows how to stem and filter.</summary>
public enum TextLanguage
{
    Spanish = 1,
    English = 2,
}

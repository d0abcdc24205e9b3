using Vinculo.Domain.Quality;

namespace Vinculo.Domain.Tests.Quality;

public class NameSimilarityTests
{
    // Reference values from Winkler's papers, reproduced by every implementation.
    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.9611)]
    [InlineData("DWAYNE", "DUANE", 0.8400)]
    [InlineData("DIXON", "DICKSONX", 0.8133)]
    [InlineData("abc", "abc", 1.0)]
    [InlineData("abc", "xyz", 0.0)]
    public void Jaro_Winkler_matches_the_published_values(string a, string b, double expected)
    {
        Assert.Equal(expected, NameSimilarity.JaroWinkler(a, b), 4);
        Assert.Equal(expected, NameSimilarity.JaroWinkler(b, a), 4);
    }

    [Theory]
    [InlineData("José Martínez", "Jose Martinez")]
    [InlineData("JOSÉ MARTÍNEZ", "josé martínez")]
    [InlineData("García López, Ana", "Ana García López")]
    [InlineData("Ferretería Núñez S.L.", "Ferreteria Nuñez SL")]
    [InlineData("Núñez y Asociados, S.A.", "Nunez y Asociados SA")]
    [InlineData("Ana M. García", "Ana García")]
    public void Accents_case_order_initials_and_legal_forms_do_not_matter(string a, string b) =>
        Assert.Equal(1.0, NameSimilarity.Similarity(NameSimilarity.Key(a), NameSimilarity.Key(b)));

    [Theory]
    [InlineData("Jose Martinez", "Jose Martines", 0.9692)]
    [InlineData("Maria Garcia", "Marai Garcia", 0.9767)]
    [InlineData("Ana Garcia Lopez", "Ana Garcia", 0.9250)]
    [InlineData("María José Ruiz", "María Ruiz", 0.9333)]
    public void Typos_and_a_missing_name_are_similar(string a, string b, double expected)
    {
        var score = NameSimilarity.Similarity(NameSimilarity.Key(a), NameSimilarity.Key(b));
        Assert.Equal(expected, score, 4);
        Assert.True(score >= NameSimilarity.Threshold);
    }

    [Theory]
    [InlineData("Ana Garcia", "Juan Garcia")]
    [InlineData("Pedro Sánchez", "Pablo Sánchez")]
    [InlineData("Javier Moreno", "Javier Romero")]
    [InlineData("Juan Pérez", "Juana Pérez")]
    [InlineData("Luis Fernández", "Luisa Fernández")]
    [InlineData("Mario Gil", "María Gil")]
    [InlineData("Carlos Gómez", "Carla Gómez")]
    [InlineData("Ana", "")]
    public void Relatives_and_other_people_are_not_similar(string a, string b) =>
        Assert.True(NameSimilarity.Similarity(NameSimilarity.Key(a), NameSimilarity.Key(b)) < NameSimilarity.Threshold);

    [Theory]
    [InlineData("juan", "juana", true)]
    [InlineData("daniel", "daniela", true)]
    [InlineData("julio", "julia", true)]
    [InlineData("maria", "mario", true)]
    [InlineData("ana", "anna", false)]
    [InlineData("garcia", "garcias", false)]
    public void Gendered_forms_of_a_first_name(string a, string b, bool expected) =>
        Assert.Equal(expected, NameSimilarity.IsGenderedPair(a, b));

    [Fact]
    public void Key_folds_and_drops_legal_forms_and_initials()
    {
        Assert.Equal("ferreteria nunez", NameSimilarity.Key("  Ferretería NÚÑEZ, S.L.U. "));
        Assert.Equal("", NameSimilarity.Key("S.A."));
        Assert.Equal("", NameSimilarity.Key(null));
    }
}

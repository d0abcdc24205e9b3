using Vinculo.Domain.Customers;

namespace Vinculo.Domain.Tests.Customers;

public class TemperamentGuidanceTests
{
    public static TheoryData<Temperament, string> TemperamentsAndLanguages()
    {
        var data = new TheoryData<Temperament, string>();
        foreach (var temperament in Enum.GetValues<Temperament>().Where(t => t != Temperament.None))
        {
            data.Add(temperament, "es");
            data.Add(temperament, "en");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TemperamentsAndLanguages))]
    public void Every_temperament_has_three_to_five_bullets_in_both_languages(Temperament temperament, string language)
    {
        var guidance = TemperamentGuidance.For(temperament, language);

        Assert.NotNull(guidance);
        Assert.InRange(guidance.Count, 3, 5);
        Assert.All(guidance, bullet =>
        {
            Assert.False(string.IsNullOrWhiteSpace(bullet));
            Assert.True(bullet.Length <= 120, $"Bullet too long for a short hint: {bullet}");
            Assert.EndsWith(".", bullet, StringComparison.Ordinal);
        });
        Assert.Equal(guidance.Count, guidance.Distinct().Count());
    }

    [Theory]
    [InlineData(Temperament.Submissive)]
    [InlineData(Temperament.Aggressive)]
    [InlineData(Temperament.Abusive)]
    [InlineData(Temperament.ChronicComplainer)]
    public void Spanish_and_English_differ(Temperament temperament)
    {
        var es = TemperamentGuidance.For(temperament, "es");
        var en = TemperamentGuidance.For(temperament, "en");
        Assert.NotNull(es);
        Assert.NotNull(en);
        Assert.Empty(es.Intersect(en));
    }

    [Fact]
    public void Guidance_covers_the_expected_practice()
    {
        static string Joined(Temperament t, string lang) => string.Join(' ', TemperamentGuidance.For(t, lang)!);

        Assert.Contains("recommendation", Joined(Temperament.Submissive, "en"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("recomendaci", Joined(Temperament.Submissive, "es"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("calm", Joined(Temperament.Aggressive, "en"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("vent", Joined(Temperament.Aggressive, "en"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("calma", Joined(Temperament.Aggressive, "es"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("supervisor", Joined(Temperament.Abusive, "en"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("supervisor", Joined(Temperament.Abusive, "es"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Document", Joined(Temperament.Abusive, "en"), StringComparison.Ordinal);
        Assert.Contains("Documente", Joined(Temperament.Abusive, "es"), StringComparison.Ordinal);
        Assert.Contains("over-promise", Joined(Temperament.ChronicComplainer, "en"), StringComparison.Ordinal);
        Assert.Contains("compromiso", Joined(Temperament.ChronicComplainer, "es"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("es")]
    [InlineData("en")]
    [InlineData("fr")]
    public void None_has_no_guidance(string language)
    {
        Assert.Null(TemperamentGuidance.For(Temperament.None, language));
    }

    [Theory]
    [InlineData("ES")]
    [InlineData("es-ES")]
    [InlineData("es-AR")]
    [InlineData("es_MX")]
    [InlineData(" es ")]
    public void Spanish_variants_get_Spanish(string language)
    {
        Assert.Same(TemperamentGuidance.For(Temperament.Aggressive, "es"), TemperamentGuidance.For(Temperament.Aggressive, language));
        Assert.Equal("Agresivo", TemperamentGuidance.Label(Temperament.Aggressive, language));
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("pt-BR")]
    [InlineData("en-GB")]
    [InlineData("")]
    [InlineData("esp")]
    public void Other_languages_fall_back_to_English(string language)
    {
        Assert.Same(TemperamentGuidance.For(Temperament.Aggressive, "en"), TemperamentGuidance.For(Temperament.Aggressive, language));
        Assert.Equal("Aggressive", TemperamentGuidance.Label(Temperament.Aggressive, language));
    }

    [Fact]
    public void Null_language_falls_back_to_English()
    {
        Assert.Equal("Abusive", TemperamentGuidance.Label(Temperament.Abusive, null!));
        Assert.NotNull(TemperamentGuidance.For(Temperament.Abusive, null!));
    }

    [Theory]
    [InlineData(Temperament.None, "Ninguno", "None")]
    [InlineData(Temperament.Submissive, "Sumiso", "Submissive")]
    [InlineData(Temperament.Aggressive, "Agresivo", "Aggressive")]
    [InlineData(Temperament.Abusive, "Abusivo", "Abusive")]
    [InlineData(Temperament.ChronicComplainer, "Quejumbroso crónico", "Chronic complainer")]
    public void Labels(Temperament temperament, string spanish, string english)
    {
        Assert.Equal(spanish, TemperamentGuidance.Label(temperament, "es"));
        Assert.Equal(english, TemperamentGuidance.Label(temperament, "en"));
    }

    [Fact]
    public void Returned_lists_cannot_be_modified()
    {
        var guidance = TemperamentGuidance.For(Temperament.Abusive, "en");
        var asList = Assert.IsAssignableFrom<IList<string>>(guidance);
        Assert.True(asList.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => asList[0] = "changed");
    }

    [Fact]
    public void Undefined_values_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TemperamentGuidance.For((Temperament)99, "es"));
        Assert.Throws<ArgumentOutOfRangeException>(() => TemperamentGuidance.Label((Temperament)99, "es"));
    }
}

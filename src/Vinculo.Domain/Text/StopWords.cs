namespace Vinculo.Domain.Text;

/// <summary>
/// The Snowball stop-word lists for Spanish and English, stored folded (no accents, no apostrophes) so
/// they can be matched against <see cref="Tokenizer"/> output directly.
/// </summary>
/// <remarks>
/// Deviations from the published Snowball lists, all deliberate:
/// <list type="bullet">
/// <item>Spanish: the forms of "sentir" (siente, sentido, …) and "estado"/"estados" are not stop words:
/// in a CRM "el cliente se siente engañado" and "estado del pedido" carry meaning.</item>
/// <item>English: contractions are stored with the apostrophe removed ("dont", "isnt", "youre"), because
/// that is how the tokenizer emits them. Contractions whose stripped form is a real word (we'll → "well",
/// she'll → "shell", he'll → "hell", I'll → "ill", we'd → "wed", she'd → "shed", I'd → "id",
/// let's → "lets") are left out.</item>
/// </list>
/// </remarks>
public static class StopWords
{
    private static readonly HashSet<string> SpanishSet = Build(SpanishWords());
    private static readonly HashSet<string> EnglishSet = Build(EnglishWords());

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> SpanishLookup =
        SpanishSet.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> EnglishLookup =
        EnglishSet.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True when <paramref name="foldedToken"/> (already folded) is a stop word of the language.</summary>
    public static bool IsStopWord(string foldedToken, TextLanguage language)
    {
        ArgumentNullException.ThrowIfNull(foldedToken);
        return IsStopWord(foldedToken.AsSpan(), language);
    }

    /// <summary>Span overload used by the analyzer's hot path (no allocation).</summary>
    internal static bool IsStopWord(ReadOnlySpan<char> foldedToken, TextLanguage language) => language switch
    {
        TextLanguage.Spanish => SpanishLookup.Contains(foldedToken),
        TextLanguage.English => EnglishLookup.Contains(foldedToken),
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, "Unknown language."),
    };

    /// <summary>The folded stop words of a language (for diagnostics and tests).</summary>
    public static IReadOnlyCollection<string> For(TextLanguage language) => language switch
    {
        TextLanguage.Spanish => SpanishSet,
        TextLanguage.English => EnglishSet,
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, "Unknown language."),
    };

    private static HashSet<string> Build(string words)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            set.Add(word);
        }

        return set;
    }

    // Snowball Spanish list (snowballstem.org, spanish/stop.txt), folded.
    private static string SpanishWords() => """
        de la que el en y a los del se las por un para con no una su al lo como mas pero sus le ya o
        este si porque esta entre cuando muy sin sobre tambien me hasta hay donde quien desde todo nos
        durante todos uno les ni contra otros ese eso ante ellos e esto mi antes algunos que unos yo otro
        otras otra el tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas algo
        nosotros mi mis tu te ti tu tus ellas nosotras vosotros vosotras os mio mia mios mias tuyo tuya
        tuyos tuyas suyo suya suyos suyas nuestro nuestra nuestros nuestras vuestro vuestra vuestros
        vuestras esos esas

        estoy estas esta estamos estais estan este estes estemos esteis esten estare estaras estara
        estaremos estareis estaran estaria estarias estariamos estariais estarian estaba estabas
        estabamos estabais estaban estuve estuviste estuvo estuvimos estuvisteis estuvieron estuviera
        estuvieras estuvieramos estuvierais estuvieran estuviese estuvieses estuviesemos estuvieseis
        estuviesen estando estada estadas estad

        he has ha hemos habeis han haya hayas hayamos hayais hayan habre habras habra habremos habreis
        habran habria habrias habriamos habriais habrian habia habias habiamos habiais habian hube
        hubiste hubo hubimos hubisteis hubieron hubiera hubieras hubieramos hubierais hubieran hubiese
        hubieses hubiesemos hubieseis hubiesen habiendo habido habida habidos habidas

        soy eres es somos sois son sea seas seamos seais sean sere seras sera seremos sereis seran seria
        serias seriamos seriais serian era eras eramos erais eran fui fuiste fue fuimos fuisteis fueron
        fuera fueras fueramos fuerais fueran fuese fueses fuesemos fueseis fuesen

        tengo tienes tiene tenemos teneis tienen tenga tengas tengamos tengais tengan tendre tendras
        tendra tendremos tendreis tendran tendria tendrias tendriamos tendriais tendrian tenia tenias
        teniamos teniais tenian tuve tuviste tuvo tuvimos tuvisteis tuvieron tuviera tuvieras
        tuvieramos tuvierais tuvieran tuviese tuvieses tuviesemos tuvieseis tuviesen teniendo tenido
        tenida tenidos tenidas tened
        """;

    // Snowball English list (snowballstem.org, english/stop.txt), contractions without apostrophes.
    private static string EnglishWords() => """
        i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
        her hers herself it its itself they them their theirs themselves what which who whom this that
        these those am is are was were be been being have has had having do does did doing would should
        could ought

        im youre hes shes theyre ive youve weve theyve youd hed theyd youll theyll isnt arent wasnt
        werent hasnt havent hadnt doesnt dont didnt wont wouldnt shant shouldnt cant cannot couldnt
        mustnt thats whos whats heres theres whens wheres whys hows

        a an the and but if or because as until while of at by for with about against between into
        through during before after above below to from up down in out on off over under again further
        then once here there when where why how all any both each few more most other some such no nor
        not only own same so than too very
        """;
}

using Vinculo.Domain.Text;

namespace Vinculo.Domain.Tests.Text;

public class EnglishStemmerTests
{
    // Word → stem pairs produced by the reference Snowball implementation of Porter2 (libstemmer 2.2,
    // the same output as the published english/voc.txt → output.txt vocabulary). The first block is the
    // sample vocabulary shown on the Porter2 description page (consign…, knack…).
    private const string Vocabulary = """
        consign consign               consigned consign             consigning consign
        consignment consign           consist consist               consisted consist
        consistency consist           consistent consist            consistently consist
        consisting consist            consists consist              consolation consol
        consolations consol           consolatory consolatori       console consol
        consoled consol               consoles consol               consolidate consolid
        consolidated consolid         consolidating consolid        consoling consol
        consolingly consol            consols consol                consonant conson
        consort consort               consorted consort             consorting consort
        conspicuous conspicu          conspicuously conspicu        conspiracy conspiraci
        conspirator conspir           conspirators conspir          conspire conspir
        conspired conspir             conspiring conspir            constable constabl
        constables constabl           constance constanc            constancy constanc
        constant constant             knack knack                   knackeries knackeri
        knacks knack                  knag knag                     knave knave
        knaves knave                  knavish knavish               kneaded knead
        kneading knead                knee knee                     kneel kneel
        kneeled kneel                 kneeling kneel                kneels kneel
        knees knee                    knell knell                   knelt knelt
        knew knew                     knick knick                   knif knif
        knife knife                   knight knight                 knightly knight
        knights knight                knit knit                     knits knit
        knitted knit                  knitting knit                 knives knive
        knob knob                     knobs knob                    knock knock
        knocked knock                 knocker knocker               knockers knocker
        knocking knock                knocks knock                  knopp knopp
        knot knot                     knots knot                    caresses caress
        ponies poni                   ties tie                      cats cat
        cries cri                     running run                   hopeful hope
        hopefully hope                generously generous           generate generat
        generates generat             generated generat             general general
        generally general             generic generic               communication communic
        communism communism           community communiti           arsenal arsenal
        arsenic arsenic               skis ski                      skies sky
        sky sky                       dying die                     lying lie
        tying tie                     news news                     inning inning
        innings inning                outing outing                 outings outing
        canning canning               herring herring               earring earring
        proceed proceed               exceed exceed                 succeed succeed
        proceeding proceed            exceeded exceed               idly idl
        gently gentl                  ugly ugli                     early earli
        only onli                     singly singl                  howe howe
        atlas atlas                   cosmos cosmos                 bias bias
        andes andes                   agreed agre                   feed feed
        bleed bleed                   luxuriating luxuri            hopping hop
        hoped hope                    filing file                   failing fail
        controlled control            rolling roll                  happy happi
        happiness happi               sayings say                   yes yes
        youth youth                   toy toy                       toys toy
        cried cri                     cry cri                       relational relat
        conditional condit            rational ration               valenci valenc
        hesitanci hesit               digitizer digit               conformabli conform
        radicalli radic               differentli differ            vileli vile
        analogousli analog            vietnamization vietnam        predication predic
        operator oper                 feudalism feudal              decisiveness decis
        hopefulness hope              callousness callous           formaliti formal
        sensitiviti sensit            sensibiliti sensibl           triplicate triplic
        formative format              formalize formal              electriciti electr
        electrical electr             goodness good                 revival reviv
        allowance allow               inference infer               airliner airlin
        gyroscopic gyroscop           adjustable adjust             defensible defens
        irritant irrit                replacement replac            adjustment adjust
        dependent depend              adoption adopt                homologou homologou
        activate activ                angulariti angular            homologous homolog
        effective effect              bowdlerize bowdler            probate probat
        rate rate                     cease ceas                    controll control
        roll roll                     archaeology archaeolog        customer custom
        customers custom              refund refund                 refunded refund
        refunds refund                shipping ship                 shipped ship
        delivery deliveri             deliveries deliveri           invoice invoic
        invoices invoic               invoicing invoic              complaint complaint
        complaints complaint          complained complain           washing wash
        machine machin                machines machin               instructions instruct
        instruction instruct
        """;

    public static TheoryData<string, string> VocabularyPairs() => StemTable.Parse(Vocabulary);

    [Theory]
    [MemberData(nameof(VocabularyPairs))]
    public void Matches_the_Snowball_reference_output(string word, string expected)
    {
        Assert.Equal(expected, EnglishStemmer.Stem(word));
    }

    [Theory]
    [InlineData("skies", "sky")]
    [InlineData("skis", "ski")]
    [InlineData("dying", "die")]
    [InlineData("news", "news")]
    [InlineData("atlas", "atlas")]
    [InlineData("only", "onli")]
    [InlineData("early", "earli")]
    public void Exceptional_forms_are_looked_up_whole(string word, string expected)
    {
        Assert.Equal(expected, EnglishStemmer.Stem(word));
    }

    [Theory]
    [InlineData("generate", "generat")]
    [InlineData("generously", "generous")]
    [InlineData("communication", "communic")]
    [InlineData("arsenal", "arsenal")]
    public void Gener_commun_arsen_prefixes_fix_R1(string word, string expected)
    {
        Assert.Equal(expected, EnglishStemmer.Stem(word));
    }

    [Theory]
    [InlineData("inning", "inning")]
    [InlineData("proceed", "proceed")]
    [InlineData("succeed", "succeed")]
    [InlineData("innings", "inning")] // Step 1a runs before the invariant check
    public void Words_left_alone_after_step_1a(string word, string expected)
    {
        Assert.Equal(expected, EnglishStemmer.Stem(word));
    }

    [Theory]
    [InlineData("mother's", "mother")]
    [InlineData("kites'", "kite")]
    [InlineData("'tis", "tis")]
    public void Step_0_removes_apostrophe_suffixes(string word, string expected)
    {
        Assert.Equal(expected, EnglishStemmer.Stem(word));
    }

    [Theory]
    [InlineData("says", "say")]   // y after a vowel is consonantal
    [InlineData("youth", "youth")] // initial y is consonantal
    [InlineData("cry", "cri")]
    [InlineData("by", "by")]      // words of one or two letters are left alone
    public void Y_handling(string word, string expected)
    {
        Assert.Equal(expected, EnglishStemmer.Stem(word));
    }

    [Fact]
    public void Related_forms_conflate()
    {
        string[][] groups =
        [
            ["refund", "refunds", "refunded", "refunding"],
            ["deliver", "delivered", "delivering", "delivers"],
            ["complaint", "complaints"],
            ["invoice", "invoices", "invoiced", "invoicing"],
            ["connect", "connected", "connecting", "connection", "connections"],
        ];

        foreach (var group in groups)
        {
            var stem = EnglishStemmer.Stem(group[0]);
            Assert.All(group, word => Assert.Equal(stem, EnglishStemmer.Stem(word)));
        }
    }

    [Fact]
    public void Unchanged_words_return_the_same_instance()
    {
        const string word = "customer";
        Assert.Equal("custom", EnglishStemmer.Stem(word));
        const string stem = "refund";
        Assert.Same(stem, EnglishStemmer.Stem(stem));
    }

    [Fact]
    public void Null_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => EnglishStemmer.Stem(null!));
    }
}

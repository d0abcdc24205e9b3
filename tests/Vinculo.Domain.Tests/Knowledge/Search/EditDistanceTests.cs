using FsCheck;
using FsCheck.Xunit;
using Vinculo.Domain.Knowledge.Search;

namespace Vinculo.Domain.Tests.Knowledge.Search;

public class EditDistanceTests
{
    [Theory]
    [InlineData("gandhi", "gandhi", 0)]
    [InlineData("septicemia", "septicaemia", 1)] // insertion
    [InlineData("the", "teh", 1)]                 // adjacent transposition
    [InlineData("ghandi", "gandhi", 2)]           // h moved two places: delete + insert
    [InlineData("saban", "sabana", 1)]
    [InlineData("sábana", "sabana", 1)]           // raw accents differ; analysed terms are folded before comparing
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ca", "abc", 3)]                  // optimal string alignment: no substring edited twice
    [InlineData("", "abc", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("", "", 0)]
    public void Distance_within_the_bound(string a, string b, int expected)
    {
        Assert.Equal(expected, EditDistance.Osa(a, b, 3));
        Assert.Equal(expected, EditDistance.Osa(b, a, 3));
    }

    [Theory]
    [InlineData("cypiddid", "cydippid", 2)] // three substitutions away
    [InlineData("franela", "flanela", 0)]
    [InlineData("abc", "abcdef", 2)]        // lengths alone exceed the bound
    [InlineData("lavado", "secado", 1)]
    public void Beyond_the_bound_is_bound_plus_one(string a, string b, int max) =>
        Assert.Equal(max + 1, EditDistance.Osa(a, b, max));

    [Fact]
    public void Negative_bound_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EditDistance.Osa("a", "b", -1));

    [Fact]
    public void Long_terms_use_the_heap_and_still_agree()
    {
        var a = new string('a', 150) + "xy";
        var b = new string('a', 150) + "yx";
        Assert.Equal(1, EditDistance.Osa(a, b, 2));
    }

    [Property(MaxTest = 500)]
    public bool Equals_the_full_table_capped_at_the_bound(NonNull<string> x, NonNull<string> y, byte bound)
    {
        // Small alphabet so that close strings (and transpositions) are common.
        var a = Squash(x.Get);
        var b = Squash(y.Get);
        int max = bound % 5;
        int full = Reference(a, b);
        return EditDistance.Osa(a, b, max) == Math.Min(full, max + 1);
    }

    private static string Squash(string s) => new(s.Take(12).Select(c => (char)('a' + (c % 3))).ToArray());

    /// <summary>The textbook optimal-string-alignment table, unbounded.</summary>
    private static int Reference(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + cost);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

using Vinculo.Domain.Customers;

namespace Vinculo.Domain.Tests.Customers;

public class EmailAddressesTests
{
    [Theory]
    [InlineData("ana@example.com")]
    [InlineData("Ana.Garcia@Example.COM")]
    [InlineData("ana.garcia+crm@example.com")]
    [InlineData("a@b.co")]
    [InlineData("ana_garcia-lopez@mail.example.es")]
    [InlineData("o'brien@example.ie")]
    [InlineData("user!#$%&'*+-/=?^_`{|}~@example.org")]
    [InlineData("1234@123-mail.com")]
    [InlineData("ana@sub-domain.example.com.ar")]
    [InlineData("ana@xn--espaa-rta.es")]
    [InlineData("josé@ejemplo.es")]
    [InlineData("ana@españa.es")]
    public void Valid_addresses(string email)
    {
        Assert.True(EmailAddresses.IsValid(email));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("ana")]
    [InlineData("ana@")]
    [InlineData("@example.com")]
    [InlineData("ana@@example.com")]
    [InlineData("ana@ex@ample.com")]
    [InlineData("ana garcia@example.com")]
    [InlineData(" ana@example.com")]
    [InlineData("ana@example.com ")]
    [InlineData("ana@example")] // no top-level domain
    [InlineData("ana@example.c")] // one-letter TLD
    [InlineData("ana@example.123")] // numeric TLD
    [InlineData("ana@127.0.0.1")]
    [InlineData("ana@[127.0.0.1]")]
    [InlineData("ana@example..com")]
    [InlineData("ana@.example.com")]
    [InlineData("ana@example.com.")]
    [InlineData("ana@-example.com")]
    [InlineData("ana@example-.com")]
    [InlineData("ana@exa_mple.com")]
    [InlineData(".ana@example.com")]
    [InlineData("ana.@example.com")]
    [InlineData("an..a@example.com")]
    [InlineData("\"ana\"@example.com")] // quoted local parts are not accepted
    [InlineData("ana(comment)@example.com")]
    [InlineData("ana,garcia@example.com")]
    [InlineData("ana<garcia>@example.com")]
    [InlineData("ana@exam ple.com")]
    [InlineData("ana\t@example.com")]
    public void Invalid_addresses(string? email)
    {
        Assert.False(EmailAddresses.IsValid(email));
    }

    [Fact]
    public void Local_part_is_limited_to_64_octets()
    {
        Assert.True(EmailAddresses.IsValid(new string('a', 64) + "@example.com"));
        Assert.False(EmailAddresses.IsValid(new string('a', 65) + "@example.com"));

        // 'é' is two octets in UTF-8: 32 of them are 64 octets, 33 are 66.
        Assert.True(EmailAddresses.IsValid(new string('é', 32) + "@example.com"));
        Assert.False(EmailAddresses.IsValid(new string('é', 33) + "@example.com"));
    }

    [Fact]
    public void Domain_labels_are_limited_to_63_octets()
    {
        Assert.True(EmailAddresses.IsValid("ana@" + new string('a', 63) + ".com"));
        Assert.False(EmailAddresses.IsValid("ana@" + new string('a', 64) + ".com"));
    }

    [Fact]
    public void Whole_address_is_limited_to_254_octets()
    {
        var local = new string('a', 64);
        var label = new string('b', 63);

        // "@" + 63 + "." + 63 + "." + 57 + ".com" = 1 + 63 + 1 + 63 + 1 + 57 + 4 = 190; 64 + 190 = 254.
        var exactly254 = $"{local}@{label}.{label}.{new string('c', 57)}.com";
        Assert.Equal(254, exactly254.Length);
        Assert.True(EmailAddresses.IsValid(exactly254));

        var length255 = $"{local}@{label}.{label}.{new string('c', 58)}.com";
        Assert.Equal(255, length255.Length);
        Assert.False(EmailAddresses.IsValid(length255));
    }

    [Theory]
    [InlineData("  Ana.Garcia+CRM@Example.COM ", "ana.garcia+crm@example.com")]
    [InlineData("ana@example.com", "ana@example.com")]
    [InlineData("\tJOSÉ@EJEMPLO.ES\n", "josé@ejemplo.es")]
    public void Normalize_trims_and_lower_cases_keeping_dots_and_tags(string email, string expected)
    {
        Assert.Equal(expected, EmailAddresses.Normalize(email));
    }

    [Fact]
    public void Normalized_valid_address_stays_valid()
    {
        var normalized = EmailAddresses.Normalize("  Ana.Garcia+CRM@Example.COM ");
        Assert.True(EmailAddresses.IsValid(normalized));
        Assert.Equal(normalized, EmailAddresses.Normalize(normalized));
    }

    [Fact]
    public void Normalize_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => EmailAddresses.Normalize(null!));
    }
}

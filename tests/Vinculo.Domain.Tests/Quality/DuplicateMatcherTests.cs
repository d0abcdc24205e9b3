using Vinculo.Domain.Customers;
using Vinculo.Domain.Quality;

namespace Vinculo.Domain.Tests.Quality;

public class DuplicateMatcherTests
{
    private static Customer Person(long id, string first, string last, string? email = null, string? phoneE164 = null, string? taxId = null,
        string? line1 = null, string? postalCode = null)
    {
        var c = new Customer { Id = id, Kind = CustomerKind.Person, FirstName = first, LastName = last, TaxId = taxId };
        if (email is not null)
        {
            c.Emails.Add(new CustomerEmail { Address = email, Normalized = EmailAddresses.Normalize(email) });
        }

        if (phoneE164 is not null)
        {
            c.Phones.Add(new CustomerPhone { Raw = phoneE164, E164 = phoneE164 });
        }

        if (line1 is not null || postalCode is not null)
        {
            c.Addresses.Add(new CustomerAddress { Line1 = line1 ?? "", PostalCode = postalCode, Country = "ES" });
        }

        return c;
    }

    private static DuplicateMatch? Compare(Customer a, Customer b) =>
        DuplicateMatcher.Compare(DuplicateMatcher.Candidate(a), DuplicateMatcher.Candidate(b));

    [Fact]
    public void Same_email_in_another_case_and_with_spaces_is_certain_whatever_the_names()
    {
        var match = Compare(Person(1, "Ana", "García", email: " Ana.Garcia@Example.COM"), Person(2, "A.", "G.", email: "ana.garcia@example.com"));
        Assert.NotNull(match);
        Assert.Equal(DuplicateConfidence.Certain, match.Confidence);
        Assert.Equal([DuplicateReason.SameEmail], match.Reasons);
    }

    [Fact]
    public void Same_phone_and_same_tax_id_are_certain_and_all_reasons_are_listed()
    {
        var match = Compare(
            Person(1, "Ana", "García", phoneE164: "+34600123456", taxId: "12345678Z", line1: "C/ Mayor, 1", postalCode: "28013"),
            Person(2, "Ana", "Garcia", phoneE164: "+34600123456", taxId: "12345678Z", line1: "Calle Mayor 1", postalCode: "28013"));
        Assert.NotNull(match);
        Assert.Equal(DuplicateConfidence.Certain, match.Confidence);
        Assert.Equal([DuplicateReason.SamePhone, DuplicateReason.SameTaxId, DuplicateReason.SimilarNameAndAddress], match.Reasons);
        Assert.Equal(1.0, match.NameSimilarity);
    }

    [Fact]
    public void Similar_name_at_the_same_postal_code_is_probable()
    {
        var match = Compare(Person(1, "José", "Martínez", line1: "Calle Alcalá 10", postalCode: "28009"),
            Person(2, "Jose", "Martines", line1: "Calle Goya 3", postalCode: "28 009"));
        Assert.NotNull(match);
        Assert.Equal(DuplicateConfidence.Probable, match.Confidence);
        Assert.Equal([DuplicateReason.SimilarNameAndPostalCode], match.Reasons);
    }

    [Fact]
    public void Similar_name_at_the_same_address_line_is_probable_even_without_a_postal_code()
    {
        var match = Compare(Person(1, "María", "Ruiz", line1: "Avda. de la Constitución, nº 12, 2º izqda."),
            Person(2, "Maria", "Ruiz", line1: "Avenida de la Constitucion 12 2 izquierda", postalCode: "41001"));
        Assert.NotNull(match);
        Assert.Equal([DuplicateReason.SimilarNameAndAddress], match.Reasons);
    }

    [Fact]
    public void The_same_street_in_another_town_is_not_the_same_address()
    {
        var match = Compare(Person(1, "María", "Ruiz", line1: "Calle Mayor 1", postalCode: "28013"),
            Person(2, "María", "Ruiz", line1: "Calle Mayor 1", postalCode: "41001"));
        Assert.Null(match);
    }

    [Fact]
    public void Relatives_at_the_same_address_are_not_duplicates()
    {
        Assert.Null(Compare(Person(1, "Juan", "Pérez Gil", line1: "Calle Mayor 1", postalCode: "28013"),
            Person(2, "Juana", "Pérez Gil", line1: "Calle Mayor 1", postalCode: "28013")));
        Assert.Null(Compare(Person(1, "Ana", "Pérez Gil", line1: "Calle Mayor 1", postalCode: "28013"),
            Person(2, "Luis", "Pérez Gil", line1: "Calle Mayor 1", postalCode: "28013")));
    }

    [Fact]
    public void Similar_names_without_a_shared_place_are_not_duplicates()
    {
        Assert.Null(Compare(Person(1, "Ana", "García"), Person(2, "Ana", "García")));
    }

    [Fact]
    public void Invalid_emails_and_phones_never_make_a_match()
    {
        var a = Person(1, "Ana", "García", email: "not-an-email", phoneE164: "+3412");
        var b = Person(2, "Luis", "Pérez", email: "not-an-email", phoneE164: "+3412");
        Assert.Null(Compare(a, b));
    }

    [Fact]
    public void A_customer_is_not_its_own_duplicate()
    {
        var a = Person(7, "Ana", "García", email: "ana@example.com");
        Assert.Null(Compare(a, a));
    }

    [Fact]
    public void Name_blocks_are_the_first_two_letters_of_each_word()
    {
        Assert.Equal(["an", "ga", "lo"], DuplicateMatcher.NameBlocks("ana garcia lopez"));
        Assert.Equal(["jo", "y"], DuplicateMatcher.NameBlocks("jo y"));
    }
}

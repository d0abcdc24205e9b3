using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Quality;

namespace Vinculo.Domain.Tests.Quality;

public class CompletenessTests
{
    private static Customer Full(CustomerKind kind = CustomerKind.Person) => new()
    {
        Kind = kind,
        FirstName = "Ana",
        LastName = "García",
        CompanyName = kind == CustomerKind.Company ? "García S.L." : null,
        TaxId = kind == CustomerKind.Company ? "B12345674" : "12345678Z",
        PreferredChannel = Channel.Phone,
        Emails = [new CustomerEmail { Address = "ana@example.com" }],
        Phones = [new CustomerPhone { Raw = "600123456", E164 = "+34600123456" }],
        Addresses = [new CustomerAddress { Line1 = "Calle Mayor 1", City = "Madrid", PostalCode = "28013", Country = "ES" }],
        Consents = [new Consent { Purpose = ConsentPurpose.Sms, Status = ConsentStatus.Withdrawn }],
        Contacts = kind == CustomerKind.Company ? [new ContactPerson { FirstName = "Luis" }] : [],
    };

    [Fact]
    public void The_weights_add_up_to_100_for_a_company_and_95_for_a_person()
    {
        Assert.Equal(100, Completeness.Score(Full(CustomerKind.Company)).Parts.Sum(p => p.Weight));
        Assert.Equal(95, Completeness.Score(Full()).Parts.Sum(p => p.Weight));
    }

    [Fact]
    public void A_full_record_scores_100_and_misses_nothing()
    {
        var person = Completeness.Score(Full());
        Assert.Equal(100, person.Score);
        Assert.Empty(person.Missing);
        Assert.Equal(100, Completeness.Score(Full(CustomerKind.Company)).Score);
    }

    [Fact]
    public void A_name_only_prospect_scores_low_and_lists_what_to_ask_for_heaviest_first()
    {
        var c = new Customer { Kind = CustomerKind.Person, FirstName = "Ana" };
        var result = Completeness.Score(c);
        Assert.Equal(8, result.Score); // 8 of 95 points = 8.4
        Assert.Equal(["email", "phone", "address", "taxId", "consents", "name", "preferredChannel"], result.Missing);
    }

    [Fact]
    public void Invalid_values_earn_nothing()
    {
        var c = Full();
        c.Emails[0].Address = "ana@";
        c.TaxId = "12345678A";
        var result = Completeness.Score(c);
        Assert.Equal(0, result.Parts.Single(p => p.Criterion == "email").Earned);
        Assert.Equal(0, result.Parts.Single(p => p.Criterion == "taxId").Earned);
        Assert.Equal(68, result.Score); // (95 - 30) / 95 = 68.4
    }

    [Fact]
    public void An_address_without_city_or_with_a_bad_postal_code_earns_part()
    {
        var c = Full();
        c.Addresses[0].PostalCode = "99999";
        Assert.Equal(8, Completeness.Score(c).Parts.Single(p => p.Criterion == "address").Earned);
        Assert.Equal(93, Completeness.Score(c).Score); // 88 / 95 = 92.6
    }

    [Fact]
    public void A_company_without_contact_persons_loses_their_five_points()
    {
        var c = Full(CustomerKind.Company);
        c.Contacts.Clear();
        Assert.Equal(95, Completeness.Score(c).Score);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(19, 0)]
    [InlineData(20, 1)]
    [InlineData(79, 3)]
    [InlineData(99, 4)]
    [InlineData(100, 5)]
    public void Buckets(int score, int bucket)
    {
        Assert.Equal(bucket, Completeness.Bucket(score));
        Assert.Equal(["0-19", "20-39", "40-59", "60-79", "80-99", "100"], Enumerable.Range(0, 6).Select(Completeness.BucketLabel));
    }
}

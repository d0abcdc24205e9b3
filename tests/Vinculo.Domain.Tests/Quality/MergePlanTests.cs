using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Quality;

namespace Vinculo.Domain.Tests.Quality;

public class MergePlanTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);

    private static Customer Survivor() => new()
    {
        Id = 1,
        FirstName = "Ana",
        LastName = "Núñez",
        Lifecycle = Lifecycle.Prospect,
        CreatedAt = Now.AddYears(-1),
        Attributes = new() { ["segmento"] = "plata" },
        Emails = [new CustomerEmail { Id = 11, Address = "ana@example.com", IsPrimary = true }],
        Phones = [],
        Addresses = [new CustomerAddress { Id = 21, Line1 = "Calle Mayor 1", PostalCode = "28013" }],
        Tags = [new CustomerTag { CustomerId = 1, Tag = "vip" }],
        Contacts = [new ContactPerson { Id = 31, FirstName = "Luis", LastName = "Gil", Email = "luis@example.com", IsPrimary = true }],
        Consents = [new Consent { Id = 41, Purpose = ConsentPurpose.Sms, Status = ConsentStatus.Granted, At = Now.AddDays(-10) }],
    };

    private static Customer Merged() => new()
    {
        Id = 2,
        FirstName = "Ana María",
        LastName = "Núñez Gil",
        TaxId = "12345678Z",
        Lifecycle = Lifecycle.Former,
        PreferredChannel = Channel.Email,
        Temperament = Temperament.Aggressive,
        TemperamentNote = "Levanta la voz",
        CreatedAt = Now.AddYears(-4),
        Attributes = new() { ["segmento"] = "oro", ["origen"] = "tienda" },
        Emails =
        [
            new CustomerEmail { Id = 12, Address = " ANA@Example.com", IsPrimary = true },
            new CustomerEmail { Id = 13, Address = "ana.trabajo@example.com" },
        ],
        Phones = [new CustomerPhone { Id = 51, Raw = "600 12 34 56", E164 = "+34600123456", IsPrimary = true }],
        Addresses =
        [
            new CustomerAddress { Id = 22, Line1 = "C/ Mayor, nº 1", PostalCode = "28 013" },
            new CustomerAddress { Id = 23, Line1 = "Calle Goya 3", PostalCode = "28001" },
        ],
        Tags = [new CustomerTag { CustomerId = 2, Tag = "vip" }, new CustomerTag { CustomerId = 2, Tag = "moroso" }],
        Contacts =
        [
            new ContactPerson { Id = 32, FirstName = "LUIS", LastName = "Gil", Email = "Luis@Example.com", IsPrimary = true },
            new ContactPerson { Id = 33, FirstName = "Eva", LastName = "Sanz", IsPrimary = false },
        ],
        Consents = [new Consent { Id = 42, Purpose = ConsentPurpose.Sms, Status = ConsentStatus.Withdrawn, At = Now.AddDays(-1) }],
    };

    [Fact]
    public void Empty_survivor_fields_are_filled_and_existing_ones_kept()
    {
        var plan = MergePlan.For(Survivor(), Merged());
        var r = plan.Result;
        Assert.Equal(["taxId", "temperamentNote", "preferredChannel", "temperament", "lifecycle", "attributes.origen"], plan.FilledFields);
        Assert.Equal(("Ana", "Núñez", "Ana Núñez"), (r.FirstName, r.LastName, r.DisplayName));
        Assert.Equal("12345678Z", r.TaxId);
        Assert.Equal(Channel.Email, r.PreferredChannel);
        Assert.Equal(Temperament.Aggressive, r.Temperament);
        Assert.Equal("plata", r.Attributes["segmento"]);
        Assert.Equal("tienda", r.Attributes["origen"]);
        Assert.Equal(Lifecycle.Former, r.Lifecycle); // prospect + former → former
        Assert.Equal(Now.AddYears(-4), r.CreatedAt);
        Assert.Equal(1, r.Id);
    }

    [Theory]
    [InlineData(Lifecycle.Prospect, Lifecycle.Prospect, Lifecycle.Prospect)]
    [InlineData(Lifecycle.Former, Lifecycle.Active, Lifecycle.Active)]
    [InlineData(Lifecycle.Active, Lifecycle.Prospect, Lifecycle.Active)]
    [InlineData(Lifecycle.Prospect, Lifecycle.Former, Lifecycle.Former)]
    public void Lifecycle_keeps_the_furthest_relationship(Lifecycle survivor, Lifecycle merged, Lifecycle expected)
    {
        var s = Survivor();
        s.Lifecycle = survivor;
        var m = Merged();
        m.Lifecycle = merged;
        Assert.Equal(expected, MergePlan.For(s, m).Result.Lifecycle);
    }

    [Fact]
    public void Contact_rows_move_without_duplicates_and_primaries_stay_single()
    {
        var plan = MergePlan.For(Survivor(), Merged());
        Assert.Equal([12L], plan.EmailsToDrop.Select(e => e.Id)); // same address in another case and with a space
        Assert.Equal([13L], plan.EmailsToMove.Select(e => e.Id));
        Assert.False(plan.EmailsToMove[0].IsPrimary);
        Assert.Equal([51L], plan.PhonesToMove.Select(p => p.Id));
        Assert.True(plan.PhonesToMove[0].IsPrimary); // the survivor had no phone: the merged primary stays primary
        Assert.Equal([22L], plan.AddressesToDrop.Select(a => a.Id)); // "C/ Mayor, nº 1", 28 013 = "Calle Mayor 1", 28013
        Assert.Equal([23L], plan.AddressesToMove.Select(a => a.Id));
        Assert.Equal([32L], plan.ContactsToDrop.Select(c => c.Id));
        Assert.Equal([33L], plan.ContactsToMove.Select(c => c.Id));
        Assert.Equal(["moroso"], plan.TagsToMove.Select(t => t.Tag));
        Assert.Equal(["vip"], plan.TagsToDrop.Select(t => t.Tag));

        var r = plan.Result;
        Assert.Equal(2, r.Emails.Count);
        Assert.Single(r.Emails, e => e.IsPrimary);
        Assert.Single(r.Contacts, c => c.IsPrimary);
        // Every consent event moves: the history is kept and the withdrawal of yesterday is now the current state.
        Assert.Equal([41L, 42L], r.Consents.Select(c => c.Id));
    }

    [Fact]
    public void The_merged_result_is_what_the_quality_rules_see()
    {
        var r = MergePlan.For(Survivor(), Merged()).Result;
        Assert.True(Completeness.Score(r).Score > Completeness.Score(Survivor()).Score);
        Assert.DoesNotContain(CustomerChecks.Check(r, Now), i => i.Rule == QualityRules.Unreachable);
    }

    [Fact]
    public void A_customer_cannot_be_merged_into_itself() =>
        Assert.Throws<ArgumentException>(() => MergePlan.For(Survivor(), Survivor()));

    [Fact]
    public void Prepared_names_give_the_same_similarity_and_the_cheap_test_agrees()
    {
        foreach (var (a, b) in new[] { ("jose martinez", "jose martines"), ("ana garcia", "juan garcia"), ("ana garcia lopez", "ana garcia") })
        {
            var (pa, pb) = (NameSimilarity.Prepare(a), NameSimilarity.Prepare(b));
            var exact = NameSimilarity.Similarity(pa, pb);
            Assert.Equal(exact, NameSimilarity.Similarity(a, b));
            Assert.Equal(exact >= NameSimilarity.Threshold, NameSimilarity.IsSimilar(pa, pb, out var cheap));
            if (exact >= NameSimilarity.Threshold)
            {
                Assert.Equal(exact, cheap);
            }
        }
    }
}

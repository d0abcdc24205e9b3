using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Quality;

namespace Vinculo.Domain.Tests.Quality;

public class CustomerChecksTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);

    private static Customer Good() => new()
    {
        Id = 10,
        Kind = CustomerKind.Person,
        FirstName = "Ana María",
        LastName = "Núñez Ibáñez",
        TaxId = "12345678Z",
        PreferredChannel = Channel.Email,
        CreatedAt = Now.AddYears(-2),
        UpdatedAt = Now.AddDays(-1),
        Emails = [new CustomerEmail { Address = "ana.nunez@example.com", Normalized = "ana.nunez@example.com", IsPrimary = true }],
        Phones = [new CustomerPhone { Raw = "600 12 34 56", E164 = "+34600123456", IsPrimary = true }],
        Addresses = [new CustomerAddress { Line1 = "Calle Mayor 1", City = "Madrid", PostalCode = "28013", Country = "ES" }],
        Consents = [new Consent { Purpose = ConsentPurpose.MarketingEmail, Status = ConsentStatus.Granted, At = Now.AddYears(-1) }],
    };

    private static List<string> Rules(Customer c) => CustomerChecks.Check(c, Now).Select(i => i.Rule).ToList();

    [Fact]
    public void A_clean_customer_has_no_issues() => Assert.Empty(CustomerChecks.Check(Good(), Now));

    [Theory]
    [InlineData("ana@@example.com")]
    [InlineData("ana@example")]
    [InlineData("ana.@example.com")]
    [InlineData("ana garcia@example.com")]
    [InlineData("ana@-example.com")]
    public void Invalid_email_syntax_is_reported_with_its_field_and_value(string address)
    {
        var c = Good();
        c.Emails.Add(new CustomerEmail { Address = address, Normalized = address });
        var issue = Assert.Single(CustomerChecks.Check(c, Now));
        Assert.Equal(QualityRules.EmailInvalid, issue.Rule);
        Assert.Equal("emails[1].address", issue.Field);
        Assert.Equal(address, issue.Value);
        Assert.Equal(10, issue.EntityId);
        Assert.Equal(QualitySeverity.Error, issue.Severity);
    }

    [Fact]
    public void Surrounding_spaces_do_not_make_an_email_invalid()
    {
        var c = Good();
        c.Emails[0].Address = " ana.nunez@example.com ";
        Assert.Empty(Rules(c));
    }

    [Fact]
    public void A_phone_that_cannot_be_read_as_E164_is_invalid()
    {
        var c = Good();
        c.Phones.Add(new CustomerPhone { Raw = "12345", E164 = "12345" });
        Assert.Equal([QualityRules.PhoneInvalid], Rules(c));
    }

    [Fact]
    public void A_stored_E164_that_disagrees_with_the_number_as_written_is_a_mismatch()
    {
        var c = Good();
        c.Phones[0].E164 = "+34600123457";
        var issue = Assert.Single(CustomerChecks.Check(c, Now));
        Assert.Equal(QualityRules.PhoneMismatch, issue.Rule);
        Assert.Equal(QualitySeverity.Warning, issue.Severity);
    }

    [Theory]
    [InlineData("12345678A")] // wrong DNI letter (should be Z)
    [InlineData("X1234567A")] // wrong NIE letter (should be L)
    [InlineData("B12345675")] // wrong CIF digit (should be 4)
    [InlineData("1234")]
    public void Spanish_tax_ids_are_checked_with_their_control_character(string taxId)
    {
        var c = Good();
        c.TaxId = taxId;
        Assert.Equal([QualityRules.TaxIdInvalid], Rules(c));
    }

    [Fact]
    public void A_foreign_tax_id_is_checked_by_the_generic_rule_of_the_address_country()
    {
        var c = Good();
        c.TaxId = "DE123456789";
        c.Addresses[0].Country = "DE";
        c.Addresses[0].PostalCode = "10115";
        Assert.Empty(Rules(c));
        c.Addresses[0].Country = "ES";
        c.Addresses[0].PostalCode = "28013";
        Assert.Equal([QualityRules.TaxIdInvalid], Rules(c));
    }

    [Fact]
    public void A_person_with_a_company_CIF_is_suspicious_but_a_company_with_a_DNI_is_a_sole_trader()
    {
        var person = Good();
        person.TaxId = "B12345674";
        Assert.Equal([QualityRules.TaxIdKindMismatch], Rules(person));

        var soleTrader = Good();
        soleTrader.Kind = CustomerKind.Company;
        soleTrader.CompanyName = "Fontanería Núñez";
        Assert.Empty(Rules(soleTrader));
    }

    [Theory]
    [InlineData("Test", null)]
    [InlineData("Cliente", "Prueba")]
    [InlineData("N/A", null)]
    [InlineData("Xxxx", "xxx")]
    [InlineData("Sin", "nombre")]
    [InlineData("-", "...")]
    public void Placeholder_names_are_flagged(string first, string? last)
    {
        var c = Good();
        c.FirstName = first;
        c.LastName = last;
        Assert.Contains(QualityRules.NamePlaceholder, Rules(c));
    }

    [Theory]
    [InlineData("Ana", "Test")] // a real first name makes it a name
    [InlineData("Xu", "Li")]
    [InlineData("Bo", "Aas")]
    public void Real_short_names_are_not_placeholders(string first, string last) =>
        Assert.False(CustomerChecks.IsPlaceholderName($"{first} {last}"));

    [Fact]
    public void Missing_name_is_an_error_for_a_person_and_for_a_company()
    {
        var person = Good();
        person.FirstName = " ";
        person.LastName = null;
        Assert.Contains(QualityRules.NameMissing, Rules(person));

        var company = Good();
        company.Kind = CustomerKind.Company;
        company.CompanyName = null;
        Assert.Contains(QualityRules.NameMissing, Rules(company));
    }

    [Fact]
    public void Digits_in_a_person_name_are_flagged_but_not_in_a_company_name()
    {
        var person = Good();
        person.LastName = "Núñez 2";
        Assert.Equal([QualityRules.NameHasDigits], Rules(person));

        var company = Good();
        company.Kind = CustomerKind.Company;
        company.CompanyName = "Grupo 2000 S.L.";
        company.TaxId = "B12345674";
        Assert.Empty(Rules(company));
    }

    [Theory]
    [InlineData("ES", "2801")] // 4 digits
    [InlineData("ES", "53001")] // no province 53
    [InlineData("ES", "00123")] // no province 00
    [InlineData("ES", "28O13")] // letter O for zero
    [InlineData("PT", "1000")]
    [InlineData("GB", "SW1A")]
    [InlineData("US", "1234")]
    public void Postal_codes_are_checked_for_the_address_country(string country, string postalCode)
    {
        var c = Good();
        c.TaxId = null;
        c.Addresses[0].Country = country;
        c.Addresses[0].PostalCode = postalCode;
        Assert.Equal([QualityRules.PostalCodeInvalid], Rules(c));
    }

    [Fact]
    public void A_country_that_is_not_two_letters_is_invalid()
    {
        var c = Good();
        c.Addresses[0].Country = "ESP";
        Assert.Equal([QualityRules.CountryInvalid], Rules(c));
    }

    [Fact]
    public void No_valid_email_or_phone_makes_the_customer_unreachable_unless_a_company_contact_is()
    {
        var c = Good();
        c.PreferredChannel = null;
        c.Consents.Clear();
        c.Emails.Clear();
        c.Phones.Clear();
        Assert.Equal([QualityRules.Unreachable], Rules(c));

        c.Kind = CustomerKind.Company;
        c.CompanyName = "Núñez S.L.";
        c.TaxId = "B12345674";
        c.Contacts.Add(new ContactPerson { FirstName = "Luis", PhoneE164 = "+34600999888" });
        Assert.Empty(Rules(c));
    }

    [Fact]
    public void Preferred_channel_and_granted_consents_need_their_contact_data()
    {
        var c = Good();
        c.Emails.Clear();
        var rules = Rules(c);
        Assert.Contains(QualityRules.PreferredChannelUnreachable, rules);
        Assert.Contains(QualityRules.ConsentWithoutContact, rules);

        // A withdrawn consent needs nothing: only the latest event per purpose counts.
        c.Consents.Add(new Consent { Purpose = ConsentPurpose.MarketingEmail, Status = ConsentStatus.Withdrawn, At = Now.AddDays(-3) });
        Assert.DoesNotContain(QualityRules.ConsentWithoutContact, Rules(c));
    }

    [Fact]
    public void Dates_in_the_future_too_old_or_out_of_order_are_flagged()
    {
        var c = Good();
        c.CreatedAt = Now.AddDays(3);
        c.UpdatedAt = Now;
        c.Consents[0].At = new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var issues = CustomerChecks.Check(c, Now);
        Assert.Contains(issues, i => i.Rule == QualityRules.DateInFuture && i.Field == "createdAt");
        Assert.Contains(issues, i => i.Rule == QualityRules.DatesOutOfOrder && i.Field == "updatedAt");
        Assert.Contains(issues, i => i.Rule == QualityRules.DateTooOld && i.Field == "consents[0].at" && i.Value == "1900-01-01");
    }

    [Fact]
    public void A_few_hours_ahead_is_clock_skew_not_the_future()
    {
        var c = Good();
        c.CreatedAt = Now.AddHours(14);
        c.UpdatedAt = c.CreatedAt;
        Assert.Empty(Rules(c));
    }

    [Fact]
    public void Every_rule_code_is_unique_and_has_both_messages()
    {
        Assert.Equal(QualityRules.All.Count, QualityRules.All.Select(r => r.Code).Distinct().Count());
        Assert.All(QualityRules.All, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.MessageEs));
            Assert.False(string.IsNullOrWhiteSpace(r.MessageEn));
            Assert.NotEqual(r.MessageEs, r.MessageEn);
        });
        Assert.Equal("La fecha está en el futuro.", new QualityIssue(QualityRules.DateInFuture, "order", 1, "orderedAt").Message("es"));
        Assert.Equal("The date is in the future.", new QualityIssue(QualityRules.DateInFuture, "order", 1, "orderedAt").Message("en"));
    }
}

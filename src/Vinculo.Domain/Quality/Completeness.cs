using Vinculo.Domain.Customers;

namespace Vinculo.Domain.Quality;

/// <summary>One criterion of the completeness score: its weight and the points the customer earned (0 … weight).</summary>
public sealed record CompletenessPart(string Criterion, int Weight, int Earned)
{
    public bool IsComplete => Earned == Weight;
}

/// <summary>The score (0–100) and how it was made up.</summary>
public sealed record CompletenessResult(int Score, IReadOnlyList<CompletenessPart> Parts)
{
    /// <summary>Criteria not fully met, heaviest first: what to ask the customer for next.</summary>
    public IEnumerable<string> Missing => Parts.Where(p => !p.IsComplete).OrderByDescending(p => p.Weight - p.Earned).Select(p => p.Criterion);
}

/// <summary>
/// How complete a customer's record is, 0–100: the points earned over the points possible, rounded half up.
/// </summary>
/// <remarks>
/// <para>Weights (a value only counts when it passes its rule: an invalid e-mail earns nothing):</para>
/// <list type="table">
/// <item><term>name 15</term><description>person: first and last name 15, only one of them 8; company: its legal name 15.</description></item>
/// <item><term>email 20</term><description>at least one valid e-mail address.</description></item>
/// <item><term>phone 20</term><description>at least one phone that normalises to E.164.</description></item>
/// <item><term>address 15</term><description>a first line 8, plus postal code and city 7 more (valid postal code).</description></item>
/// <item><term>taxId 10</term><description>a tax id that passes its country's check.</description></item>
/// <item><term>preferredChannel 5</term><description>a preferred channel is recorded. (The preferred language always has a
/// value, Spanish by default, so it cannot tell a complete record from an incomplete one and carries no weight.)</description></item>
/// <item><term>consents 10</term><description>a consent decision (granted or withdrawn) is recorded for at least one purpose.</description></item>
/// <item><term>contacts 5</term><description>companies only: at least one contact person. For a person this criterion does not
/// apply and is left out of the possible points (so a complete person scores 100 over 95 possible points).</description></item>
/// </list>
/// <para>The 360, lists and the quality report all call <see cref="Score(Customer, QualityLimits?)"/>.</para>
/// </remarks>
public static class Completeness
{
    public const int NameWeight = 15;
    public const int EmailWeight = 20;
    public const int PhoneWeight = 20;
    public const int AddressWeight = 15;
    public const int TaxIdWeight = 10;
    public const int PreferredChannelWeight = 5;
    public const int ConsentsWeight = 10;
    public const int ContactsWeight = 5;

    /// <summary>Bucket lower bounds for distributions: 0–19, 20–39, 40–59, 60–79, 80–99, 100.</summary>
    public static readonly IReadOnlyList<int> BucketStarts = [0, 20, 40, 60, 80, 100];

    public static CompletenessResult Score(Customer customer, QualityLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(customer);
        limits ??= QualityLimits.Default;
        var isCompany = customer.Kind == CustomerKind.Company;
        var parts = new List<CompletenessPart>(8);

        int name;
        if (isCompany)
        {
            name = Has(customer.CompanyName) ? NameWeight : 0;
        }
        else
        {
            var names = (Has(customer.FirstName) ? 1 : 0) + (Has(customer.LastName) ? 1 : 0);
            name = names == 2 ? NameWeight : names == 1 ? 8 : 0;
        }

        parts.Add(new("name", NameWeight, name));
        parts.Add(new("email", EmailWeight, customer.Emails.Any(e => EmailAddresses.IsValid(e.Address.Trim())) ? EmailWeight : 0));
        parts.Add(new("phone", PhoneWeight,
            customer.Phones.Any(p => PhoneNumbers.TryNormalize(p.Raw, limits.DefaultCountryCallingCode, out _) || CustomerChecks.IsE164(p.E164)) ? PhoneWeight : 0));

        var address = 0;
        foreach (var a in customer.Addresses.Where(a => Has(a.Line1)))
        {
            var country = CustomerChecks.IsCountryCode(a.Country?.Trim()) ? a.Country!.Trim() : limits.DefaultCountry;
            var full = Has(a.City) && PostalCodes.IsValid(a.PostalCode, country);
            address = Math.Max(address, full ? AddressWeight : 8);
        }

        parts.Add(new("address", AddressWeight, address));

        var taxCountry = customer.Addresses.Select(a => a.Country?.Trim()).FirstOrDefault(CustomerChecks.IsCountryCode) ?? limits.DefaultCountry;
        parts.Add(new("taxId", TaxIdWeight, Has(customer.TaxId) && TaxIds.IsValid(customer.TaxId, taxCountry) ? TaxIdWeight : 0));
        parts.Add(new("preferredChannel", PreferredChannelWeight, customer.PreferredChannel is not null ? PreferredChannelWeight : 0));
        parts.Add(new("consents", ConsentsWeight, customer.Consents.Count > 0 ? ConsentsWeight : 0));
        if (isCompany)
        {
            parts.Add(new("contacts", ContactsWeight, customer.Contacts.Count > 0 ? ContactsWeight : 0));
        }

        var possible = parts.Sum(p => p.Weight);
        var earned = parts.Sum(p => p.Earned);
        var score = (int)Math.Round(100m * earned / possible, MidpointRounding.AwayFromZero);
        return new CompletenessResult(score, parts);
    }

    /// <summary>The bucket index (into <see cref="BucketStarts"/>) of a score.</summary>
    public static int Bucket(int score)
    {
        for (var i = BucketStarts.Count - 1; i > 0; i--)
        {
            if (score >= BucketStarts[i])
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>"0-19", "20-39", … "80-99", "100".</summary>
    public static string BucketLabel(int bucket) =>
        bucket == BucketStarts.Count - 1 ? "100" : $"{BucketStarts[bucket]}-{BucketStarts[bucket + 1] - 1}";

    private static bool Has(string? value) => !string.IsNullOrWhiteSpace(value);
}

using Vinculo.Domain.Customers;

namespace Vinculo.Domain.Quality;

public enum DuplicateConfidence
{
    /// <summary>Similar names at the same postal code or address: a person should look before merging.</summary>
    Probable = 1,

    /// <summary>The same e-mail, phone or tax id: the same customer recorded twice.</summary>
    Certain = 2,
}

public enum DuplicateReason
{
    SameEmail = 1,
    SamePhone = 2,
    SameTaxId = 3,
    SimilarNameAndPostalCode = 4,
    SimilarNameAndAddress = 5,
}

/// <summary>An address reduced to what duplicate matching compares.</summary>
public sealed record AddressKey(string PostalCode, string Line);

/// <summary>What duplicate matching knows of a customer: normalised keys only.</summary>
public sealed record DuplicateCandidate(
    long Id,
    string NameKey,
    IReadOnlyCollection<string> Emails,
    IReadOnlyCollection<string> Phones,
    string? TaxId,
    IReadOnlyCollection<AddressKey> Addresses)
{
    public PreparedName Name { get; } = NameSimilarity.Prepare(NameKey);
}

/// <summary>Why two customers look like the same one, and how sure that is.</summary>
public sealed record DuplicateMatch(DuplicateConfidence Confidence, IReadOnlyList<DuplicateReason> Reasons, double NameSimilarity);

/// <summary>
/// Duplicate matching between two customers.
/// <list type="bullet">
/// <item><b>Certain</b>: the same normalised e-mail (trimmed, lower case), the same E.164 phone, or the same
/// normalised tax id (upper case, no separators).</item>
/// <item><b>Probable</b>: names similar by <see cref="NameSimilarity"/> (≥ <see cref="NameSimilarity.Threshold"/>)
/// and either the same postal code (normalised) or the same first address line (<see cref="AddressKeys"/>).</item>
/// </list>
/// Every reason that holds is listed, certain ones first.
/// </summary>
public static class DuplicateMatcher
{
    /// <summary>Builds the matching keys of a customer; e-mails and phones that fail their rules are left out.</summary>
    public static DuplicateCandidate Candidate(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return new DuplicateCandidate(
            customer.Id,
            NameSimilarity.Key(Customer.ComposeDisplayName(customer.Kind, customer.FirstName, customer.LastName, customer.CompanyName)),
            customer.Emails.Where(e => EmailAddresses.IsValid(e.Address.Trim())).Select(e => EmailAddresses.Normalize(e.Address)).Distinct().ToList(),
            customer.Phones.Select(p => p.E164).Where(CustomerChecks.IsE164).Distinct().ToList(),
            string.IsNullOrWhiteSpace(customer.TaxId) ? null : TaxIds.Normalize(customer.TaxId),
            customer.Addresses.Select(a => Address(a.PostalCode, a.Line1)).ToList());
    }

    public static AddressKey Address(string? postalCode, string? line1) => new(PostalCodes.Normalize(postalCode), AddressKeys.Line(line1));

    /// <summary>How two customers match, or null when they do not.</summary>
    public static DuplicateMatch? Compare(DuplicateCandidate a, DuplicateCandidate b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Id != 0 && a.Id == b.Id)
        {
            return null;
        }

        var reasons = new List<DuplicateReason>(2);
        if (a.Emails.Any(e => b.Emails.Contains(e, StringComparer.Ordinal)))
        {
            reasons.Add(DuplicateReason.SameEmail);
        }

        if (a.Phones.Any(p => b.Phones.Contains(p, StringComparer.Ordinal)))
        {
            reasons.Add(DuplicateReason.SamePhone);
        }

        if (a.TaxId is { Length: > 0 } taxId && string.Equals(taxId, b.TaxId, StringComparison.Ordinal))
        {
            reasons.Add(DuplicateReason.SameTaxId);
        }

        var similarity = NameSimilarity.Similarity(a.Name, b.Name);
        if (similarity >= NameSimilarity.Threshold)
        {
            if (a.Addresses.Any(x => x.Line.Length > 0 && b.Addresses.Any(y => string.Equals(x.Line, y.Line, StringComparison.Ordinal)
                    && (x.PostalCode.Length == 0 || y.PostalCode.Length == 0 || x.PostalCode == y.PostalCode))))
            {
                reasons.Add(DuplicateReason.SimilarNameAndAddress);
            }
            else if (a.Addresses.Any(x => x.PostalCode.Length > 0 && b.Addresses.Any(y => string.Equals(x.PostalCode, y.PostalCode, StringComparison.Ordinal))))
            {
                reasons.Add(DuplicateReason.SimilarNameAndPostalCode);
            }
        }

        if (reasons.Count == 0)
        {
            return null;
        }

        var certain = reasons[0] is DuplicateReason.SameEmail or DuplicateReason.SamePhone or DuplicateReason.SameTaxId;
        return new DuplicateMatch(certain ? DuplicateConfidence.Certain : DuplicateConfidence.Probable, reasons, Math.Round(similarity, 4));
    }

    /// <summary>
    /// Blocking keys for the name: the first two letters of each word. Two customers whose names share no key are
    /// never similar enough to compare (a typo in the first two letters of every word is the price of blocking).
    /// </summary>
    public static IEnumerable<string> NameBlocks(string nameKey) =>
        nameKey.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Length <= 2 ? w : w[..2]).Distinct(StringComparer.Ordinal);
}

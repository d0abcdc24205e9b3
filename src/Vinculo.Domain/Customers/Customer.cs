using Vinculo.Domain.Interactions;

namespace Vinculo.Domain.Customers;

/// <summary>A current or potential customer: a person or a company.</summary>
public sealed class Customer
{
    public long Id { get; set; }
    public CustomerKind Kind { get; set; } = CustomerKind.Person;
    public Lifecycle Lifecycle { get; set; } = Lifecycle.Prospect;

    /// <summary>Tax or national id, normalised (upper case, no separators).</summary>
    public string? TaxId { get; set; }

    public string? FirstName { get; set; }
    public string? LastName { get; set; }

    /// <summary>Company (legal) name; for a person, null.</summary>
    public string? CompanyName { get; set; }

    /// <summary>Derived from the names: what lists and the 360 show.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Accent-folded, lower-case name words indexed for search (prefix, any order).</summary>
    public string SearchName { get; set; } = "";

    /// <summary>Two-letter language code, "es" or "en".</summary>
    public string PreferredLanguage { get; set; } = "es";
    public Channel? PreferredChannel { get; set; }

    public Temperament Temperament { get; set; }
    /// <summary>Free note about the temperament, written by an agent or supervisor.</summary>
    public string? TemperamentNote { get; set; }

    /// <summary>Service tier (platinum, gold, silver, standard or a company's own code); orders queues and picks SLA policies.</summary>
    public string? Tier { get; set; }

    /// <summary>Customer segment code; picks SLA policies (later also set by the analytics).</summary>
    public string? Segment { get; set; }

    /// <summary>Custom attributes: name → value.</summary>
    public Dictionary<string, string> Attributes { get; set; } = [];

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: incremented on every change, exposed as the ETag.</summary>
    public long Version { get; set; }

    public List<CustomerEmail> Emails { get; set; } = [];
    public List<CustomerPhone> Phones { get; set; } = [];
    public List<CustomerAddress> Addresses { get; set; } = [];
    public List<CustomerTag> Tags { get; set; } = [];
    public List<Consent> Consents { get; set; } = [];
    public List<ContactPerson> Contacts { get; set; } = [];

    public static string ComposeDisplayName(CustomerKind kind, string? firstName, string? lastName, string? companyName)
    {
        if (kind == CustomerKind.Company && !string.IsNullOrWhiteSpace(companyName))
        {
            return companyName.Trim();
        }

        var person = string.Join(' ', new[] { firstName, lastName }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()));
        return person.Length > 0 ? person : (companyName ?? "").Trim();
    }
}

public sealed class CustomerEmail
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public string Address { get; set; } = "";
    /// <summary>Lower-cased address used for lookups and duplicate detection.</summary>
    public string Normalized { get; set; } = "";
    public string? Label { get; set; }
    public bool IsPrimary { get; set; }
}

public sealed class CustomerPhone
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    /// <summary>As the customer or agent wrote it.</summary>
    public string Raw { get; set; } = "";
    /// <summary>E.164, e.g. +34600123456: the form searched.</summary>
    public string E164 { get; set; } = "";
    public string? Label { get; set; }
    public bool IsPrimary { get; set; }
}

public sealed class CustomerAddress
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public string? Label { get; set; }
    public string Line1 { get; set; } = "";
    public string? Line2 { get; set; }
    public string? City { get; set; }
    public string? Region { get; set; }
    public string? PostalCode { get; set; }
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? Country { get; set; }
}

public sealed class CustomerTag
{
    public long CustomerId { get; set; }
    public string Tag { get; set; } = "";
}

/// <summary>One consent event. The latest event per purpose is the current state; older ones are the history.</summary>
public sealed class Consent
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public ConsentPurpose Purpose { get; set; }
    public ConsentStatus Status { get; set; }
    public DateTime At { get; set; }
    /// <summary>Where the consent came from: web form, phone call, import, ...</summary>
    public string? Source { get; set; }
}

/// <summary>A person at a company customer, with a role (purchasing, billing, technical contact, ...).</summary>
public sealed class ContactPerson
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public string FirstName { get; set; } = "";
    public string? LastName { get; set; }
    public string? Role { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? PhoneE164 { get; set; }
    public bool IsPrimary { get; set; }
}

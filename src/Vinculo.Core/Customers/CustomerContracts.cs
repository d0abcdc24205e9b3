using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Customers;

// Requests take enum values as text so that a wrong value becomes a named field error, not a parse failure.

public sealed record EmailInput(string? Address, string? Label = null, bool? IsPrimary = null);

public sealed record PhoneInput(string? Number, string? Label = null, bool? IsPrimary = null);

public sealed record AddressInput(
    string? Line1, string? Line2 = null, string? City = null, string? Region = null, string? PostalCode = null,
    string? Country = null, string? Label = null);

public sealed record ConsentInput(string? Purpose, string? Status, string? Source = null, DateTime? At = null);

public sealed record CustomerInput
{
    /// <summary>person (default) or company.</summary>
    public string? Kind { get; init; }
    /// <summary>prospect (default), active or former.</summary>
    public string? Lifecycle { get; init; }
    public string? TaxId { get; init; }
    /// <summary>ISO country of the tax id; "ES" checks Spanish DNI/NIE/CIF control characters.</summary>
    public string? TaxIdCountry { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? CompanyName { get; init; }
    /// <summary>es (default) or en.</summary>
    public string? PreferredLanguage { get; init; }
    public string? PreferredChannel { get; init; }
    /// <summary>none, submissive, aggressive, abusive, chronicComplainer.</summary>
    public string? Temperament { get; init; }
    public string? TemperamentNote { get; init; }
    /// <summary>Service tier code, lower-cased, at most 40 characters (platinum, gold, silver, standard or a company's own); orders queues and picks SLA policies.</summary>
    public string? Tier { get; init; }
    /// <summary>Customer segment code, lower-cased, at most 40 characters; picks SLA policies.</summary>
    public string? Segment { get; init; }
    public List<EmailInput>? Emails { get; init; }
    public List<PhoneInput>? Phones { get; init; }
    public List<AddressInput>? Addresses { get; init; }
    public List<string>? Tags { get; init; }
    public Dictionary<string, string>? Attributes { get; init; }
    /// <summary>Consent changes to record; an unchanged status records nothing.</summary>
    public List<ConsentInput>? Consents { get; init; }
}

public sealed record EmailDto(string Address, string? Label, bool IsPrimary);

public sealed record PhoneDto(string Number, string E164, string? Label, bool IsPrimary);

public sealed record AddressDto(string? Label, string Line1, string? Line2, string? City, string? Region, string? PostalCode, string? Country);

/// <summary>The current state of one consent purpose, with when and where it was given or withdrawn.</summary>
public sealed record ConsentDto(ConsentPurpose Purpose, ConsentStatus Status, DateTime At, string? Source, int Changes);

public sealed record CustomerDto(
    long Id,
    CustomerKind Kind,
    Lifecycle Lifecycle,
    string? TaxId,
    string? FirstName,
    string? LastName,
    string? CompanyName,
    string DisplayName,
    string PreferredLanguage,
    Channel? PreferredChannel,
    Temperament Temperament,
    string? TemperamentNote,
    IReadOnlyList<EmailDto> Emails,
    IReadOnlyList<PhoneDto> Phones,
    IReadOnlyList<AddressDto> Addresses,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<ConsentDto> Consents,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version,
    string? Tier = null,
    string? Segment = null);

/// <summary>A row of a customer list or search.</summary>
public sealed record CustomerSummary(
    long Id, CustomerKind Kind, Lifecycle Lifecycle, string DisplayName, string? TaxId, string? Email, string? Phone);

public sealed record ContactInput(
    string? FirstName, string? LastName = null, string? Role = null, string? Email = null, string? Phone = null, bool? IsPrimary = null);

public sealed record ContactDto(long Id, string FirstName, string? LastName, string? Role, string? Email, string? Phone, bool IsPrimary);

public sealed record TemperamentInfo(Temperament Value, string Label, IReadOnlyList<string> Guidance, string? Note);

public sealed record InteractionDto(
    long Id,
    long CustomerId,
    Channel Channel,
    Direction Direction,
    JourneyMoment? Moment,
    string Subject,
    string? Body,
    string? AgentId,
    string? AgentName,
    DateTime OccurredAt,
    int? DurationSeconds,
    string? Outcome);

/// <summary>The last interactions and how many there are per channel (camelCase channel → count).</summary>
public sealed record TimelineSummary(IReadOnlyList<InteractionDto> Latest, IReadOnlyDictionary<string, int> CountsByChannel, int Total);

/// <summary>Everything an agent needs while the customer waits, in one call.</summary>
public sealed record Customer360(
    CustomerDto Customer,
    IReadOnlyList<ContactDto> Contacts,
    TemperamentInfo? Temperament,
    TimelineSummary Interactions,
    CommerceSummary Commerce);

public sealed record CustomerQuery(string? Q = null, string? Lifecycle = null, string? Tag = null, string? Cursor = null, int? Limit = null);

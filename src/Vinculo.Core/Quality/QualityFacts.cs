using Vinculo.Core.Customers;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Quality;

namespace Vinculo.Core.Quality;

/// <summary>
/// The read model of a customer (what the 360 already holds) as the domain customer the quality rules take, so the
/// 360 can show the completeness score without another query: <c>Completeness.Score(QualityFacts.From(dto, contacts))</c>.
/// </summary>
public static class QualityFacts
{
    public static Customer From(CustomerDto dto, IReadOnlyList<ContactDto>? contacts = null)
    {
        ArgumentNullException.ThrowIfNull(dto);
        return new Customer
        {
            Id = dto.Id,
            Kind = dto.Kind,
            Lifecycle = dto.Lifecycle,
            TaxId = dto.TaxId,
            FirstName = dto.FirstName,
            LastName = dto.LastName,
            CompanyName = dto.CompanyName,
            DisplayName = dto.DisplayName,
            PreferredLanguage = dto.PreferredLanguage,
            PreferredChannel = dto.PreferredChannel,
            Temperament = dto.Temperament,
            TemperamentNote = dto.TemperamentNote,
            Attributes = dto.Attributes.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            CreatedAt = dto.CreatedAt,
            UpdatedAt = dto.UpdatedAt,
            Version = dto.Version,
            Emails = dto.Emails.Select(e => new CustomerEmail
            {
                CustomerId = dto.Id, Address = e.Address, Normalized = EmailAddresses.Normalize(e.Address), Label = e.Label, IsPrimary = e.IsPrimary,
            }).ToList(),
            Phones = dto.Phones.Select(p => new CustomerPhone { CustomerId = dto.Id, Raw = p.Number, E164 = p.E164, Label = p.Label, IsPrimary = p.IsPrimary }).ToList(),
            Addresses = dto.Addresses.Select(a => new CustomerAddress
            {
                CustomerId = dto.Id, Label = a.Label, Line1 = a.Line1, Line2 = a.Line2, City = a.City, Region = a.Region, PostalCode = a.PostalCode, Country = a.Country,
            }).ToList(),
            Tags = dto.Tags.Select(t => new CustomerTag { CustomerId = dto.Id, Tag = t }).ToList(),
            // The read model holds the current state per purpose, which is all the rules look at.
            Consents = dto.Consents.Select(c => new Consent { CustomerId = dto.Id, Purpose = c.Purpose, Status = c.Status, At = c.At, Source = c.Source }).ToList(),
            Contacts = (contacts ?? []).Select(c => new ContactPerson
            {
                Id = c.Id, CustomerId = dto.Id, FirstName = c.FirstName, LastName = c.LastName, Role = c.Role, Email = c.Email, Phone = c.Phone,
                PhoneE164 = c.Phone is not null && PhoneNumbers.TryNormalize(c.Phone, QualityLimits.Default.DefaultCountryCallingCode, out var e164) ? e164 : null,
                IsPrimary = c.IsPrimary,
            }).ToList(),
        };
    }

    /// <summary>The completeness of a customer as the 360 reads it.</summary>
    public static CompletenessResult Completeness(Customer360 view) =>
        Domain.Quality.Completeness.Score(From(view.Customer, view.Contacts));
}

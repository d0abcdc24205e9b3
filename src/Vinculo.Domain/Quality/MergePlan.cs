using Vinculo.Domain.Customers;
using Vinculo.Domain.Text;

namespace Vinculo.Domain.Quality;

/// <summary>
/// What merging one customer into another does to the customer record itself (the survivor keeps its id, the merged
/// customer disappears). Pure: the caller applies it.
/// <list type="bullet">
/// <item>Survivor fields that are empty are filled from the merged customer: tax id, first and last name, company
/// name, preferred channel, temperament and its note, and custom attributes the survivor lacks. Fields the survivor
/// has are kept, even when they differ.</item>
/// <item>Lifecycle: active if either is active, else former if either is former, else prospect (a customer who bought
/// under one record is a customer). Created-at: the earlier of the two (the relationship started then).</item>
/// <item>E-mails and phones move unless the survivor already has them (same normalised address, same E.164); moved
/// ones are not primary unless the survivor had none. Addresses move unless the survivor has the same one (same
/// normalised line and postal code); contact persons unless the survivor has one with the same name and e-mail;
/// tags unless the survivor has them. Every consent event moves: the history is kept and the latest event per
/// purpose stays the current state.</item>
/// </list>
/// </summary>
public sealed class MergePlan
{
    private MergePlan(Customer result)
    {
        Result = result;
    }

    /// <summary>
    /// The survivor as it will be: its fields after filling, and its child rows plus the moved ones (moved rows are the
    /// merged customer's objects, with <c>IsPrimary</c> already adjusted).
    /// </summary>
    public Customer Result { get; }

    /// <summary>Survivor fields filled from the merged customer (camelCase names).</summary>
    public List<string> FilledFields { get; } = [];

    public List<CustomerEmail> EmailsToMove { get; } = [];
    public List<CustomerEmail> EmailsToDrop { get; } = [];
    public List<CustomerPhone> PhonesToMove { get; } = [];
    public List<CustomerPhone> PhonesToDrop { get; } = [];
    public List<CustomerAddress> AddressesToMove { get; } = [];
    public List<CustomerAddress> AddressesToDrop { get; } = [];
    public List<ContactPerson> ContactsToMove { get; } = [];
    public List<ContactPerson> ContactsToDrop { get; } = [];
    public List<CustomerTag> TagsToMove { get; } = [];
    public List<CustomerTag> TagsToDrop { get; } = [];

    public static MergePlan For(Customer survivor, Customer merged)
    {
        ArgumentNullException.ThrowIfNull(survivor);
        ArgumentNullException.ThrowIfNull(merged);
        if (survivor.Id != 0 && survivor.Id == merged.Id)
        {
            throw new ArgumentException("A customer cannot be merged into itself.", nameof(merged));
        }

        var result = new Customer
        {
            Id = survivor.Id,
            Kind = survivor.Kind,
            Lifecycle = MergedLifecycle(survivor.Lifecycle, merged.Lifecycle),
            TaxId = survivor.TaxId,
            FirstName = survivor.FirstName,
            LastName = survivor.LastName,
            CompanyName = survivor.CompanyName,
            PreferredLanguage = survivor.PreferredLanguage,
            PreferredChannel = survivor.PreferredChannel,
            Temperament = survivor.Temperament,
            TemperamentNote = survivor.TemperamentNote,
            Attributes = new Dictionary<string, string>(survivor.Attributes, StringComparer.Ordinal),
            CreatedAt = merged.CreatedAt != default && merged.CreatedAt < survivor.CreatedAt ? merged.CreatedAt : survivor.CreatedAt,
            UpdatedAt = survivor.UpdatedAt,
            Version = survivor.Version,
            Emails = [.. survivor.Emails],
            Phones = [.. survivor.Phones],
            Addresses = [.. survivor.Addresses],
            Tags = [.. survivor.Tags],
            Consents = [.. survivor.Consents, .. merged.Consents],
            Contacts = [.. survivor.Contacts],
        };
        var plan = new MergePlan(result);

        plan.Fill("taxId", result.TaxId, merged.TaxId, v => result.TaxId = v);
        plan.Fill("firstName", result.FirstName, merged.FirstName, v => result.FirstName = v);
        plan.Fill("lastName", result.LastName, merged.LastName, v => result.LastName = v);
        plan.Fill("companyName", result.CompanyName, merged.CompanyName, v => result.CompanyName = v);
        plan.Fill("temperamentNote", result.TemperamentNote, merged.TemperamentNote, v => result.TemperamentNote = v);
        if (result.PreferredChannel is null && merged.PreferredChannel is not null)
        {
            result.PreferredChannel = merged.PreferredChannel;
            plan.FilledFields.Add("preferredChannel");
        }

        if (result.Temperament == Temperament.None && merged.Temperament != Temperament.None)
        {
            result.Temperament = merged.Temperament;
            plan.FilledFields.Add("temperament");
        }

        if (result.Lifecycle != survivor.Lifecycle)
        {
            plan.FilledFields.Add("lifecycle");
        }

        foreach (var (key, value) in merged.Attributes)
        {
            if (result.Attributes.TryAdd(key, value))
            {
                plan.FilledFields.Add($"attributes.{key}");
            }
        }

        result.DisplayName = Customer.ComposeDisplayName(result.Kind, result.FirstName, result.LastName, result.CompanyName);

        var hadEmails = survivor.Emails.Count > 0;
        foreach (var email in merged.Emails)
        {
            var key = EmailAddresses.Normalize(email.Address);
            if (result.Emails.Any(e => string.Equals(EmailAddresses.Normalize(e.Address), key, StringComparison.Ordinal)))
            {
                plan.EmailsToDrop.Add(email);
                continue;
            }

            email.IsPrimary = !hadEmails && email.IsPrimary;
            plan.EmailsToMove.Add(email);
            result.Emails.Add(email);
        }

        var hadPhones = survivor.Phones.Count > 0;
        foreach (var phone in merged.Phones)
        {
            if (result.Phones.Any(p => string.Equals(p.E164, phone.E164, StringComparison.Ordinal)))
            {
                plan.PhonesToDrop.Add(phone);
                continue;
            }

            phone.IsPrimary = !hadPhones && phone.IsPrimary;
            plan.PhonesToMove.Add(phone);
            result.Phones.Add(phone);
        }

        foreach (var address in merged.Addresses)
        {
            var key = AddressKey(address);
            if (result.Addresses.Any(a => AddressKey(a) == key))
            {
                plan.AddressesToDrop.Add(address);
                continue;
            }

            plan.AddressesToMove.Add(address);
            result.Addresses.Add(address);
        }

        foreach (var contact in merged.Contacts)
        {
            var key = ContactKey(contact);
            if (result.Contacts.Any(c => ContactKey(c) == key))
            {
                plan.ContactsToDrop.Add(contact);
                continue;
            }

            contact.IsPrimary = contact.IsPrimary && !result.Contacts.Any(c => c.IsPrimary);
            plan.ContactsToMove.Add(contact);
            result.Contacts.Add(contact);
        }

        foreach (var tag in merged.Tags)
        {
            if (result.Tags.Any(t => string.Equals(t.Tag, tag.Tag, StringComparison.Ordinal)))
            {
                plan.TagsToDrop.Add(tag);
                continue;
            }

            plan.TagsToMove.Add(tag);
            result.Tags.Add(tag);
        }

        return plan;
    }

    private void Fill(string field, string? current, string? other, Action<string> set)
    {
        if (string.IsNullOrWhiteSpace(current) && !string.IsNullOrWhiteSpace(other))
        {
            set(other);
            FilledFields.Add(field);
        }
    }

    private static Lifecycle MergedLifecycle(Lifecycle a, Lifecycle b) =>
        a == Lifecycle.Active || b == Lifecycle.Active ? Lifecycle.Active
        : a == Lifecycle.Former || b == Lifecycle.Former ? Lifecycle.Former
        : Lifecycle.Prospect;

    private static (string, string) AddressKey(CustomerAddress a) => (AddressKeys.Line(a.Line1), PostalCodes.Normalize(a.PostalCode));

    private static (string, string) ContactKey(ContactPerson c) =>
        (TextFolding.Fold($"{c.FirstName} {c.LastName}".Trim()), (c.Email ?? "").Trim().ToLowerInvariant());
}

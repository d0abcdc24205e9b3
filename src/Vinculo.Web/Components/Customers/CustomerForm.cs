using System.Globalization;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Domain.Customers;

namespace Vinculo.Web.Components.Customers;

/// <summary>
/// What the customer form posts. Enum values travel as the camelCase text the use cases accept, so a wrong value
/// comes back as a named field error. Blank rows are ignored, so the form can always offer an empty one.
/// </summary>
public sealed class CustomerForm
{
    public long Version { get; set; }
    public string Kind { get; set; } = "person";
    public string Lifecycle { get; set; } = "prospect";
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? CompanyName { get; set; }
    public string? TaxId { get; set; }
    public string? TaxIdCountry { get; set; }
    public string PreferredLanguage { get; set; } = "es";
    public string? PreferredChannel { get; set; }
    public string Temperament { get; set; } = "none";
    public string? TemperamentNote { get; set; }
    public string? Tier { get; set; }
    public string? Segment { get; set; }
    public string? Tags { get; set; }
    public List<EmailRow> Emails { get; set; } = [];
    public int PrimaryEmail { get; set; }
    public List<PhoneRow> Phones { get; set; } = [];
    public int PrimaryPhone { get; set; }
    public List<AddressRow> Addresses { get; set; } = [];
    public List<AttributeRow> Attributes { get; set; } = [];
    public string? ConsentMarketingEmail { get; set; }
    public string? ConsentSms { get; set; }
    public string? ConsentPhone { get; set; }
    public string? ConsentSource { get; set; }

    /// <summary>Which submit button was pressed: save, or add/remove a row (e.g. "remove:emails:1").</summary>
    public string? Action { get; set; }

    public sealed class EmailRow
    {
        public string? Address { get; set; }
        public string? Label { get; set; }
    }

    public sealed class PhoneRow
    {
        public string? Number { get; set; }
        public string? Label { get; set; }
    }

    public sealed class AddressRow
    {
        public string? Label { get; set; }
        public string? Line1 { get; set; }
        public string? Line2 { get; set; }
        public string? PostalCode { get; set; }
        public string? City { get; set; }
        public string? Region { get; set; }
        public string? Country { get; set; }

        public bool IsBlank =>
            new[] { Label, Line1, Line2, PostalCode, City, Region, Country }.All(string.IsNullOrWhiteSpace);
    }

    public sealed class AttributeRow
    {
        public string? Name { get; set; }
        public string? Value { get; set; }
    }

    public string DisplayName => Customer.ComposeDisplayName(
        EnumText.TryParse<CustomerKind>(Kind, out var kind) ? kind : CustomerKind.Person, FirstName, LastName, CompanyName);

    public static CustomerForm New() => new CustomerForm { TaxIdCountry = "ES" }.WithBlankRows();

    public static CustomerForm From(CustomerDto c)
    {
        var form = new CustomerForm
        {
            Version = c.Version,
            Kind = EnumText.Camel(c.Kind),
            Lifecycle = EnumText.Camel(c.Lifecycle),
            FirstName = c.FirstName,
            LastName = c.LastName,
            CompanyName = c.CompanyName,
            TaxId = c.TaxId,
            TaxIdCountry = c.TaxId is not null && TaxIds.IsValid(c.TaxId, "ES") ? "ES" : null,
            PreferredLanguage = c.PreferredLanguage,
            PreferredChannel = c.PreferredChannel is { } ch ? EnumText.Camel(ch) : null,
            Temperament = EnumText.Camel(c.Temperament),
            TemperamentNote = c.TemperamentNote,
            Tier = c.Tier,
            Segment = c.Segment,
            Tags = string.Join(", ", c.Tags),
            Emails = c.Emails.Select(e => new EmailRow { Address = e.Address, Label = e.Label }).ToList(),
            PrimaryEmail = Math.Max(0, c.Emails.ToList().FindIndex(e => e.IsPrimary)),
            Phones = c.Phones.Select(p => new PhoneRow { Number = p.Number, Label = p.Label }).ToList(),
            PrimaryPhone = Math.Max(0, c.Phones.ToList().FindIndex(p => p.IsPrimary)),
            Addresses = c.Addresses.Select(a => new AddressRow
            {
                Label = a.Label, Line1 = a.Line1, Line2 = a.Line2, PostalCode = a.PostalCode, City = a.City, Region = a.Region, Country = a.Country,
            }).ToList(),
            Attributes = c.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new AttributeRow { Name = a.Key, Value = a.Value }).ToList(),
            ConsentMarketingEmail = Status(c, ConsentPurpose.MarketingEmail),
            ConsentSms = Status(c, ConsentPurpose.Sms),
            ConsentPhone = Status(c, ConsentPurpose.Phone),
        };
        return form.WithBlankRows();
    }

    /// <summary>
    /// Form binding leaves a list null when the post had none of its fields; the form always works with lists.
    /// </summary>
    public CustomerForm EnsureLists()
    {
        Emails ??= [];
        Phones ??= [];
        Addresses ??= [];
        Attributes ??= [];
        Emails.RemoveAll(e => e is null);
        Phones.RemoveAll(p => p is null);
        Addresses.RemoveAll(a => a is null);
        Attributes.RemoveAll(a => a is null);
        Kind ??= "person";
        Lifecycle ??= "prospect";
        PreferredLanguage ??= "es";
        Temperament ??= "none";
        return this;
    }

    /// <summary>Makes sure every list ends with one empty row to fill in.</summary>
    public CustomerForm WithBlankRows()
    {
        if (Emails.Count == 0 || !string.IsNullOrWhiteSpace(Emails[^1].Address))
        {
            Emails.Add(new EmailRow());
        }

        if (Phones.Count == 0 || !string.IsNullOrWhiteSpace(Phones[^1].Number))
        {
            Phones.Add(new PhoneRow());
        }

        if (Addresses.Count == 0)
        {
            Addresses.Add(new AddressRow());
        }

        if (Attributes.Count == 0)
        {
            Attributes.Add(new AttributeRow());
        }

        return this;
    }

    /// <summary>
    /// Adds or removes a row when <see cref="Action"/> asks for it. True when the post was such a change (and
    /// nothing should be saved).
    /// </summary>
    public bool ApplyRowAction()
    {
        var parts = (Action ?? "").Split(':');
        switch (parts)
        {
            case ["add", "emails"]:
                Emails.Add(new EmailRow());
                return true;
            case ["add", "phones"]:
                Phones.Add(new PhoneRow());
                return true;
            case ["add", "addresses"]:
                Addresses.Add(new AddressRow());
                return true;
            case ["add", "attributes"]:
                Attributes.Add(new AttributeRow());
                return true;
            case ["remove", var list, var at] when int.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var i):
                switch (list)
                {
                    case "emails" when i < Emails.Count:
                        Emails.RemoveAt(i);
                        PrimaryEmail = Shift(PrimaryEmail, i);
                        break;
                    case "phones" when i < Phones.Count:
                        Phones.RemoveAt(i);
                        PrimaryPhone = Shift(PrimaryPhone, i);
                        break;
                    case "addresses" when i < Addresses.Count:
                        Addresses.RemoveAt(i);
                        break;
                    case "attributes" when i < Attributes.Count:
                        Attributes.RemoveAt(i);
                        break;
                }

                return true;
            default:
                return false;
        }

        static int Shift(int primary, int removed) => primary > removed ? primary - 1 : primary == removed ? 0 : primary;
    }

    /// <summary>
    /// The request for the use case, and for each list the form row each sent item came from, so that an error on
    /// <c>emails[0].address</c> can be shown on the right row even when blank rows were skipped.
    /// </summary>
    public (CustomerInput Input, Dictionary<string, int[]> RowOf) ToInput(string consentSource)
    {
        var emailRows = Indexes(Emails, e => !string.IsNullOrWhiteSpace(e.Address));
        var phoneRows = Indexes(Phones, p => !string.IsNullOrWhiteSpace(p.Number));
        var addressRows = Indexes(Addresses, a => !a.IsBlank);
        var consents = new List<ConsentInput>();
        void Consent(ConsentPurpose purpose, string? status)
        {
            if (!string.IsNullOrWhiteSpace(status))
            {
                consents.Add(new ConsentInput(EnumText.Camel(purpose), status, Clean(ConsentSource) ?? consentSource));
            }
        }

        Consent(ConsentPurpose.MarketingEmail, ConsentMarketingEmail);
        Consent(ConsentPurpose.Sms, ConsentSms);
        Consent(ConsentPurpose.Phone, ConsentPhone);

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in Attributes.Where(a => !string.IsNullOrWhiteSpace(a.Name)))
        {
            attributes[row.Name!.Trim()] = row.Value ?? "";
        }

        var input = new CustomerInput
        {
            Kind = Kind,
            Lifecycle = Lifecycle,
            FirstName = FirstName,
            LastName = LastName,
            CompanyName = CompanyName,
            TaxId = TaxId,
            TaxIdCountry = Clean(TaxIdCountry),
            PreferredLanguage = PreferredLanguage,
            PreferredChannel = Clean(PreferredChannel),
            Temperament = Temperament,
            TemperamentNote = TemperamentNote,
            Tier = Clean(Tier),
            Segment = Clean(Segment),
            Tags = (Tags ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
            Emails = emailRows.Select(i => new EmailInput(Emails[i].Address, Clean(Emails[i].Label), i == PrimaryEmail)).ToList(),
            Phones = phoneRows.Select(i => new PhoneInput(Phones[i].Number, Clean(Phones[i].Label), i == PrimaryPhone)).ToList(),
            Addresses = addressRows.Select(i => Addresses[i]).Select(a => new AddressInput(
                a.Line1, Clean(a.Line2), Clean(a.City), Clean(a.Region), Clean(a.PostalCode), Clean(a.Country), Clean(a.Label))).ToList(),
            Attributes = attributes,
            Consents = consents,
        };
        return (input, new Dictionary<string, int[]>(StringComparer.Ordinal)
        {
            ["emails"] = emailRows, ["phones"] = phoneRows, ["addresses"] = addressRows,
        });
    }

    private static string? Status(CustomerDto c, ConsentPurpose purpose) =>
        c.Consents.FirstOrDefault(x => x.Purpose == purpose) is { } consent ? EnumText.Camel(consent.Status) : null;

    private static int[] Indexes<T>(List<T> rows, Func<T, bool> filled) =>
        rows.Select((r, i) => (r, i)).Where(x => filled(x.r)).Select(x => x.i).ToArray();

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

using Vinculo.Core.Common;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Text;

namespace Vinculo.Core.Customers;

/// <summary>
/// Checks a <see cref="CustomerInput"/> and writes it onto a <see cref="Customer"/>. Every problem is reported against
/// its JSON field path (<c>emails[1].address</c>) and nothing is written when any is found.
/// </summary>
public static class CustomerInputMapper
{
    /// <summary>Longest tier or segment code.</summary>
    public const int MaxCodeLength = 40;

    public static ValidationErrors Validate(CustomerInput input, CustomerOptions options) =>
        Map(input, new Customer(), options, DateTime.UnixEpoch, validateOnly: true);

    public static ValidationErrors Map(CustomerInput input, Customer target, CustomerOptions options, DateTime now, bool validateOnly = false)
    {
        var errors = new ValidationErrors();

        var kind = ParseEnum(input.Kind, "kind", CustomerKind.Person, errors);
        var lifecycle = ParseEnum(input.Lifecycle, "lifecycle", Lifecycle.Prospect, errors);
        var temperament = ParseEnum(input.Temperament, "temperament", Temperament.None, errors);
        Channel? channel = null;
        if (!string.IsNullOrWhiteSpace(input.PreferredChannel))
        {
            channel = ParseEnum(input.PreferredChannel, "preferredChannel", Channel.Phone, errors);
        }

        var firstName = Text(input.FirstName, "firstName", CustomerOptions.MaxNameLength, errors);
        var lastName = Text(input.LastName, "lastName", CustomerOptions.MaxNameLength, errors);
        var company = Text(input.CompanyName, "companyName", CustomerOptions.MaxNameLength, errors);
        if (kind == CustomerKind.Company && company is null)
        {
            errors.Add("companyName", "A company needs its company name.");
        }

        if (kind == CustomerKind.Person && firstName is null && lastName is null)
        {
            errors.Add("firstName", "A person needs a first name or a last name.");
        }

        string? taxId = null;
        if (!string.IsNullOrWhiteSpace(input.TaxId))
        {
            if (!TaxIds.IsValid(input.TaxId, input.TaxIdCountry))
            {
                errors.Add("taxId", string.Equals(input.TaxIdCountry, "ES", StringComparison.OrdinalIgnoreCase)
                    ? "Not a valid Spanish DNI, NIE or CIF (check the control character)."
                    : "A tax id has 4 to 20 letters or digits.");
            }
            else
            {
                taxId = TaxIds.Normalize(input.TaxId);
            }
        }

        var language = string.IsNullOrWhiteSpace(input.PreferredLanguage) ? "es" : input.PreferredLanguage.Trim().ToLowerInvariant();
        if (language is not ("es" or "en"))
        {
            errors.Add("preferredLanguage", "Use es or en.");
        }

        var note = Text(input.TemperamentNote, "temperamentNote", CustomerOptions.MaxTextLength, errors);
        var tier = Text(input.Tier, "tier", MaxCodeLength, errors)?.ToLowerInvariant();
        var segment = Text(input.Segment, "segment", MaxCodeLength, errors)?.ToLowerInvariant();

        var emails = new List<CustomerEmail>();
        foreach (var (e, i) in (input.Emails ?? []).Select((e, i) => (e, i)))
        {
            var field = $"emails[{i}].address";
            if (e is null || !EmailAddresses.IsValid(e.Address?.Trim()))
            {
                errors.Add(field, "Not a valid e-mail address.");
                continue;
            }

            var normalized = EmailAddresses.Normalize(e.Address!);
            if (emails.Any(x => x.Normalized == normalized))
            {
                errors.Add(field, "This e-mail address is listed twice.");
                continue;
            }

            emails.Add(new CustomerEmail { Address = e.Address!.Trim(), Normalized = normalized, Label = Clean(e.Label), IsPrimary = e.IsPrimary ?? false });
        }

        var phones = new List<CustomerPhone>();
        foreach (var (p, i) in (input.Phones ?? []).Select((p, i) => (p, i)))
        {
            var field = $"phones[{i}].number";
            if (p is null || !PhoneNumbers.TryNormalize(p.Number, options.DefaultCountryCallingCode, out var e164))
            {
                errors.Add(field, "Not a valid phone number.");
                continue;
            }

            if (phones.Any(x => x.E164 == e164))
            {
                errors.Add(field, "This phone number is listed twice.");
                continue;
            }

            phones.Add(new CustomerPhone { Raw = p.Number!.Trim(), E164 = e164!, Label = Clean(p.Label), IsPrimary = p.IsPrimary ?? false });
        }

        var addresses = new List<CustomerAddress>();
        foreach (var (a, i) in (input.Addresses ?? []).Select((a, i) => (a, i)))
        {
            if (a is null || string.IsNullOrWhiteSpace(a.Line1))
            {
                errors.Add($"addresses[{i}].line1", "An address needs its first line.");
                continue;
            }

            var country = Clean(a.Country)?.ToUpperInvariant();
            if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
            {
                errors.Add($"addresses[{i}].country", "Use a two-letter ISO country code, such as ES.");
            }

            addresses.Add(new CustomerAddress
            {
                Label = Clean(a.Label), Line1 = a.Line1.Trim(), Line2 = Clean(a.Line2), City = Clean(a.City), Region = Clean(a.Region),
                PostalCode = Clean(a.PostalCode), Country = country,
            });
        }

        CheckCount(emails.Count, "emails", errors);
        CheckCount(phones.Count, "phones", errors);
        CheckCount(addresses.Count, "addresses", errors);

        var tags = new List<string>();
        foreach (var (t, i) in (input.Tags ?? []).Select((t, i) => (t, i)))
        {
            var tag = Clean(t)?.ToLowerInvariant();
            if (tag is null || tag.Length > 50)
            {
                errors.Add($"tags[{i}]", "A tag has 1 to 50 characters.");
            }
            else if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }

        if (tags.Count > CustomerOptions.MaxTags)
        {
            errors.Add("tags", $"At most {CustomerOptions.MaxTags} tags.");
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in input.Attributes ?? [])
        {
            var name = key.Trim();
            if (name.Length is 0 or > 100)
            {
                errors.Add("attributes", "Attribute names have 1 to 100 characters.");
            }
            else if ((value ?? "").Length > CustomerOptions.MaxTextLength)
            {
                errors.Add($"attributes.{name}", $"At most {CustomerOptions.MaxTextLength} characters.");
            }
            else
            {
                attributes[name] = value ?? "";
            }
        }

        if (attributes.Count > CustomerOptions.MaxAttributes)
        {
            errors.Add("attributes", $"At most {CustomerOptions.MaxAttributes} attributes.");
        }

        var consents = new List<Consent>();
        foreach (var (c, i) in (input.Consents ?? []).Select((c, i) => (c, i)))
        {
            var purpose = ParseEnum(c?.Purpose, $"consents[{i}].purpose", ConsentPurpose.MarketingEmail, errors, required: true);
            var status = ParseEnum(c?.Status, $"consents[{i}].status", ConsentStatus.Granted, errors, required: true);
            var at = c?.At is { } when ? when.ToUniversalTime() : now;
            if (at > now.AddMinutes(5) && !validateOnly)
            {
                errors.Add($"consents[{i}].at", "A consent cannot be dated in the future.");
            }

            consents.Add(new Consent { Purpose = purpose, Status = status, At = at, Source = Clean(c?.Source) });
        }

        if (!errors.IsValid || validateOnly)
        {
            return errors;
        }

        EnsureOnePrimary(emails, e => e.IsPrimary, (e, v) => e.IsPrimary = v);
        EnsureOnePrimary(phones, p => p.IsPrimary, (p, v) => p.IsPrimary = v);

        target.Kind = kind;
        target.Lifecycle = lifecycle;
        target.TaxId = taxId;
        target.FirstName = firstName;
        target.LastName = lastName;
        target.CompanyName = company;
        target.DisplayName = Customer.ComposeDisplayName(kind, firstName, lastName, company);
        target.PreferredLanguage = language;
        target.PreferredChannel = channel;
        target.Temperament = temperament;
        target.TemperamentNote = note;
        target.Tier = tier;
        target.Segment = segment;
        target.Attributes = attributes;
        target.Emails = Replace(target.Emails, emails);
        target.Phones = Replace(target.Phones, phones);
        target.Addresses = Replace(target.Addresses, addresses);
        target.Tags.RemoveAll(t => !tags.Contains(t.Tag));
        foreach (var tag in tags.Where(t => target.Tags.All(x => x.Tag != t)))
        {
            target.Tags.Add(new CustomerTag { CustomerId = target.Id, Tag = tag });
        }

        foreach (var consent in consents)
        {
            var current = target.Consents.Where(x => x.Purpose == consent.Purpose).MaxBy(x => x.At);
            if (current is null || current.Status != consent.Status)
            {
                target.Consents.Add(consent);
            }
        }

        target.UpdatedAt = now;
        target.SearchName = SearchText(target);
        return errors;
    }

    /// <summary>The folded words a name search matches: names, e-mail words, tax id and contact persons.</summary>
    public static string SearchText(Customer customer)
    {
        var words = new List<string>();
        void AddAll(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }

            foreach (var token in Tokenizer.Tokens(text))
            {
                if (!words.Contains(token))
                {
                    words.Add(token);
                }
            }
        }

        AddAll(customer.FirstName);
        AddAll(customer.LastName);
        AddAll(customer.CompanyName);
        AddAll(customer.TaxId);
        foreach (var e in customer.Emails)
        {
            AddAll(e.Address);
        }

        foreach (var c in customer.Contacts)
        {
            AddAll(c.FirstName);
            AddAll(c.LastName);
        }

        return string.Join(' ', words);
    }

    private static List<T> Replace<T>(List<T> current, List<T> next)
    {
        current.Clear();
        current.AddRange(next);
        return current;
    }

    private static void EnsureOnePrimary<T>(List<T> items, Func<T, bool> get, Action<T, bool> set)
    {
        if (items.Count == 0)
        {
            return;
        }

        var first = items.FindIndex(i => get(i));
        for (var i = 0; i < items.Count; i++)
        {
            set(items[i], i == (first < 0 ? 0 : first));
        }
    }

    private static void CheckCount(int count, string field, ValidationErrors errors)
    {
        if (count > CustomerOptions.MaxContactItems)
        {
            errors.Add(field, $"At most {CustomerOptions.MaxContactItems} items.");
        }
    }

    internal static T ParseEnum<T>(string? text, string field, T fallback, ValidationErrors errors, bool required = false)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors.Add(field, $"Required. Use one of: {EnumText.Allowed<T>()}.");
            }

            return fallback;
        }

        if (EnumText.TryParse<T>(text, out var value) && Enum.IsDefined(value))
        {
            return value;
        }

        errors.Add(field, $"'{text}' is not one of: {EnumText.Allowed<T>()}.");
        return fallback;
    }

    internal static string? Text(string? value, string field, int max, ValidationErrors errors)
    {
        var clean = Clean(value);
        if (clean is not null && clean.Length > max)
        {
            errors.Add(field, $"At most {max} characters.");
        }

        return clean;
    }

    internal static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

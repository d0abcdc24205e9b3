using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Text;

namespace Vinculo.Domain.Quality;

/// <summary>
/// Field rules over one customer: names, e-mail syntax, phones to E.164, tax id format and check character, postal
/// codes and countries, reachability, consents without a channel, and its dates. Pure: the caller loads the customer
/// with its e-mails, phones, addresses, consents and contact persons.
/// </summary>
public static class CustomerChecks
{
    public const string Entity = "customer";

    // Whole folded names (or every word of one) that are filler rather than a name.
    private static readonly HashSet<string> PlaceholderWords = new(StringComparer.Ordinal)
    {
        "test", "tests", "testing", "prueba", "pruebas", "xxx", "xx", "x", "asdf", "qwerty", "unknown", "desconocido",
        "desconocida", "sin", "nombre", "apellido", "apellidos", "name", "no", "n", "a", "na", "nn", "sn", "none", "null",
        "dummy", "ejemplo", "example", "cliente", "customer", "borrar", "delete", "temp", "tmp",
    };

    public static List<QualityIssue> Check(Customer customer, DateTime now, QualityLimits? limits = null)
    {
        var issues = new List<QualityIssue>();
        Check(customer, now, limits ?? QualityLimits.Default, issues);
        return issues;
    }

    public static void Check(Customer customer, DateTime now, QualityLimits limits, ICollection<QualityIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var id = customer.Id == 0 ? (long?)null : customer.Id;

        CheckName(customer, id, issues);

        var validEmails = 0;
        for (var i = 0; i < customer.Emails.Count; i++)
        {
            var address = customer.Emails[i].Address;
            if (EmailAddresses.IsValid(address.Trim()))
            {
                validEmails++;
            }
            else
            {
                issues.Add(new QualityIssue(QualityRules.EmailInvalid, Entity, id, $"emails[{i}].address", address));
            }
        }

        var validPhones = 0;
        for (var i = 0; i < customer.Phones.Count; i++)
        {
            var phone = customer.Phones[i];
            var rawOk = PhoneNumbers.TryNormalize(phone.Raw, limits.DefaultCountryCallingCode, out var fromRaw);
            var storedOk = IsE164(phone.E164);
            if (!rawOk || !storedOk)
            {
                issues.Add(new QualityIssue(QualityRules.PhoneInvalid, Entity, id, $"phones[{i}].number", phone.Raw.Length > 0 ? phone.Raw : phone.E164));
                continue;
            }

            validPhones++;
            if (!string.Equals(fromRaw, phone.E164, StringComparison.Ordinal))
            {
                issues.Add(new QualityIssue(QualityRules.PhoneMismatch, Entity, id, $"phones[{i}].e164", $"{phone.Raw} → {fromRaw} ≠ {phone.E164}"));
            }
        }

        CheckTaxId(customer, id, limits, issues);

        for (var i = 0; i < customer.Addresses.Count; i++)
        {
            var address = customer.Addresses[i];
            var country = address.Country?.Trim();
            if (!string.IsNullOrEmpty(country) && !IsCountryCode(country))
            {
                issues.Add(new QualityIssue(QualityRules.CountryInvalid, Entity, id, $"addresses[{i}].country", address.Country));
            }

            if (!string.IsNullOrWhiteSpace(address.PostalCode)
                && !PostalCodes.IsValid(address.PostalCode, IsCountryCode(country) ? country : limits.DefaultCountry))
            {
                issues.Add(new QualityIssue(QualityRules.PostalCodeInvalid, Entity, id, $"addresses[{i}].postalCode", address.PostalCode));
            }
        }

        // A company is reachable through its contact persons too.
        var contactReachable = customer.Kind == CustomerKind.Company && customer.Contacts.Any(c =>
            (c.Email is not null && EmailAddresses.IsValid(c.Email.Trim())) || (c.PhoneE164 is not null && IsE164(c.PhoneE164)));
        if (validEmails == 0 && validPhones == 0 && !contactReachable)
        {
            issues.Add(new QualityIssue(QualityRules.Unreachable, Entity, id, "emails", null));
        }

        var hasAddress = customer.Addresses.Any(a => !string.IsNullOrWhiteSpace(a.Line1));
        if (customer.PreferredChannel is { } channel && !CanReach(channel, validEmails > 0, validPhones > 0, hasAddress))
        {
            issues.Add(new QualityIssue(QualityRules.PreferredChannelUnreachable, Entity, id, "preferredChannel", Camel(channel.ToString())));
        }

        foreach (var current in customer.Consents.GroupBy(c => c.Purpose).Select(g => g.MaxBy(c => (c.At, c.Id))!))
        {
            var reachable = current.Purpose == ConsentPurpose.MarketingEmail ? validEmails > 0 : validPhones > 0;
            if (current.Status == ConsentStatus.Granted && !reachable)
            {
                issues.Add(new QualityIssue(QualityRules.ConsentWithoutContact, Entity, id, "consents", Camel(current.Purpose.ToString())));
            }
        }

        DateChecks.Event(issues, Entity, id, "createdAt", customer.CreatedAt, now, limits);
        DateChecks.InOrder(issues, Entity, id, "createdAt", customer.CreatedAt, "updatedAt", customer.UpdatedAt);
        for (var i = 0; i < customer.Consents.Count; i++)
        {
            DateChecks.Event(issues, Entity, id, $"consents[{i}].at", customer.Consents[i].At, now, limits);
        }
    }

    /// <summary>True when <paramref name="value"/> is already a valid E.164 number ("+34600123456").</summary>
    public static bool IsE164(string? value) =>
        value is { Length: > 1 } && value[0] == '+' && PhoneNumbers.TryNormalize(value, "", out var again) && again == value;

    public static bool IsCountryCode(string? country) =>
        country is { Length: 2 } && char.IsAsciiLetter(country[0]) && char.IsAsciiLetter(country[1]);

    /// <summary>Whether the customer's data lets us use the channel: e-mail needs an e-mail, phone and messaging a phone, a letter an address.</summary>
    public static bool CanReach(Channel channel, bool hasEmail, bool hasPhone, bool hasAddress) => channel switch
    {
        Channel.Email => hasEmail,
        Channel.Phone or Channel.InstantMessaging => hasPhone,
        Channel.Letter => hasAddress,
        _ => true,
    };

    private static void CheckName(Customer customer, long? id, ICollection<QualityIssue> issues)
    {
        var isCompany = customer.Kind == CustomerKind.Company;
        var name = isCompany
            ? customer.CompanyName
            : string.Join(' ', new[] { customer.FirstName, customer.LastName }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var field = isCompany ? "companyName" : "firstName";
        if (string.IsNullOrWhiteSpace(name))
        {
            issues.Add(new QualityIssue(QualityRules.NameMissing, Entity, id, field, null));
            return;
        }

        if (IsPlaceholderName(name))
        {
            issues.Add(new QualityIssue(QualityRules.NamePlaceholder, Entity, id, field, name));
        }

        if (!isCompany && (HasDigitOrAt(customer.FirstName) || HasDigitOrAt(customer.LastName)))
        {
            issues.Add(new QualityIssue(QualityRules.NameHasDigits, Entity, id, HasDigitOrAt(customer.FirstName) ? "firstName" : "lastName", name));
        }
    }

    /// <summary>
    /// A name made only of filler words ("Test", "Cliente Prueba", "N/A", "Sin nombre"), of one repeated letter
    /// ("Xxxx", "aaa") or of nothing but punctuation ("-", "...").
    /// </summary>
    public static bool IsPlaceholderName(string name)
    {
        var tokens = Tokenizer.Tokens(name).ToList();
        if (tokens.Count == 0)
        {
            return true;
        }

        return tokens.All(t => PlaceholderWords.Contains(t) || (t.Length >= 3 && t.All(c => c == t[0]) && char.IsLetter(t[0])));
    }

    private static void CheckTaxId(Customer customer, long? id, QualityLimits limits, ICollection<QualityIssue> issues)
    {
        if (string.IsNullOrWhiteSpace(customer.TaxId))
        {
            return;
        }

        var country = customer.Addresses.Select(a => a.Country?.Trim()).FirstOrDefault(IsCountryCode) ?? limits.DefaultCountry;
        if (!TaxIds.IsValid(customer.TaxId, country))
        {
            issues.Add(new QualityIssue(QualityRules.TaxIdInvalid, Entity, id, "taxId", customer.TaxId));
            return;
        }

        // A person holding a company CIF is suspicious; a company with a DNI is usually a sole trader (autónomo), so it is fine.
        if (customer.Kind == CustomerKind.Person && string.Equals(country, "ES", StringComparison.OrdinalIgnoreCase)
            && TaxIds.SpanishKind(customer.TaxId) == SpanishTaxIdKind.Cif)
        {
            issues.Add(new QualityIssue(QualityRules.TaxIdKindMismatch, Entity, id, "taxId", customer.TaxId));
        }
    }

    private static bool HasDigitOrAt(string? text) => text is not null && text.Any(c => char.IsDigit(c) || c == '@');

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

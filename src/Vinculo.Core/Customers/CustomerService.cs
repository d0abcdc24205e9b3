using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vinculo.Core.Common;
using Vinculo.Core.Service.Configuration;
using Vinculo.Core.Storage;
using Vinculo.Core.Storage.Search;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Text;

namespace Vinculo.Core.Customers;

/// <summary>Customers and their contact persons: create, read, change, delete, search.</summary>
public sealed class CustomerService(VinculoDb db, TimeProvider clock, IOptions<CustomerOptions> options)
{
    private readonly CustomerOptions _options = options.Value;

    public async Task<CustomerDto> Create(CustomerInput input, CancellationToken ct = default)
    {
        var now = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);
        var customer = new Customer { CreatedAt = now, Version = 1 };
        CustomerInputMapper.Map(input, customer, _options, now).ThrowIfInvalid();
        db.Customers.Add(customer);
        await db.SaveChangesAsync(ct);
        return (await CustomerReader.Get(db, customer.Id, ct))!;
    }

    public Task<CustomerDto?> Get(long id, CancellationToken ct = default) => CustomerReader.Get(db, id, ct);

    public Task<Customer360?> Get360(long id, string language, CancellationToken ct = default) =>
        CustomerReader.Get360(db, id, language, clock.GetUtcNow().UtcDateTime, ct);

    /// <summary>Replaces the customer's data. Returns null when the customer does not exist.</summary>
    /// <exception cref="PreconditionFailedException">When <paramref name="expectedVersion"/> is not the current version.</exception>
    public async Task<CustomerDto?> Update(long id, CustomerInput input, long? expectedVersion, CancellationToken ct = default)
    {
        var customer = await LoadForChange(id, ct);
        if (customer is null)
        {
            return null;
        }

        CheckVersion(customer, expectedVersion);
        var now = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);
        var (tier, segment) = (customer.Tier, customer.Segment);
        CustomerInputMapper.Map(input, customer, _options, now).ThrowIfInvalid();
        // Saved with the customer: the rank and SLA of the active cases follow a new tier or segment.
        await CustomerCaseFacts.Follow(db, customer, tier, segment, now, ct);
        await SaveNewVersion(customer, ct);
        return await CustomerReader.Get(db, id, ct);
    }

    /// <summary>Deletes the customer with everything that hangs from it. False when it does not exist.</summary>
    public async Task<bool> Delete(long id, long? expectedVersion, CancellationToken ct = default)
    {
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (customer is null)
        {
            return false;
        }

        CheckVersion(customer, expectedVersion);
        db.Customers.Remove(customer);
        await SaveOrPreconditionFailed(ct);
        return true;
    }

    public async Task<Page<CustomerSummary>> Search(CustomerQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors);
        var after = 0L;
        if (Cursor.TryDecode(query.Cursor) is { } raw && !long.TryParse(raw, out after))
        {
            errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
        }

        Lifecycle? lifecycle = null;
        if (!string.IsNullOrWhiteSpace(query.Lifecycle))
        {
            lifecycle = CustomerInputMapper.ParseEnum(query.Lifecycle, "lifecycle", Lifecycle.Active, errors);
        }

        var q = query.Q?.Trim() ?? "";
        if (q.Length > 200)
        {
            errors.Add("q", "At most 200 characters.");
        }

        errors.ThrowIfInvalid();

        List<long> ids;
        if (q.Length == 0)
        {
            var list = db.Customers.AsNoTracking().Where(c => c.Id > after);
            if (lifecycle is not null)
            {
                list = list.Where(c => c.Lifecycle == lifecycle);
            }

            if (!string.IsNullOrWhiteSpace(query.Tag))
            {
                var tag = query.Tag.Trim().ToLowerInvariant();
                list = list.Where(c => c.Tags.Any(t => t.Tag == tag));
            }

            ids = await list.OrderBy(c => c.Id).Select(c => c.Id).Take(limit + 1).ToListAsync(ct);
        }
        else
        {
            ids = await SearchIds(q, after, limit + 1, ct);
            if (lifecycle is not null || !string.IsNullOrWhiteSpace(query.Tag))
            {
                // Filters on a text search narrow the matched page; the name index itself stays filter-free.
                var tag = query.Tag?.Trim().ToLowerInvariant();
                ids = await db.Customers.AsNoTracking()
                    .Where(c => ids.Contains(c.Id) && (lifecycle == null || c.Lifecycle == lifecycle) && (tag == null || c.Tags.Any(t => t.Tag == tag)))
                    .OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
            }
        }

        var hasMore = ids.Count > limit;
        if (hasMore)
        {
            ids.RemoveAt(ids.Count - 1);
        }

        var items = await Summaries(ids, ct);
        return new Page<CustomerSummary>(items, hasMore ? Cursor.Encode(ids[^1].ToString(System.Globalization.CultureInfo.InvariantCulture)) : null);
    }

    /// <summary>
    /// Ids matching a free-text query: an e-mail, a phone in any formatting, a customer number or tax id, and name
    /// words by prefix in any order. Ascending ids after <paramref name="after"/>.
    /// </summary>
    private async Task<List<long>> SearchIds(string q, long after, int take, CancellationToken ct)
    {
        var found = new SortedSet<long>();
        if (q.Contains('@', StringComparison.Ordinal) && EmailAddresses.IsValid(q))
        {
            // A whole e-mail address is an exact lookup. Its words ("gmail", "com") would match most customers by
            // prefix, so the name index is not asked.
            var email = EmailAddresses.Normalize(q);
            return await db.CustomerEmails.Where(e => e.Normalized == email && e.CustomerId > after)
                .Select(e => e.CustomerId).Distinct().OrderBy(id => id).Take(take).ToListAsync(ct);
        }

        if (PhoneNumbers.LooksLikePhone(q) && PhoneNumbers.TryNormalize(q, _options.DefaultCountryCallingCode, out var e164))
        {
            found.UnionWith(await db.CustomerPhones.Where(p => p.E164 == e164 && p.CustomerId > after)
                .OrderBy(p => p.CustomerId).Select(p => p.CustomerId).Take(take).ToListAsync(ct));
        }

        var idText = q.StartsWith('#') ? q[1..] : q;
        if (idText.Length <= 18 && long.TryParse(idText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > after)
        {
            if (await db.Customers.AnyAsync(c => c.Id == id, ct))
            {
                found.Add(id);
            }
        }

        var taxId = TaxIds.Normalize(q);
        if (taxId.Length >= 4 && taxId.Length <= 20 && taxId.Any(char.IsDigit))
        {
            found.UnionWith(await db.Customers.Where(c => c.TaxId == taxId && c.Id > after).Select(c => c.Id).Take(take).ToListAsync(ct));
        }

        var prefixes = Tokenizer.Tokens(q).Distinct().Take(8).ToList();
        found.UnionWith(await FullTextSearch.CustomerIdsByNamePrefixes(db, prefixes, after, take, ct));
        return found.Take(take).ToList();
    }

    public async Task<List<CustomerSummary>> Summaries(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Kind, c.Lifecycle, c.DisplayName, c.TaxId }).ToListAsync(ct);
        var emails = await db.CustomerEmails.AsNoTracking().Where(e => ids.Contains(e.CustomerId) && e.IsPrimary)
            .Select(e => new { e.CustomerId, e.Address }).ToListAsync(ct);
        var phones = await db.CustomerPhones.AsNoTracking().Where(p => ids.Contains(p.CustomerId) && p.IsPrimary)
            .Select(p => new { p.CustomerId, p.Raw }).ToListAsync(ct);
        var emailBy = emails.GroupBy(e => e.CustomerId).ToDictionary(g => g.Key, g => g.First().Address);
        var phoneBy = phones.GroupBy(p => p.CustomerId).ToDictionary(g => g.Key, g => g.First().Raw);
        return rows.OrderBy(r => r.Id)
            .Select(r => new CustomerSummary(r.Id, r.Kind, r.Lifecycle, r.DisplayName, r.TaxId, emailBy.GetValueOrDefault(r.Id), phoneBy.GetValueOrDefault(r.Id)))
            .ToList();
    }

    // ---- Contact persons ----

    public async Task<IReadOnlyList<ContactDto>?> Contacts(long customerId, CancellationToken ct = default)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return null;
        }

        return await db.ContactPersons.AsNoTracking().Where(c => c.CustomerId == customerId).OrderByDescending(c => c.IsPrimary).ThenBy(c => c.Id)
            .Select(c => new ContactDto(c.Id, c.FirstName, c.LastName, c.Role, c.Email, c.Phone, c.IsPrimary)).ToListAsync(ct);
    }

    /// <summary>Adds a contact person; null when the customer does not exist.</summary>
    public async Task<ContactDto?> AddContact(long customerId, ContactInput input, CancellationToken ct = default)
    {
        var customer = await LoadForChange(customerId, ct);
        if (customer is null)
        {
            return null;
        }

        var contact = new ContactPerson { CustomerId = customerId };
        ApplyContact(input, contact, customer);
        customer.Contacts.Add(contact);
        await SaveNewVersion(customer, ct);
        return ToDto(contact);
    }

    public async Task<ContactDto?> UpdateContact(long customerId, long contactId, ContactInput input, CancellationToken ct = default)
    {
        var customer = await LoadForChange(customerId, ct);
        var contact = customer?.Contacts.FirstOrDefault(c => c.Id == contactId);
        if (customer is null || contact is null)
        {
            return null;
        }

        ApplyContact(input, contact, customer);
        await SaveNewVersion(customer, ct);
        return ToDto(contact);
    }

    public async Task<bool> DeleteContact(long customerId, long contactId, CancellationToken ct = default)
    {
        var customer = await LoadForChange(customerId, ct);
        var contact = customer?.Contacts.FirstOrDefault(c => c.Id == contactId);
        if (customer is null || contact is null)
        {
            return false;
        }

        customer.Contacts.Remove(contact);
        await SaveNewVersion(customer, ct);
        return true;
    }

    public static ValidationErrors ValidateContact(ContactInput input, CustomerOptions options)
    {
        var errors = new ValidationErrors();
        var first = CustomerInputMapper.Text(input.FirstName, "firstName", CustomerOptions.MaxNameLength, errors);
        if (first is null)
        {
            errors.Add("firstName", "Required.");
        }

        CustomerInputMapper.Text(input.LastName, "lastName", CustomerOptions.MaxNameLength, errors);
        CustomerInputMapper.Text(input.Role, "role", CustomerOptions.MaxNameLength, errors);
        if (!string.IsNullOrWhiteSpace(input.Email) && !EmailAddresses.IsValid(input.Email))
        {
            errors.Add("email", "Not a valid e-mail address.");
        }

        if (!string.IsNullOrWhiteSpace(input.Phone) && !PhoneNumbers.TryNormalize(input.Phone, options.DefaultCountryCallingCode, out _))
        {
            errors.Add("phone", "Not a valid phone number.");
        }

        return errors;
    }

    private void ApplyContact(ContactInput input, ContactPerson contact, Customer customer)
    {
        ValidateContact(input, _options).ThrowIfInvalid();
        contact.FirstName = input.FirstName!.Trim();
        contact.LastName = CustomerInputMapper.Clean(input.LastName);
        contact.Role = CustomerInputMapper.Clean(input.Role);
        contact.Email = CustomerInputMapper.Clean(input.Email);
        contact.Phone = CustomerInputMapper.Clean(input.Phone);
        contact.PhoneE164 = contact.Phone is not null && PhoneNumbers.TryNormalize(contact.Phone, _options.DefaultCountryCallingCode, out var e164) ? e164 : null;
        contact.IsPrimary = input.IsPrimary ?? false;
        if (contact.IsPrimary)
        {
            foreach (var other in customer.Contacts.Where(c => !ReferenceEquals(c, contact)))
            {
                other.IsPrimary = false;
            }
        }
    }

    private static ContactDto ToDto(ContactPerson c) => new(c.Id, c.FirstName, c.LastName, c.Role, c.Email, c.Phone, c.IsPrimary);

    // ---- shared ----

    private Task<Customer?> LoadForChange(long id, CancellationToken ct) =>
        db.Customers
            .Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Addresses).Include(c => c.Tags)
            .Include(c => c.Consents).Include(c => c.Contacts)
            .AsSplitQuery()
            .FirstOrDefaultAsync(c => c.Id == id, ct);

    private static void CheckVersion(Customer customer, long? expectedVersion)
    {
        if (expectedVersion is not null && expectedVersion != customer.Version)
        {
            throw new PreconditionFailedException(
                $"The customer was changed by someone else (version {customer.Version}, you sent {expectedVersion}). Reload it and try again.");
        }
    }

    private async Task SaveNewVersion(Customer customer, CancellationToken ct)
    {
        customer.Version++;
        customer.UpdatedAt = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);
        customer.SearchName = CustomerInputMapper.SearchText(customer);
        await SaveOrPreconditionFailed(ct);
    }

    private async Task SaveOrPreconditionFailed(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new PreconditionFailedException("The customer was changed by someone else meanwhile. Reload it and try again.");
        }
    }
}

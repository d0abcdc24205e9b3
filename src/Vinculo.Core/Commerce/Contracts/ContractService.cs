using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Commerce.Catalog;
using Vinculo.Core.Common;
using Vinculo.Core.Interactions;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Commerce.Contracts;

/// <summary>
/// Contracted products (subscriptions): sign-up, modification and cancellation, each kept as a row of the contract's
/// history with the agent who made it. When an agent makes the change, it is also logged on the customer's timeline,
/// in the same save.
/// </summary>
public sealed class ContractService(VinculoDb db, TimeProvider clock)
{
    public async Task<ContractDetail> SignUp(ContractInput input, Actor? agent, CancellationToken ct = default)
    {
        var now = CommerceInput.Now(clock);
        var errors = new ValidationErrors();
        var period = CommerceInput.Enum(input.BillingPeriod, "billingPeriod", BillingPeriod.Monthly, errors);
        var channel = CommerceInput.Enum(input.Channel, "channel", Channel.Phone, errors);
        var startedAt = input.StartedAt is { } s ? CommerceInput.Moment(s) : now;
        CommerceInput.CheckRange(startedAt, now, "startedAt", errors, allowFuture: true);
        var price = CommerceInput.Amount(input.Price, "price", errors);
        if (input.CustomerId is null)
        {
            errors.Add("customerId", "Required.");
        }

        if (input.ProductId is null)
        {
            errors.Add("productId", "Required.");
        }

        var customer = input.CustomerId is { } customerId
            ? await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => new { c.Id, c.DisplayName, c.PreferredLanguage }).FirstOrDefaultAsync(ct)
            : null;
        if (input.CustomerId is not null && customer is null)
        {
            errors.Add("customerId", "No customer has this id.");
        }

        var product = input.ProductId is { } productId ? await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId, ct) : null;
        CheckSellable(product, input.ProductId, "productId", errors);
        errors.ThrowIfInvalid();

        var contract = new Contract
        {
            CustomerId = customer!.Id,
            ProductId = product!.Id,
            Status = ContractStatus.Active,
            Price = price ?? product.ListPrice,
            Currency = product.Currency,
            BillingPeriod = period,
            StartedAt = startedAt,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        contract.Changes.Add(new ContractChange
        {
            CustomerId = contract.CustomerId,
            Kind = ContractChangeKind.SignUp,
            At = startedAt,
            ProductId = product.Id,
            Price = contract.Price,
            AgentId = agent?.UserId,
            AgentName = agent?.Name,
        });
        db.Contracts.Add(contract);
        if (agent is not null)
        {
            var text = ContractTexts.SignUp(customer.PreferredLanguage, product, contract);
            LogOnTimeline(contract.CustomerId, customer.PreferredLanguage, channel, JourneyMoment.Purchase, text, now, agent);
        }

        await Saves.Save(db, "contract", null, null, ct);
        return (await Get(contract.Id, ct))!;
    }

    public async Task<ContractDetail?> Get(long id, CancellationToken ct = default)
    {
        var contract = await db.Contracts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (contract is null)
        {
            return null;
        }

        var changes = await db.ContractChanges.AsNoTracking().Where(x => x.ContractId == id)
            .OrderBy(x => x.At).ThenBy(x => x.Id).ToListAsync(ct);
        var products = await ProductService.Refs(db, changes.SelectMany(x => new[] { x.ProductId, x.PreviousProductId ?? x.ProductId }).Append(contract.ProductId), ct);
        var names = await CustomerNames([contract.CustomerId], ct);
        return new ContractDetail(
            ToDto(contract, names, products),
            changes.Select(x => new ContractChangeDto(
                x.Id, x.Kind, x.At, Ref(products, x.ProductId), x.PreviousProductId is { } previous ? Ref(products, previous) : null,
                x.Price, x.PreviousPrice, x.Reason, x.AgentId, x.AgentName)).ToList());
    }

    public async Task<Page<ContractDto>> List(ContractQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        var status = CommerceInput.OptionalEnum<ContractStatus>(query.Status, "status", errors);
        var after = CommerceInput.ReadTimeCursor(query.Cursor, errors);
        errors.ThrowIfInvalid();

        var q = db.Contracts.AsNoTracking();
        if (query.CustomerId is { } customerId)
        {
            q = q.Where(c => c.CustomerId == customerId);
        }

        if (status is { } st)
        {
            q = q.Where(c => c.Status == st);
        }

        if (query.ProductId is { } productId)
        {
            q = q.Where(c => c.ProductId == productId);
        }

        if (after is { } a)
        {
            q = q.Where(c => c.StartedAt < a.At || (c.StartedAt == a.At && c.Id < a.Id));
        }

        var rows = await q.OrderByDescending(c => c.StartedAt).ThenByDescending(c => c.Id).Take(limit + 1).ToListAsync(ct);
        var hasMore = rows.Count > limit;
        rows = rows.Take(limit).ToList();
        var products = await ProductService.Refs(db, rows.Select(r => r.ProductId), ct);
        var names = await CustomerNames(rows.Select(r => r.CustomerId), ct);
        var items = rows.Select(r => ToDto(r, names, products)).ToList();
        return new Page<ContractDto>(items, hasMore ? CommerceInput.TimeCursor(rows[^1].StartedAt, rows[^1].Id) : null);
    }

    /// <summary>Changes the plan: product, price or both. Null when the contract does not exist.</summary>
    /// <exception cref="ConflictException">When the contract is not active.</exception>
    public async Task<ContractDetail?> Modify(long id, ContractModificationInput input, long? expectedVersion, Actor? agent, CancellationToken ct = default)
    {
        var contract = await db.Contracts.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (contract is null)
        {
            return null;
        }

        CommerceInput.CheckVersion(contract.Version, expectedVersion, "contract");
        if (!CommerceRules.CanModify(contract.Status))
        {
            throw new ConflictException("The contract is cancelled: only active contracts can be modified.");
        }

        var now = CommerceInput.Now(clock);
        var errors = new ValidationErrors();
        var channel = CommerceInput.Enum(input.Channel, "channel", Channel.Phone, errors);
        var reason = CommerceInput.Text(input.Reason, "reason", CommerceInput.MaxReasonLength, errors);
        var at = EffectiveAt(input.EffectiveAt, contract, now, errors);
        var price = CommerceInput.Amount(input.Price, "price", errors);
        var current = await db.Products.AsNoTracking().FirstAsync(p => p.Id == contract.ProductId, ct);
        var product = current;
        if (input.ProductId is { } productId && productId != contract.ProductId)
        {
            product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId, ct);
            CheckSellable(product, productId, "productId", errors);
        }

        var productChanges = product is not null && product.Id != contract.ProductId;
        var newPrice = price ?? (productChanges ? product!.ListPrice : contract.Price);
        if (errors.IsValid && !productChanges && newPrice == contract.Price)
        {
            errors.Add(input.Price is null ? "productId" : "price", "Change the product, the price or both.");
        }

        errors.ThrowIfInvalid();

        var change = new ContractChange
        {
            ContractId = contract.Id,
            CustomerId = contract.CustomerId,
            Kind = ContractChangeKind.Modification,
            At = at,
            ProductId = product!.Id,
            PreviousProductId = contract.ProductId,
            Price = newPrice,
            PreviousPrice = contract.Price,
            Reason = reason,
            AgentId = agent?.UserId,
            AgentName = agent?.Name,
        };
        db.ContractChanges.Add(change);
        var previousPrice = contract.Price;
        var previousCurrency = contract.Currency;
        contract.ProductId = product.Id;
        contract.Price = newPrice;
        contract.Currency = product.Currency;
        Touch(contract, now);
        if (agent is not null)
        {
            var language = await Language(contract.CustomerId, ct);
            var text = ContractTexts.Modification(language, current, product, previousPrice, previousCurrency, contract, reason);
            LogOnTimeline(contract.CustomerId, language, channel, JourneyMoment.PostPurchase, text, now, agent);
        }

        await Saves.Save(db, "contract", null, null, ct);
        return await Get(id, ct);
    }

    /// <summary>Cancels the contract (baja). Null when it does not exist.</summary>
    /// <exception cref="ConflictException">When the contract is already cancelled.</exception>
    public async Task<ContractDetail?> Cancel(long id, ContractCancellationInput input, long? expectedVersion, Actor? agent, CancellationToken ct = default)
    {
        var contract = await db.Contracts.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (contract is null)
        {
            return null;
        }

        CommerceInput.CheckVersion(contract.Version, expectedVersion, "contract");
        if (!CommerceRules.CanCancel(contract.Status))
        {
            throw new ConflictException("The contract is already cancelled.");
        }

        var now = CommerceInput.Now(clock);
        var errors = new ValidationErrors();
        var channel = CommerceInput.Enum(input.Channel, "channel", Channel.Phone, errors);
        var reason = CommerceInput.Text(input.Reason, "reason", CommerceInput.MaxReasonLength, errors, required: true);
        var at = EffectiveAt(input.EffectiveAt, contract, now, errors);
        errors.ThrowIfInvalid();

        db.ContractChanges.Add(new ContractChange
        {
            ContractId = contract.Id,
            CustomerId = contract.CustomerId,
            Kind = ContractChangeKind.Cancellation,
            At = at,
            ProductId = contract.ProductId,
            Price = contract.Price,
            Reason = reason,
            AgentId = agent?.UserId,
            AgentName = agent?.Name,
        });
        contract.Status = ContractStatus.Cancelled;
        contract.CancelledAt = at;
        contract.CancelReason = reason;
        Touch(contract, now);
        if (agent is not null)
        {
            var language = await Language(contract.CustomerId, ct);
            var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == contract.ProductId, ct);
            var text = ContractTexts.Cancellation(language, product, contract);
            LogOnTimeline(contract.CustomerId, language, channel, JourneyMoment.PostPurchase, text, now, agent);
        }

        await Saves.Save(db, "contract", null, null, ct);
        return await Get(id, ct);
    }

    private static DateTime EffectiveAt(DateTime? given, Contract contract, DateTime now, ValidationErrors errors)
    {
        var at = given is { } g ? CommerceInput.Moment(g) : now;
        CommerceInput.CheckRange(at, now, "effectiveAt", errors, allowFuture: true);
        if (at < contract.StartedAt)
        {
            errors.Add("effectiveAt", "Cannot be before the contract started.");
        }

        return at;
    }

    private static void CheckSellable(Product? product, long? id, string field, ValidationErrors errors)
    {
        if (id is null)
        {
            return;
        }

        if (product is null)
        {
            errors.Add(field, "No product has this id.");
        }
        else if (!product.Active)
        {
            errors.Add(field, "The product is not active: it can no longer be contracted.");
        }
    }

    private static void Touch(Contract contract, DateTime now)
    {
        contract.UpdatedAt = now;
        contract.Version++;
    }

    private async Task<string> Language(long customerId, CancellationToken ct) =>
        await db.Customers.Where(c => c.Id == customerId).Select(c => c.PreferredLanguage).FirstOrDefaultAsync(ct) ?? "es";

    private void LogOnTimeline(long customerId, string language, Channel channel, JourneyMoment moment, (string Subject, string Body) text, DateTime now, Actor agent)
    {
        var input = new InteractionInput(EnumText.Camel(channel), "inbound", text.Subject, text.Body, EnumText.Camel(moment), now);
        InteractionService.Validate(input, now, out var interaction).ThrowIfInvalid();
        interaction.CustomerId = customerId;
        interaction.AgentId = agent.UserId;
        interaction.AgentName = agent.Name;
        interaction.CreatedAt = now;
        interaction.SearchTerms = InteractionService.IndexTerms(interaction.Subject, interaction.Body, language);
        db.Interactions.Add(interaction);
    }

    private async Task<Dictionary<long, string>> CustomerNames(IEnumerable<long> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Customers.AsNoTracking().Where(c => wanted.Contains(c.Id))
            .Select(c => new { c.Id, c.DisplayName }).ToDictionaryAsync(c => c.Id, c => c.DisplayName, ct);
    }

    private static ProductRef Ref(Dictionary<long, ProductRef> products, long id) =>
        products.TryGetValue(id, out var p) ? p : new ProductRef(id, id.ToString(CultureInfo.InvariantCulture), "", "");

    private static ContractDto ToDto(Contract c, Dictionary<long, string> names, Dictionary<long, ProductRef> products) => new(
        c.Id, c.CustomerId, names.GetValueOrDefault(c.CustomerId, ""), Ref(products, c.ProductId), c.Status, c.Price, c.Currency, c.BillingPeriod,
        c.StartedAt, c.CancelledAt, c.CancelReason, c.CreatedAt, c.UpdatedAt, c.Version);
}

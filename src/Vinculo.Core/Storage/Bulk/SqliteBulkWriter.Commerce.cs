using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Storage.Bulk;

internal sealed partial class SqliteBulkWriter
{
    private readonly SqliteIds _ids = new();
    private BatchInsert<Contract>? _contracts;
    private BatchInsert<ContractChange>? _contractChanges;
    private BatchInsert<Order>? _orders;
    private BatchInsert<OrderLine>? _orderLines;
    private BatchInsert<Invoice>? _invoices;
    private BatchInsert<Payment>? _payments;
    private BatchInsert<ProductReturn>? _returns;
    private BatchInsert<WarrantyClaim>? _claims;

    protected override Task<IReadOnlyList<long>> ReserveIds(string table, int count, CancellationToken ct)
    {
        var tx = _transaction ?? throw new InvalidOperationException("Call Begin first.");
        return Task.FromResult<IReadOnlyList<long>>(new IdRange(_ids.Reserve(_connection, tx, table, count), count));
    }

    private static long Micros(DateTime value) => Timestamps.ToMicroseconds(value);

    private static long? Micros(DateTime? value) => value is { } v ? Timestamps.ToMicroseconds(v) : null;

    private static long Money(decimal value) => Money4.ToScaled(value);

    protected override Task WriteCommerceRows(CommerceBatch batch, CancellationToken ct)
    {
        _ = _transaction ?? throw new InvalidOperationException("Call Begin first.");
        var db = _connection.Handle!;
        (_contracts ??= new(db, "contracts", ContractColumns, 13, static (s, o, c) =>
        {
            s.Long(o + 1, c.Id);
            s.Long(o + 2, c.CustomerId);
            s.Long(o + 3, c.ProductId);
            s.Int(o + 4, (int)c.Status);
            s.Long(o + 5, Money(c.Price));
            s.Text(o + 6, c.Currency);
            s.Int(o + 7, (int)c.BillingPeriod);
            s.Long(o + 8, Micros(c.StartedAt));
            s.NullableLong(o + 9, Micros(c.CancelledAt));
            s.Text(o + 10, c.CancelReason);
            s.Long(o + 11, Micros(c.CreatedAt));
            s.Long(o + 12, Micros(c.UpdatedAt));
            s.Long(o + 13, c.Version);
        })).Insert(batch.Contracts, ct);
        (_contractChanges ??= new(db, "contract_changes", ContractChangeColumns, 11, static (s, o, x) =>
        {
            s.Long(o + 1, x.ContractId);
            s.Long(o + 2, x.CustomerId);
            s.Int(o + 3, (int)x.Kind);
            s.Long(o + 4, Micros(x.At));
            s.Long(o + 5, x.ProductId);
            s.NullableLong(o + 6, x.PreviousProductId);
            s.Long(o + 7, Money(x.Price));
            s.NullableLong(o + 8, x.PreviousPrice is { } p ? Money(p) : null);
            s.Text(o + 9, x.Reason);
            s.Text(o + 10, x.AgentId);
            s.Text(o + 11, x.AgentName);
        })).Insert(batch.Contracts.SelectMany(c => c.Changes).ToList(), ct);
        (_orders ??= new(db, "orders", OrderColumns, 13, static (s, o, x) =>
        {
            s.Long(o + 1, x.Id);
            s.NullableLong(o + 2, x.CustomerId);
            s.Text(o + 3, x.Number);
            s.Text(o + 4, x.Source);
            s.Int(o + 5, (int)x.Channel);
            s.Int(o + 6, (int)x.Status);
            s.Long(o + 7, Micros(x.OrderedAt));
            s.Text(o + 8, x.Currency);
            s.Long(o + 9, Money(x.Total));
            s.Int(o + 10, x.LineCount);
            s.Long(o + 11, Micros(x.CreatedAt));
            s.Long(o + 12, Micros(x.UpdatedAt));
            s.Long(o + 13, x.Version);
        })).Insert(batch.Orders, ct);
        (_orderLines ??= new(db, "order_lines", OrderLineColumns, 10, static (s, o, x) =>
        {
            s.Long(o + 1, x.Id);
            s.Long(o + 2, x.OrderId);
            s.NullableLong(o + 3, x.CustomerId);
            s.Long(o + 4, x.ProductId);
            s.Int(o + 5, x.LineNo);
            s.Text(o + 6, x.Description);
            s.Int(o + 7, x.Quantity);
            s.Long(o + 8, Money(x.UnitPrice));
            s.Long(o + 9, Money(x.Discount));
            s.Int(o + 10, x.ReturnedQuantity);
        })).Insert(batch.Orders.SelectMany(x => x.Lines).ToList(), ct);
        (_invoices ??= new(db, "invoices", InvoiceColumns, 16, static (s, o, x) =>
        {
            s.Long(o + 1, x.Id);
            s.Long(o + 2, x.CustomerId);
            s.Text(o + 3, x.Number);
            s.Int(o + 4, (int)x.Kind);
            s.NullableLong(o + 5, x.OrderId);
            s.NullableLong(o + 6, x.ContractId);
            s.NullableLong(o + 7, x.CreditedInvoiceId);
            s.Long(o + 8, Micros(x.IssuedAt));
            s.Long(o + 9, Micros(x.DueAt));
            s.Text(o + 10, x.Currency);
            s.Long(o + 11, Money(x.Total));
            s.Long(o + 12, Money(x.Settled));
            s.Int(o + 13, (int)x.Status);
            s.Long(o + 14, Micros(x.CreatedAt));
            s.Long(o + 15, Micros(x.UpdatedAt));
            s.Long(o + 16, x.Version);
        })).Insert(batch.Invoices, ct);
        (_payments ??= new(db, "payments", PaymentColumns, 8, static (s, o, x) =>
        {
            s.Long(o + 1, x.CustomerId);
            s.NullableLong(o + 2, x.InvoiceId);
            s.Int(o + 3, (int)x.Method);
            s.Long(o + 4, Micros(x.PaidAt));
            s.Long(o + 5, Money(x.Amount));
            s.Text(o + 6, x.Currency);
            s.Text(o + 7, x.Reference);
            s.Long(o + 8, Micros(x.CreatedAt));
        })).Insert(batch.Payments, ct);
        (_returns ??= new(db, "returns", ReturnColumns, 17, static (s, o, x) =>
        {
            s.NullableLong(o + 1, x.CustomerId);
            s.NullableLong(o + 2, x.OrderId);
            s.NullableLong(o + 3, x.OrderLineId);
            s.Long(o + 4, x.ProductId);
            s.Int(o + 5, x.Quantity);
            s.Int(o + 6, (int)x.Reason);
            s.Text(o + 7, x.Note);
            s.Long(o + 8, Money(x.RefundAmount));
            s.Text(o + 9, x.Currency);
            s.Int(o + 10, (int)x.Status);
            s.Long(o + 11, Micros(x.RequestedAt));
            s.NullableLong(o + 12, Micros(x.ResolvedAt));
            s.Text(o + 13, x.Source);
            s.Text(o + 14, x.ExternalKey);
            s.Long(o + 15, Micros(x.CreatedAt));
            s.Long(o + 16, Micros(x.UpdatedAt));
            s.Long(o + 17, x.Version);
        })).Insert(batch.Returns, ct);
        (_claims ??= new(db, "warranty_claims", ClaimColumns, 11, static (s, o, x) =>
        {
            s.Long(o + 1, x.CustomerId);
            s.Long(o + 2, x.OrderLineId);
            s.Long(o + 3, x.ProductId);
            s.Long(o + 4, Micros(x.ClaimedAt));
            s.Long(o + 5, Micros(x.ExpiresAt));
            s.Text(o + 6, x.Description);
            s.Int(o + 7, (int)x.Status);
            s.Text(o + 8, x.Resolution);
            s.Long(o + 9, Micros(x.CreatedAt));
            s.Long(o + 10, Micros(x.UpdatedAt));
            s.Long(o + 11, x.Version);
        })).Insert(batch.Claims, ct);
        return Task.CompletedTask;
    }

    private void DisposeCommerce()
    {
        foreach (var statement in new IDisposable?[] { _contracts, _contractChanges, _orders, _orderLines, _invoices, _payments, _returns, _claims })
        {
            statement?.Dispose();
        }
    }
}

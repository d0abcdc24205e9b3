using Npgsql;
using NpgsqlTypes;
using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Storage.Bulk;

internal sealed partial class PostgresBulkWriter
{
    protected override async Task<IReadOnlyList<long>> ReserveIds(string table, int count, CancellationToken ct) =>
        await PostgresIds.Reserve(_connection, _transaction ?? throw new InvalidOperationException("Call Begin first."), table, count, ct);

    protected override async Task WriteCommerceRows(CommerceBatch batch, CancellationToken ct)
    {
        _ = _transaction ?? throw new InvalidOperationException("Call Begin first.");
        await Copy(batch.Contracts, $"contracts ({ContractColumns})", (w, c) =>
        {
            w.Write(c.Id, NpgsqlDbType.Bigint);
            w.Write(c.CustomerId, NpgsqlDbType.Bigint);
            w.Write(c.ProductId, NpgsqlDbType.Bigint);
            w.Write((int)c.Status, NpgsqlDbType.Integer);
            w.Write(Money4.ToScaled(c.Price), NpgsqlDbType.Bigint);
            w.Write(c.Currency, NpgsqlDbType.Text);
            w.Write((int)c.BillingPeriod, NpgsqlDbType.Integer);
            w.Write(Utc(c.StartedAt), NpgsqlDbType.TimestampTz);
            Time(w, c.CancelledAt);
            Text(w, c.CancelReason);
            w.Write(Utc(c.CreatedAt), NpgsqlDbType.TimestampTz);
            w.Write(Utc(c.UpdatedAt), NpgsqlDbType.TimestampTz);
            w.Write(c.Version, NpgsqlDbType.Bigint);
        }, ct);
        await Copy(batch.Contracts.SelectMany(c => c.Changes), $"contract_changes ({ContractChangeColumns})", (w, x) =>
        {
            w.Write(x.ContractId, NpgsqlDbType.Bigint);
            w.Write(x.CustomerId, NpgsqlDbType.Bigint);
            w.Write((int)x.Kind, NpgsqlDbType.Integer);
            w.Write(Utc(x.At), NpgsqlDbType.TimestampTz);
            w.Write(x.ProductId, NpgsqlDbType.Bigint);
            Long(w, x.PreviousProductId);
            w.Write(Money4.ToScaled(x.Price), NpgsqlDbType.Bigint);
            Long(w, x.PreviousPrice is { } p ? Money4.ToScaled(p) : null);
            Text(w, x.Reason);
            Text(w, x.AgentId);
            Text(w, x.AgentName);
        }, ct);
        await Copy(batch.Orders, $"orders ({OrderColumns})", (w, x) =>
        {
            w.Write(x.Id, NpgsqlDbType.Bigint);
            Long(w, x.CustomerId);
            w.Write(x.Number, NpgsqlDbType.Text);
            Text(w, x.Source);
            w.Write((int)x.Channel, NpgsqlDbType.Integer);
            w.Write((int)x.Status, NpgsqlDbType.Integer);
            w.Write(Utc(x.OrderedAt), NpgsqlDbType.TimestampTz);
            w.Write(x.Currency, NpgsqlDbType.Text);
            w.Write(Money4.ToScaled(x.Total), NpgsqlDbType.Bigint);
            w.Write(x.LineCount, NpgsqlDbType.Integer);
            w.Write(Utc(x.CreatedAt), NpgsqlDbType.TimestampTz);
            w.Write(Utc(x.UpdatedAt), NpgsqlDbType.TimestampTz);
            w.Write(x.Version, NpgsqlDbType.Bigint);
        }, ct);
        await Copy(batch.Orders.SelectMany(o => o.Lines), $"order_lines ({OrderLineColumns})", (w, x) =>
        {
            w.Write(x.Id, NpgsqlDbType.Bigint);
            w.Write(x.OrderId, NpgsqlDbType.Bigint);
            Long(w, x.CustomerId);
            w.Write(x.ProductId, NpgsqlDbType.Bigint);
            w.Write(x.LineNo, NpgsqlDbType.Integer);
            Text(w, x.Description);
            w.Write(x.Quantity, NpgsqlDbType.Integer);
            w.Write(Money4.ToScaled(x.UnitPrice), NpgsqlDbType.Bigint);
            w.Write(Money4.ToScaled(x.Discount), NpgsqlDbType.Bigint);
            w.Write(x.ReturnedQuantity, NpgsqlDbType.Integer);
        }, ct);
        await Copy(batch.Invoices, $"invoices ({InvoiceColumns})", (w, x) =>
        {
            w.Write(x.Id, NpgsqlDbType.Bigint);
            w.Write(x.CustomerId, NpgsqlDbType.Bigint);
            w.Write(x.Number, NpgsqlDbType.Text);
            w.Write((int)x.Kind, NpgsqlDbType.Integer);
            Long(w, x.OrderId);
            Long(w, x.ContractId);
            Long(w, x.CreditedInvoiceId);
            w.Write(Utc(x.IssuedAt), NpgsqlDbType.TimestampTz);
            w.Write(Utc(x.DueAt), NpgsqlDbType.TimestampTz);
            w.Write(x.Currency, NpgsqlDbType.Text);
            w.Write(Money4.ToScaled(x.Total), NpgsqlDbType.Bigint);
            w.Write(Money4.ToScaled(x.Settled), NpgsqlDbType.Bigint);
            w.Write((int)x.Status, NpgsqlDbType.Integer);
            w.Write(Utc(x.CreatedAt), NpgsqlDbType.TimestampTz);
            w.Write(Utc(x.UpdatedAt), NpgsqlDbType.TimestampTz);
            w.Write(x.Version, NpgsqlDbType.Bigint);
        }, ct);
        await Copy(batch.Payments, $"payments ({PaymentColumns})", (w, x) =>
        {
            w.Write(x.CustomerId, NpgsqlDbType.Bigint);
            Long(w, x.InvoiceId);
            w.Write((int)x.Method, NpgsqlDbType.Integer);
            w.Write(Utc(x.PaidAt), NpgsqlDbType.TimestampTz);
            w.Write(Money4.ToScaled(x.Amount), NpgsqlDbType.Bigint);
            w.Write(x.Currency, NpgsqlDbType.Text);
            Text(w, x.Reference);
            w.Write(Utc(x.CreatedAt), NpgsqlDbType.TimestampTz);
        }, ct);
        await Copy(batch.Returns, $"returns ({ReturnColumns})", (w, x) =>
        {
            Long(w, x.CustomerId);
            Long(w, x.OrderId);
            Long(w, x.OrderLineId);
            w.Write(x.ProductId, NpgsqlDbType.Bigint);
            w.Write(x.Quantity, NpgsqlDbType.Integer);
            w.Write((int)x.Reason, NpgsqlDbType.Integer);
            Text(w, x.Note);
            w.Write(Money4.ToScaled(x.RefundAmount), NpgsqlDbType.Bigint);
            w.Write(x.Currency, NpgsqlDbType.Text);
            w.Write((int)x.Status, NpgsqlDbType.Integer);
            w.Write(Utc(x.RequestedAt), NpgsqlDbType.TimestampTz);
            Time(w, x.ResolvedAt);
            Text(w, x.Source);
            Text(w, x.ExternalKey);
            w.Write(Utc(x.CreatedAt), NpgsqlDbType.TimestampTz);
            w.Write(Utc(x.UpdatedAt), NpgsqlDbType.TimestampTz);
            w.Write(x.Version, NpgsqlDbType.Bigint);
        }, ct);
        await Copy(batch.Claims, $"warranty_claims ({ClaimColumns})", (w, x) =>
        {
            w.Write(x.CustomerId, NpgsqlDbType.Bigint);
            w.Write(x.OrderLineId, NpgsqlDbType.Bigint);
            w.Write(x.ProductId, NpgsqlDbType.Bigint);
            w.Write(Utc(x.ClaimedAt), NpgsqlDbType.TimestampTz);
            w.Write(Utc(x.ExpiresAt), NpgsqlDbType.TimestampTz);
            w.Write(x.Description, NpgsqlDbType.Text);
            w.Write((int)x.Status, NpgsqlDbType.Integer);
            Text(w, x.Resolution);
            w.Write(Utc(x.CreatedAt), NpgsqlDbType.TimestampTz);
            w.Write(Utc(x.UpdatedAt), NpgsqlDbType.TimestampTz);
            w.Write(x.Version, NpgsqlDbType.Bigint);
        }, ct);
    }

    private static void Long(NpgsqlBinaryImporter w, long? value) => NpgsqlCopy.Long(w, value);

    private static void Time(NpgsqlBinaryImporter w, DateTime? value) => NpgsqlCopy.Time(w, value);
}

using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Storage.Bulk;

/// <summary>
/// Commerce rows to write in bulk, linked by object reference rather than id: the writer reserves ids, numbers orders
/// and invoices that have none, and copies each id onto the rows that refer to it (lines → order, changes → contract,
/// payments → invoice, returns and claims → order line).
/// </summary>
public sealed class CommerceBatch
{
    /// <summary>Orders without a number get this prefix and their id ("D000000123").</summary>
    public string OrderNumberPrefix { get; init; } = "P";
    public string InvoiceNumberPrefix { get; init; } = "F";
    /// <summary>The orders' and returns' source (import or "demo").</summary>
    public string? Source { get; init; }

    /// <summary>Contracts with their <see cref="Contract.Changes"/>.</summary>
    public List<Contract> Contracts { get; } = [];
    /// <summary>Orders with their <see cref="Order.Lines"/>.</summary>
    public List<Order> Orders { get; } = [];
    public List<Invoice> Invoices { get; } = [];
    /// <summary>Parallel to <see cref="Invoices"/>: the order invoiced, if any.</summary>
    public List<Order?> InvoiceOrder { get; } = [];
    /// <summary>Parallel to <see cref="Invoices"/>: the contract invoiced, if any.</summary>
    public List<Contract?> InvoiceContract { get; } = [];
    public List<Payment> Payments { get; } = [];
    /// <summary>Parallel to <see cref="Payments"/>: the invoice paid, or null for money on account.</summary>
    public List<Invoice?> PaymentInvoice { get; } = [];
    public List<ProductReturn> Returns { get; } = [];
    /// <summary>Parallel to <see cref="Returns"/>: the order line returned.</summary>
    public List<(Order Order, OrderLine Line)> ReturnLine { get; } = [];
    public List<WarrantyClaim> Claims { get; } = [];
    /// <summary>Parallel to <see cref="Claims"/>: the order line claimed on.</summary>
    public List<OrderLine> ClaimLine { get; } = [];

    public long OrderLineCount => Orders.Sum(o => (long)o.Lines.Count);

    /// <summary>Sets ids from the reserved ranges and copies them onto the rows that refer to them.</summary>
    internal void Link(IReadOnlyList<long> contractIds, IReadOnlyList<long> orderIds, IReadOnlyList<long> lineIds, IReadOnlyList<long> invoiceIds)
    {
        for (var i = 0; i < Contracts.Count; i++)
        {
            var c = Contracts[i];
            c.Id = contractIds[i];
            foreach (var change in c.Changes)
            {
                change.ContractId = c.Id;
            }
        }

        var l = 0;
        for (var i = 0; i < Orders.Count; i++)
        {
            var o = Orders[i];
            o.Id = orderIds[i];
            if (o.Number.Length == 0)
            {
                o.Number = OrderNumberPrefix + o.Id.ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
            }

            foreach (var line in o.Lines)
            {
                line.Id = lineIds[l++];
                line.OrderId = o.Id;
            }
        }

        for (var i = 0; i < Invoices.Count; i++)
        {
            var inv = Invoices[i];
            inv.Id = invoiceIds[i];
            if (inv.Number.Length == 0)
            {
                inv.Number = InvoiceNumberPrefix + inv.Id.ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
            }

            inv.OrderId = InvoiceOrder[i]?.Id;
            inv.ContractId = InvoiceContract[i]?.Id;
        }

        for (var i = 0; i < Payments.Count; i++)
        {
            Payments[i].InvoiceId = PaymentInvoice[i]?.Id;
        }

        for (var i = 0; i < Returns.Count; i++)
        {
            Returns[i].OrderId = ReturnLine[i].Order.Id;
            Returns[i].OrderLineId = ReturnLine[i].Line.Id;
        }

        for (var i = 0; i < Claims.Count; i++)
        {
            Claims[i].OrderLineId = ClaimLine[i].Id;
        }
    }
}

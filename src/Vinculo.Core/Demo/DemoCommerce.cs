using Vinculo.Core.Storage.Bulk;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Demo;

/// <summary>
/// The demo company's commercial history for customers already generated: telecom contracts with their changes and
/// monthly invoices, orders of goods with their invoices, payments (some partial, some missing: the overdue debt),
/// returns and warranty claims. Its own seeded <see cref="Random"/>, so adding commerce does not change the customers and
/// interactions a seed produces.
/// </summary>
internal sealed class DemoCommerce
{
    private readonly Random _rng;
    private readonly DateTime _now;
    private readonly IReadOnlyDictionary<string, long> _productIds;
    private readonly DemoProduct[] _goods;
    private readonly DemoProduct[] _personalPlans;
    private readonly DemoProduct[] _businessPlans;
    private readonly Dictionary<long, int> _warrantyMonths;

    public DemoCommerce(int seed, DateTime now, IReadOnlyDictionary<string, long> productIds)
    {
        _rng = new Random(unchecked(seed * 7919 + 17));
        _now = now;
        _productIds = productIds;
        _goods = DemoCatalog.Products.Where(p => p.Sale == DemoSale.Goods).ToArray();
        _personalPlans = DemoCatalog.Products.Where(p => p.Sale == DemoSale.Contract && p.Category != "Empresas").ToArray();
        _businessPlans = DemoCatalog.Products.Where(p => p.Sale == DemoSale.Contract && p.Category == "Empresas").ToArray();
        _warrantyMonths = DemoCatalog.Products.ToDictionary(p => productIds[p.Sku], p => p.WarrantyMonths);
    }

    /// <summary>Commerce for <paramref name="customers"/> (ids assigned); exactly <paramref name="orderLinesPerCustomer"/> order lines each.</summary>
    public CommerceBatch Next(IReadOnlyList<Customer> customers, int orderLinesPerCustomer)
    {
        var batch = new CommerceBatch { OrderNumberPrefix = "D", InvoiceNumberPrefix = "FD", Source = "demo" };
        foreach (var customer in customers)
        {
            AddContracts(batch, customer);
            AddOrders(batch, customer, orderLinesPerCustomer);
            if (_rng.Next(100) == 0)
            {
                batch.Payments.Add(new Payment
                {
                    CustomerId = customer.Id, Method = PaymentMethod.Transfer, Amount = 10m * (1 + _rng.Next(10)),
                    PaidAt = Between(customer.CreatedAt, _now), Currency = "EUR", Reference = "Pago a cuenta", CreatedAt = _now,
                });
                batch.PaymentInvoice.Add(null);
            }
        }

        return batch;
    }

    private void AddContracts(CommerceBatch batch, Customer customer)
    {
        var plans = new List<DemoProduct>();
        if (customer.Kind == CustomerKind.Company)
        {
            plans.AddRange(_businessPlans.Where(_ => _rng.Next(100) < 45));
        }
        else
        {
            foreach (var tag in customer.Tags)
            {
                var options = _personalPlans.Where(p => p.Tag == tag.Tag).ToArray();
                if (options.Length > 0 && _rng.Next(100) < 90)
                {
                    plans.Add(options[_rng.Next(options.Length)]);
                }
            }
        }

        foreach (var plan in plans)
        {
            var started = Between(customer.CreatedAt, _now.AddDays(-20));
            var price = _rng.Next(100) < 20 ? CommerceMath.Cents(plan.Price * 0.9m) : plan.Price;
            var contract = new Contract
            {
                CustomerId = customer.Id, ProductId = _productIds[plan.Sku], Price = price, Currency = "EUR", StartedAt = started,
                CreatedAt = started, UpdatedAt = started, Version = 1,
            };
            contract.Changes.Add(new ContractChange
            {
                CustomerId = customer.Id, Kind = ContractChangeKind.SignUp, At = started, ProductId = contract.ProductId, Price = price,
            });
            if (_rng.Next(100) < 20)
            {
                var at = Between(started, _now.AddDays(-5));
                var newPrice = CommerceMath.Cents(price * (_rng.Next(2) == 0 ? 1.1m : 0.85m));
                contract.Changes.Add(new ContractChange
                {
                    CustomerId = customer.Id, Kind = ContractChangeKind.Modification, At = at, ProductId = contract.ProductId,
                    PreviousProductId = contract.ProductId, Price = newPrice, PreviousPrice = price,
                    Reason = Pick(DemoCatalog.ModificationReasons), AgentName = "Equipo comercial",
                });
                contract.Price = newPrice;
                contract.UpdatedAt = at;
                contract.Version++;
            }

            if (customer.Lifecycle == Lifecycle.Former || _rng.Next(100) < 8)
            {
                var at = Between(contract.UpdatedAt, _now);
                var reason = Pick(DemoCatalog.CancelReasons);
                contract.Status = ContractStatus.Cancelled;
                contract.CancelledAt = at;
                contract.CancelReason = reason;
                contract.UpdatedAt = at;
                contract.Version++;
                contract.Changes.Add(new ContractChange
                {
                    CustomerId = customer.Id, Kind = ContractChangeKind.Cancellation, At = at, ProductId = contract.ProductId,
                    PreviousProductId = contract.ProductId, Price = contract.Price, PreviousPrice = contract.Price, Reason = reason,
                    AgentName = "Equipo de bajas",
                });
            }

            batch.Contracts.Add(contract);

            // The last three monthly invoices while the contract was active.
            for (var k = 3; k >= 1; k--)
            {
                var issued = new DateTime(_now.Year, _now.Month, 1, 6, 0, 0, DateTimeKind.Utc).AddMonths(-k + 1);
                if (issued < started || issued > _now || (contract.CancelledAt is { } end && issued > end))
                {
                    continue;
                }

                AddInvoice(batch, customer, issued, issued.AddDays(15), contract.Price, null, contract);
            }
        }
    }

    private void AddOrders(CommerceBatch batch, Customer customer, int lines)
    {
        var remaining = lines;
        while (remaining > 0)
        {
            var count = Math.Min(remaining, 1 + _rng.Next(4));
            remaining -= count;
            var orderedAt = Between(customer.CreatedAt, _now);
            var age = _now - orderedAt;
            var status = _rng.Next(100) < 2 ? OrderStatus.Cancelled
                : age.TotalDays < 1 ? OrderStatus.Placed
                : age.TotalDays < 3 ? OrderStatus.Paid
                : age.TotalDays < 7 ? OrderStatus.Shipped
                : OrderStatus.Delivered;
            var order = new Order
            {
                CustomerId = customer.Id, Source = batch.Source, Channel = PickChannel(), Status = status, OrderedAt = orderedAt,
                Currency = "EUR", CreatedAt = orderedAt, UpdatedAt = orderedAt, Version = 1,
            };
            for (var n = 1; n <= count; n++)
            {
                var product = _goods[_rng.Next(_goods.Length)];
                var quantity = product.Category == "Textil hogar" ? 1 + _rng.Next(3) : 1;
                var discount = _rng.Next(100) < 15 ? CommerceMath.Cents(quantity * product.Price * 0.1m) : 0m;
                order.Lines.Add(new OrderLine
                {
                    CustomerId = customer.Id, ProductId = _productIds[product.Sku], LineNo = n, Description = product.NameEs,
                    Quantity = quantity, UnitPrice = product.Price, Discount = discount,
                });
            }

            order.LineCount = count;
            order.Total = order.Lines.Sum(l => l.Net);
            batch.Orders.Add(order);
            if (status == OrderStatus.Cancelled)
            {
                continue;
            }

            AddInvoice(batch, customer, orderedAt, orderedAt.AddDays(30), order.Total, order, null);
            if (status == OrderStatus.Delivered)
            {
                foreach (var line in order.Lines)
                {
                    AddAfterSales(batch, customer, order, line);
                }
            }
        }
    }

    private void AddAfterSales(CommerceBatch batch, Customer customer, Order order, OrderLine line)
    {
        if (_rng.Next(100) < 3)
        {
            var quantity = 1 + _rng.Next(line.Quantity);
            var requested = Min(order.OrderedAt.AddDays(3 + _rng.Next(23)), _now);
            var roll = _rng.Next(100);
            var status = roll < 70 ? ReturnStatus.Refunded : roll < 80 ? ReturnStatus.Rejected
                : roll < 88 ? ReturnStatus.Received : roll < 95 ? ReturnStatus.Approved : ReturnStatus.Requested;
            var reason = (ReturnReason)(1 + _rng.Next(6));
            batch.Returns.Add(new ProductReturn
            {
                CustomerId = customer.Id, ProductId = line.ProductId, Quantity = quantity, Reason = reason,
                Note = Pick(DemoCatalog.ReturnNotes), RefundAmount = CommerceMath.Cents(line.Net * quantity / line.Quantity), Currency = "EUR",
                Status = status, RequestedAt = requested, ResolvedAt = CommerceRules.IsFinal(status) ? Min(requested.AddDays(7), _now) : null,
                Source = batch.Source, CreatedAt = requested, UpdatedAt = requested, Version = 1,
            });
            batch.ReturnLine.Add((order, line));
            if (status != ReturnStatus.Rejected)
            {
                line.ReturnedQuantity += quantity;
            }
        }

        var warranty = _warrantyMonths[line.ProductId];
        if (warranty > 0 && _rng.Next(100) < 2)
        {
            var expires = CommerceRules.WarrantyExpiry(order.OrderedAt, warranty);
            var claimed = Between(order.OrderedAt.AddDays(20), Min(expires, _now));
            if (claimed > _now || claimed < order.OrderedAt)
            {
                return;
            }

            var roll = _rng.Next(100);
            var status = roll < 50 ? WarrantyStatus.Resolved : roll < 65 ? WarrantyStatus.Rejected : roll < 85 ? WarrantyStatus.Accepted : WarrantyStatus.Open;
            batch.Claims.Add(new WarrantyClaim
            {
                CustomerId = customer.Id, ProductId = line.ProductId, ClaimedAt = claimed, ExpiresAt = expires,
                Description = Pick(DemoCatalog.WarrantyDescriptions), Status = status,
                Resolution = status == WarrantyStatus.Resolved ? "Reparado por el servicio técnico" : status == WarrantyStatus.Rejected ? "Daño por mal uso" : null,
                CreatedAt = claimed, UpdatedAt = claimed, Version = 1,
            });
            batch.ClaimLine.Add(line);
        }
    }

    private void AddInvoice(CommerceBatch batch, Customer customer, DateTime issued, DateTime due, decimal total, Order? order, Contract? contract)
    {
        if (total <= 0)
        {
            return;
        }

        var invoice = new Invoice
        {
            CustomerId = customer.Id, IssuedAt = issued, DueAt = due, Currency = "EUR", Total = total, Status = InvoiceStatus.Open,
            CreatedAt = issued, UpdatedAt = issued, Version = 1,
        };
        batch.Invoices.Add(invoice);
        batch.InvoiceOrder.Add(order);
        batch.InvoiceContract.Add(contract);

        // Most invoices are paid around their due date; defaulters ("moroso") leave many unpaid.
        var defaulter = customer.Tags.Any(t => t.Tag == "moroso");
        var unpaidShare = due < _now ? (defaulter ? 50 : 4) : 40;
        if (_rng.Next(100) >= unpaidShare)
        {
            var latest = Min(due.AddDays(5), _now);
            var paidAt = Between(issued, latest > issued ? latest : issued.AddMinutes(1));
            if (paidAt > _now)
            {
                return;
            }

            AddPayment(batch, customer, invoice, total, paidAt);
            invoice.Settled = total;
            invoice.Status = InvoiceStatus.Paid;
            invoice.UpdatedAt = paidAt;
            invoice.Version++;
        }
        else if (_rng.Next(100) < 25)
        {
            var part = CommerceMath.Cents(total * (30 + _rng.Next(41)) / 100m);
            if (part > 0 && part < total)
            {
                AddPayment(batch, customer, invoice, part, Between(issued, _now));
                invoice.Settled = part;
                invoice.Version++;
            }
        }
    }

    private void AddPayment(CommerceBatch batch, Customer customer, Invoice invoice, decimal amount, DateTime paidAt)
    {
        var roll = _rng.Next(100);
        var method = roll < 45 ? PaymentMethod.DirectDebit : roll < 80 ? PaymentMethod.Card : roll < 92 ? PaymentMethod.Transfer
            : roll < 97 ? PaymentMethod.PayPal : PaymentMethod.Cash;
        batch.Payments.Add(new Payment
        {
            CustomerId = customer.Id, Method = method, PaidAt = paidAt, Amount = amount, Currency = "EUR", CreatedAt = paidAt,
        });
        batch.PaymentInvoice.Add(invoice);
    }

    private Channel PickChannel()
    {
        var roll = _rng.Next(100);
        return roll < 50 ? Channel.Web : roll < 80 ? Channel.InPerson : roll < 95 ? Channel.Phone : Channel.Email;
    }

    private DateTime Between(DateTime from, DateTime to)
    {
        var span = (to - from).Ticks;
        return span <= 0 ? from : Storage.Timestamps.Truncate(from.AddTicks(_rng.NextInt64(span)));
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private T Pick<T>(T[] items) => items[_rng.Next(items.Length)];
}

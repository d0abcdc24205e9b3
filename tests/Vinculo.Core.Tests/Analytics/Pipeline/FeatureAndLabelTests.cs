using Vinculo.Core.Analytics.Pipeline;

namespace Vinculo.Core.Tests.Analytics.Pipeline;

/// <summary>The feature and label queries on a hand-made star schema whose figures are worked out by hand.</summary>
public sealed class FeatureAndLabelTests : IDisposable
{
    private readonly StarSchema _w = new();

    public FeatureAndLabelTests()
    {
        // Customer 1: buys, is billed, complains, calls, returns.
        _w.Customer(1, "2024-01-01 00:00:00");
        _w.OrderLine(1, 100, "2024-01-10 10:00:00", 2, 10m, order: 1);
        _w.OrderLine(1, 101, "2024-03-01 09:00:00", 1, 30m, order: 2);
        _w.OrderLine(1, 101, "2024-03-01 09:00:00", 1, 99m, order: 3, status: "cancelled");
        _w.OrderLine(1, 102, "2024-06-30 18:00:00", 1, 5m, order: 4); // the latest event: reference date 2024-06-30
        _w.Invoice(1, "2024-01-01 00:00:00", "2024-01-31 00:00:00", 20m, "2024-02-15 12:00:00", "paid"); // 15 days late
        _w.Invoice(1, "2024-02-15 00:00:00", "2024-03-15 00:00:00", 40m, null); // overdue at the cutoff
        _w.Payment(1, 7, "2024-03-20 00:00:00", 10m); // (invoice id 7: the second invoice) partly paid before the cutoff
        _w.Invoice(1, "2024-03-20 00:00:00", "2024-04-20 00:00:00", 25m, null); // open, due after the cutoff, never paid: default
        _w.Invoice(1, "2024-03-21 00:00:00", "2024-03-22 00:00:00", 99m, null, "cancelled"); // ignored
        _w.Case(1, "2024-02-01 08:00:00", "complaint", breached: true);
        _w.Case(1, "2023-01-01 08:00:00"); // outside the 365-day window
        _w.Interaction(1, "2024-03-01 10:00:00");
        _w.Interaction(1, "2024-03-02 10:00:00", "outbound");
        _w.Interaction(1, "2024-05-01 10:00:00"); // after the cutoff
        _w.Return(1, 100, "2024-03-05 10:00:00", 1);

        // Customer 2: bought before the cutoff only: churned.
        _w.Customer(2);
        _w.OrderLine(2, 100, "2023-12-01 10:00:00", 1, 10m);
        // Customer 3: an active contract, never bought: retained.
        _w.Customer(3);
        _w.Contract(3, 200, "2023-01-01 00:00:00", null);
        // Customer 4: a contract cancelled in the horizon, no purchase: churned.
        _w.Customer(4);
        _w.Contract(4, 200, "2023-01-01 00:00:00", "2024-05-01 00:00:00");
        // Customer 5: first purchase after the cutoff: no churn label.
        _w.Customer(5);
        _w.OrderLine(5, 100, "2024-05-01 10:00:00", 1, 10m);
        // Customer 6: nothing at all (registered after the cutoff).
        _w.Customer(6, "2024-05-01 00:00:00");
        // Customers 7–9: invoices due in the horizon.
        _w.Customer(7);
        _w.Invoice(7, "2024-04-01 00:00:00", "2024-05-01 00:00:00", 10m, "2024-05-10 00:00:00", "paid"); // 9 days late: no
        _w.Customer(8);
        _w.Invoice(8, "2024-05-20 00:00:00", "2024-06-20 00:00:00", 10m, null); // 10 days past due: not yet
        _w.Customer(9);
        _w.Invoice(9, "2024-03-10 00:00:00", "2024-04-10 00:00:00", 10m, "2024-05-15 00:00:00", "paid"); // 35 days late: default
    }

    private static readonly DateOnly Reference = new(2024, 6, 30);
    private static readonly DateOnly Cutoff = Reference.AddDays(-90);

    [Fact]
    public async Task The_reference_date_is_the_latest_event_and_never_after_today()
    {
        Assert.Equal(Reference, await AnalyticsLabels.ReferenceDateAsync(_w.Connection, new DateOnly(2026, 1, 1), default));
        Assert.Equal(new DateOnly(2024, 5, 1), await AnalyticsLabels.ReferenceDateAsync(_w.Connection, new DateOnly(2024, 5, 1), default));
    }

    [Fact]
    public async Task Features_as_of_the_cutoff_see_nothing_after_it()
    {
        Assert.Equal(new DateOnly(2024, 4, 1), Cutoff);
        var table = await CustomerFeatures.ReadAsync(_w.Connection, Cutoff, default);
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8, 9], table.CustomerIds);
        var row = new double[CustomerFeatureKeys.All.Count];
        table.CopyRow(table.IndexOf(1), row);
        var f = CustomerFeatureKeys.All.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => row[x.i]);

        Assert.Equal(92, f[CustomerFeatureKeys.TenureDays]); // 2024-01-01 → 2024-04-02 00:00
        Assert.Equal(31, f[CustomerFeatureKeys.RecencyDays]); // 2024-03-01 → 2024-04-01
        Assert.Equal(2, f[CustomerFeatureKeys.Frequency]);
        Assert.Equal(50, f[CustomerFeatureKeys.Monetary]);
        Assert.Equal(25, f[CustomerFeatureKeys.AverageOrderValue]);
        Assert.Equal(2, f[CustomerFeatureKeys.Products]);
        Assert.Equal(0, f[CustomerFeatureKeys.ActiveContracts]);
        Assert.Equal(1, f[CustomerFeatureKeys.Cases]);
        Assert.Equal(1, f[CustomerFeatureKeys.Complaints]);
        Assert.Equal(1, f[CustomerFeatureKeys.SlaBreaches]);
        Assert.Equal(2, f[CustomerFeatureKeys.OpenInvoices]);
        Assert.Equal(1, f[CustomerFeatureKeys.OverdueInvoices]);
        Assert.Equal(30, f[CustomerFeatureKeys.OverdueAmount]);
        Assert.Equal((15 + 18) / 2.0, f[CustomerFeatureKeys.AverageDaysLate]); // 2024-03-15 → 2024-04-02 00:00 is 18 days
        Assert.Equal(18, f[CustomerFeatureKeys.MaxDaysLate]);
        Assert.Equal(2, f[CustomerFeatureKeys.PaymentsCount]);
        Assert.Equal(2, f[CustomerFeatureKeys.Interactions]);
        Assert.Equal(1, f[CustomerFeatureKeys.InboundInteractions]);
        Assert.Equal(1, f[CustomerFeatureKeys.Returns]);
        Assert.Equal(1 / 3.0, f[CustomerFeatureKeys.ReturnRate], 12);
        Assert.Equal(50m, table.Monetary[table.IndexOf(1)]);

        // Never bought: recency missing, counts zero; registered after the as-of date: tenure zero.
        var six = table.IndexOf(6);
        Assert.True(double.IsNaN(table.Column(CustomerFeatureKeys.RecencyDays)[six]));
        Assert.Equal(0, table.Column(CustomerFeatureKeys.TenureDays)[six]);
        Assert.Equal(0, table.Column(CustomerFeatureKeys.Frequency)[six]);
        Assert.Equal(1, table.Column(CustomerFeatureKeys.ActiveContracts)[table.IndexOf(3)]);
        Assert.Equal(1, table.Column(CustomerFeatureKeys.Products)[table.IndexOf(3)]);
        // Customer 5 bought only after the cutoff.
        Assert.Equal(0, table.Column(CustomerFeatureKeys.Frequency)[table.IndexOf(5)]);
    }

    [Fact]
    public async Task Features_at_the_reference_date_see_everything()
    {
        var table = await CustomerFeatures.ReadAsync(_w.Connection, Reference, default);
        var one = table.IndexOf(1);
        Assert.Equal(3, table.Column(CustomerFeatureKeys.Frequency)[one]);
        Assert.Equal(0, table.Column(CustomerFeatureKeys.RecencyDays)[one]);
        Assert.Equal(3, table.Column(CustomerFeatureKeys.Interactions)[one]);
        Assert.Equal(0, table.Column(CustomerFeatureKeys.ActiveContracts)[table.IndexOf(4)]);
    }

    [Fact]
    public async Task Churn_labels_cover_who_was_a_customer_at_the_cutoff()
    {
        var labels = await AnalyticsLabels.ChurnAsync(_w.Connection, Cutoff, Reference, default);
        Assert.Equal([1L, 2, 3, 4], labels.CustomerIds);
        Assert.Equal([false, true, false, true], labels.Positive);
    }

    [Fact]
    public async Task Default_labels_cover_invoices_due_in_the_horizon()
    {
        var labels = await AnalyticsLabels.DefaultAsync(_w.Connection, Cutoff, Reference, default);
        Assert.Equal([1L, 7, 8, 9], labels.CustomerIds);
        Assert.Equal([true, false, false, true], labels.Positive);
    }

    public void Dispose() => _w.Dispose();
}

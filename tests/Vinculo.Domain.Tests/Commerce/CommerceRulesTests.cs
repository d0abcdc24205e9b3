using Vinculo.Domain.Commerce;
using Xunit;

namespace Vinculo.Domain.Tests.Commerce;

public class CommerceRulesTests
{
    [Fact]
    public void Return_workflow_moves_forward_only_and_ends_in_refunded_or_rejected()
    {
        Assert.Equal([ReturnStatus.Approved, ReturnStatus.Rejected], CommerceRules.NextStatuses(ReturnStatus.Requested));
        Assert.Equal([ReturnStatus.Received, ReturnStatus.Rejected], CommerceRules.NextStatuses(ReturnStatus.Approved));
        Assert.Equal([ReturnStatus.Refunded], CommerceRules.NextStatuses(ReturnStatus.Received));
        Assert.Empty(CommerceRules.NextStatuses(ReturnStatus.Refunded));
        Assert.Empty(CommerceRules.NextStatuses(ReturnStatus.Rejected));
        Assert.False(CommerceRules.CanMove(ReturnStatus.Requested, ReturnStatus.Refunded));
        Assert.True(CommerceRules.IsFinal(ReturnStatus.Rejected));
        Assert.False(CommerceRules.IsFinal(ReturnStatus.Received));
    }

    [Fact]
    public void Orders_follow_placed_paid_shipped_delivered_and_cancel_only_before_shipping()
    {
        Assert.True(CommerceRules.CanMove(OrderStatus.Placed, OrderStatus.Paid));
        Assert.True(CommerceRules.CanMove(OrderStatus.Paid, OrderStatus.Cancelled));
        Assert.False(CommerceRules.CanMove(OrderStatus.Shipped, OrderStatus.Cancelled));
        Assert.False(CommerceRules.CanMove(OrderStatus.Delivered, OrderStatus.Placed));
        Assert.False(CommerceRules.CanMove(OrderStatus.Placed, OrderStatus.Placed));
    }

    [Fact]
    public void Contracts_change_only_while_active()
    {
        Assert.True(CommerceRules.CanModify(ContractStatus.Active));
        Assert.False(CommerceRules.CanModify(ContractStatus.Cancelled));
        Assert.False(CommerceRules.CanCancel(ContractStatus.Cancelled));
    }

    [Fact]
    public void Returnable_units_never_go_negative()
    {
        Assert.Equal(4, CommerceRules.Returnable(6, 2));
        Assert.Equal(0, CommerceRules.Returnable(6, 6));
        Assert.Equal(0, CommerceRules.Returnable(6, 9));
    }

    [Fact]
    public void Warranty_runs_from_purchase_for_the_products_months_with_month_end_clamping()
    {
        var bought = new DateTime(2024, 1, 31, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal(new DateTime(2024, 2, 29, 10, 0, 0, DateTimeKind.Utc), CommerceRules.WarrantyExpiry(bought, 1));
        Assert.Equal(new DateTime(2027, 1, 31, 10, 0, 0, DateTimeKind.Utc), CommerceRules.WarrantyExpiry(bought, 36));
        Assert.True(CommerceRules.UnderWarranty(bought, 36, new DateTime(2027, 1, 31, 10, 0, 0, DateTimeKind.Utc)));
        Assert.False(CommerceRules.UnderWarranty(bought, 36, new DateTime(2027, 1, 31, 10, 0, 1, DateTimeKind.Utc)));
        Assert.False(CommerceRules.UnderWarranty(bought, 36, bought.AddDays(-1)));
        Assert.False(CommerceRules.UnderWarranty(bought, 0, bought));
    }

    [Fact]
    public void Warranty_claims_open_then_accepted_or_rejected_then_resolved()
    {
        Assert.True(CommerceRules.CanMove(WarrantyStatus.Open, WarrantyStatus.Accepted));
        Assert.True(CommerceRules.CanMove(WarrantyStatus.Open, WarrantyStatus.Rejected));
        Assert.True(CommerceRules.CanMove(WarrantyStatus.Accepted, WarrantyStatus.Resolved));
        Assert.False(CommerceRules.CanMove(WarrantyStatus.Rejected, WarrantyStatus.Resolved));
        Assert.False(CommerceRules.CanMove(WarrantyStatus.Open, WarrantyStatus.Resolved));
    }
}

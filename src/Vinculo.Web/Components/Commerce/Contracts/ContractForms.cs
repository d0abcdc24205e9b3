namespace Vinculo.Web.Components.Commerce.Contracts;

/// <summary>The sign-up form: the product by SKU, an optional price (the list price when blank) and when it starts.</summary>
public sealed class SignUpForm
{
    public string? Sku { get; set; }
    public decimal? Price { get; set; }
    public string BillingPeriod { get; set; } = "monthly";
    public DateOnly? StartDate { get; set; }
    public string Channel { get; set; } = "phone";
}

/// <summary>The change-of-plan form, for one contract at the version it was read.</summary>
public sealed class ModifyForm
{
    public long ContractId { get; set; }
    public long Version { get; set; }
    public string? Sku { get; set; }
    public decimal? Price { get; set; }
    public string? Reason { get; set; }
    public DateOnly? EffectiveDate { get; set; }
    public string Channel { get; set; } = "phone";
}

/// <summary>The cancellation form, shown as a confirmation step for one contract at the version it was read.</summary>
public sealed class CancelForm
{
    public long ContractId { get; set; }
    public long Version { get; set; }
    public string? Reason { get; set; }
    public DateOnly? EffectiveDate { get; set; }
    public string Channel { get; set; } = "phone";
}

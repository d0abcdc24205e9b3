namespace Vinculo.Core.Customers;

/// <summary>Settings under <c>Vinculo:Customers</c>.</summary>
public sealed class CustomerOptions
{
    /// <summary>Country calling code assumed for phone numbers written without one (34 = Spain).</summary>
    public string DefaultCountryCallingCode { get; set; } = "34";

    public const int MaxNameLength = 200;
    public const int MaxTextLength = 4000;
    public const int MaxTags = 50;
    public const int MaxAttributes = 100;
    public const int MaxContactItems = 20;
}

namespace Vinculo.Web;

/// <summary>
/// Marker type for the invoice, payment, receivables, return and warranty pages' strings in
/// <c>Resources/BillingResource.resx</c> (English, the neutral culture) and <c>Resources/BillingResource.es.resx</c> (Spanish).
/// Inject <c>IStringLocalizer&lt;BillingResource&gt;</c>.
/// </summary>
public sealed class BillingResource;

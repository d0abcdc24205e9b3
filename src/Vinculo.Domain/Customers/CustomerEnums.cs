namespace Vinculo.Domain.Customers;

/// <summary>Whether the customer is a natural person or a company (which has contact persons).</summary>
public enum CustomerKind
{
    Person = 1,
    Company = 2,
}

/// <summary>The seeds' "cliente potencial / actual" plus former customers.</summary>
public enum Lifecycle
{
    Prospect = 1,
    Active = 2,
    Former = 3,
}

/// <summary>The seeds' singularización: how the customer tends to behave, so agents get handling guidance.</summary>
public enum Temperament
{
    None = 0,
    Submissive = 1,
    Aggressive = 2,
    Abusive = 3,
    ChronicComplainer = 4,
}

/// <summary>What a consent covers.</summary>
public enum ConsentPurpose
{
    MarketingEmail = 1,
    Sms = 2,
    Phone = 3,
}

public enum ConsentStatus
{
    Granted = 1,
    Withdrawn = 2,
}

namespace Vinculo.Domain.Interactions;

/// <summary>Every channel a customer can reach us through (the seeds' canales).</summary>
public enum Channel
{
    Phone = 1,
    Email = 2,
    Chat = 3,
    Social = 4,
    InstantMessaging = 5,
    InPerson = 6,
    Web = 7,
    Letter = 8,
}

public enum Direction
{
    Inbound = 1,
    Outbound = 2,
}

/// <summary>The seeds' momentos de verdad: where in the customer journey the touchpoint happened.</summary>
public enum JourneyMoment
{
    Need = 1,
    Research = 2,
    Choice = 3,
    Purchase = 4,
    PostPurchase = 5,
    Reaction = 6,
}

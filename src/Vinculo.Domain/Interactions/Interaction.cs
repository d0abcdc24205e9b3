namespace Vinculo.Domain.Interactions;

/// <summary>One touchpoint on the customer's timeline.</summary>
public sealed class Interaction
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public Channel Channel { get; set; }
    public Direction Direction { get; set; }
    public JourneyMoment? Moment { get; set; }
    public string Subject { get; set; } = "";
    /// <summary>Body of the message, or the call's transcript or notes.</summary>
    public string? Body { get; set; }
    /// <summary>User id of the agent who handled it, when an agent did.</summary>
    public string? AgentId { get; set; }
    public string? AgentName { get; set; }
    public DateTime OccurredAt { get; set; }
    public int? DurationSeconds { get; set; }
    public string? Outcome { get; set; }
    /// <summary>Analysed terms (folded, stop words removed, stemmed) indexed by the full-text search.</summary>
    public string SearchTerms { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

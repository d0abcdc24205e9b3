using Vinculo.Core.Customers;
using Vinculo.Domain.Quality;

namespace Vinculo.Core.Quality;

/// <summary>How many findings a rule has in the last scan.</summary>
public sealed record RuleCount(string Rule, QualitySeverity Severity, string Message, long Count);

/// <summary>Customers whose completeness falls in [From, To].</summary>
public sealed record CompletenessBucket(string Label, int From, int To, long Customers);

public sealed record CompletenessSummary(double Average, IReadOnlyList<CompletenessBucket> Buckets);

/// <summary>Pairs found for one reason, and the groups (connected customers) those pairs form.</summary>
public sealed record DuplicateReasonCount(DuplicateReason Reason, long Pairs, long Groups);

public sealed record DuplicateSummary(long Pairs, long Groups, long CertainPairs, long ProbablePairs, IReadOnlyList<DuplicateReasonCount> ByReason);

/// <summary>The data-quality report of one scan over the whole database.</summary>
public sealed record QualityReport(
    long RunId,
    DateTime StartedAt,
    DateTime FinishedAt,
    double Seconds,
    long Customers,
    long Issues,
    IReadOnlyList<RuleCount> Rules,
    CompletenessSummary Completeness,
    DuplicateSummary Duplicates);

/// <summary>One finding of the last scan, with its customer when the record has one.</summary>
public sealed record QualityIssueItem(
    long Id,
    string Rule,
    QualitySeverity Severity,
    string Message,
    long? CustomerId,
    string? CustomerName,
    string Entity,
    long? EntityId,
    string Field,
    string? Value);

public sealed record IssueQuery(string? Rule = null, string? Cursor = null, int? Limit = null);

public sealed record DuplicateQuery(string? Confidence = null, string? Cursor = null, int? Limit = null);

/// <summary>One side of a duplicate pair, with what a person needs to judge it.</summary>
public sealed record DuplicateSide(
    long Id, string DisplayName, string? Email, string? Phone, string? TaxId, string? PostalCode, string? City, DateTime CreatedAt, long Version);

public sealed record DuplicatePair(
    long Id, DuplicateConfidence Confidence, IReadOnlyList<DuplicateReason> Reasons, double NameSimilarity, DuplicateSide A, DuplicateSide B);

/// <summary>A finding on one customer, computed now.</summary>
public sealed record CustomerIssue(string Rule, QualitySeverity Severity, string Message, string Entity, long? EntityId, string Field, string? Value);

/// <summary>Another customer that looks like this one.</summary>
public sealed record PossibleDuplicate(long CustomerId, string DisplayName, DuplicateConfidence Confidence, IReadOnlyList<DuplicateReason> Reasons);

public sealed record MergeHistoryItem(long Id, long MergedId, string MergedDisplayName, string? MergedByName, DateTime MergedAt);

/// <summary>The quality of one customer: completeness, findings on the customer and its commerce records, possible duplicates, merges.</summary>
public sealed record CustomerQuality(
    long CustomerId,
    int Completeness,
    IReadOnlyList<CompletenessPart> Parts,
    IReadOnlyList<string> Missing,
    IReadOnlyList<CustomerIssue> Issues,
    IReadOnlyList<PossibleDuplicate> Duplicates,
    IReadOnlyList<MergeHistoryItem> Merges);

/// <summary>
/// A merge request. Both versions are required: they are the versions the person saw when they compared the two
/// customers, and a change to either since then makes the merge fail with 412 instead of merging something unseen.
/// <see cref="Confirm"/> must be true: the request states that the preview was reviewed.
/// </summary>
public sealed record MergeInput(long? SurvivorId, long? MergedId, long? SurvivorVersion, long? MergedVersion, bool? Confirm);

/// <summary>What a merge will do: both customers, the survivor fields it fills and the rows it moves per table.</summary>
public sealed record MergePreview(
    CustomerDto Survivor,
    CustomerDto Merged,
    IReadOnlyList<string> FilledFields,
    IReadOnlyList<string> EmailsAdded,
    IReadOnlyList<string> PhonesAdded,
    IReadOnlyDictionary<string, long> RowsToMove);

public sealed record MergeResult(long MergeId, long MergedId, CustomerDto Survivor, IReadOnlyList<string> FilledFields, IReadOnlyDictionary<string, long> RowsMoved);

/// <summary>The merge, or the id that does not exist.</summary>
public sealed record MergeOutcome(MergeResult? Result, long? MissingId);

/// <summary>The preview, or the id that does not exist.</summary>
public sealed record MergePreviewOutcome(MergePreview? Preview, long? MissingId);

/// <summary>Progress of a scan, for the CLI.</summary>
public sealed record ScanProgress(string Stage, long Done);

namespace Vinculo.Core.Common;

/// <summary>
/// A POST seen with an <c>Idempotency-Key</c> header: the stored response is replayed when the same user sends the
/// same key again, so a retried request creates nothing twice.
/// </summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }
    public string Key { get; set; } = "";
    public string UserId { get; set; } = "";
    public string Method { get; set; } = "";
    public string Path { get; set; } = "";
    public string RequestHash { get; set; } = "";
    /// <summary>0 while the first request is still running.</summary>
    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? ETag { get; set; }
    public byte[]? Body { get; set; }
    public DateTime CreatedAt { get; set; }
}

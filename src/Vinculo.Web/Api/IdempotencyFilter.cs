using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;

namespace Vinculo.Web.Api;

/// <summary>
/// Makes a POST safe to retry: with an <c>Idempotency-Key</c> header, the first response is stored and replayed to
/// the same user for the same key, so nothing is created twice. The same key with a different request is a 422; a
/// retry that arrives while the first is still running is a 409.
/// </summary>
internal sealed class IdempotencyFilter : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key))
        {
            return await next(context);
        }

        if (key.Length > 200)
        {
            throw ValidationException.For(Header, "At most 200 characters.");
        }

        var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            http.Request.Path + "\n" + JsonSerializer.Serialize(context.Arguments.Where(a => a is not HttpContext and not CancellationToken), json))));

        await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key);
        if (existing is not null)
        {
            return Replay(existing, hash);
        }

        var record = new IdempotencyRecord
        {
            Key = key, UserId = userId, Method = http.Request.Method, Path = http.Request.Path, RequestHash = hash,
            CreatedAt = Timestamps.Truncate(DateTime.UtcNow),
        };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("A request with this Idempotency-Key is already being processed. Retry shortly.");
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            // Nothing was created (or it failed validation): forget the key so a corrected retry can run.
            db.IdempotencyRecords.Remove(record);
            await db.SaveChangesAsync();
            throw;
        }

        if (result is not IResult response)
        {
            return result;
        }

        // Run the result into a buffer so it can be stored, then send the same bytes.
        var original = http.Features.Get<IHttpResponseBodyFeature>()!;
        using var buffer = new MemoryStream();
        var buffered = new StreamResponseBodyFeature(buffer);
        http.Features.Set<IHttpResponseBodyFeature>(buffered);
        try
        {
            await response.ExecuteAsync(http);
            await buffered.CompleteAsync();
        }
        finally
        {
            http.Features.Set(original);
        }

        var bytes = buffer.ToArray();
        record.StatusCode = http.Response.StatusCode;
        record.ContentType = http.Response.ContentType;
        record.Location = http.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null;
        record.ETag = http.Response.Headers.ETag.ToString() is { Length: > 0 } e ? e : null;
        record.Body = bytes;
        await db.SaveChangesAsync();

        await http.Response.Body.WriteAsync(bytes);
        return Results.Empty;
    }

    private static IResult Replay(IdempotencyRecord record, string hash)
    {
        if (record.RequestHash != hash)
        {
            return TypedResults.Problem(statusCode: 422, title: "Idempotency-Key reused with a different request.",
                detail: "Each key identifies one request. Use a new key for a different request.");
        }

        if (record.StatusCode == 0)
        {
            throw new ConflictException("A request with this Idempotency-Key is already being processed. Retry shortly.");
        }

        return new ReplayResult(record);
    }

    private sealed class ReplayResult(IdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = record.StatusCode;
            http.Response.Headers["Idempotent-Replayed"] = "true";
            if (record.Location is not null)
            {
                http.Response.Headers.Location = record.Location;
            }

            if (record.ETag is not null)
            {
                http.Response.Headers.ETag = record.ETag;
            }

            if (record.ContentType is not null)
            {
                http.Response.ContentType = record.ContentType;
            }

            if (record.Body is { Length: > 0 } body)
            {
                await http.Response.Body.WriteAsync(body);
            }
        }
    }
}

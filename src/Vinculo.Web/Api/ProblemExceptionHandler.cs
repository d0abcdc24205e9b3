using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Vinculo.Core.Common;

namespace Vinculo.Web.Api;

/// <summary>
/// The one place where exceptions become RFC 9457 problem details: bad input is a 400 naming the fields, a stale
/// write a 412, a conflict a 409; anything unexpected a 500 without internals.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        ProblemDetails problem = exception switch
        {
            ValidationException v => new HttpValidationProblemDetails(v.Errors) { Status = 400, Title = "One or more fields are not valid." },
            BadHttpRequestException b => BadRequest(b),
            PreconditionFailedException p => new ProblemDetails { Status = 412, Title = "The resource changed since you read it.", Detail = p.Message },
            ConflictException c => new ProblemDetails { Status = 409, Title = "Conflict.", Detail = c.Message },
            _ => new ProblemDetails { Status = 500, Title = "An unexpected error occurred." },
        };

        if (problem.Status == 500)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
        }

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails BadRequest(BadHttpRequestException e)
    {
        // Malformed JSON or a value of the wrong type: name the body or the parameter when the framework says which.
        var field = e.InnerException is System.Text.Json.JsonException json && !string.IsNullOrEmpty(json.Path) ? json.Path.TrimStart('$', '.') : "body";
        if (e.Message.Contains("parameter", StringComparison.OrdinalIgnoreCase))
        {
            var start = e.Message.IndexOf('"', StringComparison.Ordinal);
            var end = start >= 0 ? e.Message.IndexOf('"', start + 1) : -1;
            if (end > start)
            {
                field = e.Message[(start + 1)..end].Split(' ').Last();
            }
        }

        return new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [string.IsNullOrEmpty(field) ? "body" : field] = [e.InnerException is System.Text.Json.JsonException ? "The JSON is malformed or a value has the wrong type." : e.Message],
        })
        { Status = 400, Title = "The request is malformed." };
    }
}

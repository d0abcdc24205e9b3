using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;
using Vinculo.Core.Interactions;

namespace Vinculo.Web.Api;

public static class InteractionEndpoints
{
    public static void MapInteractionEndpoints(this RouteGroupBuilder v1)
    {
        var interactions = v1.MapGroup("/interactions").WithTags("Interactions").RequireAuthorization(Policies.CustomersRead);
        interactions.MapGet("/", Search).WithName("SearchInteractions")
            .WithSummary("Full-text search over subjects, bodies and transcripts in Spanish and English; best matches first.");
    }

    private static async Task<Results<Ok<Page<InteractionHit>>, ValidationProblem>> Search(
        InteractionService service, string? q, long? customerId, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.Search(new InteractionSearchQuery(q, customerId, cursor, limit), ct));
}

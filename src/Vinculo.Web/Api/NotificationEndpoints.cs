using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Service.Notifications;

namespace Vinculo.Web.Api;

public static class NotificationEndpoints
{
    public static void MapNotificationEndpoints(this RouteGroupBuilder v1)
    {
        var notifications = v1.MapGroup("/notifications").WithTags("Notifications").RequireAuthorization(Policies.ServiceRead);
        notifications.MapGet("/", List).WithName("ListNotifications")
            .WithSummary("The signed-in user's notifications (SLA warnings and breaches, cases assigned), newest first, with the unread count. unread=true lists only the unread ones.");
        notifications.MapGet("/unread-count", Unread).WithName("CountUnreadNotifications")
            .WithSummary("How many of the signed-in user's notifications are unread (the bell's figure).");
        notifications.MapGet("/{id:long}", Get).WithName("GetNotification")
            .WithSummary("One of the signed-in user's notifications; another user's is 404.");
        notifications.MapPost("/{id:long}/read", MarkRead).WithName("MarkNotificationRead")
            .WithSummary("Marks one of the signed-in user's notifications read (again: keeps the first time).");
        notifications.MapPost("/read-all", MarkAllRead).WithName("MarkAllNotificationsRead")
            .WithSummary("Marks every unread notification of the signed-in user read; returns how many.");
    }

    private static async Task<Results<Ok<NotificationPage>, ValidationProblem>> List(
        NotificationService service, ClaimsPrincipal user, bool? unread, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(UserId(user), new NotificationQuery(unread, cursor, limit), ct));

    private static async Task<Ok<UnreadCount>> Unread(NotificationService service, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(new UnreadCount(await service.Unread(UserId(user), ct)));

    private static async Task<Results<Ok<NotificationDto>, NotFound>> Get(long id, NotificationService service, ClaimsPrincipal user, CancellationToken ct) =>
        await service.Get(UserId(user), id, ct) is { } row ? TypedResults.Ok(row) : TypedResults.NotFound();

    private static async Task<Results<Ok<NotificationDto>, NotFound>> MarkRead(long id, NotificationService service, ClaimsPrincipal user, CancellationToken ct) =>
        await service.MarkRead(UserId(user), id, ct) is { } row ? TypedResults.Ok(row) : TypedResults.NotFound();

    private static async Task<Ok<MarkedRead>> MarkAllRead(NotificationService service, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(new MarkedRead(await service.MarkAllRead(UserId(user), ct)));

    private static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
}

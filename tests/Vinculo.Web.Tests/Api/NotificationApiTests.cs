using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Auth;
using Vinculo.Core.Service.Notifications;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Service;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class NotificationApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private static readonly DateTime At = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);

    private static async Task<string> UserId(VinculoApp app, string role)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<VinculoUser>>();
        return (await users.FindByEmailAsync(VinculoApp.EmailFor(role)))!.Id;
    }

    /// <summary>Writes notifications as the alarm job does; returns their ids in order.</summary>
    private static async Task<List<long>> Notify(VinculoApp app, string userId, int count, NotificationKind kind = NotificationKind.SlaBreach)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        var rows = Enumerable.Range(0, count).Select(i => new Notification
        {
            UserId = userId, Kind = kind, CreatedAt = At.AddMinutes(i),
            Data = new NotificationData($"Asunto {i}", SlaTarget.FirstResponse, 1, At.AddMinutes(i), null, CasePriority.High).ToJson(),
        }).ToList();
        db.Notifications.AddRange(rows);
        await db.SaveChangesAsync();
        return rows.Select(r => r.Id).ToList();
    }

    /// <summary>A fresh user with its own token, so counts are not shared with other tests.</summary>
    private static async Task<(HttpClient Client, string Id)> FreshUser(VinculoApp app, string? role)
    {
        var email = $"n-{Guid.NewGuid():N}@test.local";
        string id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            if (role is null)
            {
                var users = scope.ServiceProvider.GetRequiredService<UserManager<VinculoUser>>();
                var user = new VinculoUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Sin rol", CreatedAt = At };
                Assert.True((await users.CreateAsync(user, VinculoApp.Password)).Succeeded);
                id = user.Id;
            }
            else
            {
                id = (await scope.ServiceProvider.GetRequiredService<UserAdministration>().Create(email, VinculoApp.Password, role)).Id;
            }
        }

        var client = await app.Client(null);
        var token = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = VinculoApp.Password });
        token.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await Json(token)).GetProperty("accessToken").GetString());
        return (client, id);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Every_role_reads_its_notifications_a_user_without_role_is_refused(string provider)
    {
        var app = await App(provider);
        foreach (var role in Roles.All)
        {
            var client = await app.Client(role);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/notifications")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/notifications/unread-count")).StatusCode);
        }

        var (nobody, _) = await FreshUser(app, null);
        foreach (var url in new[] { "/api/v1/notifications", "/api/v1/notifications/unread-count", "/api/v1/notifications/1" })
        {
            await AssertProblem(await nobody.GetAsync(url), HttpStatusCode.Forbidden);
        }

        await AssertProblem(await nobody.PostAsync("/api/v1/notifications/read-all", null), HttpStatusCode.Forbidden);
        await AssertProblem(await nobody.PostAsync("/api/v1/notifications/1/read", null), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await (await app.Client(null)).GetAsync("/api/v1/notifications")).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_user_lists_their_notifications_newest_first_by_pages_and_marks_them_read(string provider)
    {
        var app = await App(provider);
        var (client, id) = await FreshUser(app, Roles.Agent);
        var ids = await Notify(app, id, 5);

        var first = await Json(await client.GetAsync("/api/v1/notifications?limit=2"));
        Assert.Equal(5, first.GetProperty("unread").GetInt32());
        var items = first.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([ids[4], ids[3]], items.Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal("slaBreach", items[0].GetProperty("kind").GetString());
        var data = items[0].GetProperty("data");
        Assert.Equal(("Asunto 4", "firstResponse", "high"), (data.GetProperty("subject").GetString(), data.GetProperty("target").GetString(), data.GetProperty("priority").GetString()));
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("readAt").ValueKind);

        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await Json(await client.GetAsync($"/api/v1/notifications?limit=2&cursor={cursor}"));
        Assert.Equal([ids[2], ids[1]], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        var third = await Json(await client.GetAsync($"/api/v1/notifications?limit=2&cursor={second.GetProperty("nextCursor").GetString()}"));
        Assert.Equal([ids[0]], third.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal(JsonValueKind.Null, third.GetProperty("nextCursor").ValueKind);

        var read = await client.PostAsync($"/api/v1/notifications/{ids[3]}/read", null);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var readAt = (await Json(read)).GetProperty("readAt").GetDateTime();
        // Marking again keeps the first time.
        Assert.Equal(readAt, (await Json(await client.PostAsync($"/api/v1/notifications/{ids[3]}/read", null))).GetProperty("readAt").GetDateTime());
        Assert.Equal(4, (await Json(await client.GetAsync("/api/v1/notifications/unread-count"))).GetProperty("unread").GetInt32());
        var unread = await Json(await client.GetAsync("/api/v1/notifications?unread=true"));
        Assert.Equal([ids[4], ids[2], ids[1], ids[0]], unread.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));

        var all = await client.PostAsync("/api/v1/notifications/read-all", null);
        Assert.Equal(4, (await Json(all)).GetProperty("marked").GetInt32());
        Assert.Equal(0, (await Json(await client.GetAsync("/api/v1/notifications/unread-count"))).GetProperty("unread").GetInt32());
        Assert.Equal(0, (await Json(await client.PostAsync("/api/v1/notifications/read-all", null))).GetProperty("marked").GetInt32());
        Assert.Empty((await Json(await client.GetAsync("/api/v1/notifications?unread=true"))).GetProperty("items").EnumerateArray());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Someone_elses_notification_does_not_exist_for_you(string provider)
    {
        var app = await App(provider);
        var (owner, ownerId) = await FreshUser(app, Roles.Supervisor);
        var (other, _) = await FreshUser(app, Roles.Agent);
        var id = (await Notify(app, ownerId, 1))[0];

        await AssertProblem(await other.GetAsync($"/api/v1/notifications/{id}"), HttpStatusCode.NotFound);
        await AssertProblem(await other.PostAsync($"/api/v1/notifications/{id}/read", null), HttpStatusCode.NotFound);
        Assert.Equal(0, (await Json(await other.PostAsync("/api/v1/notifications/read-all", null))).GetProperty("marked").GetInt32());
        Assert.Empty((await Json(await other.GetAsync("/api/v1/notifications"))).GetProperty("items").EnumerateArray());

        // Still unread for its owner.
        var mine = await Json(await owner.GetAsync($"/api/v1/notifications/{id}"));
        Assert.Equal(JsonValueKind.Null, mine.GetProperty("readAt").ValueKind);
        await AssertProblem(await owner.GetAsync("/api/v1/notifications/987654321"), HttpStatusCode.NotFound);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_page_and_the_bell_show_the_users_notifications_in_their_language(string provider)
    {
        var app = await App(provider);
        var (client, id) = await FreshUser(app, Roles.Agent);
        long caseId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
            var customer = new Vinculo.Domain.Customers.Customer { DisplayName = "Ana Ruiz", SearchName = "ana ruiz", CreatedAt = At, UpdatedAt = At, Version = 1 };
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            var c = new ServiceCase
            {
                CustomerId = customer.Id, Type = "question", Subject = "Cobro <doble>", CreatedAt = At, UpdatedAt = At, LastEventAt = At, Version = 1,
                QueueDueAt = SlaAlarms.NoDue,
            };
            db.Cases.Add(c);
            await db.SaveChangesAsync();
            caseId = c.Id;
            db.Notifications.Add(new Notification
            {
                UserId = id, CaseId = caseId, Kind = NotificationKind.SlaBreach, CreatedAt = At,
                Data = new NotificationData("Cobro <doble>", SlaTarget.Resolution, 1, At).ToJson(),
            });
            await db.SaveChangesAsync();
        }

        var english = await client.GetStringAsync("/notifications?culture=en&ui-culture=en");
        // The subject is the user's text: encoded, never markup.
        Assert.Contains("Cobro &lt;doble&gt;", english);
        Assert.DoesNotContain("Cobro <doble>", english);
        Assert.Contains($"Resolution of case #{caseId} 'Cobro <doble>' breached on", WebUtility.HtmlDecode(english));
        Assert.Contains("data-unread=\"1\"", english);
        Assert.Contains($"href=\"cases/{caseId}\"", english);
        var spanish = WebUtility.HtmlDecode(await client.GetStringAsync("/notifications?culture=es&ui-culture=es"));
        Assert.Contains($"La resolución del caso #{caseId} «Cobro <doble>» incumplió su plazo el", spanish);
        Assert.Contains("Marcar todas como leídas", spanish);

        // Marking read is a form post that redirects back to the list.
        var token = System.Text.RegularExpressions.Regex.Match(english, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var posted = await client.PostAsync("/notifications", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "notifications", ["Command"] = "all",
        }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(0, (await Json(await client.GetAsync("/api/v1/notifications/unread-count"))).GetProperty("unread").GetInt32());
        Assert.DoesNotContain("data-unread", await client.GetStringAsync("/notifications"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_paging_is_a_validation_problem(string provider)
    {
        var app = await App(provider);
        var client = await app.Client(Roles.Analyst);
        var badCursor = await AssertProblem(await client.GetAsync("/api/v1/notifications?cursor=not-a-cursor!"), HttpStatusCode.BadRequest);
        Assert.True(badCursor.GetProperty("errors").TryGetProperty("cursor", out _));
        var badLimit = await AssertProblem(await client.GetAsync("/api/v1/notifications?limit=0"), HttpStatusCode.BadRequest);
        Assert.True(badLimit.GetProperty("errors").TryGetProperty("limit", out _));
        await AssertProblem(await client.GetAsync("/api/v1/notifications?limit=201"), HttpStatusCode.BadRequest);
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Vinculo.Core.Auth;
using Vinculo.Core.Interactions;

namespace Vinculo.Web.Components.Shared;

/// <summary>Who is signed in, as the UI shows them and as the agent of what they record.</summary>
public static class CurrentUser
{
    /// <summary>
    /// The user's display name: the <c>display_name</c> claim when the sign-in put one there, else the name kept
    /// with the account, else the e-mail. Uses its own scope, so it never shares a DbContext with the page.
    /// </summary>
    public static async Task<string> DisplayName(ClaimsPrincipal user, IServiceScopeFactory scopes)
    {
        var name = user.FindFirstValue("display_name");
        if (!string.IsNullOrWhiteSpace(name))
        {
            return name;
        }

        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is not null)
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<VinculoUser>>();
            var account = await users.FindByIdAsync(id);
            if (!string.IsNullOrWhiteSpace(account?.DisplayName))
            {
                return account.DisplayName;
            }

            if (!string.IsNullOrWhiteSpace(account?.Email))
            {
                return account.Email;
            }
        }

        return user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? "";
    }

    public static async Task<Actor> Actor(ClaimsPrincipal user, IServiceScopeFactory scopes) =>
        new(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", await DisplayName(user, scopes));
}

using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Vinculo.Core.Auth;

/// <summary>Adds the user's display name and language to the principal, so what they log carries their name.</summary>
public sealed class VinculoClaimsFactory(UserManager<VinculoUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<VinculoUser, IdentityRole>(users, roles, options)
{
    public const string DisplayName = "display_name";
    public const string Language = "language";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(VinculoUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(Language, user.PreferredLanguage));
        return identity;
    }
}

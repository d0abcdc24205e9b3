using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;

namespace Vinculo.Web.Api;

public sealed record TokenRequest(string? Email, string? Password);

public sealed record MeResponse(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles);

public sealed record UserInput(string? Email, string? Password, string? Role, string? DisplayName, string? Language);

public sealed record UserSummary(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles);

public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this RouteGroupBuilder v1)
    {
        var auth = v1.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/token", Token).AllowAnonymous().WithName("CreateToken")
            .WithSummary("Exchanges an e-mail and password for a bearer access token.");
        auth.MapGet("/me", Me).RequireAuthorization(Policies.CustomersRead).WithName("Me");
    }

    public static void MapUserEndpoints(this RouteGroupBuilder v1)
    {
        var users = v1.MapGroup("/users").WithTags("Users").RequireAuthorization(Policies.Administration);
        users.MapGet("/", ListUsers).WithName("ListUsers");
        users.MapPost("/", CreateUser).WithName("CreateUser").AddEndpointFilter<IdempotencyFilter>();
    }

    private static async Task<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult>> Token(
        TokenRequest request, UserManager<VinculoUser> users, SignInManager<VinculoUser> signIn)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Email))
        {
            errors.Add("email", "Required.");
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", "Required.");
        }

        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var user = await users.FindByEmailAsync(request.Email!.Trim());
        if (user is null)
        {
            return Unauthorized();
        }

        var check = await signIn.CheckPasswordSignInAsync(user, request.Password!, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            return check.IsLockedOut
                ? TypedResults.Problem(statusCode: 401, title: "The account is locked after too many failed attempts. Try again later.")
                : Unauthorized();
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static ProblemHttpResult Unauthorized() => TypedResults.Problem(statusCode: 401, title: "Wrong e-mail or password.");

    private static async Task<Ok<MeResponse>> Me(ClaimsPrincipal principal, UserManager<VinculoUser> users)
    {
        var user = await users.GetUserAsync(principal);
        var roles = user is null ? [] : (await users.GetRolesAsync(user)).ToList();
        return TypedResults.Ok(new MeResponse(user?.Id ?? "", user?.Email ?? "", user?.DisplayName ?? "", roles));
    }

    private static async Task<Ok<List<UserSummary>>> ListUsers(UserManager<VinculoUser> users)
    {
        var list = new List<UserSummary>();
        foreach (var user in users.Users.OrderBy(u => u.Email).Take(500).ToList())
        {
            list.Add(new UserSummary(user.Id, user.Email ?? "", user.DisplayName, (await users.GetRolesAsync(user)).ToList()));
        }

        return TypedResults.Ok(list);
    }

    private static async Task<Results<Created<UserSummary>, ValidationProblem>> CreateUser(UserInput input, UserAdministration admin)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(input.Email) || !Vinculo.Domain.Customers.EmailAddresses.IsValid(input.Email))
        {
            errors.Add("email", "A valid e-mail address is required.");
        }

        if (string.IsNullOrEmpty(input.Password))
        {
            errors.Add("password", "Required.");
        }

        if (string.IsNullOrWhiteSpace(input.Role))
        {
            errors.Add("role", $"Required: one of {string.Join(", ", Roles.All)}.");
        }

        if (input.Language is not (null or "es" or "en"))
        {
            errors.Add("language", "Use es or en.");
        }

        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var user = await admin.Create(input.Email!.Trim(), input.Password!, input.Role!, input.DisplayName, input.Language ?? "es");
        return TypedResults.Created($"/api/v1/users/{user.Id}", new UserSummary(user.Id, user.Email!, user.DisplayName, [Roles.Canonical(input.Role!)]));
    }
}

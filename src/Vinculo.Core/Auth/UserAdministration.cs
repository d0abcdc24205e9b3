using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;

namespace Vinculo.Core.Auth;

/// <summary>Roles and users: created at first start, by the CLI, and by administrators.</summary>
public sealed class UserAdministration(UserManager<VinculoUser> users, RoleManager<IdentityRole> roles, TimeProvider clock)
{
    public async Task EnsureRoles()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }


    public async Task<bool> HasAdmin() => (await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0;

    /// <summary>Creates a user in a role. Throws <see cref="ValidationException"/> with Identity's reasons.</summary>
    public async Task<VinculoUser> Create(string email, string password, string role, string? displayName = null, string language = "es")
    {
        var errors = new ValidationErrors();
        if (!Roles.IsKnown(role))
        {
            errors.Add("role", $"Unknown role '{role}'. Use one of: {string.Join(", ", Roles.All)}.");
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            errors.Add("email", "A user with this e-mail already exists.");
        }

        errors.ThrowIfInvalid();
        await EnsureRoles();
        var user = new VinculoUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? email.Split('@')[0] : displayName.Trim(),
            PreferredLanguage = language,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            foreach (var e in created.Errors)
            {
                errors.Add(e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email", e.Description);
            }

            errors.ThrowIfInvalid();
        }

        await users.AddToRoleAsync(user, Roles.Canonical(role));
        return user;
    }

    /// <summary>A random password that satisfies the password rules (upper, lower, digit, symbol; 20 characters).</summary>
    public static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string lower = "abcdefghijkmnopqrstuvwxyz";
        const string digits = "23456789";
        const string symbols = "!@#$%*-_+=";
        const string all = upper + lower + digits + symbols;
        var chars = new char[20];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[3] = symbols[RandomNumberGenerator.GetInt32(symbols.Length)];
        for (var i = 4; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}

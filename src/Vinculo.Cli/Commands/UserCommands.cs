using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Vinculo.Core;
using Vinculo.Core.Auth;

namespace Vinculo.Cli.Commands;

internal static class UserCommands
{
    public static Command Create(CliContext context)
    {
        var email = new Option<string>("--email") { Description = "The user's e-mail, also their sign-in name.", Required = true };
        var password = new Option<string>("--password") { Description = "At least 10 characters with upper and lower case, a digit and a symbol.", Required = true };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", Roles.All)}.", Required = true };
        var name = new Option<string?>("--name") { Description = "Display name (default: the part of the e-mail before @)." };

        var add = new Command("add", "Create a user in a role (roles are created when missing).") { email, password, role, name };
        add.SetAction((parse, ct) => context.Guard(parse, context.Io.Ui, async settings =>
        {
            await using var services = new ServiceCollection().AddVinculoCore(settings).BuildServiceProvider();
            await using var scope = services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var user = await users.Create(parse.GetValue(email)!.Trim(), parse.GetValue(password)!, parse.GetValue(role)!.Trim(), parse.GetValue(name));
            context.Io.Ui.MarkupLineInterpolated($"Created user {user.Email} ({user.DisplayName}) with role {Roles.Canonical(parse.GetValue(role)!.Trim())}.");
            return VinculoCli.Ok;
        }));

        return new Command("user", "Manage users.") { add };
    }
}

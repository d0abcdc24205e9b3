using System.CommandLine;
using Spectre.Console;

namespace Vinculo.Cli.Commands;

internal static class MigrateCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("migrate", "Create or upgrade the database schema (every command also does this first).");
        command.SetAction((parse, ct) => context.Guard(parse, context.Io.Ui, settings =>
        {
            context.Io.Ui.MarkupLineInterpolated($"Database ready: {settings.Describe()}");
            return Task.FromResult(VinculoCli.Ok);
        }));
        return command;
    }
}

using System.CommandLine;
using Spectre.Console;
using Vinculo.Cli.Commands;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;

namespace Vinculo.Cli;

/// <summary>
/// The <c>vinculo</c> command line: migrate, seed, user add, import, export. Exit codes: 0 done, 1 bad usage or
/// failure, 2 an import rejected rows (or wrote nothing because of them).
/// </summary>
internal static class VinculoCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int RowsRejected = 2;

    public static Task<int> Run(string[] args, CliIo io, CancellationToken ct = default)
    {
        var root = Build(io);
        var config = new InvocationConfiguration { Output = io.Out, Error = io.Error };
        return root.Parse(args).InvokeAsync(config, ct);
    }

    public static RootCommand Build(CliIo io)
    {
        var database = new Option<string?>("--database")
        {
            Description = $"Database connection: 'Data Source=/path/file.db', a postgres:// URL or an Npgsql connection string. " +
                          $"Default: ${DatabaseSettings.EnvironmentVariable}, else {DatabaseSettings.DefaultSqlitePath} under the current directory.",
            Recursive = true,
        };

        var context = new CliContext(io, database);
        var root = new RootCommand("Vinculo: customer relationship and customer service platform.");
        root.Options.Add(database);
        root.Subcommands.Add(MigrateCommand.Create(context));
        root.Subcommands.Add(SeedCommand.Create(context));
        root.Subcommands.Add(UserCommands.Create(context));
        root.Subcommands.Add(ImportCommands.Create(context));
        root.Subcommands.Add(ExportCommands.Create(context));
        root.Subcommands.Add(QualityCommands.Create(context));
        root.Subcommands.Add(KbCommands.Create(context));
        root.Subcommands.Add(AnalyticsCommands.Create(context));
        root.Subcommands.Add(AnalyticsCommands.CreateModel(context));
        return root;
    }
}

/// <summary>What every command needs: the consoles and how to find the database.</summary>
internal sealed class CliContext(CliIo io, Option<string?> database)
{
    public CliIo Io { get; } = io;

    /// <summary>The same choice as the web host (<see cref="DatabaseSettings.FromEnvironment"/>) unless --database is given.</summary>
    public DatabaseSettings Settings(ParseResult parse) =>
        parse.GetValue(database) is { Length: > 0 } raw ? DatabaseSettings.Parse(raw) : DatabaseSettings.FromEnvironment();

    /// <summary>
    /// Runs a command body with the database migrated first (so every command works on an empty database), and turns
    /// expected failures into a one-line message and exit code 1 instead of a stack trace.
    /// </summary>
    public async Task<int> Guard(ParseResult parse, IAnsiConsole messages, Func<DatabaseSettings, Task<int>> body)
    {
        try
        {
            var settings = Settings(parse);
            StorageSetup.Migrate(settings);
            return await body(settings);
        }
        catch (OperationCanceledException)
        {
            messages.MarkupLine("[yellow]Cancelled.[/]");
            return VinculoCli.Failed;
        }
        catch (ValidationException e)
        {
            foreach (var (field, errors) in e.Errors)
            {
                foreach (var error in errors)
                {
                    messages.MarkupLineInterpolated($"[red]{field}:[/] {error}");
                }
            }

            return VinculoCli.Failed;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or ArgumentException
                                       or System.Data.Common.DbException)
        {
            messages.MarkupLineInterpolated($"[red]Error:[/] {e.Message}");
            return VinculoCli.Failed;
        }
    }
}

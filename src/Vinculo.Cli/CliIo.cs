using Spectre.Console;

namespace Vinculo.Cli;

/// <summary>
/// Where the command writes: <see cref="Ui"/> for people (tables, progress bars, summaries), <see cref="Data"/> for
/// machine output such as CSV on stdout. When data goes to stdout, messages go to <see cref="ErrorUi"/> (stderr) so a
/// pipe only receives the data. Tests pass string writers.
/// </summary>
internal sealed record CliIo(IAnsiConsole Ui, IAnsiConsole ErrorUi, TextWriter Data, TextWriter Out, TextWriter Error)
{
    public static CliIo FromConsole() => new(
        AnsiConsole.Console,
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }),
        Console.Out,
        Console.Out,
        Console.Error);

    /// <summary>Plain, non-interactive consoles over the given writers (no colours, no live rendering).</summary>
    public static CliIo ForWriters(TextWriter output, TextWriter error) => new(
        Plain(output),
        Plain(error),
        output,
        output,
        error);

    private static IAnsiConsole Plain(TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(writer),
    });
}

/// <summary>Reports synchronously on the caller's thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

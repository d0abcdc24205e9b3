namespace Vinculo.Core.Analytics.Pipeline;

/// <summary>An <see cref="IProgress{T}"/> that calls its action at once, on the reporting thread, in order.</summary>
internal sealed class Relay<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

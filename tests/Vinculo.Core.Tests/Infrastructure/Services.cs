using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Storage;

namespace Vinculo.Core.Tests.Infrastructure;

/// <summary>The real service container over a test database, as the web host and CLI build it.</summary>
public sealed class TestServices : IAsyncDisposable
{
    private readonly ServiceProvider _root;

    public TestServices(DatabaseSettings settings, TimeProvider? clock = null)
    {
        var services = new ServiceCollection().AddLogging().AddVinculoCore(settings);
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        _root = services.BuildServiceProvider();
    }

    /// <summary>A fresh scope: a new unit of work, like one HTTP request.</summary>
    public AsyncServiceScope Scope() => _root.CreateAsyncScope();

    public async Task<T> Run<TService, T>(Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = Scope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public ValueTask DisposeAsync() => _root.DisposeAsync();
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Interactions;
using Vinculo.Core.Knowledge.Articles;
using Vinculo.Core.Tests.Infrastructure;

namespace Vinculo.Core.Tests.Knowledge.Articles;

/// <summary>A test database with the knowledge-base services, a clock that moves by hand and two editors.</summary>
internal sealed class KbWorld : IAsyncDisposable
{
    public static readonly Actor Marta = new("editor-1", "Marta Editora");
    public static readonly Actor Jorge = new("editor-2", "Jorge Revisor");

    private KbWorld(TestDatabase db)
    {
        Db = db;
        Clock = new ManualClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        App = new TestServices(db.Settings, Clock);
    }

    public TestDatabase Db { get; }

    public ManualClock Clock { get; }

    public TestServices App { get; }

    public static async Task<KbWorld> Create(string provider) => new(await TestDatabase.Create(provider));

    public Task<T> Articles<T>(Func<KbArticleService, Task<T>> work) => App.Run(work);

    public Task<T> Categories<T>(Func<KbCategoryService, Task<T>> work) => App.Run(work);

    public Task<T> Feedback<T>(Func<KbFeedbackService, Task<T>> work) => App.Run(work);

    public async Task<long> Category(string es = "Facturación", string en = "Billing", long? parent = null, int? position = null) =>
        (await Categories(s => s.Create(new KbCategoryInput { NameEs = es, NameEn = en, ParentId = parent, Position = position }))).Id;

    public static KbArticleInput Input(long categoryId, string title = "Cómo devolver un producto", string? body = null, string language = "es",
        string? externalId = null, string? visibility = null) => new()
    {
        Language = language,
        Title = title,
        Body = body ?? "Tiene **30 días** para devolver el producto desde la entrega.\n\n1. Entre en *Mis pedidos*\n2. Elija el pedido",
        CategoryId = categoryId,
        ExternalId = externalId,
        Visibility = visibility,
    };

    public Task<KbArticleDto> Write(KbArticleInput input, Actor? actor = null) => Articles(s => s.Create(input, actor ?? Marta));

    public async Task<KbArticleDto> Published(KbArticleInput input)
    {
        var article = await Write(input);
        return (await Articles(s => s.Transition(article.Id, KbAction.Publish, article.Version, Marta)))!;
    }

    /// <summary>One number from raw SQL on the test database.</summary>
    public async Task<long> Scalar(string sql)
    {
        await using var db = Db.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Db.DisposeAsync();
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Knowledge.Search;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Knowledge;
using Vinculo.Domain.Knowledge.Search;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Tests.Knowledge.Search;

/// <summary>
/// A small knowledge base in Spanish and English (published, draft, archived; internal and public) written straight
/// through the DbContext, with the real service container over it.
/// </summary>
internal sealed class KbSearchWorld : IAsyncDisposable
{
    public static readonly DateTime Start = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    public static readonly (string Language, string Title, string Body, KbStatus Status, KbVisibility Visibility)[] Corpus =
    [
        ("es", "Lavado de sábanas de franela",
            "Lave las sábanas de franela del revés con **agua fría** y un detergente suave.\n\n- Secadora a baja temperatura, o tender a la sombra.\n- Nunca use lejía.",
            KbStatus.Published, KbVisibility.Public),
        ("es", "Devolución de un pedido",
            "Puede solicitar la devolución de un pedido en los 30 días siguientes a la entrega. El importe se abona en la misma tarjeta.",
            KbStatus.Published, KbVisibility.Internal),
        ("es", "Cambio de dirección de facturación",
            "Para cambiar la dirección de facturación entre en *Mi cuenta* y edite los datos de facturación. Las facturas ya emitidas no cambian.",
            KbStatus.Published, KbVisibility.Public),
        ("es", "Cuidado de toallas de algodón",
            "Las toallas de algodón se lavan con agua templada. Se pueden secar en secadora a temperatura media. No use suavizante: las toallas absorben menos.",
            KbStatus.Published, KbVisibility.Public),
        ("es", "Garantía de los colchones",
            "Los colchones tienen diez años de garantía. La garantía no cubre manchas ni el uso sin somier.",
            KbStatus.Published, KbVisibility.Internal),
        ("es", "Plazos de entrega",
            "El pedido llega en 48 horas en la península y en cinco días en las islas. Puede seguir el pedido desde el correo de confirmación.",
            KbStatus.Published, KbVisibility.Public),
        ("es", "Sábanas de franela: tallas",
            "Las sábanas de franela están disponibles para camas de 90, 135 y 150 cm. Cada juego incluye funda de almohada.",
            KbStatus.Published, KbVisibility.Public),
        ("es", "Pago con tarjeta de crédito",
            "Aceptamos tarjeta de crédito y de débito. El cargo se hace al enviar el pedido. Si el pago es rechazado, revise los datos de la tarjeta.",
            KbStatus.Published, KbVisibility.Internal),
        ("es", "Lavado de sábanas de franela (borrador)",
            "Borrador: lavado de franela con agua fría.", KbStatus.Draft, KbVisibility.Public),
        ("es", "Lavado antiguo de franela",
            "Versión retirada: lavado de sábanas de franela con agua caliente.", KbStatus.Archived, KbVisibility.Public),
        ("en", "Septicaemia",
            "Septicaemia is a serious bloodstream infection caused by bacteria. It needs urgent treatment with antibiotics.",
            KbStatus.Published, KbVisibility.Public),
        ("en", "Washing flannel sheets",
            "Wash flannel sheets inside out in cold water with a mild detergent, then tumble dry on low heat. Never use bleach.",
            KbStatus.Published, KbVisibility.Public),
        ("en", "Mahatma Gandhi",
            "Gandhi led the campaign for India's independence from British rule through nonviolent resistance.",
            KbStatus.Published, KbVisibility.Internal),
        ("en", "Returns and refunds",
            "You can return an order within 30 days of delivery. The refund goes back to the same card within five days.",
            KbStatus.Published, KbVisibility.Public),
        ("en", "Ctenophores",
            "Cydippids are egg-shaped ctenophores with a pair of retractable tentacles fringed with colloblasts.",
            KbStatus.Published, KbVisibility.Public),
        ("en", "Changing your billing address",
            "To change your billing address open *My account* and edit the billing details. Invoices already issued do not change.",
            KbStatus.Published, KbVisibility.Public),
        ("en", "Delivery times",
            "Orders arrive within 48 hours on the mainland and five days on the islands. Track the order from the confirmation email.",
            KbStatus.Published, KbVisibility.Public),
        ("en", "Mattress warranty",
            "Mattresses carry a ten-year warranty. The warranty does not cover stains or use without a base.",
            KbStatus.Published, KbVisibility.Internal),
        ("en", "Cotton towel care",
            "Wash cotton towels in warm water and tumble dry on medium heat. Skip fabric softener: towels absorb less water with it.",
            KbStatus.Published, KbVisibility.Public),
        ("en", "Credit card payments",
            "We accept credit and debit cards. The card is charged when the order ships. If the payment is declined, check the card details.",
            KbStatus.Published, KbVisibility.Internal),
        ("en", "Flannel sheets (draft)", "Draft: flannel sheets washing in cold water.", KbStatus.Draft, KbVisibility.Public),
        ("en", "Old flannel care", "Withdrawn: wash flannel sheets in hot water.", KbStatus.Archived, KbVisibility.Public),
    ];

    private KbSearchWorld(TestDatabase db, ManualClock clock)
    {
        Db = db;
        Clock = clock;
        App = new TestServices(db.Settings, clock);
    }

    public TestDatabase Db { get; }

    public ManualClock Clock { get; }

    public TestServices App { get; }

    /// <summary>Article ids by title.</summary>
    public Dictionary<string, long> Ids { get; } = new(StringComparer.Ordinal);

    public static async Task<KbSearchWorld> Create(string provider, bool seed = true)
    {
        var world = new KbSearchWorld(await TestDatabase.Create(provider), new ManualClock(new DateTimeOffset(Start)));
        if (seed)
        {
            foreach (var (language, title, body, status, visibility) in Corpus)
            {
                await world.Add(language, title, body, status, visibility);
            }
        }

        return world;
    }

    /// <summary>Writes an article as the article service would (analysed search columns), without touching the search cache.</summary>
    public async Task<long> Add(string language, string title, string body, KbStatus status = KbStatus.Published, KbVisibility visibility = KbVisibility.Public, string? externalId = null)
    {
        await using var db = Db.CreateDbContext();
        var now = Clock.GetUtcNow().UtcDateTime;
        var article = new KbArticle
        {
            Language = language, Title = title, Body = body, Status = status, Visibility = visibility, ExternalId = externalId,
            CreatedAt = now, UpdatedAt = now, PublishedAt = status == KbStatus.Published ? now : null, Version = 1,
        };
        KbAnalysis.Apply(article);
        db.KbArticles.Add(article);
        await db.SaveChangesAsync();
        Ids[title] = article.Id;
        return article.Id;
    }

    public async Task SetStatus(long id, KbStatus status)
    {
        await using var db = Db.CreateDbContext();
        var article = await db.KbArticles.SingleAsync(a => a.Id == id);
        article.Status = status;
        article.UpdatedAt = Clock.GetUtcNow().UtcDateTime;
        article.Version++;
        await db.SaveChangesAsync();
    }

    public Task<KbSearchResult> Search(string query, string language, int top = 10, bool publicOnly = false) =>
        App.Run<KbSearchService, KbSearchResult>(s => s.SearchAsync(new KbSearchRequest(query, language, top, publicOnly), CancellationToken.None));

    public Task<T> Synonyms<T>(Func<KbSynonymService, Task<T>> work) => App.Run(work);

    public KbSearchCache Cache
    {
        get
        {
            using var scope = App.Scope();
            return scope.ServiceProvider.GetRequiredService<KbSearchCache>();
        }
    }

    /// <summary>A customer and a case with a customer reply; returns the case id.</summary>
    public async Task<long> Case(string subject, string? description, string? reply, string preferredLanguage = "es")
    {
        await using var db = Db.CreateDbContext();
        var now = Clock.GetUtcNow().UtcDateTime;
        var customer = new Customer
        {
            DisplayName = "Marta Gil", SearchName = "marta gil", PreferredLanguage = preferredLanguage, Lifecycle = Lifecycle.Active,
            CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        var @case = new ServiceCase
        {
            CustomerId = customer.Id, Type = "question", Channel = Channel.Email, Subject = subject, Description = description,
            CreatedAt = now, UpdatedAt = now, LastEventAt = now, Version = 1,
        };
        db.Cases.Add(@case);
        await db.SaveChangesAsync();
        if (reply is not null)
        {
            db.CaseEvents.Add(new CaseEvent { CaseId = @case.Id, OccurredAt = now.AddMinutes(-5), RecordedAt = now, Kind = CaseEventKind.CustomerReply, Body = "Una respuesta anterior sin relación." });
            db.CaseEvents.Add(new CaseEvent { CaseId = @case.Id, OccurredAt = now, RecordedAt = now, Kind = CaseEventKind.CustomerReply, Body = reply });
            db.CaseEvents.Add(new CaseEvent { CaseId = @case.Id, OccurredAt = now.AddMinutes(1), RecordedAt = now, Kind = CaseEventKind.AgentReply, Body = "Colchones garantía somier" });
            await db.SaveChangesAsync();
        }

        return @case.Id;
    }

    /// <summary>
    /// The BM25 ranking computed in C# from the stored search columns (<see cref="Bm25"/>): what both databases must return.
    /// </summary>
    public async Task<List<(long Id, double Score)>> Reference(IReadOnlyList<string> terms, string language, int top, bool publicOnly = false)
    {
        await using var db = Db.CreateDbContext();
        var articles = await db.KbArticles.AsNoTracking()
            .Where(a => a.Status == KbStatus.Published && a.Language == language)
            .Select(a => new { a.Id, a.SearchTitle, a.SearchBody, a.SearchLength, a.Visibility })
            .ToListAsync();
        double avgdl = articles.Sum(a => (double)a.SearchLength) / articles.Count;
        var split = articles.Select(a => (a.Id, a.Visibility, a.SearchLength,
            Title: a.SearchTitle.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Body: a.SearchBody.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        var scores = new List<(long Id, double Score)>();
        foreach (var a in split)
        {
            if (publicOnly && a.Visibility != KbVisibility.Public)
            {
                continue;
            }

            double score = 0;
            bool any = false;
            foreach (var term in terms.Distinct(StringComparer.Ordinal))
            {
                int title = a.Title.Count(t => t == term);
                int body = a.Body.Count(t => t == term);
                if (title + body == 0)
                {
                    continue;
                }

                any = true;
                int n = split.Count(x => x.Title.Contains(term) || x.Body.Contains(term));
                score += Bm25.TermScore(Bm25.Idf(split.Count, n), Bm25.Frequency(title, body), a.SearchLength, avgdl);
            }

            if (any)
            {
                scores.Add((a.Id, score));
            }
        }

        return scores.OrderByDescending(s => s.Score).ThenBy(s => s.Id).Take(top).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Db.DisposeAsync();
    }
}

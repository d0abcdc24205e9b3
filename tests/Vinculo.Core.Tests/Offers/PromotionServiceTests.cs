using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Common;
using Vinculo.Core.Offers;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Offers;
using static Vinculo.Core.Tests.Offers.OfferWorld;

namespace Vinculo.Core.Tests.Offers;

public sealed class PromotionServiceTests
{
    private static Task<PromotionDto> Create(TestServices app, PromotionInput input) =>
        app.Run<PromotionService, PromotionDto>(s => s.Create(input));

    private static async Task<IDictionary<string, string[]>> Errors(TestServices app, PromotionInput input) =>
        (await Assert.ThrowsAsync<ValidationException>(() => Create(app, input))).Errors;

    [Theory, SqliteData, PostgresData]
    public async Task Create_read_update_and_delete_with_versions(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Now));
        await Customer(app, "Ana", tier: "Platinum", segment: "Particulares");
        long tv, fibre;
        await using (var scope = app.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<VinculoDb>();
            fibre = await Product(store, "FIB-1G", "Fibra 1 Gb", "Fibre 1 Gb");
            tv = await Product(store, "TV-FUT", "TV con fútbol", "TV with football");
        }

        var created = await Create(app, Input() with
        {
            Code = " navidad-26 ",
            Segments = ["PARTICULARES", "particulares", ""],
            Tiers = ["platinum", "gold"],
            Channels = ["phone", "inPerson", "PHONE"],
            OwnsAny = [fibre],
            NotOwned = [tv],
        });
        Assert.Equal("NAVIDAD-26", created.Code);
        Assert.Equal(PromotionStatus.Draft, created.Status);
        Assert.Equal(PromotionValidity.Upcoming, created.Validity);
        Assert.Equal(["particulares"], created.Eligibility.Segments);
        Assert.Equal(["platinum", "gold"], created.Eligibility.Tiers);
        Assert.Equal([Channel.Phone, Channel.InPerson], created.Eligibility.Channels);
        Assert.Equal("FIB-1G", Assert.Single(created.Eligibility.OwnsAny).Sku);
        Assert.Equal("TV with football", Assert.Single(created.Eligibility.NotOwned).NameEn);
        Assert.Equal(new ResponseCounts(0, 0, 0), created.Responses);
        Assert.Equal(1, created.Version);
        Assert.Equal(Now.UtcDateTime, created.CreatedAt);
        Assert.Equivalent(created, await app.Run<PromotionService, PromotionDto?>(s => s.Get(created.Id)));

        var changed = await app.Run<PromotionService, PromotionDto?>(s => s.Update(created.Id, Input("NAVIDAD-26") with
        {
            ValidFrom = new DateOnly(2026, 11, 20), Priority = 500,
        }, 1));
        Assert.Equal(2, changed!.Version);
        Assert.Equal(PromotionValidity.Current, changed.Validity);
        Assert.Empty(changed.Eligibility.Tiers);
        Assert.Equal(500, changed.Priority);

        await Assert.ThrowsAsync<PreconditionFailedException>(() => app.Run<PromotionService, PromotionDto?>(s => s.Update(created.Id, Input("NAVIDAD-26"), 1)));
        Assert.Null(await app.Run<PromotionService, PromotionDto?>(s => s.Update(999_999, Input("X1"), null)));

        // Duplicate codes (ignoring case) are a conflict, on create and on update.
        await Assert.ThrowsAsync<ConflictException>(() => Create(app, Input("Navidad-26")));
        var other = await Create(app, Input("VERANO"));
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<PromotionService, PromotionDto?>(s => s.Update(other.Id, Input("NAVIDAD-26"), null)));

        await Assert.ThrowsAsync<PreconditionFailedException>(() => app.Run<PromotionService, bool>(s => s.Delete(other.Id, 7)));
        Assert.True(await app.Run<PromotionService, bool>(s => s.Delete(other.Id, 1)));
        Assert.False(await app.Run<PromotionService, bool>(s => s.Delete(other.Id, null)));
        Assert.Null(await app.Run<PromotionService, PromotionDto?>(s => s.Get(other.Id)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Invalid_input_is_reported_by_field(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Now));
        await Customer(app, "Ana", tier: "vip", segment: "empresas");

        var errors = await Errors(app, new PromotionInput { Code = "a", Priority = 1001, ValidFrom = new DateOnly(2026, 12, 2), ValidTo = new DateOnly(2026, 12, 1) });
        Assert.Equal(["code", "nameEn", "nameEs", "offerEn", "offerEs", "priority", "validTo"], errors.Keys.Order(StringComparer.Ordinal));

        errors = await Errors(app, Input() with { Code = "CON ESPACIO", ValidFrom = null, ValidTo = null });
        Assert.Equal(["code", "validFrom", "validTo"], errors.Keys.Order(StringComparer.Ordinal));

        errors = await Errors(app, Input() with
        {
            // "gold" is a standard tier and "vip" a customer's; "diamond" is nobody's. Likewise for segments.
            Tiers = ["gold", "vip", "diamond"],
            Segments = ["empresas", "marte"],
            Channels = ["phone", "pigeon"],
            OwnsAll = [123_456],
            NotOwned = [123_456],
        });
        Assert.Equal(["channels[1]", "notOwned[0]", "ownsAll[0]", "segments[1]", "tiers[2]"], errors.Keys.Order(StringComparer.Ordinal));

        errors = await Errors(app, Input() with { NameEs = new string('x', 201), OfferEn = new string('y', 2001), ValidTo = new DateOnly(2040, 1, 1) });
        Assert.Equal(["nameEs", "offerEn", "validTo"], errors.Keys.Order(StringComparer.Ordinal));

        long product;
        await using (var scope = app.Scope())
        {
            product = await Product(scope.ServiceProvider.GetRequiredService<VinculoDb>(), "P1", "Uno", "One");
        }

        errors = await Errors(app, Input() with { OwnsAny = [product], NotOwned = [product] });
        Assert.Equal(["notOwned[0]"], errors.Keys);

        var choices = await app.Run<PromotionService, PromotionChoices>(s => s.Choices());
        Assert.Equal(["gold", "platinum", "silver", "standard", "vip"], choices.Tiers);
        Assert.Equal(["empresas"], choices.Segments);
        Assert.Equal("P1", Assert.Single(choices.Products).Sku);
        Assert.Equal(8, choices.Channels.Count);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Status_changes_and_a_promotion_with_answers_is_ended_not_deleted(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Now));
        var ana = await Customer(app, "Ana");
        var promotion = await Create(app, Input() with { ValidFrom = Today, ValidTo = Today });

        Task<PromotionDto?> Change(PromotionCommand command, long? version = null) =>
            app.Run<PromotionService, PromotionDto?>(s => s.Change(promotion.Id, command, version));

        await Assert.ThrowsAsync<ConflictException>(() => Change(PromotionCommand.Pause));
        await Assert.ThrowsAsync<PreconditionFailedException>(() => Change(PromotionCommand.Activate, 5));
        var active = await Change(PromotionCommand.Activate, 1);
        Assert.Equal((PromotionStatus.Active, 2L), (active!.Status, active.Version));
        Assert.Equal(2, (await Change(PromotionCommand.Activate))!.Version); // already active: nothing changes
        Assert.Equal(PromotionStatus.Paused, (await Change(PromotionCommand.Pause))!.Status);
        Assert.Equal(PromotionStatus.Active, (await Change(PromotionCommand.Activate))!.Status);
        Assert.Null(await app.Run<PromotionService, PromotionDto?>(s => s.Change(999_999, PromotionCommand.Activate, null)));

        await app.Run<PromotionResponseService, PromotionResponseDto?>(s => s.Record(ana, new PromotionResponseInput(promotion.Id, "offered"), null));
        await app.Run<PromotionResponseService, PromotionResponseDto?>(s => s.Record(ana, new PromotionResponseInput(promotion.Id, "declined"), null));
        Assert.Equal(new ResponseCounts(1, 0, 1), (await app.Run<PromotionService, PromotionDto?>(s => s.Get(promotion.Id)))!.Responses);
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<PromotionService, bool>(s => s.Delete(promotion.Id, null)));

        Assert.Equal(PromotionStatus.Ended, (await Change(PromotionCommand.End))!.Status);
        await Assert.ThrowsAsync<ConflictException>(() => Change(PromotionCommand.Activate));

        // A promotion whose last day has passed cannot be activated.
        var old = await Create(app, Input("OLD") with { ValidFrom = new DateOnly(2026, 1, 1), ValidTo = new DateOnly(2026, 1, 31) });
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<PromotionService, PromotionDto?>(s => s.Change(old.Id, PromotionCommand.Activate, null)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_list_filters_by_status_validity_and_code_and_pages_newest_first(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Now));
        var past = await Create(app, Input("A-PAST") with { ValidFrom = new DateOnly(2026, 1, 1), ValidTo = new DateOnly(2026, 11, 22) });
        var current = await Create(app, Input("B-NOW") with { ValidFrom = new DateOnly(2026, 11, 23), ValidTo = new DateOnly(2026, 11, 23) });
        var upcoming = await Create(app, Input("C-LATER") with { ValidFrom = new DateOnly(2026, 11, 24), ValidTo = new DateOnly(2026, 12, 24) });
        var active = await app.Run<PromotionService, PromotionDto?>(s => s.Change(current.Id, PromotionCommand.Activate, null));

        async Task<List<string>> Codes(PromotionQuery query) =>
            [.. (await app.Run<PromotionService, Page<PromotionDto>>(s => s.List(query))).Items.Select(p => p.Code)];

        Assert.Equal(["C-LATER", "B-NOW", "A-PAST"], await Codes(new PromotionQuery()));
        Assert.Equal(["B-NOW"], await Codes(new PromotionQuery(Status: "active")));
        Assert.Equal(["C-LATER", "A-PAST"], await Codes(new PromotionQuery(Status: "draft")));
        Assert.Equal(["A-PAST"], await Codes(new PromotionQuery(Validity: "past")));
        Assert.Equal(["B-NOW"], await Codes(new PromotionQuery(Validity: "current")));
        Assert.Equal(["C-LATER"], await Codes(new PromotionQuery(Validity: "upcoming")));
        Assert.Equal(["B-NOW"], await Codes(new PromotionQuery(Q: "b-")));
        Assert.Equal(PromotionValidity.Current, active!.Validity);
        Assert.Equal(PromotionValidity.Past, (await app.Run<PromotionService, PromotionDto?>(s => s.Get(past.Id)))!.Validity);

        var first = await app.Run<PromotionService, Page<PromotionDto>>(s => s.List(new PromotionQuery(Limit: 2)));
        Assert.Equal([upcoming.Id, current.Id], first.Items.Select(p => p.Id));
        var second = await app.Run<PromotionService, Page<PromotionDto>>(s => s.List(new PromotionQuery(Cursor: first.NextCursor, Limit: 2)));
        Assert.Equal([past.Id], second.Items.Select(p => p.Id));
        Assert.Null(second.NextCursor);

        var bad = await Assert.ThrowsAsync<ValidationException>(() => app.Run<PromotionService, Page<PromotionDto>>(
            s => s.List(new PromotionQuery(Status: "sleeping", Validity: "forever", Limit: 500))));
        Assert.Equal(["limit", "status", "validity"], bad.Errors.Keys.Order(StringComparer.Ordinal));
        bad = await Assert.ThrowsAsync<ValidationException>(() => app.Run<PromotionService, Page<PromotionDto>>(
            s => s.List(new PromotionQuery(Cursor: Cursor.Encode("not-an-id")))));
        Assert.Equal(["cursor"], bad.Errors.Keys);
    }
}

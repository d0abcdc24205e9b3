using Vinculo.Core.Common;
using Vinculo.Core.Service.Configuration;
using Vinculo.Core.Tests.Infrastructure;
using static Vinculo.Core.Tests.Service.Configuration.ConfigSeed;

namespace Vinculo.Core.Tests.Service.Configuration;

public sealed class CaseTypeServiceTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Built_in_types_are_listed_renamed_but_never_deactivated_or_deleted(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);

        var all = await app.Run<CaseTypeService, IReadOnlyList<CaseTypeDto>>(s => s.All());
        Assert.Equal(["question", "complaint", "incident", "return", "warranty", "request"], all.Select(t => t.Code));
        Assert.All(all, t => Assert.True(t.BuiltIn && t.Active));
        Assert.Equal("Reclamación", all[1].Name("es"));
        Assert.Equal("Complaint", all[1].Name("en"));

        var renamed = await app.Run<CaseTypeService, CaseTypeDto?>(s => s.Update("Complaint", new CaseTypeInput
        {
            NameEs = "Queja", NameEn = "Complaint", Skills = ["Retention", "retention", ""],
        }));
        Assert.Equal("Queja", renamed!.NameEs);
        Assert.Equal(["retention"], renamed.Skills);

        var errors = (await Assert.ThrowsAsync<ValidationException>(() => app.Run<CaseTypeService, CaseTypeDto?>(s => s.Update("complaint", new CaseTypeInput
        {
            NameEs = "Queja", NameEn = "Complaint", Active = false,
        })))).Errors;
        Assert.Equal(["active"], errors.Keys);
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<CaseTypeService, bool>(s => s.Delete("complaint")));
        Assert.Null(await app.Run<CaseTypeService, CaseTypeDto?>(s => s.Update("nope", new CaseTypeInput { NameEs = "a", NameEn = "b" })));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Custom_types_are_created_deactivated_and_deleted_while_unused(string provider)
    {
        await using var db = await TestDatabase.Create(provider, migrate: true);
        await using var app = new TestServices(db.Settings, new ManualClock(Monday9Madrid));

        var errors = (await Assert.ThrowsAsync<ValidationException>(() => app.Run<CaseTypeService, CaseTypeDto>(s => s.Create(new CaseTypeInput
        {
            Code = "cambio de titular",
        })))).Errors;
        Assert.Equal(["code", "nameEn", "nameEs"], errors.Keys.Order(StringComparer.Ordinal));

        var move = await app.Run<CaseTypeService, CaseTypeDto>(s => s.Create(new CaseTypeInput
        {
            Code = "Change-Owner", NameEs = "Cambio de titular", NameEn = "Change of owner", Skills = ["legal"],
        }));
        Assert.Equal("change-owner", move.Code);
        Assert.False(move.BuiltIn);
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<CaseTypeService, CaseTypeDto>(s => s.Create(new CaseTypeInput
        {
            Code = "change-owner", NameEs = "x", NameEn = "y",
        })));
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<CaseTypeService, CaseTypeDto>(s => s.Create(new CaseTypeInput
        {
            Code = "question", NameEs = "x", NameEn = "y",
        })));

        var off = await app.Run<CaseTypeService, CaseTypeDto?>(s => s.Update("change-owner", new CaseTypeInput
        {
            NameEs = "Cambio de titular", NameEn = "Change of owner", Active = false,
        }));
        Assert.False(off!.Active);
        Assert.Equal(["change-owner"], (await app.Run<CaseTypeService, Page<CaseTypeDto>>(s => s.List(new CaseTypeQuery(Active: false)))).Items.Select(t => t.Code));
        var page = await app.Run<CaseTypeService, Page<CaseTypeDto>>(s => s.List(new CaseTypeQuery(Limit: 4)));
        Assert.Equal(["change-owner", "complaint", "incident", "question"], page.Items.Select(t => t.Code));
        page = await app.Run<CaseTypeService, Page<CaseTypeDto>>(s => s.List(new CaseTypeQuery(Cursor: page.NextCursor, Limit: 4)));
        Assert.Equal(["request", "return", "warranty"], page.Items.Select(t => t.Code));
        Assert.Null(page.NextCursor);

        // In use by a case: only deactivation; unused: deleted.
        var customer = await Customer(app);
        await Case(app, customer, Monday9Madrid.UtcDateTime, type: "change-owner");
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<CaseTypeService, bool>(s => s.Delete("change-owner")));
        await app.Run<CaseTypeService, CaseTypeDto>(s => s.Create(new CaseTypeInput { Code = "typo", NameEs = "Errata", NameEn = "Typo" }));
        Assert.True(await app.Run<CaseTypeService, bool>(s => s.Delete("TYPO")));
        Assert.Null(await app.Run<CaseTypeService, CaseTypeDto?>(s => s.Get("typo")));
        Assert.False(await app.Run<CaseTypeService, bool>(s => s.Delete("typo")));
    }
}

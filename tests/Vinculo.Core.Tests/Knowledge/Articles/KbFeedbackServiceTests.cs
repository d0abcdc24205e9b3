using Vinculo.Core.Common;
using Vinculo.Core.Knowledge.Articles;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Core.Tests.Service.Configuration;
using static Vinculo.Core.Tests.Knowledge.Articles.KbWorld;

namespace Vinculo.Core.Tests.Knowledge.Articles;

public sealed class KbFeedbackServiceTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Feedback_moves_the_counters_and_leaves_the_version_alone(string provider)
    {
        await using var w = await KbWorld.Create(provider);
        var a = await w.Write(Input(await w.Category()));
        var user = await ConfigSeed.User(w.App, "Agent", "Laura Gómez");
        var laura = new Vinculo.Core.Interactions.Actor(user, "Laura Gómez");

        var yes = (await w.Feedback(s => s.Feedback(a.Id, new KbFeedbackInput { Helpful = true, Comment = "  Muy claro  " }, laura)))!;
        Assert.Equal((true, "Muy claro", user), (yes.Helpful, yes.Comment, yes.UserId));
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        await w.Feedback(s => s.Feedback(a.Id, new KbFeedbackInput { Helpful = false }, laura));
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        await w.Feedback(s => s.Feedback(a.Id, new KbFeedbackInput { Helpful = true }, Marta));

        // Concurrent answers all count: the increment happens in SQL.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => w.Feedback(s => s.Feedback(a.Id, new KbFeedbackInput { Helpful = i % 2 == 0 }, Marta))));

        var read = (await w.Articles(s => s.Get(a.Id)))!;
        Assert.Equal((5, 4, 1L), (read.HelpfulYes, read.HelpfulNo, read.Version));
        Assert.Equal(9, await w.Scalar($"SELECT count(*) FROM kb_feedback WHERE article_id = {a.Id}"));

        var page = (await w.Feedback(s => s.ListFeedback(a.Id, new KbFeedbackQuery(Limit: 7))))!;
        Assert.Equal(7, page.Items.Count);
        var rest = (await w.Feedback(s => s.ListFeedback(a.Id, new KbFeedbackQuery(page.NextCursor, 7))))!;
        Assert.Equal(2, rest.Items.Count);
        Assert.Null(rest.NextCursor);
        var oldest = rest.Items[^1];
        Assert.Equal((yes.Id, "Laura Gómez", "Muy claro"), (oldest.Id, oldest.UserName, oldest.Comment));

        var errors = (await Assert.ThrowsAsync<ValidationException>(() =>
            w.Feedback(s => s.Feedback(a.Id, new KbFeedbackInput { Comment = new string('x', 1001) }, Marta)))).Errors;
        Assert.Equal(["comment", "helpful"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Null(await w.Feedback(s => s.Feedback(999_999, new KbFeedbackInput { Helpful = true }, Marta)));
        Assert.Null(await w.Feedback(s => s.ListFeedback(999_999, new KbFeedbackQuery())));
        Assert.Equal(0, await w.Scalar("SELECT count(*) FROM kb_feedback WHERE article_id = 999999"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_use_on_a_case_or_customer_is_recorded_and_counted(string provider)
    {
        await using var w = await KbWorld.Create(provider);
        var a = await w.Write(Input(await w.Category()));
        var customer = await ConfigSeed.Customer(w.App);
        var otherCustomer = await ConfigSeed.Customer(w.App);
        var caseId = await ConfigSeed.Case(w.App, customer, new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc));

        var onCase = (await w.Feedback(s => s.Use(a.Id, new KbUsageInput { CaseId = caseId }, Marta)))!;
        Assert.Equal((caseId, (long?)customer, "editor-1"), (onCase.CaseId, onCase.CustomerId, onCase.UserId));
        var forCustomer = (await w.Feedback(s => s.Use(a.Id, new KbUsageInput { CustomerId = otherCustomer }, Marta)))!;
        Assert.Equal((null, (long?)otherCustomer), (forCustomer.CaseId, forCustomer.CustomerId));

        // Opening the page again from the same case records nothing new.
        var again = (await w.Feedback(s => s.Use(a.Id, new KbUsageInput { CaseId = caseId }, Marta, onlyOnce: true)))!;
        Assert.Equal(onCase.Id, again.Id);
        var jorge = (await w.Feedback(s => s.Use(a.Id, new KbUsageInput { CaseId = caseId, CustomerId = customer }, Jorge, onlyOnce: true)))!;
        Assert.NotEqual(onCase.Id, jorge.Id);

        Assert.Equal(3, (await w.Feedback(s => s.Counters(a.Id)))!.UseCount);
        Assert.Equal(3, await w.Scalar($"SELECT count(*) FROM kb_usages WHERE article_id = {a.Id}"));

        async Task<IDictionary<string, string[]>> Errors(KbUsageInput input) =>
            (await Assert.ThrowsAsync<ValidationException>(() => w.Feedback(s => s.Use(a.Id, input, Marta)))).Errors;
        Assert.Equal(["caseId"], (await Errors(new KbUsageInput())).Keys);
        Assert.Equal(["No case has this id."], (await Errors(new KbUsageInput { CaseId = 999_999 }))["caseId"]);
        Assert.Equal(["No customer has this id."], (await Errors(new KbUsageInput { CustomerId = 999_999 }))["customerId"]);
        Assert.Equal(["The case belongs to another customer."], (await Errors(new KbUsageInput { CaseId = caseId, CustomerId = otherCustomer }))["customerId"]);
        Assert.Null(await w.Feedback(s => s.Use(999_999, new KbUsageInput { CustomerId = customer }, Marta)));
        Assert.Equal(1, (await w.Articles(s => s.Get(a.Id)))!.Version);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Views_are_counted_one_post_at_a_time(string provider)
    {
        await using var w = await KbWorld.Create(provider);
        var a = await w.Write(Input(await w.Category()));

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => w.Feedback(s => s.View(a.Id))));
        var counters = (await w.Feedback(s => s.View(a.Id)))!;

        Assert.Equal((6L, 0L, 0, 0), (counters.ViewCount, counters.UseCount, counters.HelpfulYes, counters.HelpfulNo));
        Assert.Equal(6, (await w.Articles(s => s.Get(a.Id)))!.ViewCount);
        Assert.Null(await w.Feedback(s => s.View(999_999)));
    }
}

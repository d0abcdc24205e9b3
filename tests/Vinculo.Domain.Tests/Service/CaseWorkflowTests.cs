using Vinculo.Domain.Service;
using S = Vinculo.Domain.Service.CaseStatus;

namespace Vinculo.Domain.Tests.Service;

public class CaseWorkflowTests
{
    private static readonly (S From, S To)[] Allowed =
    [
        (S.New, S.Open), (S.New, S.PendingCustomer), (S.New, S.PendingInternal), (S.New, S.Resolved),
        (S.Open, S.PendingCustomer), (S.Open, S.PendingInternal), (S.Open, S.Resolved),
        (S.Reopened, S.PendingCustomer), (S.Reopened, S.PendingInternal), (S.Reopened, S.Resolved),
        (S.PendingCustomer, S.Open), (S.PendingCustomer, S.Resolved),
        (S.PendingInternal, S.Open), (S.PendingInternal, S.Resolved),
        (S.Resolved, S.Closed), (S.Resolved, S.Reopened),
    ];

    public static TheoryData<S, S> AllowedTransitions()
    {
        var data = new TheoryData<S, S>();
        foreach (var (from, to) in Allowed)
        {
            data.Add(from, to);
        }

        return data;
    }

    public static TheoryData<S, S> ForbiddenTransitions()
    {
        var data = new TheoryData<S, S>();
        foreach (var from in Enum.GetValues<S>())
        {
            foreach (var to in Enum.GetValues<S>())
            {
                if (!Allowed.Contains((from, to)))
                {
                    data.Add(from, to);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllowedTransitions))]
    public void Allowed_transitions_can_move(S from, S to)
    {
        Assert.True(CaseWorkflow.CanMove(from, to));
        Assert.Contains(to, CaseWorkflow.NextStatuses(from));
    }

    [Theory]
    [MemberData(nameof(ForbiddenTransitions))]
    public void Forbidden_transitions_cannot_move(S from, S to)
    {
        Assert.False(CaseWorkflow.CanMove(from, to));
        Assert.DoesNotContain(to, CaseWorkflow.NextStatuses(from));
        Assert.Throws<InvalidOperationException>(() => CaseWorkflow.SlaEventFor(from, to));
    }

    [Fact]
    public void Table_covers_every_status_and_matches_the_pairs()
    {
        Assert.Equal(Enum.GetValues<S>().Order(), CaseWorkflow.Transitions.Keys.Order());
        var pairs = CaseWorkflow.Transitions.SelectMany(kv => kv.Value.Select(to => (kv.Key, to))).ToHashSet();
        Assert.Equal(Allowed.ToHashSet(), pairs);
        Assert.Equal(49 - Allowed.Length, ForbiddenTransitions().Count);
    }

    [Fact]
    public void Closed_is_final_and_reopened_behaves_like_open()
    {
        Assert.Empty(CaseWorkflow.NextStatuses(S.Closed));
        Assert.True(CaseWorkflow.IsFinal(S.Closed));
        Assert.All(Enum.GetValues<S>().Where(s => s != S.Closed), s => Assert.False(CaseWorkflow.IsFinal(s)));
        Assert.Equal(CaseWorkflow.NextStatuses(S.Open), CaseWorkflow.NextStatuses(S.Reopened));
        Assert.Empty(CaseWorkflow.NextStatuses((S)99));
        Assert.False(CaseWorkflow.CanMove((S)99, S.Open));
    }

    [Fact]
    public void Active_statuses_exclude_resolved_and_closed()
    {
        Assert.Equal(
            [S.New, S.Open, S.PendingCustomer, S.PendingInternal, S.Reopened],
            Enum.GetValues<S>().Where(CaseWorkflow.IsActive).ToArray());
    }

    [Theory]
    [InlineData(S.New, S.Open, SlaEventKind.Open)]
    [InlineData(S.New, S.PendingCustomer, SlaEventKind.PendingCustomer)]
    [InlineData(S.New, S.PendingInternal, SlaEventKind.PendingInternal)]
    [InlineData(S.New, S.Resolved, SlaEventKind.Resolved)]
    [InlineData(S.Open, S.PendingCustomer, SlaEventKind.PendingCustomer)]
    [InlineData(S.Open, S.PendingInternal, SlaEventKind.PendingInternal)]
    [InlineData(S.Open, S.Resolved, SlaEventKind.Resolved)]
    [InlineData(S.Reopened, S.PendingCustomer, SlaEventKind.PendingCustomer)]
    [InlineData(S.Reopened, S.PendingInternal, SlaEventKind.PendingInternal)]
    [InlineData(S.Reopened, S.Resolved, SlaEventKind.Resolved)]
    [InlineData(S.PendingCustomer, S.Open, SlaEventKind.Open)]
    [InlineData(S.PendingCustomer, S.Resolved, SlaEventKind.Resolved)]
    [InlineData(S.PendingInternal, S.Open, SlaEventKind.Open)]
    [InlineData(S.PendingInternal, S.Resolved, SlaEventKind.Resolved)]
    [InlineData(S.Resolved, S.Reopened, SlaEventKind.Reopened)]
    public void Sla_event_for_each_transition(S from, S to, SlaEventKind expected) =>
        Assert.Equal(expected, CaseWorkflow.SlaEventFor(from, to));

    [Fact]
    public void Closing_feeds_no_sla_event() => Assert.Null(CaseWorkflow.SlaEventFor(S.Resolved, S.Closed));

    [Fact]
    public void Every_allowed_transition_except_closing_has_an_sla_event() =>
        Assert.All(Allowed.Where(p => p.To != S.Closed), p => Assert.NotNull(CaseWorkflow.SlaEventFor(p.From, p.To)));

    [Fact]
    public void Built_in_case_types()
    {
        Assert.Equal(
            ["question", "complaint", "incident", "return", "warranty", "request"],
            CaseType.BuiltIn.Select(t => t.Code).ToArray());
        Assert.All(CaseType.BuiltIn, t => Assert.True(t.IsBuiltIn));
        Assert.Same(CaseType.Incident, CaseType.Parse(" Incident "));
        Assert.Equal("warranty", CaseType.Warranty.ToString());
    }

    [Theory]
    [InlineData("rma", "rma")]
    [InlineData("B2B-Onboarding", "b2b-onboarding")]
    [InlineData("  billing-dispute ", "billing-dispute")]
    [InlineData("42", "42")]
    [InlineData("ab", "ab")]
    [InlineData("-x", "-x")]
    public void Valid_custom_case_types_are_lower_cased(string code, string expected)
    {
        Assert.Null(CaseType.Problem(code));
        Assert.True(CaseType.TryParse(code, out var type));
        Assert.Equal(expected, type.Code);
        Assert.False(type.IsBuiltIn);
        Assert.Equal(type, CaseType.Parse(expected.ToUpperInvariant()));
    }

    [Fact]
    public void Forty_characters_is_the_longest_code()
    {
        Assert.True(CaseType.TryParse(new string('a', 40), out _));
        Assert.False(CaseType.TryParse(new string('a', 41), out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a")]
    [InlineData("billing dispute")]
    [InlineData("billing_dispute")]
    [InlineData("reclamación")]
    [InlineData("a.b")]
    [InlineData("x/y")]
    public void Invalid_custom_case_types_are_rejected(string? code)
    {
        Assert.NotNull(CaseType.Problem(code));
        Assert.False(CaseType.TryParse(code, out var type));
        Assert.Null(type);
        Assert.Throws<ArgumentException>(() => CaseType.Parse(code));
    }
}

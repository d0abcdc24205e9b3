using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Service.Configuration;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Service;
using static Vinculo.Core.Tests.Service.Configuration.ConfigSeed;

namespace Vinculo.Core.Tests.Service.Configuration;

public sealed class CustomerTierTests
{
    private static CustomerInput Lucia(string? tier, string? segment) => new()
    {
        FirstName = "Lucía", LastName = "Ortega", Lifecycle = "active", Tier = tier, Segment = segment,
    };

    [Theory, SqliteData, PostgresData]
    public async Task Tier_and_segment_are_lower_cased_codes_in_the_customer(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);

        var created = await app.Run<CustomerService, CustomerDto>(s => s.Create(Lucia(" Platinum ", "PYMES")));
        Assert.Equal("platinum", created.Tier);
        Assert.Equal("pymes", created.Segment);
        var view = await app.Run<CustomerService, Customer360?>(s => s.Get360(created.Id, "es"));
        Assert.Equal(("platinum", "pymes"), (view!.Customer.Tier, view.Customer.Segment));

        var cleared = await app.Run<CustomerService, CustomerDto?>(s => s.Update(created.Id, Lucia(null, " "), created.Version));
        Assert.Null(cleared!.Tier);
        Assert.Null(cleared.Segment);

        var errors = (await Assert.ThrowsAsync<ValidationException>(() => app.Run<CustomerService, CustomerDto>(s => s.Create(Lucia(new string('t', 41), new string('s', 41)))))).Errors;
        Assert.Equal(["segment", "tier"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_new_tier_moves_the_rank_and_the_sla_of_the_active_cases_only(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Monday9Madrid));
        var calendar = await Calendar(app);
        await app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(Corporate(calendar)));
        var platinumPolicy = await app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(new PolicyInput
        {
            Name = "Platino", Scope = "customerTier", ScopeKey = "platinum", CalendarId = calendar,
            Targets = new PolicyTargetsInput(Normal: new TargetInput(FirstResponse: 15)),
        }));
        var customer = await Customer(app, tier: "silver");
        var at = Monday9Madrid.UtcDateTime;
        var open = await Case(app, customer, at);
        var closed = await Case(app, customer, at, status: CaseStatus.Closed);
        var other = await Case(app, await Customer(app), at);
        Assert.Equal(50, (await ReadCase(app, open)).CustomerRank);

        var current = await app.Run<CustomerService, CustomerDto?>(s => s.Get(customer));
        await app.Run<CustomerService, CustomerDto?>(s => s.Update(customer, Lucia("Platinum", null), current!.Version));

        var c = await ReadCase(app, open);
        Assert.Equal(100, c.CustomerRank);
        Assert.Equal(platinumPolicy.Item.Id, c.FrPolicyId);
        Assert.Equal(at.AddMinutes(15), c.FrDueAt);
        Assert.Equal(50, (await ReadCase(app, closed)).CustomerRank);
        Assert.Equal(0, (await ReadCase(app, other)).CustomerRank);

        // Another change that keeps the tier leaves the rank alone; an unknown tier ranks as standard.
        current = await app.Run<CustomerService, CustomerDto?>(s => s.Get(customer));
        await app.Run<CustomerService, CustomerDto?>(s => s.Update(customer, Lucia("platinum", "grandes") with { LastName = "Ortega Ruiz" }, current!.Version));
        Assert.Equal(100, (await ReadCase(app, open)).CustomerRank);
        current = await app.Run<CustomerService, CustomerDto?>(s => s.Get(customer));
        await app.Run<CustomerService, CustomerDto?>(s => s.Update(customer, Lucia("bronce", null), current!.Version));
        c = await ReadCase(app, open);
        Assert.Equal(0, c.CustomerRank);
        Assert.Equal(at.AddMinutes(60), c.FrDueAt);
    }
}

using Vinculo.Domain.Analytics.Affinity;
using Vinculo.Domain.Tests.Analytics.Cohorts;

namespace Vinculo.Domain.Tests.Analytics.Affinity;

public class OnlineRetailAffinityTests
{
    // Reference computed with pandas 1.5 + itertools.combinations over each invoice's set of stock codes
    // (/usr/bin/python3): N = 18,536 invoices; the most frequent pair is 22386 & 85099B in 546 invoices,
    // n(22386) = 871, n(85099B) = 1,600.
    [OnlineRetailFact]
    public void Rules_over_invoices_match_an_independent_count()
    {
        var data = OnlineRetailPurchases.Data!;
        var invoices = BasketSet.FromPairs(data.Invoices, data.Products);

        var rules = AssociationRules.Mine(invoices, new AssociationRuleOptions { MinSupport = 0.01, MinConfidence = 0.1 });

        Assert.Equal(18_536, rules.Baskets);
        var a = data.ProductIds["22386"];
        var c = data.ProductIds["85099B"];
        Assert.Equal(871, rules.CountOf(a));
        Assert.Equal(1_600, rules.CountOf(c));
        var rule = Assert.Single(rules.Rules, r => r.AntecedentProductId == a && r.ConsequentProductId == c);
        Assert.Equal(546, rule.Count);
        Assert.Equal(0.02945619335347432, rule.Support, 14);
        Assert.Equal(0.6268656716417911, rule.Confidence, 14);
        Assert.Equal(7.262238805970149, rule.Lift, 12);
        Assert.Equal(546, rules.Rules.Max(r => r.Count));

        // Customers' holdings scored with the invoice rules: every row is a product the customer never bought.
        var holdings = BasketSet.FromPairs(data.Customers, data.Products);
        var table = ProductPropensities.Score(holdings, rules);
        Assert.True(table.Count > 0);
        var owned = new HashSet<(long, long)>();
        for (var i = 0; i < data.Customers.Length; i++)
        {
            owned.Add((data.Customers[i], data.Products[i]));
        }

        for (var row = 0; row < table.Count; row++)
        {
            Assert.DoesNotContain((table.CustomerIds[row], table.ProductIds[row]), owned);
            Assert.Contains((table.CustomerIds[row], table.BecauseOfProductIds[row]), owned);
        }
    }
}

using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vinculo.Core.Demo;

namespace Vinculo.Cli.Commands;

internal static class SeedCommand
{
    public static Command Create(CliContext context)
    {
        var customers = new Option<int>("--customers") { Description = "Customers to create.", DefaultValueFactory = _ => 2000 };
        var perCustomer = new Option<int>("--interactions-per-customer") { Description = "Interactions per customer.", DefaultValueFactory = _ => 12 };
        var orderLines = new Option<int>("--order-lines-per-customer")
        {
            Description = "Order lines per customer; above 0 customers also get contracts, invoices, payments, returns and warranty claims.",
            DefaultValueFactory = _ => 10,
        };
        orderLines.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 10_000)
            {
                r.AddError("--order-lines-per-customer must be between 0 and 10000.");
            }
        });
        var cases = new Option<int>("--cases-per-customer")
        {
            Description = "Service cases per customer, with their history and SLA; above 0 the demo service desk (teams, calendars, SLA policies) is created first.",
            DefaultValueFactory = _ => 0,
        };
        cases.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 1_000)
            {
                r.AddError("--cases-per-customer must be between 0 and 1000.");
            }
        });
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same data on the same day.", DefaultValueFactory = _ => 42 };
        customers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--customers must be 0 or more.");
            }
        });
        perCustomer.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 10_000)
            {
                r.AddError("--interactions-per-customer must be between 0 and 10000.");
            }
        });

        var command = new Command("seed", "Add demo data: customers of a Spanish retailer and telecom reseller, with two years of interactions, contracts, orders, invoices, payments and returns.")
        {
            customers, perCustomer, orderLines, cases, seed,
        };
        command.SetAction((parse, ct) => context.Guard(parse, context.Io.Ui, async settings =>
        {
            var ui = context.Io.Ui;
            var options = new SeedOptions(parse.GetValue(customers), parse.GetValue(perCustomer), parse.GetValue(seed),
                OrderLinesPerCustomer: parse.GetValue(orderLines), CasesPerCustomer: parse.GetValue(cases));
            ui.MarkupLineInterpolated($"Seeding {settings.Describe()}: {options.Customers:N0} customers × {options.InteractionsPerCustomer:N0} interactions (seed {options.Seed})");
            var result = await ui.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask("Customers and interactions", maxValue: Math.Max(1, options.Customers));
                    var report = new InlineProgress<SeedProgress>(p => task.Value = p.CustomersWritten);
                    var done = await DemoSeeder.Seed(settings, options, report, ct);
                    task.Value = task.MaxValue;
                    return done;
                });

            var seconds = Math.Max(result.Elapsed.TotalSeconds, 1e-6);
            ui.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Seeded {result.Customers:N0} customers, {result.Interactions:N0} interactions, {result.OrderLines:N0} order lines and {result.Cases:N0} cases ({result.CaseEvents:N0} case events) in {seconds:N1} s."));
            ui.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Throughput: {result.Interactions / seconds:N0} interactions/s, {(result.Customers + result.Interactions) / seconds:N0} rows/s."));
            return VinculoCli.Ok;
        }));
        return command;
    }
}

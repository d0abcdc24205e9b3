using System.CommandLine;

namespace Vinculo.Cli.Commands;

/// <summary>
/// <c>vinculo analytics</c>: the warehouse and the analytical CRM (refresh, export, RFM and lifetime value on a file)
/// and <c>vinculo model</c>: train and score a classifier on any CSV table.
/// </summary>
internal static class AnalyticsCommands
{
    public static Command Create(CliContext context)
    {
        var analytics = new Command("analytics", "Analytical CRM: warehouse refresh and export, RFM, segments, risks and lifetime value.");
        // Subcommands, one file each.
        analytics.Subcommands.Add(AnalyticsRfmCommand.Create(context));
        analytics.Subcommands.Add(AnalyticsClvCommand.Create(context));
        analytics.Subcommands.Add(AnalyticsRefreshCommand.Create(context));
        AnalyticsWarehouseCommands.AddTo(analytics, context);
        _ = context;
        return analytics;
    }

    public static Command CreateModel(CliContext context)
    {
        var model = new Command("model", "Train a classifier on a CSV table and score another with it.");
        // Subcommands, one file each.
        model.Subcommands.Add(ModelCommands.CreateTrain(context));
        model.Subcommands.Add(ModelCommands.CreateScore(context));
        _ = context;
        return model;
    }
}

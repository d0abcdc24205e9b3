using Vinculo.Cli;

return await VinculoCli.Run(args, CliIo.FromConsole());

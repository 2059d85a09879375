using Oslo.Config.Generator.Cli;

return GeneratorCommand.Run(args, Console.Out, Console.Error);

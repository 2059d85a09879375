using Oslo.Config.Validator.Cli;

return ValidatorCommand.Run(args, Console.Out, Console.Error);

// oslo-ctl: see and steer a running Oslo.Service process launcher over its control socket ([control] socket_path).
//   oslo-ctl [--socket PATH] status [--json] [--watch]
//   oslo-ctl reload | scale N|+N|-N | recycle ID | stop [--now] | stacks ID | config [--json]
//   oslo-ctl stacks --pid PID | dump --pid PID --output FILE   (any .NET process, no socket)
using Oslo.Service.Ctl;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await CtlCommand.RunAsync(args, Console.Out, Console.Error, cancel.Token);

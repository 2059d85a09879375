// Functional-test host: started by Oslo.Service.FunctionalTests as a real child process.
Console.Out.WriteLine($"testhost pid={Environment.ProcessId}");
return 0;

using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Oslo.Config.Tests")]
[assembly: InternalsVisibleTo("Oslo.Config.DifferentialTests")]

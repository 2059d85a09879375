using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Oslo.Config.Tests")]

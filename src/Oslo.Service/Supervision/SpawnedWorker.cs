using System.Diagnostics;
using System.Net.Sockets;

namespace Oslo.Service.Supervision;

/// <summary>A worker process just started, with the parent's end of its control socket pair.</summary>
internal sealed record SpawnedWorker(Process Process, Socket Control);

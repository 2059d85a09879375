using System.Net.Sockets;

namespace Oslo.Service.Supervision;

/// <summary>A worker process just started, with the parent's end of its control socket pair and its exit.</summary>
internal sealed record SpawnedWorker(int Pid, Socket Control, Task<ChildExit> Exited);

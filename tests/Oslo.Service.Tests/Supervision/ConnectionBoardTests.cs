using Oslo.Service.Interop;
using Oslo.Service.Supervision;

using Xunit;

namespace Oslo.Service.Tests.Supervision;

/// <summary>
/// The accept balance of #13: the rule a worker applies before each accept, and the shared board it reads — a real
/// <c>memfd</c>, mapped twice as a parent and a worker map it.
/// </summary>
public sealed class ConnectionBoardTests
{
    [Theory]
    [InlineData(0, 0, 2, false)] // nobody has anything
    [InlineData(1, 1, 2, false)]
    [InlineData(2, 2, 2, false)] // one above an even share of 1: still its turn
    [InlineData(3, 3, 2, true)] // two above: the other worker goes first
    [InlineData(33, 64, 2, false)]
    [InlineData(34, 64, 2, true)]
    [InlineData(17, 64, 4, false)]
    [InlineData(18, 64, 4, true)]
    [InlineData(50, 50, 1, false)] // alone: always
    [InlineData(0, 0, 0, false)]
    public void ShouldDefer_MoreThanOneAboveAnEvenShare(int mine, int total, int accepting, bool expected) =>
        Assert.Equal(expected, AcceptBalance.ShouldDefer(mine, total, accepting));

    [Fact]
    public void Board_ClaimAddRelease_SeenThroughTheOtherMapping()
    {
        using ConnectionBoard parent = ConnectionBoard.Create()!;
        using ConnectionBoard worker = ConnectionBoard.Open(Libc.Fcntl(parent.Fd, Libc.FDupFdCloExec, 0))!;
        Assert.NotNull(worker);

        int a = worker.Claim(1001);
        int b = worker.Claim(1002);
        Assert.NotEqual(a, b);
        worker.Add(a, 5);
        worker.Add(b, 2);
        worker.Add(b, -1);
        Assert.Equal((6, 2), parent.Read());
        Assert.Equal(5, parent.CountOf(a));

        // A worker that stops accepting leaves; its connections no longer count.
        worker.Release(b);
        Assert.Equal((5, 1), parent.Read());

        // The parent frees the slot of a worker that died while accepting, and the slot is claimed again at zero.
        parent.ReleaseAll(1001);
        Assert.Equal((0, 0), worker.Read());
        int again = worker.Claim(1003);
        Assert.Equal(0, worker.CountOf(again));
        Assert.Equal((0, 1), parent.Read());
    }

    [Fact]
    public void Board_Full_ClaimFails_AndTheWorkerDoesNotBalance()
    {
        using ConnectionBoard board = ConnectionBoard.Create()!;
        for (int pid = 1; pid <= ConnectionBoard.Slots; pid++)
        {
            Assert.True(board.Claim(pid) >= 0);
        }

        Assert.Equal(-1, board.Claim(ConnectionBoard.Slots + 1));
        Assert.Equal((0, ConnectionBoard.Slots), board.Read());
    }

    [Fact]
    public void Open_NotABoard_Null()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a board");
            using Microsoft.Win32.SafeHandles.SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
            int fd = Libc.Fcntl((int)file.DangerousGetHandle(), Libc.FDupFdCloExec, 0);
            Assert.Null(ConnectionBoard.Open(fd));
            Assert.Null(ConnectionBoard.Open(-1));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

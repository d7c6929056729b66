using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Session;

namespace ClutchCall.Moqt.Tests;

public sealed class RequestIdFlowTests
{
    [Fact]
    public void ClientUsesEvenIds_ServerOdd_BelowThePeersMaximum()
    {
        OutgoingRequestIds client = OutgoingRequestIds.Create(isServer: false, peerMaximum: 4);
        Assert.True(client.TryAllocate(out ulong a, out client));
        Assert.True(client.TryAllocate(out ulong b, out client));
        Assert.False(client.TryAllocate(out _, out client));
        Assert.Equal((0UL, 2UL), (a, b));
        Assert.True(client.TryRaise(6, out client));
        Assert.True(client.TryAllocate(out ulong c, out client));
        Assert.Equal(4UL, c);
        Assert.False(client.TryRaise(5, out _)); // decreasing is a violation

        OutgoingRequestIds server = OutgoingRequestIds.Create(isServer: true, peerMaximum: 2);
        Assert.True(server.TryAllocate(out ulong s, out server));
        Assert.Equal(1UL, s);
        Assert.False(server.TryAllocate(out _, out _));
    }

    [Fact]
    public void MaxRequestIdZero_BlocksEveryRequest()
    {
        Assert.True(OutgoingRequestIds.Create(isServer: false, peerMaximum: 0).IsBlocked);
    }

    [Fact]
    public void IncomingIds_MustBeTheNextOne_AndInsideTheGrant()
    {
        IncomingRequestIds ids = IncomingRequestIds.Create(localIsServer: true, window: 4);
        Assert.Equal(MoqtErrorCode.InvalidRequestId, ids.Accept(2, out _, out _));
        Assert.Equal(MoqtErrorCode.InvalidRequestId, ids.Accept(1, out _, out _));
        Assert.Equal(MoqtErrorCode.NoError, ids.Accept(0, out ids, out ulong? grant));
        Assert.Null(grant);
        Assert.Equal(MoqtErrorCode.InvalidRequestId, ids.Accept(0, out _, out _)); // duplicate
        Assert.Equal(MoqtErrorCode.NoError, ids.Accept(2, out ids, out grant));
        Assert.Equal(6UL, grant); // half the window used: grant more
        Assert.Equal(MoqtErrorCode.NoError, ids.Accept(4, out ids, out grant));
        Assert.Equal(8UL, grant);
    }

    [Fact]
    public void IncomingIdBeyondTheGrant_IsTooManyRequests()
    {
        var ids = new IncomingRequestIds(Expected: 4, Granted: 4, Window: 4);
        Assert.Equal(MoqtErrorCode.TooManyRequests, ids.Accept(4, out _, out _));
    }
}

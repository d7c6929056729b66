using ClutchCall.Moqt.Coding;

namespace ClutchCall.Moqt.Session;

/// <summary>
/// Request id bookkeeping of draft-14 as pure values: the client uses even ids from 0, the server odd ids from 1,
/// each new request takes the next one, and a sender may only use ids below the peer's MAX_REQUEST_ID.
/// </summary>
public readonly record struct OutgoingRequestIds(ulong Next, ulong PeerMaximum)
{
    public static OutgoingRequestIds Create(bool isServer, ulong peerMaximum) => new(isServer ? 1UL : 0UL, peerMaximum);

    public bool IsBlocked => Next >= PeerMaximum;

    /// <summary>Takes the next id, or reports that the peer's maximum blocks it.</summary>
    public bool TryAllocate(out ulong id, out OutgoingRequestIds next)
    {
        OutgoingRequestIds current = this;
        id = current.Next;
        next = current;
        if (current.IsBlocked) return false;
        next = current with { Next = current.Next + 2 };
        return true;
    }

    /// <summary>Applies a MAX_REQUEST_ID from the peer; a decrease is a protocol violation.</summary>
    public bool TryRaise(ulong maximum, out OutgoingRequestIds next)
    {
        OutgoingRequestIds current = this;
        next = current;
        if (maximum < current.PeerMaximum) return false;
        next = current with { PeerMaximum = maximum };
        return true;
    }
}

/// <summary>Validates the peer's new request ids and decides when to grant more.</summary>
public readonly record struct IncomingRequestIds(ulong Expected, ulong Granted, ulong Window)
{
    /// <summary>The peer of a server is a client (even ids) and vice versa.</summary>
    public static IncomingRequestIds Create(bool localIsServer, ulong window) =>
        new(localIsServer ? 0UL : 1UL, window, window);

    /// <summary>
    /// Accepts <paramref name="id"/> as the peer's next request. <paramref name="grant"/> is set when a MAX_REQUEST_ID
    /// should be sent to keep the window open.
    /// </summary>
    public MoqtErrorCode Accept(ulong id, out IncomingRequestIds next, out ulong? grant)
    {
        // Read every field before writing next: callers may pass this same variable as next.
        IncomingRequestIds current = this;
        grant = null;
        next = current;
        if (id != current.Expected) return MoqtErrorCode.InvalidRequestId;
        if (id >= current.Granted) return MoqtErrorCode.TooManyRequests;
        ulong granted = current.Granted - id <= current.Window / 2 ? id + current.Window : current.Granted;
        if (granted != current.Granted) grant = granted;
        next = current with { Expected = id + 2, Granted = granted };
        return MoqtErrorCode.NoError;
    }
}

namespace ClutchCall.Moqt.Transport.Mux;

/// <summary>RFC 9000 stream ids: bit 0 = server-initiated, bit 1 = unidirectional, the rest a sequence number.</summary>
public static class StreamId
{
    public static long Create(long sequence, bool unidirectional, bool serverInitiated) =>
        (sequence << 2) | (unidirectional ? 0x2L : 0) | (serverInitiated ? 0x1L : 0);

    public static bool IsUnidirectional(long id) => (id & 0x2) != 0;

    public static bool IsServerInitiated(long id) => (id & 0x1) != 0;

    public static long Sequence(long id) => id >> 2;

    /// <summary>True when a side (server or client) may receive data on the stream.</summary>
    public static bool CanReceive(long id, bool isServer) =>
        !IsUnidirectional(id) || IsServerInitiated(id) != isServer;
}

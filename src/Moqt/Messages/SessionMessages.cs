using ClutchCall.Moqt.Coding;

namespace ClutchCall.Moqt.Messages;

/// <summary>GOAWAY (0x10): the sender asks the peer to move to a new session (URI empty = same one).</summary>
public sealed record GoAway(string NewSessionUri) : ControlMessage
{
    public const int MaxUriBytes = 8192;

    public override ControlMessageType Type => ControlMessageType.GoAway;

    internal override void EncodeBody(ref MoqtWriter writer, MoqtVersion version) => writer.WriteString(NewSessionUri);

    internal static bool TryDecode(ref MoqtReader reader, MoqtVersion version, out ControlMessage? message)
    {
        message = null;
        if (!reader.TryReadString(MaxUriBytes, out string uri)) return false;
        message = new GoAway(uri);
        return true;
    }
}

/// <summary>MAX_REQUEST_ID (0x15): the peer may use request ids below this value.</summary>
public sealed record MaxRequestId(ulong RequestId) : ControlMessage
{
    public override ControlMessageType Type => ControlMessageType.MaxRequestId;

    internal override void EncodeBody(ref MoqtWriter writer, MoqtVersion version) => writer.WriteVarInt(RequestId);

    internal static bool TryDecode(ref MoqtReader reader, MoqtVersion version, out ControlMessage? message)
    {
        message = null;
        if (!reader.TryReadVarInt(out ulong id)) return false;
        message = new MaxRequestId(id);
        return true;
    }
}

/// <summary>REQUESTS_BLOCKED (0x1A): the sender wants to open a request but hit the peer's maximum.</summary>
public sealed record RequestsBlocked(ulong MaximumRequestId) : ControlMessage
{
    public override ControlMessageType Type => ControlMessageType.RequestsBlocked;

    internal override void EncodeBody(ref MoqtWriter writer, MoqtVersion version) => writer.WriteVarInt(MaximumRequestId);

    internal static bool TryDecode(ref MoqtReader reader, MoqtVersion version, out ControlMessage? message)
    {
        message = null;
        if (!reader.TryReadVarInt(out ulong id)) return false;
        message = new RequestsBlocked(id);
        return true;
    }
}

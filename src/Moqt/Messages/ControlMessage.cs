using ClutchCall.Moqt.Coding;

namespace ClutchCall.Moqt.Messages;

/// <summary>Control message type codes of draft-14.</summary>
public enum ControlMessageType : ulong
{
    Subscribe = 0x03,
    SubscribeOk = 0x04,
    SubscribeError = 0x05,
    PublishNamespace = 0x06,
    PublishNamespaceOk = 0x07,
    PublishNamespaceError = 0x08,
    PublishNamespaceDone = 0x09,
    Unsubscribe = 0x0A,
    PublishDone = 0x0B,
    PublishNamespaceCancel = 0x0C,
    GoAway = 0x10,
    MaxRequestId = 0x15,
    RequestsBlocked = 0x1A,
    ClientSetup = 0x20,
    ServerSetup = 0x21,
}

/// <summary>A control message body; framing (type + 16-bit length) is added by <see cref="ControlMessageCodec"/>.</summary>
public abstract record ControlMessage
{
    public abstract ControlMessageType Type { get; }

    internal abstract void EncodeBody(ref MoqtWriter writer, MoqtVersion version);
}

/// <summary>A control message that opens or answers a request and so carries a request id.</summary>
public interface IRequestMessage
{
    ulong RequestId { get; }
}

/// <summary>Group and object id pair (draft-14 Location).</summary>
public readonly record struct Location(ulong Group, ulong Object)
{
    internal void Encode(ref MoqtWriter writer)
    {
        writer.WriteVarInt(Group);
        writer.WriteVarInt(Object);
    }

    internal static bool TryDecode(ref MoqtReader reader, out Location location)
    {
        location = default;
        if (!reader.TryReadVarInt(out ulong group) || !reader.TryReadVarInt(out ulong obj)) return false;
        location = new Location(group, obj);
        return true;
    }

    public override string ToString() => $"{Group}/{Object}";
}

/// <summary>Reason phrases are length-prefixed UTF-8 of at most 1024 bytes (draft-14).</summary>
internal static class ReasonPhrase
{
    public const int MaxBytes = 1024;
}

/// <summary>The body every request error shares: Request ID (i), Error Code (i), Reason Phrase.</summary>
internal static class RequestErrorBody
{
    public static void Encode(ref MoqtWriter writer, ulong requestId, ulong errorCode, string reason)
    {
        writer.WriteVarInt(requestId);
        writer.WriteVarInt(errorCode);
        writer.WriteString(reason);
    }

    public static bool TryDecode(ref MoqtReader reader, out ulong requestId, out ulong errorCode, out string reason)
    {
        reason = "";
        errorCode = 0;
        return reader.TryReadVarInt(out requestId)
            && reader.TryReadVarInt(out errorCode)
            && reader.TryReadString(ReasonPhrase.MaxBytes, out reason);
    }
}

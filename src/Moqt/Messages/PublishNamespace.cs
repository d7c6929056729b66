using ClutchCall.Moqt.Coding;

namespace ClutchCall.Moqt.Messages;

/// <summary>PUBLISH_NAMESPACE (0x6; ANNOUNCE until draft-13): the sender can serve tracks under a namespace.</summary>
public sealed record PublishNamespace(ulong RequestId, TrackNamespace Namespace, MoqtParameters Parameters) : ControlMessage, IRequestMessage
{
    public override ControlMessageType Type => ControlMessageType.PublishNamespace;

    public ReadOnlyMemory<byte>? AuthorizationToken => Parameters.GetBytes(MessageParameterType.AuthorizationToken);

    internal override void EncodeBody(ref MoqtWriter writer, MoqtVersion version)
    {
        writer.WriteVarInt(RequestId);
        Namespace.Encode(ref writer);
        Parameters.Encode(ref writer, version);
    }

    internal static bool TryDecode(ref MoqtReader reader, MoqtVersion version, out ControlMessage? message)
    {
        message = null;
        if (!reader.TryReadVarInt(out ulong requestId)) return false;
        if (!TrackNamespace.TryDecode(ref reader, out TrackNamespace? ns)) return false;
        if (!MoqtParameters.TryDecode(ref reader, version, out MoqtParameters p)) return false;
        message = new PublishNamespace(requestId, ns!, p);
        return true;
    }
}

/// <summary>PUBLISH_NAMESPACE_OK (0x7).</summary>
public sealed record PublishNamespaceOk(ulong RequestId) : ControlMessage, IRequestMessage
{
    public override ControlMessageType Type => ControlMessageType.PublishNamespaceOk;

    internal override void EncodeBody(ref MoqtWriter writer, MoqtVersion version) => writer.WriteVarInt(RequestId);

    internal static bool TryDecode(ref MoqtReader reader, MoqtVersion version, out ControlMessage? message)
    {
        message = null;
        if (!reader.TryReadVarInt(out ulong requestId)) return false;
        message = new PublishNamespaceOk(requestId);
        return true;
    }
}

/// <summary>PUBLISH_NAMESPACE_ERROR (0x8).</summary>
public sealed record PublishNamespaceError(ulong RequestId, ulong ErrorCode, string Reason) : ControlMessage, IRequestMessage
{
    public override ControlMessageType Type => ControlMessageType.PublishNamespaceError;

    internal override void EncodeBody(ref MoqtWriter writer, MoqtVersion version) =>
        RequestErrorBody.Encode(ref writer, RequestId, ErrorCode, Reason);

    internal static bool TryDecode(ref MoqtReader reader, MoqtVersion version, out ControlMessage? message)
    {
        var ok = RequestErrorBody.TryDecode(ref reader, out var requestId, out var code, out var reason);
        message = ok ? new PublishNamespaceError(requestId, code, reason) : null;
        return ok;
    }
}

/// <summary>PUBLISH_NAMESPACE_DONE (0x9; UNANNOUNCE until draft-13): the publisher withdraws a namespace.</summary>
public sealed record PublishNamespaceDone(TrackNamespace Namespace) : ControlMessage
{
    public override ControlMessageType Type => ControlMessageType.PublishNamespaceDone;

    internal override void EncodeBody(ref MoqtWriter writer, MoqtVersion version) => Namespace.Encode(ref writer);

    internal static bool TryDecode(ref MoqtReader reader, MoqtVersion version, out ControlMessage? message)
    {
        message = null;
        if (!TrackNamespace.TryDecode(ref reader, out TrackNamespace? ns)) return false;
        message = new PublishNamespaceDone(ns!);
        return true;
    }
}

/// <summary>PUBLISH_NAMESPACE_CANCEL (0xC): the receiver stops accepting a namespace it had accepted.</summary>
public sealed record PublishNamespaceCancel(TrackNamespace Namespace, ulong ErrorCode, string Reason) : ControlMessage
{
    public override ControlMessageType Type => ControlMessageType.PublishNamespaceCancel;

    internal override void EncodeBody(ref MoqtWriter writer, MoqtVersion version)
    {
        Namespace.Encode(ref writer);
        writer.WriteVarInt(ErrorCode);
        writer.WriteString(Reason);
    }

    internal static bool TryDecode(ref MoqtReader reader, MoqtVersion version, out ControlMessage? message)
    {
        message = null;
        if (!TrackNamespace.TryDecode(ref reader, out TrackNamespace? ns)) return false;
        if (!reader.TryReadVarInt(out ulong code)) return false;
        if (!reader.TryReadString(ReasonPhrase.MaxBytes, out string reason)) return false;
        message = new PublishNamespaceCancel(ns!, code, reason);
        return true;
    }
}

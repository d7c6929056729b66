using ClutchCall.Moqt.Coding;

namespace ClutchCall.Moqt.Messages;

/// <summary>SUBSCRIBE filter types (draft-14).</summary>
public enum FilterType : ulong
{
    NextGroupStart = 0x1,
    LargestObject = 0x2,
    AbsoluteStart = 0x3,
    AbsoluteRange = 0x4,
}

/// <summary>Group order: 0 = the publisher's, 1 = ascending, 2 = descending.</summary>
public enum GroupOrder : byte
{
    Publisher = 0x0,
    Ascending = 0x1,
    Descending = 0x2,
}

/// <summary>Version-specific message parameters of draft-14 (SUBSCRIBE, SUBSCRIBE_OK, PUBLISH_NAMESPACE ...).</summary>
public static class MessageParameterType
{
    /// <summary>Milliseconds an object may take to be delivered before it is abandoned.</summary>
    public const ulong DeliveryTimeout = 0x02;
    public const ulong AuthorizationToken = 0x03;
    public const ulong MaxCacheDuration = 0x04;
}

/// <summary>SUBSCRIBE (0x3).</summary>
public sealed record Subscribe(
    ulong RequestId,
    TrackNamespace Namespace,
    string TrackName,
    byte SubscriberPriority,
    GroupOrder GroupOrder,
    bool Forward,
    FilterType Filter,
    Location? Start,
    ulong? EndGroup,
    MoqtParameters Parameters) : ControlMessage, IRequestMessage
{
    public override ControlMessageType Type => ControlMessageType.Subscribe;

    /// <summary>The DELIVERY_TIMEOUT parameter, if present.</summary>
    public TimeSpan? DeliveryTimeout =>
        Parameters.GetVarInt(MessageParameterType.DeliveryTimeout) is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    internal override void EncodeBody(ref MoqtWriter writer, MoqtVersion version)
    {
        writer.WriteVarInt(RequestId);
        Namespace.Encode(ref writer);
        writer.WriteString(TrackName);
        writer.WriteByte(SubscriberPriority);
        writer.WriteByte((byte)GroupOrder);
        writer.WriteByte(Forward ? (byte)1 : (byte)0);
        writer.WriteVarInt((ulong)Filter);
        if (Filter is FilterType.AbsoluteStart or FilterType.AbsoluteRange) (Start ?? default).Encode(ref writer);
        if (Filter is FilterType.AbsoluteRange) writer.WriteVarInt(EndGroup ?? 0);
        Parameters.Encode(ref writer, version);
    }

    internal static bool TryDecode(ref MoqtReader reader, MoqtVersion version, out ControlMessage? message)
    {
        message = null;
        if (!reader.TryReadVarInt(out ulong requestId)) return false;
        if (!TrackNamespace.TryDecode(ref reader, out TrackNamespace? ns)) return false;
        if (!reader.TryReadString(TrackNamespace.MaxTotalBytes, out string name)) return false;
        if (!reader.TryReadByte(out byte priority) || !reader.TryReadByte(out byte order) || !reader.TryReadByte(out byte forward)) return false;
        if (order > 2) return reader.Fail(MoqtErrorCode.ProtocolViolation, $"group order {order}");
        if (forward > 1) return reader.Fail(MoqtErrorCode.ProtocolViolation, $"forward {forward}");
        if (!reader.TryReadVarInt(out ulong filter)) return false;
        if (filter is < 1 or > 4) return reader.Fail(MoqtErrorCode.ProtocolViolation, $"filter type {filter}");
        Location? start = null;
        ulong? end = null;
        if (filter is 3 or 4)
        {
            if (!Location.TryDecode(ref reader, out Location s)) return false;
            start = s;
        }

        if (filter is 4)
        {
            if (!reader.TryReadVarInt(out ulong e)) return false;
            if (e < start!.Value.Group) return reader.Fail(MoqtErrorCode.ProtocolViolation, "end group before start group");
            end = e;
        }

        if (!MoqtParameters.TryDecode(ref reader, version, out MoqtParameters p)) return false;
        message = new Subscribe(requestId, ns!, name, priority, (GroupOrder)order, forward == 1, (FilterType)filter, start, end, p);
        return true;
    }
}

/// <summary>SUBSCRIBE_OK (0x4). The publisher picks the track alias used on data streams.</summary>
public sealed record SubscribeOk(
    ulong RequestId,
    ulong TrackAlias,
    ulong Expires,
    GroupOrder GroupOrder,
    Location? Largest,
    MoqtParameters Parameters) : ControlMessage, IRequestMessage
{
    public override ControlMessageType Type => ControlMessageType.SubscribeOk;

    internal override void EncodeBody(ref MoqtWriter writer, MoqtVersion version)
    {
        writer.WriteVarInt(RequestId);
        writer.WriteVarInt(TrackAlias);
        writer.WriteVarInt(Expires);
        writer.WriteByte((byte)GroupOrder);
        writer.WriteByte(Largest.HasValue ? (byte)1 : (byte)0);
        Largest?.Encode(ref writer);
        Parameters.Encode(ref writer, version);
    }

    internal static bool TryDecode(ref MoqtReader reader, MoqtVersion version, out ControlMessage? message)
    {
        message = null;
        if (!reader.TryReadVarInt(out ulong requestId) || !reader.TryReadVarInt(out ulong alias) || !reader.TryReadVarInt(out ulong expires)) return false;
        if (!reader.TryReadByte(out byte order) || !reader.TryReadByte(out byte exists)) return false;
        if (order is 0 or > 2) return reader.Fail(MoqtErrorCode.ProtocolViolation, $"SUBSCRIBE_OK group order {order}");
        if (exists > 1) return reader.Fail(MoqtErrorCode.ProtocolViolation, $"content exists {exists}");
        Location? largest = null;
        if (exists == 1)
        {
            if (!Location.TryDecode(ref reader, out Location l)) return false;
            largest = l;
        }

        if (!MoqtParameters.TryDecode(ref reader, version, out MoqtParameters p)) return false;
        message = new SubscribeOk(requestId, alias, expires, (GroupOrder)order, largest, p);
        return true;
    }
}

/// <summary>SUBSCRIBE_ERROR error codes (draft-14).</summary>
public static class SubscribeErrorCode
{
    public const ulong InternalError = 0x0;
    public const ulong Unauthorized = 0x1;
    public const ulong Timeout = 0x2;
    public const ulong NotSupported = 0x3;
    public const ulong TrackDoesNotExist = 0x4;
    public const ulong InvalidRange = 0x5;
}

/// <summary>SUBSCRIBE_ERROR (0x5).</summary>
public sealed record SubscribeError(ulong RequestId, ulong ErrorCode, string Reason) : ControlMessage, IRequestMessage
{
    public override ControlMessageType Type => ControlMessageType.SubscribeError;

    internal override void EncodeBody(ref MoqtWriter writer, MoqtVersion version) =>
        RequestErrorBody.Encode(ref writer, RequestId, ErrorCode, Reason);

    internal static bool TryDecode(ref MoqtReader reader, MoqtVersion version, out ControlMessage? message)
    {
        var ok = RequestErrorBody.TryDecode(ref reader, out var requestId, out var code, out var reason);
        message = ok ? new SubscribeError(requestId, code, reason) : null;
        return ok;
    }
}

/// <summary>UNSUBSCRIBE (0xA).</summary>
public sealed record Unsubscribe(ulong RequestId) : ControlMessage, IRequestMessage
{
    public override ControlMessageType Type => ControlMessageType.Unsubscribe;

    internal override void EncodeBody(ref MoqtWriter writer, MoqtVersion version) => writer.WriteVarInt(RequestId);

    internal static bool TryDecode(ref MoqtReader reader, MoqtVersion version, out ControlMessage? message)
    {
        message = null;
        if (!reader.TryReadVarInt(out ulong requestId)) return false;
        message = new Unsubscribe(requestId);
        return true;
    }
}

/// <summary>PUBLISH_DONE status codes (draft-14).</summary>
public static class PublishDoneStatus
{
    public const ulong InternalError = 0x0;
    public const ulong Unauthorized = 0x1;
    public const ulong TrackEnded = 0x2;
    public const ulong SubscriptionEnded = 0x3;
    public const ulong GoingAway = 0x4;
    public const ulong TooFarBehind = 0x5;
    public const ulong Expired = 0x6;
}

/// <summary>PUBLISH_DONE (0xB; SUBSCRIBE_DONE until draft-13): the publisher ends a subscription.</summary>
public sealed record PublishDone(ulong RequestId, ulong StatusCode, ulong StreamCount, string Reason) : ControlMessage, IRequestMessage
{
    public override ControlMessageType Type => ControlMessageType.PublishDone;

    internal override void EncodeBody(ref MoqtWriter writer, MoqtVersion version)
    {
        writer.WriteVarInt(RequestId);
        writer.WriteVarInt(StatusCode);
        if (version.Dialect == MoqtDialect.MoqLiteJs)
        {
            // moq-lite-js 0.9.x writes the reason before the stream count.
            writer.WriteString(Reason);
            writer.WriteVarInt(StreamCount);
            return;
        }

        writer.WriteVarInt(StreamCount);
        writer.WriteString(Reason);
    }

    internal static bool TryDecode(ref MoqtReader reader, MoqtVersion version, out ControlMessage? message)
    {
        message = null;
        if (!reader.TryReadVarInt(out ulong requestId) || !reader.TryReadVarInt(out ulong status)) return false;
        ulong count;
        string reason;
        if (version.Dialect == MoqtDialect.MoqLiteJs)
        {
            if (!reader.TryReadString(ReasonPhrase.MaxBytes, out reason) || !reader.TryReadVarInt(out count)) return false;
        }
        else if (!reader.TryReadVarInt(out count) || !reader.TryReadString(ReasonPhrase.MaxBytes, out reason))
        {
            return false;
        }

        message = new PublishDone(requestId, status, count, reason);
        return true;
    }
}

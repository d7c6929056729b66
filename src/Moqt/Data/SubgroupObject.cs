using ClutchCall.Moqt.Coding;

namespace ClutchCall.Moqt.Data;

/// <summary>
/// One object on a subgroup stream (draft-14):
/// <c>Object ID Delta (i) | [Extensions Length (i) | Extensions] | Payload Length (i) | [Status (i) if length = 0] | Payload</c>.
/// The delta is the id minus the previous id minus one (the first object's delta is its id).
/// Decoding is all-or-nothing: an object is returned only once its whole payload is in the buffer.
/// </summary>
public readonly ref struct SubgroupObject
{
    /// <summary>Payloads above this size are refused rather than buffered.</summary>
    public const int MaxPayloadLength = 1 << 20;

    public SubgroupObject(ulong objectId, ReadOnlySpan<byte> extensions, ObjectStatus status, ReadOnlySpan<byte> payload)
    {
        ObjectId = objectId;
        Extensions = extensions;
        Status = status;
        Payload = payload;
    }

    public ulong ObjectId { get; }

    /// <summary>The raw key-value pairs of the extension block (empty when absent).</summary>
    public ReadOnlySpan<byte> Extensions { get; }

    public ObjectStatus Status { get; }

    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Bytes the object occupies on the wire.</summary>
    public static int GetEncodedLength(ulong objectIdDelta, int extensionLength, bool hasExtensions, int payloadLength)
    {
        int length = VarInt.GetByteCount(objectIdDelta) + VarInt.GetByteCount((ulong)payloadLength) + payloadLength;
        if (hasExtensions) length += VarInt.GetByteCount((ulong)extensionLength) + extensionLength;
        if (payloadLength == 0) length += 1;
        return length;
    }

    /// <summary>Writes one object. <paramref name="status"/> is written only for an empty payload.</summary>
    public static void Encode(ref MoqtWriter writer, ulong objectIdDelta, bool hasExtensions, scoped ReadOnlySpan<byte> extensions, scoped ReadOnlySpan<byte> payload, ObjectStatus status = ObjectStatus.Normal)
    {
        writer.WriteVarInt(objectIdDelta);
        if (hasExtensions) writer.WriteLengthPrefixed(extensions);
        else if (!extensions.IsEmpty) throw new ArgumentException("Extensions need a header type with the extensions bit.", nameof(extensions));
        writer.WriteVarInt((ulong)payload.Length);
        if (payload.IsEmpty) writer.WriteVarInt((ulong)status);
        else writer.WriteBytes(payload);
    }

    /// <param name="previousObjectId">The id of the previous object on this stream, or null for the first.</param>
    public static DecodeStatus TryDecode(ReadOnlySpan<byte> input, bool hasExtensions, ulong? previousObjectId, out SubgroupObject obj, out int consumed, out DecodeError error)
    {
        obj = default;
        consumed = 0;
        error = default;
        var reader = new MoqtReader(input);
        if (!reader.TryReadVarInt(out ulong delta)) return DecodeStatus.NeedMoreData;
        ulong objectId = previousObjectId is { } prev ? prev + 1 + delta : delta;
        if (objectId > VarInt.MaxValue || (previousObjectId is { } p && objectId <= p))
        {
            error = new DecodeError(MoqtErrorCode.ProtocolViolation, "object id overflow");
            return DecodeStatus.Invalid;
        }

        ReadOnlySpan<byte> extensions = default;
        if (hasExtensions)
        {
            if (!reader.TryReadLengthPrefixed(ObjectExtensions.MaxLength, out extensions))
            {
                return Short(ref reader, out error);
            }

            if (!ObjectExtensions.IsWellFormed(extensions))
            {
                error = new DecodeError(MoqtErrorCode.ProtocolViolation, "malformed object extension headers");
                return DecodeStatus.Invalid;
            }
        }

        if (!reader.TryReadLength(MaxPayloadLength, out int payloadLength)) return Short(ref reader, out error);
        ObjectStatus status = ObjectStatus.Normal;
        if (payloadLength == 0)
        {
            if (!reader.TryReadVarInt(out ulong s)) return DecodeStatus.NeedMoreData;
            if (s is not (0 or 1 or 3 or 4))
            {
                error = new DecodeError(MoqtErrorCode.ProtocolViolation, $"object status {s}");
                return DecodeStatus.Invalid;
            }

            status = (ObjectStatus)s;
        }

        if (!reader.TryReadSpan(payloadLength, out ReadOnlySpan<byte> payload)) return DecodeStatus.NeedMoreData;
        obj = new SubgroupObject(objectId, extensions, status, payload);
        consumed = reader.Consumed;
        return DecodeStatus.Done;
    }

    private static DecodeStatus Short(ref MoqtReader reader, out DecodeError error)
    {
        error = reader.Error;
        return reader.HasFailed ? DecodeStatus.Invalid : DecodeStatus.NeedMoreData;
    }
}

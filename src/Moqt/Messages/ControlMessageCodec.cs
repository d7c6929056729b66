using System.Buffers;
using System.Buffers.Binary;
using ClutchCall.Moqt.Coding;

namespace ClutchCall.Moqt.Messages;

/// <summary>
/// Control stream framing of draft-11 to draft-16: <c>Type (i) | Length (16) | Body</c>.
/// Unknown types, bodies shorter than their fields and bodies with leftover bytes are protocol violations.
/// </summary>
public static class ControlMessageCodec
{
    public const int MaxBodyLength = ushort.MaxValue;

    private delegate bool BodyDecoder(ref MoqtReader reader, MoqtVersion version, out ControlMessage? message);

    /// <summary>Appends one framed message to <paramref name="output"/>.</summary>
    public static void Encode(IBufferWriter<byte> output, ControlMessage message, MoqtVersion version)
    {
        var counter = MoqtWriter.Counting();
        message.EncodeBody(ref counter, version);
        int length = counter.BytesWritten;
        if (length > MaxBodyLength) throw new MoqtException(MoqtErrorCode.InternalError, $"{message.Type} body of {length} bytes exceeds 65535");

        var writer = new MoqtWriter(output);
        writer.WriteVarInt((ulong)message.Type);
        writer.WriteUInt16((ushort)length);
        message.EncodeBody(ref writer, version);
    }

    /// <summary>Encodes into a new array (tests, diagnostics).</summary>
    public static byte[] EncodeToArray(ControlMessage message, MoqtVersion version)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Encode(buffer, message, version);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Decodes one framed message from the start of <paramref name="input"/>. On <see cref="DecodeStatus.NeedMoreData"/>
    /// nothing is consumed. Setup messages detect the peer's parameter dialect themselves (see <see cref="MoqtDialect"/>).
    /// </summary>
    public static DecodeStatus TryDecode(ReadOnlySpan<byte> input, MoqtVersion version, out ControlMessage? message, out int consumed, out DecodeError error)
    {
        message = null;
        consumed = 0;
        error = default;
        if (!VarInt.TryRead(input, out ulong type, out int typeLength)) return DecodeStatus.NeedMoreData;
        if (input.Length < typeLength + 2) return DecodeStatus.NeedMoreData;
        int length = BinaryPrimitives.ReadUInt16BigEndian(input[typeLength..]);
        int total = typeLength + 2 + length;

        // An unknown type is fatal whether or not its body has arrived, so say so early.
        BodyDecoder? decoder = Lookup(type);
        if (decoder is null && type is not (ulong)ControlMessageType.ClientSetup and not (ulong)ControlMessageType.ServerSetup)
        {
            error = new DecodeError(MoqtErrorCode.ProtocolViolation, $"unknown control message type 0x{type:x}");
            return DecodeStatus.Invalid;
        }

        if (input.Length < total) return DecodeStatus.NeedMoreData;
        ReadOnlySpan<byte> body = input.Slice(typeLength + 2, length);

        if (!TryDecodeBody(type, decoder, body, version, out message, out error)) return DecodeStatus.Invalid;
        consumed = total;
        return DecodeStatus.Done;
    }

    /// <summary>
    /// Decodes from a possibly multi-segment buffer (a PipeReader's). Only a message split across segments is copied,
    /// and only as far as its 16-bit length reaches.
    /// </summary>
    public static DecodeStatus TryDecode(in ReadOnlySequence<byte> input, MoqtVersion version, out ControlMessage? message, out int consumed, out DecodeError error)
    {
        if (input.IsSingleSegment) return TryDecode(input.FirstSpan, version, out message, out consumed, out error);
        int window = (int)Math.Min(input.Length, VarInt.MaxLength + 2 + MaxBodyLength);
        byte[] rented = ArrayPool<byte>.Shared.Rent(window);
        try
        {
            input.Slice(0, window).CopyTo(rented);
            return TryDecode(rented.AsSpan(0, window), version, out message, out consumed, out error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool TryDecodeBody(ulong type, BodyDecoder? decoder, ReadOnlySpan<byte> body, MoqtVersion version, out ControlMessage? message, out DecodeError error)
    {
        if (type is (ulong)ControlMessageType.ClientSetup or (ulong)ControlMessageType.ServerSetup)
        {
            // The dialect is unknown before setup: try the draft text, then moq-lite-js's all-length-prefixed parameters.
            if (TryDecodeSetup(type, body, MoqtDialect.Standard, out message, out error)) return true;
            DecodeError first = error;
            if (TryDecodeSetup(type, body, MoqtDialect.MoqLiteJs, out message, out _))
            {
                error = default;
                return true;
            }

            error = first;
            return false;
        }

        var reader = new MoqtReader(body);
        bool ok = decoder!(ref reader, version, out message);
        return Finish(ref reader, ok, type, ref message, out error);
    }

    private static bool TryDecodeSetup(ulong type, ReadOnlySpan<byte> body, MoqtDialect dialect, out ControlMessage? message, out DecodeError error)
    {
        var reader = new MoqtReader(body);
        bool ok = type == (ulong)ControlMessageType.ClientSetup
            ? ClientSetup.TryDecode(ref reader, dialect, out message)
            : ServerSetup.TryDecode(ref reader, dialect, out message);
        return Finish(ref reader, ok, type, ref message, out error);
    }

    private static bool Finish(ref MoqtReader reader, bool ok, ulong type, ref ControlMessage? message, out DecodeError error)
    {
        error = default;
        if (!ok)
        {
            error = reader.HasFailed
                ? reader.Error
                : new DecodeError(MoqtErrorCode.ProtocolViolation, $"message 0x{type:x} shorter than its fields");
            message = null;
            return false;
        }

        if (!reader.IsEmpty)
        {
            error = new DecodeError(MoqtErrorCode.ProtocolViolation, $"message 0x{type:x} has {reader.Remaining} bytes left over");
            message = null;
            return false;
        }

        return true;
    }

    private static BodyDecoder? Lookup(ulong type) => type switch
    {
        (ulong)ControlMessageType.Subscribe => Subscribe.TryDecode,
        (ulong)ControlMessageType.SubscribeOk => SubscribeOk.TryDecode,
        (ulong)ControlMessageType.SubscribeError => SubscribeError.TryDecode,
        (ulong)ControlMessageType.Unsubscribe => Unsubscribe.TryDecode,
        (ulong)ControlMessageType.PublishDone => PublishDone.TryDecode,
        (ulong)ControlMessageType.PublishNamespace => PublishNamespace.TryDecode,
        (ulong)ControlMessageType.PublishNamespaceOk => PublishNamespaceOk.TryDecode,
        (ulong)ControlMessageType.PublishNamespaceError => PublishNamespaceError.TryDecode,
        (ulong)ControlMessageType.PublishNamespaceDone => PublishNamespaceDone.TryDecode,
        (ulong)ControlMessageType.PublishNamespaceCancel => PublishNamespaceCancel.TryDecode,
        (ulong)ControlMessageType.GoAway => GoAway.TryDecode,
        (ulong)ControlMessageType.MaxRequestId => MaxRequestId.TryDecode,
        (ulong)ControlMessageType.RequestsBlocked => RequestsBlocked.TryDecode,
        _ => null,
    };
}

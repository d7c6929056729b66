using System.Buffers;
using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Data;

namespace ClutchCall.Moqt.Tests;

public sealed class DataStreamTests
{
    public static IEnumerable<object[]> ValidTypes() =>
        new ulong[] { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D }.Select(t => new object[] { t });

    [Theory]
    [MemberData(nameof(ValidTypes))]
    public void SubgroupHeader_EveryDraft14Type_RoundTrips(ulong type)
    {
        var mode = (SubgroupIdMode)((type >> 1) & 0x3);
        var header = new SubgroupHeader(TrackAlias: 70000, GroupId: 1UL << 40, SubgroupId: mode == SubgroupIdMode.Explicit ? 9UL : 0, PublisherPriority: 200, mode, (type & 1) != 0, (type & 8) != 0);
        Assert.Equal(type, header.StreamType);
        var buffer = new ArrayBufferWriter<byte>();
        header.Encode(buffer);
        Assert.Equal(DecodeStatus.Done, SubgroupHeader.TryDecode(buffer.WrittenSpan, out SubgroupHeader decoded, out int consumed, out _));
        Assert.Equal(buffer.WrittenCount, consumed);
        Assert.Equal(header, decoded);

        for (int i = 0; i < buffer.WrittenCount; i++)
        {
            Assert.Equal(DecodeStatus.NeedMoreData, SubgroupHeader.TryDecode(buffer.WrittenSpan[..i], out _, out int c, out _));
            Assert.Equal(0, c);
        }
    }

    [Theory]
    [InlineData(0x00UL)]
    [InlineData(0x04UL)]
    [InlineData(0x05UL)] // FETCH_HEADER: not served
    [InlineData(0x0FUL)]
    [InlineData(0x16UL)]
    [InlineData(0x17UL)]
    [InlineData(0x1EUL)]
    [InlineData(0x1FUL)]
    [InlineData(0x20UL)]
    public void UnknownStreamTypes_AreProtocolViolations(ulong type)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MoqtWriter(buffer);
        writer.WriteVarInt(type);
        writer.WriteBytes([1, 2, 3]);
        Assert.Equal(DecodeStatus.Invalid, SubgroupHeader.TryDecode(buffer.WrittenSpan, out _, out _, out DecodeError error));
        Assert.Equal(MoqtErrorCode.ProtocolViolation, error.Code);
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(true, 1)]
    [InlineData(false, 300)]
    [InlineData(true, 20000)]
    public void Objects_RoundTrip_EveryPrefixAndSplit(bool extensions, int payloadLength)
    {
        byte[] payload = [.. Enumerable.Range(0, payloadLength).Select(i => (byte)(i * 31))];
        Span<byte> ext = stackalloc byte[16];
        int extLength = extensions ? ObjectExtensions.WriteCaptureTimestamp(ext, 1_700_000_000_000_000) : 0;
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MoqtWriter(buffer);
        SubgroupObject.Encode(ref writer, 2, extensions, ext[..extLength], payload);
        byte[] bytes = buffer.WrittenSpan.ToArray();
        Assert.Equal(SubgroupObject.GetEncodedLength(2, extLength, extensions, payloadLength), bytes.Length);

        Assert.Equal(DecodeStatus.Done, SubgroupObject.TryDecode(bytes, extensions, previousObjectId: 10, out SubgroupObject obj, out int consumed, out _));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(13UL, obj.ObjectId);
        Assert.Equal(payload, obj.Payload.ToArray());
        Assert.Equal(extensions, ObjectExtensions.TryGetCaptureTimestamp(obj.Extensions, out ulong micros));
        if (extensions) Assert.Equal(1_700_000_000_000_000UL, micros);

        int step = Math.Max(1, bytes.Length / 200);
        for (int i = 0; i < bytes.Length; i += step)
        {
            Assert.Equal(DecodeStatus.NeedMoreData, SubgroupObject.TryDecode(bytes.AsSpan(0, i), extensions, 10, out _, out int c, out _));
            Assert.Equal(0, c);
        }
    }

    [Fact]
    public void ObjectPayloadAboveTheLimit_IsRefused()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MoqtWriter(buffer);
        writer.WriteVarInt(0);
        writer.WriteVarInt(SubgroupObject.MaxPayloadLength + 1UL);
        Assert.Equal(DecodeStatus.Invalid, SubgroupObject.TryDecode(buffer.WrittenSpan, false, null, out _, out _, out DecodeError error));
        Assert.Equal(MoqtErrorCode.ProtocolViolation, error.Code);
    }

    [Fact]
    public void MalformedExtensions_AreRefused()
    {
        // Extension block of 2 bytes: type 0x01 (odd, length-prefixed) claiming 5 bytes.
        Assert.Equal(DecodeStatus.Invalid, SubgroupObject.TryDecode([0x00, 0x02, 0x01, 0x05, 0x01, 0xAA], true, null, out _, out _, out _));
    }
}

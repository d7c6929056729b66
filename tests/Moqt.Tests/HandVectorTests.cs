using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Data;
using ClutchCall.Moqt.Messages;

namespace ClutchCall.Moqt.Tests;

/// <summary>Byte-exact vectors written by hand from the draft-14 layouts and from what @kixelated/moq 0.9.4 sends.</summary>
public sealed class HandVectorTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty));

    [Fact]
    public void ClientSetup_FromMoqLiteJs_DecodesWithItsDialect()
    {
        byte[] bytes = Hex(
            "20 0022" +                  // CLIENT_SETUP, length 34
            "02" +                       // 2 versions
            "c0000000ff0dad01" +         // moq-lite-01
            "c0000000ff00000e" +         // draft-14
            "02" +                       // 2 parameters
            "02 01 3f" +                 // MAX_REQUEST_ID, length-prefixed (moq-lite-js) = 63
            "05 0b 6d6f712d6c6974652d6a73"); // 0x05 = "moq-lite-js" (implementation, not AUTHORITY)
        Assert.Equal(DecodeStatus.Done, ControlMessageCodec.TryDecode(bytes, MoqtVersion.Draft14, out ControlMessage? message, out int consumed, out _));
        Assert.Equal(bytes.Length, consumed);
        var setup = Assert.IsType<ClientSetup>(message);
        Assert.Equal(MoqtDialect.MoqLiteJs, setup.Dialect);
        Assert.Equal([0xff0dad01UL, MoqtVersion.Draft14Number], setup.SupportedVersions);
        Assert.Equal(63UL, setup.MaxRequestId);
        Assert.Equal("moq-lite-js"u8.ToArray(), setup.Parameters.GetBytes(SetupParameterType.AuthorityOrImplementation)!.Value.ToArray());

        // Answered in kind, it re-encodes to the same bytes.
        Assert.Equal(bytes, ControlMessageCodec.EncodeToArray(setup, MoqtVersion.Draft14));
    }

    [Fact]
    public void ClientSetup_Standard()
    {
        byte[] bytes = Hex("20 0010 01 c0000000ff00000e 02 02 40 64 01 01 2f");
        Assert.Equal(DecodeStatus.Done, ControlMessageCodec.TryDecode(bytes, MoqtVersion.Draft14, out ControlMessage? message, out _, out _));
        var setup = Assert.IsType<ClientSetup>(message);
        Assert.Equal(MoqtDialect.Standard, setup.Dialect);
        Assert.Equal(100UL, setup.MaxRequestId);
        Assert.Equal("/", setup.Path);
    }

    [Fact]
    public void ServerSetup_Standard()
    {
        var message = new ServerSetup(MoqtVersion.Draft14Number, new MoqtParameters().AddVarInt(SetupParameterType.MaxRequestId, 100));
        Assert.Equal(Hex("21 000c c0000000ff00000e 01 02 40 64"), ControlMessageCodec.EncodeToArray(message, MoqtVersion.Draft14));
    }

    [Fact]
    public void Subscribe_AsMoqLiteJsSendsIt()
    {
        byte[] bytes = Hex(
            "03 001c" +
            "02" +                       // request id 2
            "02 05 766f696365 05 4341313233" + // ("voice", "CA123")
            "08 646f776e6c696e6b" +      // "downlink"
            "00" +                       // subscriber priority
            "02" +                       // group order descending
            "01" +                       // forward
            "01" +                       // NextGroupStart
            "00");                       // no parameters
        Assert.Equal(DecodeStatus.Done, ControlMessageCodec.TryDecode(bytes, MoqtVersion.Draft14LiteJs, out ControlMessage? message, out _, out _));
        Assert.Equal(new Subscribe(2, new TrackNamespace("voice", "CA123"), "downlink", 0, GroupOrder.Descending, true, FilterType.NextGroupStart, null, null, new MoqtParameters()), message);
    }

    [Fact]
    public void SubscribeOk_WithLargest()
    {
        var message = new SubscribeOk(2, 2, 0, GroupOrder.Ascending, new Location(7, 0), new MoqtParameters());
        Assert.Equal(Hex("04 0008 02 02 00 01 01 07 00 00"), ControlMessageCodec.EncodeToArray(message, MoqtVersion.Draft14));
    }

    [Fact]
    public void PublishDone_FieldOrderDependsOnDialect()
    {
        var message = new PublishDone(1, PublishDoneStatus.TrackEnded, 3, "ok");
        Assert.Equal(Hex("0b 0006 01 02 03 02 6f6b"), ControlMessageCodec.EncodeToArray(message, MoqtVersion.Draft14));
        Assert.Equal(Hex("0b 0006 01 02 02 6f6b 03"), ControlMessageCodec.EncodeToArray(message, MoqtVersion.Draft14LiteJs));
    }

    [Fact]
    public void PublishNamespace_GoAway_MaxRequestId_RequestsBlocked()
    {
        Assert.Equal(Hex("06 000f 00 02 05 766f696365 05 4341313233 00"),
            ControlMessageCodec.EncodeToArray(new PublishNamespace(0, new TrackNamespace("voice", "CA123"), new MoqtParameters()), MoqtVersion.Draft14));
        Assert.Equal(Hex("10 0004 03 2f6d71"), ControlMessageCodec.EncodeToArray(new GoAway("/mq"), MoqtVersion.Draft14));
        Assert.Equal(Hex("15 0002 40c8"), ControlMessageCodec.EncodeToArray(new MaxRequestId(200), MoqtVersion.Draft14));
        Assert.Equal(Hex("1a 0001 3f"), ControlMessageCodec.EncodeToArray(new RequestsBlocked(63), MoqtVersion.Draft14));
        Assert.Equal(Hex("0a 0001 04"), ControlMessageCodec.EncodeToArray(new Unsubscribe(4), MoqtVersion.Draft14));
    }

    [Fact]
    public void SubgroupHeader_AsMoqLiteJsSendsIt()
    {
        // 0x18: subgroup 0, no extensions, end of group; alias 2, group 300, publisher priority 0.
        byte[] bytes = Hex("18 02 412c 00");
        Assert.Equal(DecodeStatus.Done, SubgroupHeader.TryDecode(bytes, out SubgroupHeader header, out int consumed, out _));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(new SubgroupHeader(2, 300, 0, 0, SubgroupIdMode.Zero, false, true), header);
    }

    [Fact]
    public void Object_WithCaptureTimestampExtension()
    {
        byte[] bytes = Hex(
            "00" +                 // object id delta 0
            "05 02 8000 3039" +    // extensions: 5 bytes, type 2 (capture timestamp) = 12345 us as a 4-byte varint
            "03 616263");          // payload "abc"
        Assert.Equal(DecodeStatus.Done, SubgroupObject.TryDecode(bytes, hasExtensions: true, null, out SubgroupObject obj, out int consumed, out _));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(0UL, obj.ObjectId);
        Assert.True(ObjectExtensions.TryGetCaptureTimestamp(obj.Extensions, out ulong micros));
        Assert.Equal(12345UL, micros);
        Assert.Equal("abc"u8.ToArray(), obj.Payload.ToArray());
    }

    [Fact]
    public void Object_EmptyPayloadCarriesStatus()
    {
        Assert.Equal(DecodeStatus.Done, SubgroupObject.TryDecode(Hex("01 00 03"), hasExtensions: false, 4, out SubgroupObject obj, out _, out _));
        Assert.Equal(6UL, obj.ObjectId);
        Assert.Equal(ObjectStatus.EndOfGroup, obj.Status);
        Assert.Equal(DecodeStatus.Invalid, SubgroupObject.TryDecode(Hex("00 00 02"), hasExtensions: false, null, out _, out _, out DecodeError error));
        Assert.Equal(MoqtErrorCode.ProtocolViolation, error.Code);
    }
}

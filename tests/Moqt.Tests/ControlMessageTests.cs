using System.Buffers;
using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Messages;

namespace ClutchCall.Moqt.Tests;

public sealed class ControlMessageTests
{
    public static IEnumerable<object[]> Messages => MessageVectors.Cases();

    [Theory]
    [MemberData(nameof(Messages))]
    public void RoundTrip(ControlMessage message)
    {
        foreach (MoqtVersion version in (MoqtVersion[])[MoqtVersion.Draft14, MoqtVersion.Draft14LiteJs])
        {
            ControlMessage input = WithDialect(message, version.Dialect);
            byte[] bytes = ControlMessageCodec.EncodeToArray(input, version);
            Assert.Equal(DecodeStatus.Done, ControlMessageCodec.TryDecode(bytes, version, out ControlMessage? decoded, out int consumed, out DecodeError error));
            Assert.Equal(bytes.Length, consumed);
            Assert.Equal(default, error);
            Assert.Equal(input, decoded);
            Assert.Equal(bytes, ControlMessageCodec.EncodeToArray(decoded!, version));
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void EveryPrefix_NeedsMoreData_AndConsumesNothing(ControlMessage message)
    {
        byte[] bytes = ControlMessageCodec.EncodeToArray(message, MoqtVersion.Draft14);
        for (int i = 0; i < bytes.Length; i++)
        {
            DecodeStatus status = ControlMessageCodec.TryDecode(bytes.AsSpan(0, i), MoqtVersion.Draft14, out ControlMessage? decoded, out int consumed, out _);
            Assert.Equal(DecodeStatus.NeedMoreData, status);
            Assert.Equal(0, consumed);
            Assert.Null(decoded);
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void EverySplit_AcrossTwoSegments_Decodes(ControlMessage message)
    {
        byte[] bytes = ControlMessageCodec.EncodeToArray(message, MoqtVersion.Draft14);
        for (int split = 1; split < bytes.Length; split++)
        {
            ReadOnlySequence<byte> sequence = Segments.Create(bytes.AsMemory(0, split), bytes.AsMemory(split));
            Assert.Equal(DecodeStatus.Done, ControlMessageCodec.TryDecode(sequence, MoqtVersion.Draft14, out ControlMessage? decoded, out int consumed, out _));
            Assert.Equal(bytes.Length, consumed);
            Assert.Equal(message, decoded);
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void LeftoverBytesInsideTheLength_AreAProtocolViolation(ControlMessage message)
    {
        byte[] bytes = ControlMessageCodec.EncodeToArray(message, MoqtVersion.Draft14);
        int typeLength = VarInt.GetLength(bytes[0]);
        byte[] padded = [.. bytes, 0x00];
        int length = (padded[typeLength] << 8 | padded[typeLength + 1]) + 1;
        padded[typeLength] = (byte)(length >> 8);
        padded[typeLength + 1] = (byte)length;
        DecodeStatus status = ControlMessageCodec.TryDecode(padded, MoqtVersion.Draft14, out _, out int consumed, out DecodeError error);

        // Setup messages may fall back to the other dialect, which still cannot explain a stray byte.
        Assert.Equal(DecodeStatus.Invalid, status);
        Assert.Equal(0, consumed);
        Assert.Equal(MoqtErrorCode.ProtocolViolation, error.Code);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void TruncatedBodyInsideTheLength_IsAProtocolViolation(ControlMessage message)
    {
        byte[] bytes = ControlMessageCodec.EncodeToArray(message, MoqtVersion.Draft14);
        int typeLength = VarInt.GetLength(bytes[0]);
        int length = bytes[typeLength] << 8 | bytes[typeLength + 1];
        byte[] cut = bytes[..^1];
        cut[typeLength] = (byte)((length - 1) >> 8);
        cut[typeLength + 1] = (byte)(length - 1);
        Assert.Equal(DecodeStatus.Invalid, ControlMessageCodec.TryDecode(cut, MoqtVersion.Draft14, out _, out _, out DecodeError error));
        Assert.NotEqual(MoqtErrorCode.NoError, error.Code);
    }

    [Fact]
    public void UnknownType_IsAProtocolViolation_EvenBeforeItsBodyArrives()
    {
        Assert.Equal(DecodeStatus.Invalid, ControlMessageCodec.TryDecode([0x3F, 0x00, 0x05], MoqtVersion.Draft14, out _, out _, out DecodeError error));
        Assert.Equal(MoqtErrorCode.ProtocolViolation, error.Code);
    }

    internal static ControlMessage WithDialect(ControlMessage message, MoqtDialect dialect) => message switch
    {
        ClientSetup c => c with { Dialect = dialect },
        ServerSetup s => s with { Dialect = dialect },
        _ => message,
    };
}

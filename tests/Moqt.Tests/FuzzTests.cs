using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Data;
using ClutchCall.Moqt.Messages;
using ClutchCall.Moqt.Transport.Mux;

namespace ClutchCall.Moqt.Tests;

/// <summary>
/// Seeded fuzz loops (bounded iterations, reproducible): random bytes and mutations of valid messages must only ever
/// produce Done, NeedMoreData or Invalid with an error code, never an exception.
/// </summary>
public sealed class FuzzTests
{
    private const int Iterations = 20_000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ControlDecoder_NeverThrows(int seed)
    {
        var random = new Random(seed);
        byte[][] corpus = [.. MessageVectors.All().Select(m => ControlMessageCodec.EncodeToArray(m, MoqtVersion.Draft14))];
        for (int i = 0; i < Iterations; i++)
        {
            byte[] input = Mutate(random, corpus[random.Next(corpus.Length)]);
            foreach (MoqtVersion version in (MoqtVersion[])[MoqtVersion.Draft14, MoqtVersion.Draft14LiteJs])
            {
                DecodeStatus status = ControlMessageCodec.TryDecode(input, version, out ControlMessage? message, out int consumed, out DecodeError error);
                switch (status)
                {
                    case DecodeStatus.Done:
                        Assert.NotNull(message);
                        Assert.InRange(consumed, 3, input.Length);
                        ControlMessageCodec.EncodeToArray(message, version); // a decoded message always re-encodes
                        break;
                    case DecodeStatus.NeedMoreData:
                        Assert.Equal(0, consumed);
                        break;
                    default:
                        Assert.NotEqual(MoqtErrorCode.NoError, error.Code);
                        Assert.False(string.IsNullOrEmpty(error.Reason));
                        break;
                }
            }
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void DataDecoders_NeverThrow(int seed)
    {
        var random = new Random(seed);
        byte[] valid = [0x19, 0x02, 0x41, 0x2C, 0x80, 0x00, 0x05, 0x02, 0x80, 0x00, 0x30, 0x39, 0x03, 0x61, 0x62, 0x63];
        for (int i = 0; i < Iterations; i++)
        {
            byte[] input = Mutate(random, valid);
            DecodeStatus status = SubgroupHeader.TryDecode(input, out SubgroupHeader header, out int consumed, out DecodeError error);
            if (status == DecodeStatus.Invalid) Assert.Equal(MoqtErrorCode.ProtocolViolation, error.Code);
            if (status != DecodeStatus.Done) continue;
            ReadOnlySpan<byte> rest = input.AsSpan(consumed);
            ulong? previous = null;
            while (!rest.IsEmpty)
            {
                status = SubgroupObject.TryDecode(rest, header.HasExtensions, previous, out SubgroupObject obj, out int used, out error);
                if (status != DecodeStatus.Done) break;
                Assert.True(used > 0);
                ObjectExtensions.TryGetCaptureTimestamp(obj.Extensions, out _);
                previous = obj.ObjectId;
                rest = rest[used..];
            }
        }
    }

    [Theory]
    [InlineData(21)]
    public void PolyfillFrameDecoder_NeverThrows(int seed)
    {
        var random = new Random(seed);
        byte[] valid = [0x08, 0x42, 0x10, 0x20, 0x00, 0x22];
        for (int i = 0; i < Iterations; i++)
        {
            byte[] input = Mutate(random, valid);
            if (!PolyfillFrame.TryDecode(input, out _, out string? error)) Assert.NotNull(error);
        }
    }

    /// <summary>Flips, inserts, deletes, truncates, or replaces with random bytes.</summary>
    private static byte[] Mutate(Random random, byte[] seed)
    {
        List<byte> bytes = [.. seed];
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits; e++)
        {
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveAt(random.Next(bytes.Count));
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveRange(random.Next(bytes.Count), bytes.Count - random.Next(bytes.Count) > 0 ? 1 : 0);
                    break;
                case 4 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                default:
                    byte[] noise = new byte[random.Next(0, 24)];
                    random.NextBytes(noise);
                    return noise;
            }
        }

        return [.. bytes];
    }
}

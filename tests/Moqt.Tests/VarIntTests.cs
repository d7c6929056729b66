using ClutchCall.Moqt.Coding;
using FsCheck;
using FsCheck.Fluent;

namespace ClutchCall.Moqt.Tests;

public sealed class VarIntTests
{
    [Theory]
    [InlineData(0UL, 1, "00")]
    [InlineData(63UL, 1, "3f")]
    [InlineData(64UL, 2, "4040")]
    [InlineData(16383UL, 2, "7fff")]
    [InlineData(16384UL, 4, "80004000")]
    [InlineData((1UL << 30) - 1, 4, "bfffffff")]
    [InlineData(1UL << 30, 8, "c000000040000000")]
    [InlineData((1UL << 62) - 1, 8, "ffffffffffffffff")]
    [InlineData(151288809941952652UL, 8, "c2197c5eff14e88c")] // RFC 9000 A.1 example
    [InlineData(494878333UL, 4, "9d7f3e7d")] // RFC 9000 A.1 example
    [InlineData(15293UL, 2, "7bbd")] // RFC 9000 A.1 example
    public void Boundaries_EncodeToTheShortestForm(ulong value, int length, string hex)
    {
        Assert.Equal(length, VarInt.GetByteCount(value));
        Span<byte> buffer = stackalloc byte[8];
        Assert.True(VarInt.TryWrite(buffer, value, out int written));
        Assert.Equal(hex, Convert.ToHexString(buffer[..written]).ToLowerInvariant());
        Assert.True(VarInt.TryRead(buffer[..written], out ulong read, out int consumed));
        Assert.Equal(value, read);
        Assert.Equal(length, consumed);
    }

    [Theory]
    [InlineData(1UL << 62)]
    [InlineData(ulong.MaxValue)]
    public void ValuesAbove2Pow62Minus1_AreRejected(ulong value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VarInt.GetByteCount(value));
        Assert.Throws<ArgumentOutOfRangeException>(() => VarInt.TryWrite(new byte[8], value, out _));
    }

    [Fact]
    public void TooSmallDestination_WritesNothing()
    {
        Assert.False(VarInt.TryWrite(new byte[1], 64, out int written));
        Assert.Equal(0, written);
    }

    [Theory]
    [InlineData("4040")]
    [InlineData("80004000")]
    [InlineData("c000000040000000")]
    public void EveryPrefix_NeedsMoreData(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex);
        for (int i = 0; i < bytes.Length; i++)
        {
            Assert.False(VarInt.TryRead(bytes.AsSpan(0, i), out _, out int consumed));
            Assert.Equal(0, consumed);
        }
    }

    [Fact]
    public void NonMinimalEncodings_AreAccepted()
    {
        // RFC 9000 allows any length; 0x40 0x25 is 37 in two bytes.
        Assert.True(VarInt.TryRead([0x40, 0x25], out ulong value, out int n));
        Assert.Equal(37UL, value);
        Assert.Equal(2, n);
    }

    [Fact]
    public void RoundTrip_Property()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<ulong>(), raw =>
        {
            ulong value = raw & VarInt.MaxValue;
            Span<byte> buffer = stackalloc byte[8];
            bool wrote = VarInt.TryWrite(buffer, value, out int written);
            bool read = VarInt.TryRead(buffer[..written], out ulong back, out int consumed);
            return wrote && read && back == value && consumed == written && written == VarInt.GetByteCount(value);
        }).QuickCheckThrowOnFailure();
    }
}

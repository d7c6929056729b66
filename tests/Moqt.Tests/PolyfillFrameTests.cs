using ClutchCall.Moqt.Transport.Mux;

namespace ClutchCall.Moqt.Tests;

/// <summary>The WebTransport-over-WebSocket polyfill framing, byte for byte as @kixelated/web-transport-ws frame.js writes it.</summary>
public sealed class PolyfillFrameTests
{
    [Fact]
    public void StreamFrame_TypeIdThenData()
    {
        var buffer = new byte[PolyfillFrame.MaxHeaderLength];
        int n = PolyfillFrame.WriteStreamHeader(buffer, 0, fin: false);
        Assert.Equal(new byte[] { 0x08, 0x00 }, buffer[..n]);
        n = PolyfillFrame.WriteStreamHeader(buffer, 67, fin: true);
        Assert.Equal(new byte[] { 0x09, 0x40, 0x43 }, buffer[..n]);

        Assert.True(PolyfillFrame.TryDecode([0x08, 0x03, 0x20, 0x00, 0x22], out PolyfillFrame frame, out _));
        Assert.Equal(PolyfillFrameType.Stream, frame.Type);
        Assert.Equal(3, frame.StreamId);
        Assert.False(frame.Fin);
        Assert.Equal(new byte[] { 0x20, 0x00, 0x22 }, frame.Data.ToArray());

        Assert.True(PolyfillFrame.TryDecode([0x09, 0x02], out frame, out _));
        Assert.True(frame.Fin);
        Assert.True(frame.Data.IsEmpty);
    }

    [Fact]
    public void ResetAndStopSending_CarryIdAndCode()
    {
        var buffer = new byte[PolyfillFrame.MaxHeaderLength];
        int n = PolyfillFrame.WriteStreamCode(buffer, PolyfillFrameType.ResetStream, 7, 2);
        Assert.Equal(new byte[] { 0x04, 0x07, 0x02 }, buffer[..n]);
        Assert.True(PolyfillFrame.TryDecode([0x05, 0x06, 0x00], out PolyfillFrame frame, out _));
        Assert.Equal(PolyfillFrameType.StopSending, frame.Type);
        Assert.Equal(6, frame.StreamId);
        Assert.Equal(0UL, frame.Code);
        Assert.False(PolyfillFrame.TryDecode([0x04, 0x07], out _, out string? error));
        Assert.NotNull(error);
        Assert.False(PolyfillFrame.TryDecode([0x04, 0x07, 0x02, 0x00], out _, out _));
    }

    [Fact]
    public void ApplicationClose_CodeThenUtf8Reason()
    {
        byte[] bytes = PolyfillFrame.CreateApplicationClose(3, "bad");
        Assert.Equal(new byte[] { 0x1D, 0x03, 0x62, 0x61, 0x64 }, bytes);
        Assert.True(PolyfillFrame.TryDecode(bytes, out PolyfillFrame frame, out _));
        Assert.Equal(3UL, frame.Code);
        Assert.Equal("bad"u8.ToArray(), frame.Data.ToArray());
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x08 })]
    [InlineData(new byte[] { 0x06, 0x00 })]
    [InlineData(new byte[] { 0x30, 0x00 })]
    public void MalformedFrames_AreRefused(byte[] bytes) =>
        Assert.False(PolyfillFrame.TryDecode(bytes, out _, out _));

    [Theory]
    [InlineData(0L, false, false, false)]
    [InlineData(1L, false, true, false)]
    [InlineData(2L, true, false, false)]
    [InlineData(3L, true, true, false)]
    [InlineData(7L, true, true, true)]
    public void StreamIds_FollowRfc9000(long id, bool uni, bool server, bool second)
    {
        Assert.Equal(id, StreamId.Create(second ? 1 : 0, uni, server));
        Assert.Equal(uni, StreamId.IsUnidirectional(id));
        Assert.Equal(server, StreamId.IsServerInitiated(id));

        // A server never receives on its own uni streams; a client never on its own.
        Assert.Equal(!uni || !server, StreamId.CanReceive(id, isServer: true));
        Assert.Equal(!uni || server, StreamId.CanReceive(id, isServer: false));
    }
}

using ClutchCall.Sip.Rtp;

namespace ClutchCall.Sip.Tests;

public class RtpTests
{
    [Fact]
    public void Rtp_header_round_trips()
    {
        var buffer = new byte[RtpHeader.Size + 3];
        var h = new RtpHeader(0, true, 65535, 0xDEADBEEF, 0x01020304);
        h.Write(buffer, new byte[] { 1, 2, 3 });
        Assert.True(RtpHeader.TryParse(buffer, out var back, out var payload));
        Assert.Equal(h, back);
        Assert.Equal(new byte[] { 1, 2, 3 }, buffer[payload]);
    }

    [Fact]
    public void Csrcs_extension_and_padding_are_skipped()
    {
        // V=2 P=1 X=1 CC=1, PT 8; one CSRC; extension of one word; payload 2 bytes; 2 bytes padding.
        byte[] packet = [0xB1, 0x08, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, /*csrc*/ 9, 9, 9, 9, /*ext*/ 0xBE, 0xDE, 0, 1, 7, 7, 7, 7, /*payload*/ 0xAA, 0xBB, /*pad*/ 0, 2];
        Assert.True(RtpHeader.TryParse(packet, out var h, out var payload));
        Assert.Equal(8, h.PayloadType);
        Assert.Equal(new byte[] { 0xAA, 0xBB }, packet[payload]);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x00 })]
    [InlineData(new byte[] { 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })] // version 1
    [InlineData(new byte[] { 0x8F, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })] // 15 CSRCs missing
    [InlineData(new byte[] { 0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 50 })] // padding longer than packet
    [InlineData(new byte[] { 0x80, 0xC8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })] // RTCP SR, not RTP
    public void Malformed_rtp_is_refused(byte[] packet) => Assert.False(RtpHeader.TryParse(packet, out _, out _));

    [Fact]
    public void Dtmf_event_round_trips_and_maps_digits()
    {
        var buffer = new byte[4];
        new DtmfEvent(11, true, 10, 800).Write(buffer);
        Assert.Equal(new byte[] { 11, 0x8A, 0x03, 0x20 }, buffer);
        Assert.True(DtmfEvent.TryParse(buffer, out var e));
        Assert.Equal(new DtmfEvent(11, true, 10, 800), e);
        Assert.Equal('#', DtmfEvent.ToDigit(e.Event));
        Assert.Equal("0123456789*#ABCD", string.Concat("0123456789*#ABCD".Select(c => DtmfEvent.ToDigit(DtmfEvent.FromDigit(c)!.Value))));
        Assert.Null(DtmfEvent.FromDigit('x'));
    }

    [Fact]
    public void Sender_and_receiver_reports_round_trip_in_a_compound()
    {
        var block = new RtcpReportBlock(42, 25, -3, 70000, 12, 0x11112222, 655);
        var sr = new RtcpReport(true, 7, 0x0102030405060708, 160, 10, 1600, [block]);
        var rr = new RtcpReport(false, 8, 0, 0, 0, 0, []);
        var buffer = new byte[200];
        var n = sr.Write(buffer);
        n += rr.Write(buffer.AsSpan(n));
        var reports = new List<RtcpReport>();
        Assert.True(RtcpReport.TryParseCompound(buffer.AsSpan(0, n), reports));
        Assert.Equal(2, reports.Count);
        Assert.Equal(sr with { Blocks = [] }, reports[0] with { Blocks = [] });
        Assert.Equal(block, reports[0].Blocks[0]);
        Assert.False(reports[1].IsSenderReport);
        Assert.False(RtcpReport.TryParseCompound(buffer.AsSpan(0, n - 1), []));
    }

    [Fact]
    public void Receiver_statistics_count_loss_wraparound_and_jitter()
    {
        var stats = new RtpReceiverStatistics();
        ushort seq = 65530;
        uint ts = 1000;
        long arrival = 5000;
        for (var i = 0; i < 20; i++)
        {
            if (i is not (5 or 6)) stats.OnPacket(99, seq, ts, arrival + (i % 2 == 0 ? 0 : 40));
            seq++;
            ts += 160;
            arrival += 160;
        }
        Assert.Equal(18u, stats.PacketsReceived);
        Assert.Equal(20u, stats.Expected);
        Assert.Equal(2, stats.CumulativeLost);
        Assert.Equal(65536u + 13, stats.ExtendedHighestSequence);
        Assert.InRange(stats.JitterTimestampUnits, 10, 40);
        var block = stats.CreateReportBlock(0, 0);
        Assert.Equal((byte)(2 * 256 / 20), block.FractionLost);
    }
}

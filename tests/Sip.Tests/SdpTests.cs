using System.Net;
using ClutchCall.Sip.Sdp;

namespace ClutchCall.Sip.Tests;

public class SdpTests
{
    private const string BaresipOffer =
        "v=0\r\no=- 1234 5678 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 10000 RTP/AVP 111 0 8 101\r\n" +
        "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 stereo=1;sprop-stereo=1\r\n" +
        "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";

    private static SdpSession Parse(string s)
    {
        Assert.Equal(SdpParseError.None, SdpParser.TryParse(s, out var session));
        return session!;
    }

    [Fact]
    public void Parses_codecs_ptime_direction_and_connection()
    {
        var s = Parse(BaresipOffer);
        var a = s.Audio!;
        Assert.Equal(10000, a.Port);
        Assert.Equal([111, 0, 8, 101], a.PayloadTypes);
        Assert.Equal("opus", a.FindCodec(111)!.Name);
        Assert.Equal(2, a.FindCodec(111)!.Channels);
        Assert.Equal("stereo=1;sprop-stereo=1", a.FindCodec(111)!.Fmtp);
        Assert.Equal(20, a.Ptime);
        Assert.Equal(SdpDirection.SendRecv, s.DirectionOf(a));
        Assert.Equal("127.0.0.1", s.ConnectionOf(a));
    }

    [Theory]
    [InlineData("", SdpParseError.Empty)]
    [InlineData("o=- 1 1 IN IP4 1.2.3.4\r\n", SdpParseError.MissingVersion)]
    [InlineData("v=1\r\n", SdpParseError.BadVersion)]
    [InlineData("v=0\r\no=- x 1 IN IP4 1.2.3.4\r\ns=-\r\n", SdpParseError.BadOrigin)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\n", SdpParseError.MissingSessionName)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 999.2.3.4\r\n", SdpParseError.BadConnection)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nm=audio 99999 RTP/AVP 0\r\n", SdpParseError.BadMedia)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio 4000 RTP/AVP 0\r\n", SdpParseError.MissingConnection)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:96 opus\r\n", SdpParseError.BadAttribute)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\na=ptime:0\r\n", SdpParseError.BadAttribute)]
    [InlineData("v=0\r\nbogus line\r\n", SdpParseError.BadLine)]
    public void Refuses_malformed_sdp(string text, SdpParseError expected) =>
        Assert.Equal(expected, SdpParser.TryParse(text, out _));

    [Fact]
    public void Answer_takes_the_first_offered_codec_we_support_and_keeps_telephone_event()
    {
        var negotiator = new SdpNegotiator([SdpCodec.Pcma, SdpCodec.Pcmu, SdpCodec.TelephoneEvent]);
        var error = negotiator.CreateAnswer(Parse(BaresipOffer), "127.0.0.1", 20000, SdpDirection.SendRecv, 1, 1, out var answer, out var media);
        Assert.Equal(SdpNegotiationError.None, error);
        Assert.Equal("PCMU", media!.Codec.Name); // offer order wins: opus is not ours, PCMU comes before PCMA
        Assert.Equal(101, media.DtmfPayloadType);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 10000), media.RemoteRtp);
        Assert.Equal([0, 101], answer!.Audio!.PayloadTypes);
        // The answer must itself be valid SDP.
        Assert.Equal(SdpParseError.None, SdpParser.TryParse(SdpWriter.Write(answer), out _));
    }

    [Fact]
    public void Opus_is_negotiated_when_both_sides_have_it()
    {
        var negotiator = new SdpNegotiator([SdpCodec.Opus, SdpCodec.Pcmu]);
        negotiator.CreateAnswer(Parse(BaresipOffer), "127.0.0.1", 20000, SdpDirection.SendRecv, 1, 1, out _, out var media);
        Assert.Equal("opus", media!.Codec.Name);
        Assert.Equal(111, media.Codec.PayloadType);
        Assert.Null(media.DtmfPayloadType); // we did not list telephone-event
    }

    [Fact]
    public void No_common_codec_is_reported()
    {
        var negotiator = new SdpNegotiator([SdpCodec.Pcma]);
        var offer = Parse(BaresipOffer.Replace("111 0 8 101", "0 101"));
        Assert.Equal(SdpNegotiationError.NoCommonCodec, negotiator.CreateAnswer(offer, "127.0.0.1", 1, SdpDirection.SendRecv, 1, 1, out _, out _));
    }

    [Theory]
    [InlineData("sendonly", SdpDirection.RecvOnly)]
    [InlineData("recvonly", SdpDirection.SendOnly)]
    [InlineData("inactive", SdpDirection.Inactive)]
    [InlineData("sendrecv", SdpDirection.SendRecv)]
    public void Hold_directions_are_mirrored_in_the_answer(string offered, SdpDirection answered)
    {
        var negotiator = new SdpNegotiator([SdpCodec.Pcmu]);
        var offer = Parse(BaresipOffer.Replace("a=sendrecv", "a=" + offered));
        negotiator.CreateAnswer(offer, "127.0.0.1", 1, SdpDirection.SendRecv, 1, 1, out var answer, out var media);
        Assert.Equal(answered, answer!.Audio!.Direction);
        Assert.Equal(answered, media!.Direction);
    }

    [Fact]
    public void Processing_an_answer_finds_the_chosen_codec_and_remote_hold()
    {
        var negotiator = new SdpNegotiator([SdpCodec.Pcmu, SdpCodec.Pcma, SdpCodec.TelephoneEvent]);
        var offer = negotiator.CreateOffer("127.0.0.1", 30000, SdpDirection.SendRecv, 7, 1);
        var answer = Parse("v=0\r\no=- 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 40000 RTP/AVP 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=recvonly\r\n");
        Assert.Equal(SdpNegotiationError.None, negotiator.ProcessAnswer(offer, answer, out var media));
        Assert.Equal("PCMA", media!.Codec.Name);
        Assert.Equal(101, media.DtmfPayloadType);
        Assert.Equal(SdpDirection.SendOnly, media.Direction);
        Assert.True(media.IsOnHold);
    }

    [Fact]
    public void Connection_zero_is_the_old_style_hold()
    {
        var negotiator = new SdpNegotiator([SdpCodec.Pcmu]);
        var offer = Parse(BaresipOffer.Replace("c=IN IP4 127.0.0.1", "c=IN IP4 0.0.0.0"));
        negotiator.CreateAnswer(offer, "127.0.0.1", 1, SdpDirection.SendRecv, 1, 1, out _, out var media);
        Assert.Null(media!.RemoteRtp);
        Assert.True(media.IsOnHold);
    }

    [Fact]
    public void Offer_round_trips_through_writer_and_parser()
    {
        var negotiator = new SdpNegotiator([SdpCodec.Pcmu, SdpCodec.Pcma, SdpCodec.Opus, SdpCodec.TelephoneEvent]);
        var offer = negotiator.CreateOffer("127.0.0.1", 30000, SdpDirection.SendOnly, 7, 2);
        var again = Parse(SdpWriter.Write(offer));
        Assert.Equal([0, 8, 111, 101], again.Audio!.PayloadTypes);
        Assert.Equal(SdpDirection.SendOnly, again.Audio.Direction);
        Assert.Equal("0-16", again.Audio.FindCodec(101)!.Fmtp);
        Assert.Equal(7UL, again.SessionId);
    }
}

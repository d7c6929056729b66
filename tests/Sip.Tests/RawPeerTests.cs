using System.Net;
using System.Net.Sockets;
using System.Text;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Parsing;
using ClutchCall.Sip.Rtp;
using ClutchCall.Sip.UserAgent;

namespace ClutchCall.Sip.Tests;

/// <summary>Our agent against a peer scripted on a raw UDP socket: the exchanges a UA pair would never produce.</summary>
public class RawPeerTests : IAsyncLifetime
{
    private readonly LoopbackAgents _agents = new();
    private SipUserAgent _callee = null!;

    public async Task InitializeAsync() => _callee = await _agents.StartAsync();

    public async Task DisposeAsync() => await _agents.DisposeAsync();

    [Fact]
    public async Task Malformed_requests_get_400_and_unknown_dialogs_get_481()
    {
        using var raw = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)raw.Client.LocalEndPoint!;
        var bad = $"OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{local.Port};branch=z9hG4bKbad\r\n" +
                  "From: <sip:a@b>;tag=1\r\nTo: <sip:x@127.0.0.1>\r\nCall-ID: bad-1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
        await raw.SendAsync(Encoding.ASCII.GetBytes(bad), _callee.UdpEndPoint!);
        var reply = await raw.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));
        var response = Assert.IsType<SipResponse>(SipParser.ParseDatagram(reply.Buffer).Message);
        Assert.Equal(400, response.StatusCode);
        Assert.Equal("bad-1", response.CallId);
        Assert.Contains("CSeq", response.ReasonPhrase);

        var bye = bad.Replace("OPTIONS", "BYE").Replace("CSeq: 1 INVITE", "CSeq: 2 BYE").Replace("To: <sip:x@127.0.0.1>", "To: <sip:x@127.0.0.1>;tag=zz");
        await raw.SendAsync(Encoding.ASCII.GetBytes(bye), _callee.UdpEndPoint!);
        reply = await raw.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(481, ((SipResponse)SipParser.ParseDatagram(reply.Buffer).Message!).StatusCode);
    }

    [Fact]
    public async Task Options_is_answered_with_allow_and_rport_is_filled_in()
    {
        using var raw = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)raw.Client.LocalEndPoint!;
        // Via claims port 9 (wrong): with rport the response must still come back to the real source port.
        var options = "OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:9;branch=z9hG4bKopt;rport\r\nMax-Forwards: 70\r\n" +
                      "f: <sip:a@b>;tag=1\r\nt: <sip:x@127.0.0.1>\r\ni: opt-1\r\nCSeq: 7 OPTIONS\r\nl: 0\r\n\r\n";
        await raw.SendAsync(Encoding.ASCII.GetBytes(options), _callee.UdpEndPoint!);
        var reply = await raw.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));
        var response = (SipResponse)SipParser.ParseDatagram(reply.Buffer).Message!;
        Assert.Equal(200, response.StatusCode);
        Assert.Contains("REFER", response.GetHeader("Allow"));
        Assert.Equal(local.Port, response.TopVia!.Rport);
        Assert.Equal("127.0.0.1", response.TopVia.Received);
    }

    [Fact]
    public async Task A_retransmitted_invite_after_our_200_is_absorbed_and_the_200_is_repeated_until_ack()
    {
        _callee.UpsertTrunk(new SipTrunkOptions { Id = "in", Host = "127.0.0.1", InboundAllowedCidrs = ["127.0.0.0/8"] });
        using var raw = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)raw.Client.LocalEndPoint!).Port;
        const string sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n";
        var invite = $"INVITE sip:u@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKretx;rport\r\nMax-Forwards: 70\r\n" +
                     "From: <sip:p@127.0.0.1>;tag=ft\r\nTo: <sip:u@127.0.0.1>\r\nCall-ID: retx-1\r\nCSeq: 1 INVITE\r\n" +
                     $"Contact: <sip:p@127.0.0.1:{port}>\r\nContent-Type: application/sdp\r\nContent-Length: {sdp.Length}\r\n\r\n{sdp}";
        var bytes = Encoding.ASCII.GetBytes(invite);
        await raw.SendAsync(bytes, _callee.UdpEndPoint!);
        var incoming = await _callee.NextIncomingAsync();
        await incoming.AcceptAsync();
        SipResponse ok;
        do ok = (SipResponse)SipParser.ParseDatagram((await raw.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5))).Buffer).Message!;
        while (ok.StatusCode != 200);
        await raw.SendAsync(bytes, _callee.UdpEndPoint!); // as if our 200 had been lost
        using (var none = new CancellationTokenSource(TimeSpan.FromMilliseconds(700)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _callee.IncomingCalls.ReadAsync(none.Token));
        }
        // Without an ACK the 200 keeps coming (§13.3.1.4).
        var again = (SipResponse)SipParser.ParseDatagram((await raw.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5))).Buffer).Message!;
        Assert.Equal(200, again.StatusCode);
        var ack = $"ACK sip:u@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKack\r\nMax-Forwards: 70\r\n" +
                  $"From: <sip:p@127.0.0.1>;tag=ft\r\nTo: {again.GetHeader("To")}\r\nCall-ID: retx-1\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n";
        await raw.SendAsync(Encoding.ASCII.GetBytes(ack), _callee.UdpEndPoint!);
        await incoming.Call.HangupAsync();
    }

    [Fact]
    public async Task An_offerless_invite_gets_our_offer_in_the_200_and_media_starts_with_the_answer_in_the_ack()
    {
        _callee.UpsertTrunk(new SipTrunkOptions { Id = "in", Host = "127.0.0.1", InboundAllowedCidrs = ["127.0.0.0/8"] });
        using var raw = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var rtp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)raw.Client.LocalEndPoint!).Port;
        var rtpPort = ((IPEndPoint)rtp.Client.LocalEndPoint!).Port;
        var invite = $"INVITE sip:u@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKlate\r\nMax-Forwards: 70\r\n" +
                     "From: <sip:p@127.0.0.1>;tag=lt\r\nTo: <sip:u@127.0.0.1>\r\nCall-ID: late-1\r\nCSeq: 1 INVITE\r\n" +
                     $"Contact: <sip:p@127.0.0.1:{port}>\r\nContent-Length: 0\r\n\r\n";
        await raw.SendAsync(Encoding.ASCII.GetBytes(invite), _callee.UdpEndPoint!);
        var incoming = await _callee.NextIncomingAsync();
        Assert.Null(incoming.Codec);
        var call = await incoming.AcceptAsync();
        SipResponse ok;
        do ok = (SipResponse)SipParser.ParseDatagram((await raw.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5))).Buffer).Message!;
        while (ok.StatusCode != 200);
        Assert.Equal(Sdp.SdpParseError.None, Sdp.SdpParser.TryParse(ok.Body, out var offer));
        Assert.Contains(0, offer!.Audio!.PayloadTypes);
        Assert.Equal(SipCallState.Ringing, call.State); // no media before the answer
        var answer = $"v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {rtpPort} RTP/AVP 8\r\n";
        var ack = $"ACK sip:u@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKlateack\r\nMax-Forwards: 70\r\n" +
                  $"From: <sip:p@127.0.0.1>;tag=lt\r\nTo: {ok.GetHeader("To")}\r\nCall-ID: late-1\r\nCSeq: 1 ACK\r\n" +
                  $"Content-Type: application/sdp\r\nContent-Length: {answer.Length}\r\n\r\n{answer}";
        await raw.SendAsync(Encoding.ASCII.GetBytes(ack), _callee.UdpEndPoint!);
        await call.WaitForAsync<SipCallEvent.Answered>();
        Assert.Equal("PCMA", call.Media.Codec.Name);
        await call.Media.SendFrameAsync(new byte[160], 160);
        var packet = await rtp.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(RtpHeader.TryParse(packet.Buffer, out var header, out _));
        Assert.Equal(8, header.PayloadType);
        await call.HangupAsync();
    }

    [Fact]
    public async Task A_reinvite_crossing_ours_gets_491_ours_completes_and_info_dtmf_is_surfaced()
    {
        _callee.UpsertTrunk(new SipTrunkOptions { Id = "in", Host = "127.0.0.1", InboundAllowedCidrs = ["127.0.0.0/8"] });
        using var raw = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)raw.Client.LocalEndPoint!).Port;
        string Sdp(string dir) => $"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na={dir}\r\n";
        string Invite(string branch, int cseq, string toTag, string sdp) =>
            $"INVITE sip:u@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch={branch}\r\nMax-Forwards: 70\r\n" +
            $"From: <sip:p@127.0.0.1>;tag=gl\r\nTo: <sip:u@127.0.0.1>{toTag}\r\nCall-ID: glare-1\r\nCSeq: {cseq} INVITE\r\n" +
            $"Contact: <sip:p@127.0.0.1:{port}>\r\nContent-Type: application/sdp\r\nContent-Length: {sdp.Length}\r\n\r\n{sdp}";
        async Task<SipMessage> Next(Func<SipMessage, bool> match)
        {
            while (true)
            {
                var m = SipParser.ParseDatagram((await raw.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5))).Buffer).Message!;
                if (match(m)) return m;
            }
        }
        Task Send(string text) => raw.SendAsync(Encoding.ASCII.GetBytes(text), _callee.UdpEndPoint!).AsTask();

        await Send(Invite("z9hG4bKg1", 1, "", Sdp("sendrecv")));
        var call = await (await _callee.NextIncomingAsync()).AcceptAsync();
        var ok = (SipResponse)await Next(m => m is SipResponse { StatusCode: 200 });
        var toTag = ";tag=" + ok.To!.Tag;
        await Send($"ACK sip:u@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKa1\r\nMax-Forwards: 70\r\n" +
                   $"From: <sip:p@127.0.0.1>;tag=gl\r\nTo: <sip:u@127.0.0.1>{toTag}\r\nCall-ID: glare-1\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");

        var hold = call.SetHoldAsync(true);
        var ours = (SipRequest)await Next(m => m is SipRequest { Method: "INVITE" });
        await Send(Invite("z9hG4bKg2", 2, toTag, Sdp("sendonly"))); // the peer's offer crosses ours
        var glare = (SipResponse)await Next(m => m is SipResponse { StatusCode: >= 200 } r && r.CSeq.Number == 2);
        Assert.Equal(491, glare.StatusCode);

        var answer = SipMessageFactory.CreateResponse(ours, 200);
        answer.AddHeader("Contact", $"<sip:p@127.0.0.1:{port}>");
        answer.AddHeader("Content-Type", "application/sdp");
        answer.Body = Encoding.ASCII.GetBytes(Sdp("recvonly"));
        await raw.SendAsync(SipMessageWriter.ToBytes(answer), _callee.UdpEndPoint!);
        Assert.True(await hold.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("ACK", ((SipRequest)await Next(m => m is SipRequest { Method: "ACK" })).Method);
        Assert.Equal(ClutchCall.Sip.Sdp.SdpDirection.SendOnly, call.Rtp.Media!.Direction);

        // DTMF as SIP INFO (application/dtmf-relay), which some trunks send instead of RFC 4733 events.
        string Info(int cseq, string type, string body) =>
            $"INFO sip:u@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKi{cseq}\r\nMax-Forwards: 70\r\n" +
            $"From: <sip:p@127.0.0.1>;tag=gl\r\nTo: <sip:u@127.0.0.1>{toTag}\r\nCall-ID: glare-1\r\nCSeq: {cseq} INFO\r\n" +
            $"Content-Type: {type}\r\nContent-Length: {body.Length}\r\n\r\n{body}";
        await Send(Info(3, "application/dtmf-relay", "Signal=5\r\nDuration=160\r\n"));
        Assert.Equal(200, ((SipResponse)await Next(m => m is SipResponse r && r.CSeq.Number == 3)).StatusCode);
        Assert.Equal('5', (await call.WaitForAsync<SipCallEvent.DtmfReceived>()).Digit);
        await Send(Info(4, "application/media_control+xml", "<x/>"));
        Assert.Equal(415, ((SipResponse)await Next(m => m is SipResponse r && r.CSeq.Number == 4)).StatusCode);
    }
}

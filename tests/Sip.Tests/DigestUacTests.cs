using System.Net;
using System.Net.Sockets;
using ClutchCall.Sip.Auth;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Parsing;
using ClutchCall.Sip.UserAgent;

namespace ClutchCall.Sip.Tests;

/// <summary>Our agent answering a carrier's 407 (MD5, qop=auth), with the carrier scripted on a real UDP socket.</summary>
public class DigestUacTests : IAsyncLifetime
{
    private readonly LoopbackAgents _agents = new();
    private readonly UdpClient _carrier = new(new IPEndPoint(IPAddress.Loopback, 0));
    private SipUserAgent _ua = null!;

    public async Task InitializeAsync()
    {
        _ua = await _agents.StartAsync();
        _ua.UpsertTrunk(new SipTrunkOptions
        {
            Id = "carrier", Host = "127.0.0.1", Port = ((IPEndPoint)_carrier.Client.LocalEndPoint!).Port,
            Username = "acct-42", Password = "s3cret", CallerId = "+15550001111",
        });
    }

    public async Task DisposeAsync()
    {
        _carrier.Dispose();
        await _agents.DisposeAsync();
    }

    private async Task<(SipRequest Request, IPEndPoint From)> ReceiveRequestAsync(string method)
    {
        while (true)
        {
            var r = await _carrier.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));
            if (SipParser.ParseDatagram(r.Buffer).Message is SipRequest req && req.Method == method) return (req, r.RemoteEndPoint);
        }
    }

    private Task SendAsync(SipMessage m, IPEndPoint to) => _carrier.SendAsync(SipMessageWriter.ToBytes(m), to).AsTask();

    [Fact]
    public async Task A_407_is_answered_once_with_proxy_authorization_and_the_retry_proceeds()
    {
        var invite = _ua.InviteAsync("carrier", "+15557654321");
        var (first, from) = await ReceiveRequestAsync("INVITE");
        Assert.Null(first.GetHeader("Proxy-Authorization"));
        var challenge = SipMessageFactory.CreateResponse(first, 407, toTag: "c1");
        challenge.AddHeader("Proxy-Authenticate", "Digest realm=\"carrier.example\", nonce=\"n0nce\", algorithm=MD5, qop=\"auth,auth-int\", opaque=\"op\"");
        await SendAsync(challenge, from);
        var (ack, _) = await ReceiveRequestAsync("ACK");
        Assert.Equal(first.TopVia!.Branch, ack.TopVia!.Branch); // the ACK for a failure is hop-by-hop, same transaction

        var (second, _) = await ReceiveRequestAsync("INVITE");
        Assert.Equal(first.CallId, second.CallId);
        Assert.Equal(first.From!.Tag, second.From!.Tag);
        Assert.Equal(first.CSeq.Number + 1, second.CSeq.Number);
        Assert.NotEqual(first.TopVia.Branch, second.TopVia!.Branch);
        Assert.True(DigestChallenge.TryParse(second.GetHeader("Proxy-Authorization"), out var auth));
        var p = auth.Parameters;
        Assert.Equal("acct-42", p["username"]);
        Assert.Equal("op", p["opaque"]);
        Assert.Equal("auth", p["qop"]);
        Assert.Equal("00000001", p["nc"]);
        Assert.Equal(second.RequestUri.ToString(), p["uri"]);
        var expected = DigestClient.ComputeResponse(DigestAlgorithm.Md5, "acct-42", "carrier.example", "s3cret", "INVITE", p["uri"], "n0nce", "auth", "00000001", p["cnonce"]);
        Assert.Equal(expected, p["response"]);

        await SendAsync(SipMessageFactory.CreateResponse(second, 486, toTag: "c2"), from);
        var result = await invite.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(SipCallOutcome.Busy, result.Outcome);
    }

    [Fact]
    public async Task A_second_challenge_is_not_answered_again()
    {
        var invite = _ua.InviteAsync("carrier", "+15557654321");
        for (var i = 0; i < 2; i++)
        {
            var (req, from) = await ReceiveRequestAsync("INVITE");
            var challenge = SipMessageFactory.CreateResponse(req, 401, toTag: "c" + i);
            challenge.AddHeader("WWW-Authenticate", "Digest realm=\"r\", nonce=\"n" + i + "\", algorithm=SHA-256, qop=\"auth\"");
            await SendAsync(challenge, from);
        }
        var result = await invite.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(SipCallOutcome.Failed, result.Outcome);
        Assert.Equal(SipFailureReason.AuthenticationFailed, result.Failure!.Reason);
        Assert.Equal(401, result.Failure.SipCode);
    }

    [Fact]
    public async Task Session_progress_counts_as_ringing_and_a_decline_is_a_rejection()
    {
        SipCall? call = null;
        var invite = _ua.InviteAsync("carrier", "+15557654321", new InviteOptions { OnCallCreated = c => call = c });
        var (req, from) = await ReceiveRequestAsync("INVITE");
        await SendAsync(SipMessageFactory.CreateResponse(req, 183, toTag: "p"), from);
        Assert.Equal(183, (await call!.Events.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)) as SipCallEvent.Ringing)!.StatusCode);
        await SendAsync(SipMessageFactory.CreateResponse(req, 603, toTag: "p"), from);
        var result = await invite.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(SipCallOutcome.Failed, result.Outcome);
        Assert.Equal(SipFailureReason.Rejected, result.Failure!.Reason);
        Assert.Equal(603, result.Failure.SipCode);
    }
}

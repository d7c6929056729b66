using ClutchCall.TestKit;
using System.Net;
using System.Text;
using ClutchCall.Sip.Auth;

namespace ClutchCall.Sip.Tests;

public class AuthTests
{
    [Fact]
    public void Md5_response_matches_the_rfc_2617_example()
    {
        var r = DigestClient.ComputeResponse(DigestAlgorithm.Md5, "Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
            "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b");
        Assert.Equal("6629fae49393a05397450978507c4ef1", r);
    }

    [Fact]
    public void Sha256_response_matches_the_rfc_7616_example()
    {
        var r = DigestClient.ComputeResponse(DigestAlgorithm.Sha256, "Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html",
            "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "auth", "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");
        Assert.Equal("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", r);
    }

    [Fact]
    public void Client_prefers_sha256_and_its_answer_verifies_on_the_server()
    {
        var time = new ManualTimeProvider();
        var server = new DigestServer(Encoding.UTF8.GetBytes("secret"), time, TimeSpan.FromMinutes(5));
        var creds = new DigestCredentials("trunk-user", "p@ss");
        var challenges = new[] { server.CreateChallenge("clutchcall", DigestAlgorithm.Md5), server.CreateChallenge("clutchcall", DigestAlgorithm.Sha256) };
        var chosen = DigestClient.PickChallenge(challenges)!;
        Assert.Equal(DigestAlgorithm.Sha256, chosen.Algorithm);
        var header = DigestClient.CreateAuthorization(chosen, "INVITE", "sip:+15551234@127.0.0.1", creds, "abc", 1);
        Assert.Contains("algorithm=SHA-256", header);
        Assert.Contains("qop=auth", header);
        Assert.Equal(DigestVerification.Valid, server.Verify(header, "INVITE", "clutchcall", creds));
        Assert.Equal(DigestVerification.BadResponse, server.Verify(header, "INVITE", "clutchcall", creds with { Password = "wrong" }));
        Assert.Equal(DigestVerification.WrongUser, server.Verify(header, "INVITE", "clutchcall", creds with { Username = "other" }));
        Assert.Equal(DigestVerification.BadResponse, server.Verify(header, "BYE", "clutchcall", creds));
        time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(DigestVerification.StaleNonce, server.Verify(header, "INVITE", "clutchcall", creds));
    }

    [Fact]
    public void Forged_nonce_is_refused()
    {
        var server = new DigestServer(Encoding.UTF8.GetBytes("secret"), TimeProvider.System, TimeSpan.FromMinutes(5));
        var other = new DigestServer(Encoding.UTF8.GetBytes("other"), TimeProvider.System, TimeSpan.FromMinutes(5));
        var creds = new DigestCredentials("u", "p");
        DigestChallenge.TryParse(other.CreateChallenge("r", DigestAlgorithm.Md5), out var forged);
        var header = DigestClient.CreateAuthorization(forged, "INVITE", "sip:x@y", creds, "c", 1);
        Assert.Equal(DigestVerification.StaleNonce, server.Verify(header, "INVITE", "r", creds));
    }

    [Theory]
    [InlineData("Basic abc")]
    [InlineData("Digest")]
    [InlineData("Digest realm=\"a\"")]
    [InlineData("Digest realm=\"a, nonce=\"b\"")]
    public void Malformed_challenges_are_refused(string header) => Assert.False(DigestChallenge.TryParse(header, out _));

    [Fact]
    public void Inbound_rule_checks_cidrs_then_credentials()
    {
        var server = new DigestServer(Encoding.UTF8.GetBytes("s"), TimeProvider.System, TimeSpan.FromMinutes(5));
        var rule = new InboundRule(["10.0.0.0/8", "127.0.0.1/32"], new DigestCredentials("u", "p"), "realm");
        Assert.Equal(InboundDecision.Forbidden, rule.Decide(IPAddress.Parse("192.168.1.1"), null, "INVITE", server, out _));
        Assert.Equal(InboundDecision.Challenge, rule.Decide(IPAddress.Parse("10.1.2.3"), null, "INVITE", server, out _));
        DigestChallenge.TryParse(server.CreateChallenge("realm", DigestAlgorithm.Md5), out var c);
        var auth = DigestClient.CreateAuthorization(c, "INVITE", "sip:a@b", new DigestCredentials("u", "p"), "x", 1);
        Assert.Equal(InboundDecision.Accept, rule.Decide(IPAddress.Parse("127.0.0.1"), auth, "INVITE", server, out _));
        var open = new InboundRule([], null, "realm");
        Assert.Equal(InboundDecision.Accept, open.Decide(IPAddress.Parse("203.0.113.5"), null, "INVITE", server, out _));
    }
}

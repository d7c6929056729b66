using System.Security.Cryptography;
using System.Text;
using ClutchCall.Agents.Connectors.Webhook;

namespace ClutchCall.Agents.Tests.Connectors;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_abc";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"event":"agent.message"}""");
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void TheHeaderIsTimestampAndHexHmacOverTimestampDotBody()
    {
        string header = WebhookSignature.Sign(Secret, 1_800_000_000, Body);

        byte[] expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes("1800000000." + Encoding.UTF8.GetString(Body)));
        Assert.Equal("t=1800000000,v1=" + Convert.ToHexStringLower(expected), header);
    }

    [Fact]
    public void ASignedBodyVerifies() =>
        Assert.Equal(WebhookSignatureResult.Valid, WebhookSignature.Verify(WebhookSignature.Sign(Secret, Now.ToUnixTimeSeconds(), Body), Body, Secret, Now));

    [Fact]
    public void AChangedBodyOrSecretDoesNot()
    {
        string header = WebhookSignature.Sign(Secret, Now.ToUnixTimeSeconds(), Body);
        byte[] tampered = (byte[])Body.Clone();
        tampered[^2] ^= 1;

        Assert.Equal(WebhookSignatureResult.NoMatchingSignature, WebhookSignature.Verify(header, tampered, Secret, Now));
        Assert.Equal(WebhookSignatureResult.NoMatchingSignature, WebhookSignature.Verify(header, Body, "whsec_other", Now));
    }

    [Theory]
    [InlineData(-300, WebhookSignatureResult.Valid)]
    [InlineData(300, WebhookSignatureResult.Valid)]
    [InlineData(-301, WebhookSignatureResult.TimestampOutOfTolerance)]
    [InlineData(301, WebhookSignatureResult.TimestampOutOfTolerance)]
    public void TheTimestampMustBeWithinFiveMinutes(int skewSeconds, WebhookSignatureResult result)
    {
        string header = WebhookSignature.Sign(Secret, Now.ToUnixTimeSeconds() + skewSeconds, Body);

        Assert.Equal(result, WebhookSignature.Verify(header, Body, Secret, Now));
    }

    [Fact]
    public void OneMatchAmongSeveralSignaturesIsEnoughDuringRotation()
    {
        string current = WebhookSignature.Sign(Secret, Now.ToUnixTimeSeconds(), Body);
        string old = WebhookSignature.Sign("whsec_old", Now.ToUnixTimeSeconds(), Body);
        string header = old + ", v1=" + current.Split("v1=")[1] + ",v0=ignored";

        Assert.Equal(WebhookSignatureResult.Valid, WebhookSignature.Verify(header, Body, Secret, Now));
    }

    [Theory]
    [InlineData(null, WebhookSignatureResult.MissingHeader)]
    [InlineData("", WebhookSignatureResult.MissingHeader)]
    [InlineData("v1=00", WebhookSignatureResult.MalformedHeader)]
    [InlineData("t=abc,v1=00", WebhookSignatureResult.MalformedHeader)]
    [InlineData("t=1800000000", WebhookSignatureResult.MalformedHeader)]
    [InlineData("t=1800000000,t=1800000000,v1=00", WebhookSignatureResult.MalformedHeader)]
    [InlineData("t=1800000000,v1=zz", WebhookSignatureResult.MalformedHeader)]
    [InlineData("t=1800000000,v1=0000000000000000000000000000000000000000000000000000000000000000", WebhookSignatureResult.NoMatchingSignature)]
    public void BadHeadersAreRefused(string? header, WebhookSignatureResult result) =>
        Assert.Equal(result, WebhookSignature.Verify(header, Body, Secret, Now));
}

using ClutchCall.TestKit;
using ClutchCall.Gateway.Auth;
using Microsoft.Extensions.Options;

namespace ClutchCall.Gateway.Tests;

public sealed class AuthUnitTests
{
    [Fact]
    public void Keys_are_hashed_with_sha256()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeyHasher.Hash("abc"));
        var secret = ApiKeyHasher.NewSecret();
        Assert.StartsWith("cc_", secret);
        Assert.NotEqual(secret, ApiKeyHasher.NewSecret());
    }

    [Fact]
    public void Store_finds_configured_keys_by_hash_and_the_dev_key_has_every_scope()
    {
        var options = Options.Create(new VoiceGatewayOptions
        {
            DevApiKey = "dev-secret",
            ApiKeys = [new ApiKeyOptions { Sha256 = ApiKeyHasher.Hash("k1"), OrgId = "org_a", Scopes = [VoiceScopes.Calls] }],
        });
        var store = new ApiKeyStore(options, new DevApiKey(options));

        Assert.Equal("org_a", store.Find("k1")?.OrgId);
        Assert.False(store.Find("k1")!.Has(VoiceScopes.Admin));
        Assert.Null(store.Find(ApiKeyHasher.Hash("k1")));
        Assert.All(VoiceScopes.All, s => Assert.True(store.Find("dev-secret")!.Has(s)));
        Assert.Equal("org_dev", store.Find("dev-secret")!.OrgId);
    }

    [Fact]
    public void Without_a_configured_dev_key_one_is_generated()
    {
        var generated = new DevApiKey(Options.Create(new VoiceGatewayOptions()));
        var disabled = new DevApiKey(Options.Create(new VoiceGatewayOptions { EnableDevKey = false }));

        Assert.True(generated.Generated);
        Assert.StartsWith("cc_", generated.Secret);
        Assert.Null(disabled.Secret);
    }

    [Fact]
    public void Browser_tokens_expire_and_reject_tampering()
    {
        var time = new ManualTimeProvider();
        var options = Options.Create(new VoiceGatewayOptions { TokenSigningKey = Convert.ToBase64String(new byte[32]) });
        var tokens = new BrowserTokens(options, time);
        var token = tokens.Issue("org_a", "CA00000000000000000000000000000001", [VoiceScopes.Bridge], time.GetUtcNow().AddSeconds(60));

        var caller = tokens.Validate(token);
        Assert.Equal(("org_a", "CA00000000000000000000000000000001"), (caller?.OrgId, caller?.OnlySid));
        Assert.True(caller!.Has(VoiceScopes.Bridge));
        Assert.False(caller.Has(VoiceScopes.Calls));

        var other = new BrowserTokens(Options.Create(new VoiceGatewayOptions()), time);
        Assert.Null(other.Validate(token));
        var dot = token.IndexOf('.');
        var claims = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(BrowserTokens.Prefix.Length, dot - BrowserTokens.Prefix.Length)));
        Assert.Contains("org_a", claims);
        var forged = BrowserTokens.Prefix + System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(claims.Replace("org_a", "org_b"))) + token[dot..];
        Assert.Null(tokens.Validate(forged));
        Assert.Null(tokens.Validate("cct_garbage"));
        Assert.Null(tokens.Validate("cct_.abc"));

        time.Advance(TimeSpan.FromSeconds(60));
        Assert.Null(tokens.Validate(token));
    }

    [Fact]
    public void Random_token_mutations_never_validate()
    {
        var time = new ManualTimeProvider();
        var tokens = new BrowserTokens(Options.Create(new VoiceGatewayOptions()), time);
        var token = tokens.Issue("org_a", "CA00000000000000000000000000000001", [VoiceScopes.Calls], time.GetUtcNow().AddMinutes(5));
        var random = new Random(1234);
        for (var i = 0; i < 2000; i++)
        {
            var chars = token.ToCharArray();
            var at = random.Next(BrowserTokens.Prefix.Length, chars.Length);
            var replacement = (char)random.Next(33, 127);
            if (chars[at] == replacement)
            {
                continue;
            }
            chars[at] = replacement;
            Assert.Null(tokens.Validate(new string(chars)));
        }
    }
}

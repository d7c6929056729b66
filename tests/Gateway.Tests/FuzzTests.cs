using System.Text;

namespace ClutchCall.Gateway.Tests;

/// <summary>Seeded fuzz over request bodies: whatever arrives, the answer is a success or a 4xx problem, never a 500.</summary>
public sealed class FuzzTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Valid = "{\"to\":\"+15551234567\",\"from\":\"+15558675309\",\"trunkId\":\"trunk_sim\",\"agent\":{\"model\":\"m\",\"codec\":\"pcm16\"},\"ringTimeoutSec\":30}";
    private const string Alphabet = "{}[]\":,0123456789+-.eEtrunfalsx \\\u00e9\u2603";

    [Fact]
    public async Task Mutated_bodies_never_cause_a_server_error()
    {
        var client = fixture.Host.Client();
        var sid = (string)(await client.OriginateAsync())["sid"]!;
        var targets = new[] { Api.Calls, $"{Api.Calls}/{sid}/transfer", $"{Api.Calls}/{sid}/agent", $"{Api.Calls}/{sid}/connect", $"{Api.Calls}/{sid}/hangup", $"{Api.Calls}/{sid}/token", "/v1/orgs/org_dev/trunks/trunk_sim/incoming" };
        var random = new Random(8675309);
        for (var i = 0; i < 300; i++)
        {
            var body = Mutate(Valid, random);
            var target = targets[random.Next(targets.Length)];
            using var response = await client.PostAsync(target, new StringContent(body, Encoding.UTF8, "application/json"));
            var status = (int)response.StatusCode;
            Assert.True(status is >= 200 and < 500 && status != 429, $"{target} answered {status} to {body}");
            if (status >= 400)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    private static string Mutate(string text, Random random)
    {
        var chars = new StringBuilder(text);
        for (var n = random.Next(1, 6); n > 0 && chars.Length > 0; n--)
        {
            var at = random.Next(chars.Length);
            switch (random.Next(3))
            {
                case 0: chars.Remove(at, 1); break;
                case 1: chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                default: chars[at] = Alphabet[random.Next(Alphabet.Length)]; break;
            }
        }
        return chars.ToString();
    }
}

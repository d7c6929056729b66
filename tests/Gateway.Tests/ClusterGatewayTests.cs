using ClutchCall.TestKit;
using ClutchCall.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClutchCall.Gateway.Tests;

/// <summary>The gateway as a pure cluster client (no grains) in front of a silo, both on a real Redis.</summary>
public sealed class ClusterGatewayTests
{
    [Fact]
    public async Task A_client_role_gateway_drives_calls_hosted_on_a_separate_silo()
    {
        await using var redis = await RedisServer.StartAsync();
        var cluster = new Dictionary<string, string?>
        {
            ["Cluster:Redis"] = redis.ConnectionString,
            ["Cluster:ServiceId"] = "gw" + Guid.NewGuid().ToString("N")[..8],
        };
        using var silo = await TestHosts.StartAsync(new Dictionary<string, string?>(cluster) { ["Cluster:SiloName"] = "silo" }, s => s.AddCallGrains());
        await using var gateway = await VoiceTestHost.StartAsync(new Dictionary<string, string?>(cluster) { ["Cluster:Role"] = "client" }, hostGrains: false);
        var client = gateway.Client();

        var sid = (string)(await client.OriginateAsync())["sid"]!;
        await using var events = await SseTestReader.OpenAsync(client, $"{Api.Calls}/{sid}/events");
        await client.WaitForStatusAsync(sid, "in_progress");
        var ended = await (await client.PostAsync($"{Api.Calls}/{sid}/hangup")).JsonAsync();
        var seen = await events.UntilAsync(e => e.Data.Contains("\"completed\""));
        var list = await (await client.GetAsync(Api.Calls)).JsonAsync();

        Assert.Equal("completed", (string?)ended["status"]);
        Assert.Equal(4, seen.Count(e => e.Type == "call.status"));
        Assert.Contains(sid, list.ToJsonString());
        await silo.StopAsync();
    }
}

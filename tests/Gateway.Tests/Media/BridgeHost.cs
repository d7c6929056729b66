using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Moqt.Session;
using ClutchCall.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace ClutchCall.Testing.Bridge;

/// <summary>The embedded engine with the stand-in call grain instead of the real one: one per test class.</summary>
public sealed class BridgeHost : IAsyncLifetime
{
    public VoiceTestHost Host { get; private set; } = null!;

    public BridgeProbe Probe => Host.Services.GetRequiredService<BridgeProbe>();

    public async Task InitializeAsync() =>
        Host = await VoiceTestHost.StartAsync(
            services: s =>
            {
                s.AddSingleton<BridgeProbe>();
                s.AddGrain<IBridgeTestCall, BridgeTestCallGrain>();

                // Tests count frames exactly: a CI pause must not turn into frames dropped as stale or queued out.
                s.Configure<MoqtSessionOptions>(o =>
                {
                    o.DefaultDeliveryTimeout = TimeSpan.FromSeconds(10);
                    o.SubscriberQueueCapacity = 256;
                });
            },
            hostGrains: false);

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public IBridgeTestCall Call(string sid) => Host.Services.GetRequiredService<IGrainFactory>().GetGrain<IBridgeTestCall>(sid);

    /// <summary>A call of the dev org, answered unless told otherwise.</summary>
    public async Task<string> NewCallAsync(bool answered = true, string org = VoiceTestHost.DevOrg)
    {
        var sid = CallSid.New();
        await (answered ? Call(sid).AnswerAsync(org) : Call(sid).CreateRingingAsync(org));
        return sid;
    }

    public async Task<string> BridgeTokenAsync(string sid, string role)
    {
        using var client = Host.Client();
        var response = await client.PostAsJsonAsync($"/v1/orgs/{VoiceTestHost.DevOrg}/calls/{sid}/bridge-token", new { role });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (string)body["token"]!;
    }

    public Uri MoqUri(string query = "") => new(Host.BaseAddress, "/moq" + (query.Length > 0 ? "?" + query : ""));
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ClutchCall.Gateway.Sip;
using ClutchCall.Grains;
using ClutchCall.Sip.Interop.Tests;
using ClutchCall.Sip.UserAgent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClutchCall.SipEdge.Tests;

/// <summary>
/// The engine in-process, as the embedded default runs it (cluster runtime + call grains + gateway) plus the SIP edge
/// with one trunk, "pstn", whose far end each test points at its own baresip. Calls go through the HTTP API.
/// </summary>
public sealed class EdgeHost : IAsyncLifetime
{
    public const string Key = "cc_test_sip_edge_key";
    public const string Org = "org_dev";
    public const string Trunk = "pstn";

    private WebApplication _app = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };
    public IServiceProvider Services => _app.Services;
    public SipUserAgent Agent => Services.GetRequiredService<SipUserAgent>();
    public Gateway.Sip.SipEdge Edge => Services.GetRequiredService<Gateway.Sip.SipEdge>();
    public string Dir { get; } = Directory.CreateTempSubdirectory("sipedge-").FullName;
    public string SpeechWav { get; private set; } = "";
    public short[] Speech { get; private set; } = [];

    /// <summary>Different words for the other direction, so an echo or a crossed path cannot pass for the real thing.</summary>
    public short[] OtherSpeech { get; private set; } = [];

    /// <summary>Seconds of one pass of a clip in the two-pass fixtures below.</summary>
    public const int PassSeconds = 6;

    /// <summary>The speech twice (<see cref="PassSeconds"/> each), then silence: audio checks judge the better pass,
    /// since a starved 2-core machine can stall real-time audio once (the SIP interop tests do the same).</summary>
    public string SpeechTwiceWav { get; private set; } = "";

    /// <summary>The other speech twice, <see cref="PassSeconds"/> each.</summary>
    public short[] OtherSpeechTwice { get; private set; } = [];

    /// <summary>Where a REFER on the trunk sends the caller (the test's stand-in for the carrier routing the number).</summary>
    public void ReferTo(int port) => Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SipEdgeOptions>>().Value.ReferTargets[Trunk] = "127.0.0.1:" + port;

    public async Task<HashSet<string>> KnownSidsAsync()
    {
        var list = await Http.GetFromJsonAsync<JsonElement>($"/v1/orgs/{Org}/calls?limit=100");
        return [.. list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("sid").GetString()!)];
    }

    public async Task InitializeAsync()
    {
        SpeechWav = await AudioFixtures.MakeSpeechWavAsync(Dir, "Hello from clutch call. One, two, three.", leadSilence: 2);
        Speech = AudioFixtures.ReadWav(SpeechWav);
        var other = Directory.CreateDirectory(Path.Combine(Dir, "other")).FullName;
        OtherSpeech = AudioFixtures.ReadWav(await AudioFixtures.MakeSpeechWavAsync(other, "Seven. Downlink check, eight nine.", leadSilence: 1.5));
        SpeechTwiceWav = Path.Combine(Dir, "speech-twice.wav");
        await AudioFixtures.RunAsync("sox", SpeechWav, SpeechTwiceWav, "trim", "0", PassSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "repeat", "1", "pad", "0", "20");
        var pass = OtherSpeech.AsSpan(0, PassSeconds * 8000).ToArray();
        OtherSpeechTwice = [.. pass, .. pass];
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("ClutchCall.Gateway.Sip", LogLevel.Information);
        builder.Logging.AddFilter("ClutchCall.Grains.Call", LogLevel.Information);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CLUTCHCALL_DEV_API_KEY"] = Key,
            ["CLUTCHCALL_DEV_ORG"] = Org,
            ["Voice:RateLimit:CallsPerSecond"] = "1000",
            ["Voice:RateLimit:Burst"] = "1000",
            ["Voice:Catalog:EdgeLostGrace"] = "00:00:01",
            ["Sip:BindAddress"] = "127.0.0.1",
            ["Sip:UdpPort"] = "0",
            ["Sip:TcpPort"] = "0",
            ["Sip:RtpPortMin"] = "31000",
            ["Sip:RtpPortMax"] = "39998",
            ["Sip:RtpInactivityTimeout"] = "00:00:03",
            ["Sip:Trunks:0:Id"] = Trunk,
            ["Sip:Trunks:0:Host"] = "127.0.0.1",
            ["Sip:Trunks:0:Port"] = "5999",
            ["Sip:Trunks:0:CallerId"] = "+15558675309",
        });
        builder.Services.AddClusterRuntime(builder.Configuration);
        builder.Services.AddCallGrains();
        builder.Services.PostConfigure<CallCatalogOptions>(o => o.SipTrunks.AddRange(builder.Configuration.SipTrunkIds()));
        builder.Services.AddVoiceGateway(builder.Configuration);
        builder.Services.AddSipEdge(builder.Configuration);
        _app = builder.Build();
        _app.MapVoiceGateway();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Http.BaseAddress = new Uri(address);
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
    }

    /// <summary>Points the trunk at this test's baresip (the admin path: calls in progress keep their settings).</summary>
    public void PointTrunkAt(BaresipPeer peer) =>
        Agent.UpsertTrunk(new SipTrunkOptions { Id = Trunk, Host = "127.0.0.1", Port = peer.SipPort, CallerId = "+15558675309" });

    public async Task<JsonElement> OriginateAsync(string to = "+15551230001", int ringTimeoutSec = 30)
    {
        var response = await Http.PostAsJsonAsync($"/v1/orgs/{Org}/calls", new { to, from = "+15558675309", trunkId = Trunk, ringTimeoutSec });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> GetAsync(string sid) => await Http.GetFromJsonAsync<JsonElement>($"/v1/orgs/{Org}/calls/{sid}");

    public async Task<HttpResponseMessage> PostAsync(string sid, string command, object? body = null) =>
        await Http.PostAsJsonAsync($"/v1/orgs/{Org}/calls/{sid}/{command}", body ?? new { });

    public async Task<JsonElement> WaitForStatusAsync(string sid, string status, double seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var call = await GetAsync(sid);
            if (call.GetProperty("status").GetString() == status)
            {
                return call;
            }
            Assert.True(DateTime.UtcNow < deadline, $"call {sid} stayed {call.GetProperty("status")} ({call}), wanted {status}");
            await Task.Delay(50);
        }
    }

    /// <summary>The newest call of the org in <paramref name="status"/> (inbound calls get their sid at the edge).</summary>
    public async Task<string> WaitForNewCallAsync(string status, ISet<string> ignore, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var list = await Http.GetFromJsonAsync<JsonElement>($"/v1/orgs/{Org}/calls?status={status}");
            var items = list.GetProperty("items");
            foreach (var call in items.EnumerateArray())
            {
                var sid = call.GetProperty("sid").GetString()!;
                if (!ignore.Contains(sid))
                {
                    return sid;
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"no new {status} call: {list}");
            await Task.Delay(50);
        }
    }

    public async Task<List<JsonElement>> EventsAsync(string sid)
    {
        // The call's stream from the start: read with a short timeout, the SSE stream stays open.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var events = new List<JsonElement>();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/orgs/{Org}/calls/{sid}/events");
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        string? type = null;
        try
        {
            while (await reader.ReadLineAsync(cts.Token) is { } line)
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    type = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    var data = JsonDocument.Parse(line[5..]).RootElement.Clone();
                    events.Add(JsonDocument.Parse(JsonSerializer.Serialize(new { type, data })).RootElement.Clone());
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        return events;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(Dir, true);
        }
        catch (IOException)
        {
        }
    }
}

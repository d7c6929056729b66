using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using ClutchCall.Runtime;
using ClutchCall.Runtime.Channels;
using ClutchCall.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ClutchCall.SipEdge.Tests;

/// <summary>
/// The engine as operators run it (three silo processes on Redis, each with the SIP edge): a SIP call whose grain
/// lives in another process than the edge holding its dialog survives the SIGKILL of that process. The edge's leg
/// channel and a bridge re-open on the new owner, and the caller's audio reaches the bridge again; the gap is measured.
/// </summary>
public sealed class SipFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Key = "cc_test_sip_failover_01234";
    private static readonly byte[] MuLawBridge = Encoding.UTF8.GetBytes("""{"codec":"g711_ulaw","sampleRate":8000,"channels":1,"frameMs":20}""");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _dir = Directory.CreateTempSubdirectory("sipedge-failover-").FullName;
    private LoopbackCluster _cluster = null!;
    private BaresipPeer _baresip = null!;

    private static string SiloPath => typeof(SipFailoverTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Silo").Value!;

    public async Task InitializeAsync()
    {
        // A long clip: baresip hangs up when its source runs out.
        var wav = await Sip.Interop.Tests.AudioFixtures.MakeSpeechWavAsync(_dir, "Failover. One two three four five six seven eight nine ten.");
        _baresip = await BaresipPeer.StartAsync(wav);
        _cluster = await LoopbackCluster.StartAsync(SiloPath, 3, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["CLUTCHCALL_DEV_API_KEY"] = Key,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:ClutchCall.Gateway.Sip"] = "Information",
            ["Sip:BindAddress"] = "127.0.0.1",
            ["Sip:UdpPort"] = "0",
            ["Sip:TcpPort"] = "0",
            ["Sip:Trunks:0:Id"] = "pstn",
            ["Sip:Trunks:0:Host"] = "127.0.0.1",
            ["Sip:Trunks:0:Port"] = _baresip.SipPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sip:Trunks:0:CallerId"] = "+15558675309",
        });
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _cluster.Silos)
        {
            output.WriteLine($"--- {silo.Name} ---\n{string.Join('\n', silo.Output.Split('\n').Where(l => l.Contains("Sip") || l.Contains("fail", StringComparison.OrdinalIgnoreCase)).TakeLast(12))}");
        }
        _http.Dispose();
        await _cluster.DisposeAsync();
        await _baresip.DisposeAsync();
        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
        }
    }

    private string Api(SiloProcess silo, string path) => $"{silo.HttpUrl}/v1/orgs/org_dev{path}";

    private async Task<string> StatusAsync(SiloProcess via, string sid) =>
        (await _http.GetFromJsonAsync<JsonElement>(Api(via, $"/calls/{sid}"))).GetProperty("status").GetString()!;

    private async Task WaitForStatusAsync(SiloProcess via, string sid, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await StatusAsync(via, sid) != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"call {sid} never became {status}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_sip_call_survives_the_kill_of_the_silo_owning_its_grain_and_the_audio_comes_back()
    {
        var edge = _cluster.Silos[0];
        string sid;
        SiloProcess owner;
        for (var attempt = 0; ; attempt++)
        {
            // The edge that accepted the originate dials; we want the grain somewhere else, so the kill spares the dialog.
            var created = await _http.PostAsJsonAsync(Api(edge, "/calls"), new { to = "+15551230001", from = "+15558675309", trunkId = "pstn" });
            sid = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sid").GetString()!;
            await WaitForStatusAsync(edge, sid, "in_progress");
            var ownerId = await _cluster.OwnerOfAsync(new GrainId("call", sid));
            owner = _cluster.Silos.Single(s => s.Id == ownerId);
            if (owner != edge || attempt == 5)
            {
                break;
            }
            await _http.PostAsync(Api(edge, $"/calls/{sid}/hangup"), null);
            await WaitForStatusAsync(edge, sid, "completed");
        }
        Assert.NotEqual(edge, owner);

        var channels = _cluster.ClientServices.GetRequiredService<IGrainChannelFactory>();
        await using var bridge = await ReconnectingGrainChannel.OpenAsync(channels, new GrainId("call", sid), "bridge:attach", MuLawBridge, TimeProvider.System, CancellationToken.None);
        var arrivals = new List<long>();
        var clock = Stopwatch.StartNew();
        var reading = Task.Run(async () =>
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(12));
            try
            {
                await foreach (var _ in bridge.Incoming.ReadAllAsync(cts.Token))
                {
                    lock (arrivals)
                    {
                        arrivals.Add(clock.ElapsedMilliseconds);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        await Task.Delay(2000);
        var killedAt = clock.ElapsedMilliseconds;
        await owner.KillAsync();
        await reading;

        long[] after;
        lock (arrivals)
        {
            after = [.. arrivals.Where(t => t >= killedAt)];
        }
        var before = arrivals.Count - after.Length;
        var gap = after.Length == 0 ? 0 : Math.Max(after[0] - killedAt, after.Zip(after.Skip(1), (a, b) => b - a).DefaultIfEmpty(0).Max());
        output.WriteLine($"uplink frames before the kill: {before}, after: {after.Length}; audio gap at the bridge: {gap} ms");
        Assert.True(before > 50, $"only {before} frames before the kill");
        Assert.True(after.Length > 150, $"only {after.Length} frames after the kill: the audio did not come back");
        Assert.True(gap < 8000, $"gap {gap} ms");
        Assert.True(edge.OutputContains("re-opened on the call's new owner"), "the edge's leg channel did not re-open");

        var survivor = _cluster.Silos.First(s => s != owner && !s.HasExited);
        Assert.Equal("in_progress", await StatusAsync(survivor, sid));
        using var events = await _baresip.ListenAsync();
        var hangup = await _http.PostAsync(Api(survivor, $"/calls/{sid}/hangup"), null);
        Assert.True(hangup.IsSuccessStatusCode, await hangup.Content.ReadAsStringAsync());
        await WaitForStatusAsync(survivor, sid, "completed");
        Assert.True(await events.WaitForAsync(t => t.Contains("CALL_CLOSED", StringComparison.Ordinal), TimeSpan.FromSeconds(5)), events.Text);
    }
}

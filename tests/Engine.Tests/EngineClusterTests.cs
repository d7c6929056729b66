using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using ClutchCall.Runtime;
using ClutchCall.TestKit;
using Xunit.Abstractions;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ClutchCall.Engine.Tests;

/// <summary>
/// The engine as operators run it: three real Silo processes on a real Redis, driven over HTTP. A silo is killed
/// in the middle of a call; the call keeps its state, its event stream goes on, and its agent resumes on the new owner.
/// </summary>
public sealed class EngineClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Key = "cc_test_0123456789abcdef";
    private const string Org = "org_dev";
    private LoopbackCluster _cluster = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static string SiloPath => typeof(EngineClusterTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Silo").Value!;

    public async Task InitializeAsync()
    {
        _cluster = await LoopbackCluster.StartAsync(SiloPath, 3, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["CLUTCHCALL_DEV_API_KEY"] = Key,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _cluster.Silos.Where(s => !s.OutputContains("#### STOPPED 0")))
        {
            output.WriteLine($"--- {silo.Name} ---\n{string.Join('\n', silo.Output.Split('\n').TakeLast(20))}");
        }
        _http.Dispose();
        await _cluster.DisposeAsync();
    }

    private string Api(SiloProcess silo, string path) => $"{silo.HttpUrl}/v1/orgs/{Org}{path}";

    private async Task<JsonElement> GetCallAsync(SiloProcess via, string sid) =>
        await _http.GetFromJsonAsync<JsonElement>(Api(via, $"/calls/{sid}"));

    private async Task<JsonElement> WaitForStatusAsync(SiloProcess via, string sid, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var call = await GetCallAsync(via, sid);
            if (call.GetProperty("status").GetString() == status)
            {
                return call;
            }
            Assert.True(DateTime.UtcNow < deadline, $"call {sid} stayed {call.GetProperty("status")}, wanted {status}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_call_survives_the_kill_of_its_silo_with_its_state_its_event_stream_and_its_agent()
    {
        var silos = _cluster.Silos;
        var created = await _http.PostAsJsonAsync(Api(silos[0], "/calls"),
            new { to = "+15551234567", from = "+15558675309", trunkId = "trunk_sim", ringTimeoutSec = 30, agent = "echo" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var sid = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sid").GetString()!;
        var before = await WaitForStatusAsync(silos[1], sid, "in_progress");

        var owner = _cluster.Silos.Single(s => s.Id == _cluster.OwnerOfAsync(new GrainId("call", sid)).Result);
        var watcher = silos.First(s => s != owner);
        var survivor = silos.First(s => s != owner && s != watcher);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new List<SseClient.Event>();
        using (var sse = new SseClient(_http))
        {
            await sse.ConnectAsync(Api(watcher, $"/calls/{sid}/events"), null, cts.Token);
            while (seen.LastOrDefault() is not { } last || !last.Data.Contains("in_progress"))
            {
                seen.Add(await sse.NextAsync(cts.Token) ?? throw new InvalidOperationException("stream ended"));
            }

            // The echo agent replies to the simulated callee's sentence: wait for its first reply on this owner.
            while (!seen[^1].Type.Equals("agent.speech.started", StringComparison.Ordinal))
            {
                seen.Add(await sse.NextAsync(cts.Token) ?? throw new InvalidOperationException("stream ended"));
            }
            var killedAt = DateTime.UtcNow;
            await owner.KillAsync();
            var after = await GetCallAsync(survivor, sid);
            Assert.Equal("in_progress", after.GetProperty("status").GetString());
            foreach (var field in new[] { "sid", "to", "from", "trunkId", "startedAt" })
            {
                Assert.Equal(before.GetProperty(field).ToString(), after.GetProperty(field).ToString());
            }

            // The new owner starts the agent again: it hears the callee and replies without anyone re-attaching it.
            var atKill = seen.Count;
            while (!seen.Skip(atKill).Any(e => e.Type == "agent.speech.started"))
            {
                seen.Add(await sse.NextAsync(cts.Token) ?? throw new InvalidOperationException("stream ended"));
            }
            output.WriteLine($"the agent replied again {(DateTime.UtcNow - killedAt).TotalSeconds:F1} s after the kill");

            var hangup = await _http.PostAsync(Api(survivor, $"/calls/{sid}/hangup"), null);
            Assert.True(hangup.IsSuccessStatusCode, await hangup.Content.ReadAsStringAsync());
            await WaitForStatusAsync(survivor, sid, "completed");
            while (!seen[^1].Data.Contains("completed"))
            {
                seen.Add(await sse.NextAsync(cts.Token) ?? throw new InvalidOperationException("stream ended"));
            }
        }

        // A supervisor that reconnects with the last id it saw gets nothing twice and misses nothing.
        using var resumed = new SseClient(_http);
        await resumed.ConnectAsync(Api(survivor, $"/calls/{sid}/events"), seen[1].Id, cts.Token);
        var replay = new List<SseClient.Event>();
        while (replay.Count < seen.Count - 2)
        {
            replay.Add(await resumed.NextAsync(cts.Token) ?? throw new InvalidOperationException("stream ended"));
        }
        Assert.Equal(seen.Skip(2).Select(e => e.Id), replay.Select(e => e.Id));
        Assert.Equal(seen.Count, seen.Select(e => e.Id).Distinct().Count());
        output.WriteLine(string.Join('\n', seen.Select(e => $"{e.Id} {e.Type} {e.Data}")));
    }
}

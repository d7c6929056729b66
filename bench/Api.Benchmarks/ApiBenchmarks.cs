using System.Net.Http.Json;
using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace ClutchCall.Api.Benchmarks;

/// <summary>
/// calls.get and originate through the real gateway (auth, validation, grain or state read, JSON), beside a bare
/// Kestrel endpoint on the same server. Sequential rows give latency; the x64 rows run 64 requests over 16
/// concurrent loops, so their per-operation time is the inverse of throughput.
/// </summary>
[MemoryDiagnoser]
public class ApiBenchmarks
{
    private const int Concurrency = 16;
    private const int Batch = 64;

    private BenchHost _host = null!;
    private string _getPath = null!;
    private string _barePath = null!;
    private object _originate = null!;

    // Synchronous on purpose: the in-process toolchain of BenchmarkDotNet 0.14 does not await async setup methods.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _host = await BenchHost.StartAsync();
        _originate = new { to = "+15551234408", from = "+15558675309", trunkId = "trunk_sim" }; // rings until the timeout: stays cheap
        var created = await _host.Client.PostAsJsonAsync($"/v1/orgs/{BenchHost.Org}/calls", _originate);
        created.EnsureSuccessStatusCode();
        var sid = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("sid").GetString();
        _getPath = $"/v1/orgs/{BenchHost.Org}/calls/{sid}";
        _barePath = $"/bare/{sid}";
    }

    [Benchmark(Baseline = true, Description = "bare Kestrel GET (JSON)")]
    public Task<string> BareGet() => GetAsync(_barePath);

    [Benchmark(Description = "calls.get")]
    public Task<string> CallsGet() => GetAsync(_getPath);

    [Benchmark(Description = "originate")]
    public async Task<string> Originate()
    {
        using var response = await _host.Client.PostAsJsonAsync($"/v1/orgs/{BenchHost.Org}/calls", _originate);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "bare Kestrel GET x64 (16 concurrent)")]
    public Task BareGetConcurrent() => ConcurrentAsync(() => GetAsync(_barePath));

    [Benchmark(OperationsPerInvoke = Batch, Description = "calls.get x64 (16 concurrent)")]
    public Task CallsGetConcurrent() => ConcurrentAsync(() => GetAsync(_getPath));

    private async Task<string> GetAsync(string path)
    {
        using var response = await _host.Client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static Task ConcurrentAsync(Func<Task<string>> request) =>
        Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            for (var i = 0; i < Batch / Concurrency; i++)
            {
                await request();
            }
        }));
}

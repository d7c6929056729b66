namespace ClutchCall.Gateway.Tests;

public sealed class EventStreamTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Host.Client();

    [Fact]
    public async Task Call_stream_shows_the_lifecycle_and_resumes_after_last_event_id()
    {
        var sid = (string)(await _client.OriginateAsync(extra: new { agent = "echo" }))["sid"]!;
        var path = $"{Api.Calls}/{sid}/events";

        List<(string Id, string Type, string Data)> first;
        await using (var stream = await SseTestReader.OpenAsync(_client, path))
        {
            first = await stream.UntilAsync(e => e.Data.Contains("\"in_progress\""));
        }
        Assert.Equal(["call.status", "call.status", "call.status"], first.Select(e => e.Type));
        Assert.Contains("\"dialing\"", first[0].Data);
        Assert.Contains("\"ringing\"", first[1].Data);

        // While disconnected, the call changes; the resumed stream picks up exactly after the last id seen.
        await (await _client.PostAsync($"{Api.Calls}/{sid}/hangup")).JsonAsync();
        await using var resumed = await SseTestReader.OpenAsync(_client, path, first[^1].Id);
        var rest = await resumed.UntilAsync(e => e.Data.Contains("\"completed\""));

        Assert.Equal(["call.agent.attached", "call.status"], rest.Select(e => e.Type));
        Assert.All(rest, e => Assert.True(string.CompareOrdinal(e.Id, first[^1].Id) > 0 || e.Id.Length > first[^1].Id.Length));
        Assert.Contains(sid, rest[^1].Data);
    }

    [Fact]
    public async Task Org_stream_carries_every_calls_events_including_incoming()
    {
        await using var stream = await SseTestReader.OpenAsync(_client, "/v1/orgs/org_dev/events");
        var ringIn = await (await _client.PostAsync("/v1/orgs/org_dev/trunks/trunk_sim/incoming", new { from = "+15550001111", to = "+15552223333" })).JsonAsync();
        var sid = (string)ringIn["sid"]!;

        var events = await stream.UntilAsync(e => e.Type == "call.incoming" && e.Data.Contains(sid));

        var incoming = System.Text.Json.Nodes.JsonNode.Parse(events[^1].Data)!;
        Assert.Equal("+15550001111", (string?)incoming["from"]);
        Assert.Equal("org_dev", (string?)incoming["orgId"]);
    }

    [Fact]
    public async Task Since_now_skips_the_history()
    {
        var old = (string)(await _client.OriginateAsync())["sid"]!;
        await _client.WaitForStatusAsync(old, "in_progress");
        await Task.Delay(10);

        await using var stream = await SseTestReader.OpenAsync(_client, "/v1/orgs/org_dev/events?since=now");
        await _client.PostAsync($"{Api.Calls}/{old}/hangup");
        var first = await stream.NextAsync();

        Assert.Contains("\"completed\"", first.Data);
        Assert.Contains(old, first.Data);
        await (await _client.GetAsync("/v1/orgs/org_dev/events?since=yesterday")).AssertProblemAsync(400, "since");
    }

    [Fact]
    public async Task An_idle_stream_sends_heartbeats_and_later_events()
    {
        var sid = (string)(await (await _client.PostAsync("/v1/orgs/org_dev/trunks/trunk_sim/incoming", new { from = "+15550001111", to = "+15552223333" })).JsonAsync())["sid"]!;
        await using var stream = await SseTestReader.OpenAsync(_client, $"{Api.Calls}/{sid}/events");
        await stream.UntilAsync(e => e.Type == "call.incoming");
        Assert.Equal(0, stream.Comments);

        await Task.Delay(TimeSpan.FromSeconds(1.5)); // past the 1 s test heartbeat
        await _client.PostAsync($"{Api.Calls}/{sid}/answer");

        var next = await stream.UntilAsync(e => e.Type == "call.bridge");
        Assert.Contains("\"answered\"", next[^1].Data);
        Assert.True(stream.Comments >= 1, "a heartbeat comment arrived while the stream was idle");
    }
}

using System.Text.Json;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Media.Wav;
using ClutchCall.Runtime;
using ClutchCall.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClutchCall.Grains.Tests.Agents;

/// <summary>
/// Agents on real calls on the embedded runtime: the simulated trunk's callee speaks an espeak-ng sentence, pauses,
/// and speaks it again; the agent runs in the call's media loop with the real turn engine.
/// </summary>
public sealed class AgentCallTests : IAsyncLifetime
{
    private const string Org = "org_agents";
    private const int PauseMs = 1000;
    private readonly string _recordings = Directory.CreateTempSubdirectory("agent-rec-").FullName;
    private IHost _host = null!;

    private IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync() => _host = await TestHosts.StartAsync(new Dictionary<string, string?>
    {
        ["Voice:SimulatedTrunk:Phrase"] = "Hello, I would like to book an appointment for Monday morning please.",
        ["Voice:SimulatedTrunk:PauseMs"] = PauseMs.ToString(),
        ["Voice:Agents:RecordDirectory"] = _recordings,
    }, s => s.AddCallGrains());

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Directory.Delete(_recordings, recursive: true);
    }

    [Fact]
    public async Task The_callee_barges_in_on_the_echo_agent_and_the_agent_stops_within_the_hold()
    {
        // The simulated callee returns no echo of what it hears, so the mic guard (for legs that do) is off here.
        var spec = new AgentSpec("echo", Record: "both", TurnDetection: new TurnDetection(BargeInMs: 400, MicGuardMs: 0));
        var sid = await OriginateAsync(spec);

        var events = await WaitForEventAsync(sid, "barge.confirmed", TimeSpan.FromSeconds(30));
        events = await WaitForEventAsync(sid, "agent.speech.ended", TimeSpan.FromSeconds(5), after: "barge.confirmed");
        await Grains.GetGrain<ICallGrain>(sid).HangupAsync(new HangupCall(Org, null));
        events = await WaitForEventAsync(sid, CallEventTypes.RecordingCompleted, TimeSpan.FromSeconds(5));

        var turns = events.Where(e => CallEventTypes.Turns.Contains(e.Type)).Select(e => (e.Type, Data: JsonSerializer.Deserialize<AgentTurnEvent>(e.Data, Json)!)).ToList();
        var order = turns.Select(t => t.Type).ToList();
        Assert.True(order.IndexOf("turn.committed") >= 0, string.Join(",", order));
        Assert.True(order.IndexOf("agent.speech.started") > order.IndexOf("turn.committed"), string.Join(",", order));
        var started = turns.First(t => t.Type == "barge.started").Data;
        var confirmed = turns.First(t => t.Type == "barge.confirmed").Data;
        var ended = turns.Last(t => t.Type == "agent.speech.ended").Data;
        Assert.True(order.IndexOf("barge.started") > order.IndexOf("agent.speech.started"), string.Join(",", order));
        // Confirmed after the configured hold of sustained speech (one frame of slack), and the agent stops on that tick.
        var hold = (confirmed.At - started.Since).TotalMilliseconds;
        Assert.True(hold is >= 380 and <= 460, string.Join("\n", turns.Select(t => $"{t.Type} at {t.Data.At:HH:mm:ss.fff} since {t.Data.Since:HH:mm:ss.fff}")));
        Assert.InRange((ended.At - confirmed.At).TotalMilliseconds, 0, 20);

        var recording = JsonSerializer.Deserialize<RecordingCompleted>(events.Last(e => e.Type == CallEventTypes.RecordingCompleted).Data, Json)!.Recording;
        var wav = WavReader.Read(recording.Path);
        Assert.Equal((16000, 2), (wav.SampleRate, wav.Channels));
        Assert.True(Rms(wav.Samples, channel: 0) > 300, "the caller leg was recorded");
        Assert.True(Rms(wav.Samples, channel: 1) > 300, "the agent leg was recorded");
        var view = (await Grains.GetGrain<ICallGrain>(sid).GetAsync(new GetCall(Org))).Call!;
        Assert.Equal(recording, Assert.Single(view.Recordings!));
    }

    [Fact]
    public async Task Detaching_stops_the_agent_and_the_call_stays_up()
    {
        var sid = await OriginateAsync(new AgentSpec("echo"));
        await WaitForEventAsync(sid, "agent.speech.started", TimeSpan.FromSeconds(30));

        var detached = await Grains.GetGrain<ICallGrain>(sid).DetachAgentAsync(new DetachAgent(Org));
        var events = await WaitForEventAsync(sid, "agent.speech.ended", TimeSpan.FromSeconds(5), after: CallEventTypes.AgentDetached);
        await Task.Delay(3 * PauseMs);

        Assert.Equal(CallStatus.InProgress, detached.Call!.Status);
        Assert.Null(detached.Call.Agent);
        var after = await ReadAsync(sid);
        Assert.Equal(events.Count(e => e.Type == "agent.speech.started"), after.Count(e => e.Type == "agent.speech.started"));
        Assert.Equal(CallStatus.InProgress, (await Grains.GetGrain<ICallGrain>(sid).GetAsync(new GetCall(Org))).Call!.Status);
    }

    [Fact]
    public async Task An_unreachable_model_is_an_agent_error_event_and_the_call_survives()
    {
        // Barge-in off: the simulated callee talks from the first second and would otherwise cut the fallback short.
        var sid = await OriginateAsync(new AgentSpec("gpt-realtime", VoiceMode: "realtime", Url: "ws://127.0.0.1:9/v1/realtime",
            TurnDetection: new TurnDetection(BargeIn: "off")));

        var events = await WaitForEventAsync(sid, CallEventTypes.AgentError, TimeSpan.FromSeconds(20));

        var error = JsonSerializer.Deserialize<AgentErrorEvent>(events.First(e => e.Type == CallEventTypes.AgentError).Data, Json)!;
        Assert.True(error.Fatal);
        Assert.Equal("inline:gpt-realtime", error.Agent);
        Assert.Equal(CallStatus.InProgress, (await Grains.GetGrain<ICallGrain>(sid).GetAsync(new GetCall(Org))).Call!.Status);
        // The callee hears the spoken fallback.
        await WaitForEventAsync(sid, "agent.speech.started", TimeSpan.FromSeconds(10), after: CallEventTypes.AgentError);
        await Task.Delay(1000);
        var heard = (await Grains.GetGrain<ICallGrain>(sid).GetMediaStatsAsync()).CallerLeg!.HeardRms;
        Assert.True(heard.Count(r => r > 300) >= 10, $"the callee heard {heard.Count(r => r > 300)} loud frames of {heard.Count}, max {heard.DefaultIfEmpty().Max()}; {string.Join(",", (await ReadAsync(sid)).Select(e => e.Type))}");
    }

    [Fact]
    public async Task The_pre_roll_is_spoken_before_the_first_turn()
    {
        var sid = await OriginateAsync(new AgentSpec("echo", PreRoll: "Welcome to the test line."));

        var events = await WaitForEventAsync(sid, "turn.committed", TimeSpan.FromSeconds(30));

        var types = events.Select(e => e.Type).ToList();
        Assert.True(types.IndexOf("agent.speech.started") is >= 0 and var i && i < types.IndexOf("turn.committed"), string.Join(",", types));
    }

    [Fact]
    public async Task The_ivr_agent_greets_and_its_words_are_in_the_call_transcript()
    {
        var sid = await OriginateAsync(new AgentSpec("ivr"));

        await WaitForEventAsync(sid, CallEventTypes.Transcript, TimeSpan.FromSeconds(30));

        var view = (await Grains.GetGrain<ICallGrain>(sid).GetAsync(new GetCall(Org))).Call!;
        var first = Assert.IsType<TranscriptEntry>(view.Transcript!.First());
        Assert.Equal("agent", first.Role);
        Assert.False(string.IsNullOrWhiteSpace(first.Text));
    }

    [Fact]
    public async Task Transfer_to_another_agent_swaps_the_running_agent_and_keeps_the_sid()
    {
        var sid = await OriginateAsync(new AgentSpec("echo"));
        await WaitForEventAsync(sid, "agent.speech.started", TimeSpan.FromSeconds(30));

        var moved = await Grains.GetGrain<ICallGrain>(sid).TransferAsync(new TransferCall(Org, null, null, new AgentSpec("ivr")));
        var events = await WaitForEventAsync(sid, CallEventTypes.Transcript, TimeSpan.FromSeconds(30), after: CallEventTypes.Transferred);

        Assert.True(moved.IsOk, moved.Error?.Detail);
        Assert.Equal(sid, moved.Call!.Sid);
        Assert.Equal("inline:ivr", moved.Call.Agent);
        var types = events.Select(e => e.Type).ToList();
        Assert.True(types.LastIndexOf(CallEventTypes.AgentAttached) > types.IndexOf(CallEventTypes.AgentDetached), string.Join(",", types));
        var said = JsonSerializer.Deserialize<CallTranscriptEvent>(events.Last(e => e.Type == CallEventTypes.Transcript).Data, Json)!;
        Assert.Equal("agent", said.Role);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task<string> OriginateAsync(AgentSpec spec)
    {
        var sid = CallSid.New();
        var created = await Grains.GetGrain<ICallGrain>(sid).OriginateAsync(
            new OriginateCall(Org, "+15551234567", "+15558675309", SimulatedTrunk.DefaultTrunkId, null, spec, 30));
        Assert.True(created.IsOk, created.Error?.Detail);
        return sid;
    }

    private async Task<IReadOnlyList<StoredEvent>> ReadAsync(string sid) =>
        await _host.Services.GetRequiredService<IEventLog>().ReadAsync(CallStreams.ForCall(sid), null, 1000, CancellationToken.None);

    /// <summary>The call's events once one of <paramref name="type"/> exists (after the first <paramref name="after"/>, if given).</summary>
    private async Task<IReadOnlyList<StoredEvent>> WaitForEventAsync(string sid, string type, TimeSpan limit, string? after = null)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var events = await ReadAsync(sid);
            var from = after is null ? 0 : events.ToList().FindIndex(e => e.Type == after);
            if (from >= 0 && events.Skip(from).Any(e => e.Type == type))
            {
                return events;
            }
            Assert.True(DateTime.UtcNow < deadline, $"no {type} within {limit.TotalSeconds} s; saw {string.Join(",", events.Select(e => e.Type))}");
            await Task.Delay(100);
        }
    }

    private static double Rms(short[] interleaved, int channel)
    {
        double sum = 0;
        var n = 0;
        for (var i = channel; i < interleaved.Length; i += 2, n++)
        {
            sum += (double)interleaved[i] * interleaved[i];
        }
        return n == 0 ? 0 : Math.Sqrt(sum / n);
    }
}

using ClutchCall.Grains.Media;
using ClutchCall.Media.Wav;
using ClutchCall.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClutchCall.Grains.Tests.Media;

/// <summary>The hub's swappable parties, ticked by hand: an in-process agent in the mix, and a late caller leg.</summary>
public sealed class CallMediaHubPartiesTests : IDisposable
{
    private const long T0 = 1_700_000_000_000_000;
    private readonly string _records = Directory.CreateTempSubdirectory("hub-parties-").FullName;
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => Directory.Delete(_records, recursive: true);

    private SimulatedCallee Callee(string sid, int hz) =>
        new(sid, Task.FromResult(new SpeechClip(AudioProbe.Tone(hz, 8000, 8000), "test")), new SimulatedCalleeOptions { PauseMs = 0, RecordDirectory = _records });

    [Fact]
    public async Task An_agent_hears_the_caller_at_16_kHz_and_the_caller_hears_the_agent()
    {
        var hub = new CallMediaHub("CA_agent", _time, Callee("CA_agent", 2000), NullLogger.Instance);
        var agent = new ToneAgent();
        hub.SetAgent(agent);

        for (var i = 0; i < 50; i++)
        {
            hub.Tick(T0 + i * 20_000L);
        }
        hub.SetAgent(null);
        for (var i = 50; i < 75; i++)
        {
            hub.Tick(T0 + i * 20_000L);
        }
        await hub.StopAsync(callEnded: true);

        Assert.True(hub.HasAgent is false);
        Assert.Equal(1, agent.Completed);
        Assert.Equal(50, agent.Heard.Count + agent.Silent);
        Assert.True(agent.Heard.Count >= 45, $"heard {agent.Heard.Count} frames");
        Assert.All(agent.Heard, f => Assert.Equal(320, f.Length));
        var heardByAgent = agent.Heard.Skip(5).SelectMany(f => f).ToArray();
        Assert.InRange(AudioProbe.Goertzel(heardByAgent, 2000, 16000), 4000, 9000);
        var callee = WavReader.Read(Path.Combine(_records, "CA_agent.wav"));
        Assert.InRange(AudioProbe.Goertzel(callee.Samples.AsSpan(5 * 160, 40 * 160), 1000, 8000), 4500, 7000);
        Assert.InRange(AudioProbe.Rms(callee.Samples.AsSpan(55 * 160)), 0, 50); // the agent left the mix
    }

    [Fact]
    public async Task A_leg_attached_later_replaces_the_first_and_the_first_is_completed()
    {
        var hub = new CallMediaHub("CA_legs", _time, null, NullLogger.Instance);
        var agent = new ToneAgent();
        hub.SetAgent(agent);
        for (var i = 0; i < 10; i++)
        {
            hub.Tick(T0 + i * 20_000L);
        }
        Assert.Equal(10, agent.Silent); // no leg yet: the agent hears nothing
        var first = Callee("CA_legs_first", 2000);
        hub.AttachLeg(first);
        for (var i = 10; i < 30; i++)
        {
            hub.Tick(T0 + i * 20_000L);
        }
        hub.AttachLeg(Callee("CA_legs_second", 3000));
        for (var i = 30; i < 60; i++)
        {
            hub.Tick(T0 + i * 20_000L);
        }
        await hub.StopAsync(callEnded: true);

        Assert.True(File.Exists(Path.Combine(_records, "CA_legs_first.wav")), "the replaced leg was completed (its recording written)");
        Assert.True(File.Exists(Path.Combine(_records, "CA_legs_second.wav")));
        var late = agent.Heard.Skip(agent.Heard.Count - 20).SelectMany(f => f).ToArray();
        Assert.InRange(AudioProbe.Goertzel(late, 3000, 16000), 4000, 9000);
        Assert.Equal(1, agent.Completed);
    }
}

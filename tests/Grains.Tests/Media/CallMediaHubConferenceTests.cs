using ClutchCall.Grains.Media;
using ClutchCall.Media.Mixing;
using ClutchCall.Media.Wav;
using ClutchCall.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClutchCall.Grains.Tests.Media;

/// <summary>
/// The inbound conference in the hub, ticked by hand. The caller says 2 kHz, the callee 3 kHz and the agent 1 kHz; each
/// party's recording shows whom it heard in each mode.
/// </summary>
public sealed class CallMediaHubConferenceTests : IDisposable
{
    private const long T0 = 1_700_000_000_000_000;
    private readonly string _records = Directory.CreateTempSubdirectory("hub-conf-").FullName;

    public void Dispose() => Directory.Delete(_records, recursive: true);

    private SimulatedCallee Leg(string name, int hz) =>
        new(name, Task.FromResult(new SpeechClip(AudioProbe.Tone(hz, 8000, 8000), "test")), new SimulatedCalleeOptions { PauseMs = 0, RecordDirectory = _records });

    [Theory]
    [InlineData(ConferenceMode.Barge, true, true)]
    [InlineData(ConferenceMode.Whisper, false, true)]
    [InlineData(ConferenceMode.Spy, false, false)]
    [InlineData(ConferenceMode.Normal, false, false)]
    public async Task Caller_and_callee_hear_each_other_and_the_agent_as_the_mode_says(ConferenceMode mode, bool callerHearsAgent, bool calleeHearsAgent)
    {
        var hub = new CallMediaHub("CA_conf", new ManualTimeProvider(), Leg("CA_conf", 2000), NullLogger.Instance);
        var agent = new ToneAgent();
        hub.SetAgent(agent);
        hub.AttachCallee(Leg("CA_conf-callee", 3000));
        hub.SetConferenceMode(mode);

        for (var i = 0; i < 60; i++)
        {
            hub.Tick(T0 + i * 20_000L);
        }
        var stats = hub.Snapshot();
        await hub.StopAsync(callEnded: true);

        var caller = WavReader.Read(Path.Combine(_records, "CA_conf.wav")).Samples.AsSpan(10 * 160, 40 * 160);
        var callee = WavReader.Read(Path.Combine(_records, "CA_conf-callee.wav")).Samples.AsSpan(10 * 160, 40 * 160);
        Assert.InRange(AudioProbe.Goertzel(caller, 3000, 8000), 3000, 9000);   // the caller hears the callee
        Assert.InRange(AudioProbe.Goertzel(callee, 2000, 8000), 3000, 9000);   // and the callee the caller
        Assert.InRange(AudioProbe.Goertzel(caller, 2000, 8000), 0, 300);       // nobody hears themselves
        Assert.InRange(AudioProbe.Goertzel(callee, 3000, 8000), 0, 300);
        Assert.Equal(callerHearsAgent, AudioProbe.Goertzel(caller, 1000, 8000) > 3000);
        Assert.Equal(calleeHearsAgent, AudioProbe.Goertzel(callee, 1000, 8000) > 3000);
        var heard = agent.HeardSamples.Skip(10 * 320).Take(40 * 320).ToArray();
        Assert.InRange(AudioProbe.Goertzel(heard, 2000, 16000), 3000, 9000);   // the agent hears both, whatever the mode
        Assert.InRange(AudioProbe.Goertzel(heard, 3000, 16000), 3000, 9000);
        Assert.Equal(60, stats.CalleeLeg!.FramesHeard);
    }

    [Fact]
    public async Task A_bridge_hears_the_conference_and_the_callee_leaving_returns_to_a_two_party_call()
    {
        var hub = new CallMediaHub("CA_conf2", new ManualTimeProvider(), Leg("CA_conf2", 2000), NullLogger.Instance);
        var bridge = new LoopbackChannel(BridgeChannels.Attach);
        hub.Attach(bridge, BridgeRole.Attach, new ClutchCall.Media.AudioFormat(ClutchCall.Media.AudioCodec.Pcm16, 16000));
        hub.AttachCallee(Leg("CA_conf2-callee", 3000));
        for (var i = 0; i < 40; i++)
        {
            hub.Tick(T0 + i * 20_000L);
        }
        hub.AttachCallee(null);
        for (var i = 40; i < 80; i++)
        {
            hub.Tick(T0 + i * 20_000L);
        }
        await hub.StopAsync(callEnded: true);

        var sent = bridge.Sent.Select(f => AudioProbe.Samples(f.AsSpan(ClutchCall.Grains.Media.MediaFrames.HeaderBytes))).ToList();
        var during = sent.Skip(10).Take(25).SelectMany(f => f).ToArray();
        var after = sent.Skip(50).Take(25).SelectMany(f => f).ToArray();
        Assert.InRange(AudioProbe.Goertzel(during, 3000, 16000), 3000, 9000);
        Assert.InRange(AudioProbe.Goertzel(during, 2000, 16000), 3000, 9000);
        Assert.InRange(AudioProbe.Goertzel(after, 3000, 16000), 0, 300);
        Assert.InRange(AudioProbe.Goertzel(after, 2000, 16000), 3000, 9000);
        Assert.True(File.Exists(Path.Combine(_records, "CA_conf2-callee.wav")), "the callee's leg was completed when it left");
    }
}

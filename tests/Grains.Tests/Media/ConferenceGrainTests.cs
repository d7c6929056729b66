using System.Text;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Grains.Media;
using ClutchCall.Media.Wav;
using ClutchCall.Runtime;
using ClutchCall.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClutchCall.Grains.Tests.Media;

/// <summary>
/// The front-desk flow on the simulated trunk with real audio: an inbound call is answered by a server-side bridge,
/// connected to the original callee (a second simulated party), switched through whisper and back to barge, and
/// closed. The bridge plays a 3 kHz tone; each leg's recording shows whether it heard the tone in each phase.
/// </summary>
public sealed class ConferenceGrainTests : IAsyncLifetime
{
    private const string Org = "org_conf";
    private const double Heard = 2500, NotHeard = 1200;
    private readonly string _records = Directory.CreateTempSubdirectory("conf-rec-").FullName;
    private IHost _host = null!;

    private IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync() =>
        _host = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Voice:SimulatedTrunk:RecordDirectory"] = _records }, s => s.AddCallGrains());

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Directory.Delete(_records, recursive: true);
    }

    [Fact]
    public async Task Answer_connect_whisper_barge_close_route_the_agent_side_to_the_right_parties()
    {
        var sid = CallSid.New();
        var call = Grains.GetGrain<ICallGrain>(sid);
        Assert.True((await call.RingInAsync(new IncomingCall(Org, "+15550001111", "+15552223333", SimulatedTrunk.DefaultTrunkId))).IsOk);
        await Command(call, InboundCommand.Answer);
        using var open = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var bridge = await _host.Services.GetRequiredService<IGrainChannelFactory>()
            .OpenAsync(new GrainId("call", sid), BridgeChannels.Attach, Encoding.UTF8.GetBytes("{\"codec\":\"pcm16\",\"sampleRate\":16000}"), open.Token);
        using var stop = new CancellationTokenSource();
        var tone = PlayToneAsync(bridge, stop.Token);

        await Command(call, InboundCommand.Connect);
        var barge = await PhaseAsync(call);
        await Command(call, InboundCommand.Whisper);
        var whisper = await PhaseAsync(call);
        await Command(call, InboundCommand.Barge);
        var bargeAgain = await PhaseAsync(call);
        await Command(call, InboundCommand.Close);
        var closed = await PhaseAsync(call);
        await stop.CancelAsync();
        await tone;
        await call.HangupAsync(new HangupCall(Org));
        await Task.Delay(300);

        var caller = WavReader.Read(Path.Combine(_records, $"{sid}.wav")).Samples;
        var callee = WavReader.Read(Path.Combine(_records, $"{sid}-callee.wav")).Samples;
        string Report() => string.Join(" | ", new[] { barge, whisper, bargeAgain, closed }.Select(p =>
            $"caller {Tone(caller, p.Caller):F0} callee {Tone(callee, p.Callee):F0}"));
        Assert.True(Tone(caller, barge.Caller) > Heard && Tone(callee, barge.Callee) > Heard, "barge: both hear the agent side. " + Report());
        Assert.True(Tone(caller, whisper.Caller) < NotHeard && Tone(callee, whisper.Callee) > Heard, "whisper: only the callee. " + Report());
        Assert.True(Tone(caller, bargeAgain.Caller) > Heard && Tone(callee, bargeAgain.Callee) > Heard, "barge again. " + Report());
        Assert.True(Tone(caller, closed.Caller) < NotHeard && Tone(callee, closed.Callee) < NotHeard, "after close nobody hears it. " + Report());
        // After close, caller and callee still hear each other (both speak the simulated phrase).
        Assert.True(Rms(caller, closed.Caller) > 300 && Rms(callee, closed.Callee) > 300, "caller and callee still talk. " + Report());
    }

    private static async Task Command(ICallGrain call, InboundCommand command)
    {
        var result = await call.SendInboundCommandAsync(new InboundCommandRequest(Org, command));
        Assert.True(result.IsOk, $"{command}: {result.Error?.Detail}");
    }

    /// <summary>Lets a phase run 1.5 s and returns the frame ranges each leg heard in it, minus 200 ms at each edge.</summary>
    private static async Task<(Range Caller, Range Callee)> PhaseAsync(ICallGrain call)
    {
        var before = await call.GetMediaStatsAsync();
        await Task.Delay(1500);
        var after = await call.GetMediaStatsAsync();
        static Range Window(long from, long to) => new((int)from + 10, (int)Math.Max(from + 11, to - 10));
        return (Window(before.CallerLeg!.FramesHeard, after.CallerLeg!.FramesHeard), Window(before.CalleeLeg?.FramesHeard ?? 0, after.CalleeLeg!.FramesHeard));
    }

    private static Task PlayToneAsync(IGrainChannel bridge, CancellationToken ct) => Task.Run(async () =>
    {
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        for (var i = 0; !ct.IsCancellationRequested; i++)
        {
            bridge.TrySend(MediaFrames.Build(i * 20_000L, AudioProbe.Bytes(AudioProbe.Tone(3000, 16000, 320, 8000, i * 320))));
            try
            {
                await pace.WaitForNextTickAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    });

    private static ReadOnlySpan<short> Frames(short[] pcm, Range frames)
    {
        var (offset, length) = frames.GetOffsetAndLength(pcm.Length / 160);
        return pcm.AsSpan(offset * 160, length * 160);
    }

    private static double Tone(short[] pcm, Range frames) => AudioProbe.Goertzel(Frames(pcm, frames), 3000, 8000);

    private static double Rms(short[] pcm, Range frames) => AudioProbe.Rms(Frames(pcm, frames));
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClutchCall.Grains.Media;

/// <summary>What a call activation needs to build its media hub: the simulated callee's voice and settings, and loggers.</summary>
public sealed class CallMedia(SpeechClipSource clips, IOptions<SimulatedCalleeOptions> callee, ILoggerFactory loggers)
{
    /// <summary>How often the grain turns bridges that left into call.bridge events.</summary>
    public static readonly TimeSpan EventFlushPeriod = TimeSpan.FromMilliseconds(250);

    /// <summary>The simulated trunk's original callee for an inbound conference (<c>connect</c>); it records as <c>{sid}-callee.wav</c>.</summary>
    public ICallerLeg CreateSimulatedCallee(string sid) => new SimulatedCallee(sid + "-callee", clips.Clip, callee.Value);

    public CallMediaHub CreateHub(string sid, TimeProvider time, bool simulatedTrunk)
    {
        var leg = simulatedTrunk ? new SimulatedCallee(sid, clips.Clip, callee.Value) : null;
        return new CallMediaHub(sid, time, leg, loggers.CreateLogger<CallMediaHub>());
    }
}

namespace ClutchCall.Grains.Interfaces;

/// <summary>
/// What the call's media loop has moved so far: frames per bridge channel and, for calls on a simulated trunk,
/// what the simulated callee heard. A snapshot for tests and diagnostics; it is not persisted.
/// </summary>
/// <param name="Running">True while the media loop runs (from the first bridge until the call ends).</param>
/// <param name="Ticks">20 ms frames the loop has processed.</param>
/// <param name="SkippedTicks">Frames skipped after the loop was starved of CPU for more than 200 ms.</param>
/// <param name="CalleeLeg">The connected third party of an inbound conference (<c>connect</c>), when there is one.</param>
public sealed record CallMediaStats(bool Running, long Ticks, long SkippedTicks, IReadOnlyList<MediaChannelStats> Channels, CallerLegStats? CallerLeg,
    CallerLegStats? CalleeLeg = null)
{
    public static CallMediaStats None { get; } = new(false, 0, 0, [], null);
}

/// <param name="Name">The channel name: bridge:attach or bridge:caller.</param>
/// <param name="Format">The channel's audio format, e.g. "opus/48000/1ch/20ms".</param>
/// <param name="FramesIn">Frames the bridge sent to the call.</param>
/// <param name="FramesOut">Frames the call sent to the bridge.</param>
/// <param name="Open">False once the channel has ended.</param>
public sealed record MediaChannelStats(string Name, string Format, long FramesIn, long FramesOut, bool Open);

/// <summary>The PSTN side of the call as the media loop sees it.</summary>
/// <param name="Kind">"simulated_callee" for the simulated trunk.</param>
/// <param name="Voice">Where the callee's speech comes from: "espeak-ng", or "tone" when espeak-ng is missing.</param>
/// <param name="FramesSent">Uplink frames the leg produced.</param>
/// <param name="FramesHeard">Downlink frames the leg received.</param>
/// <param name="HeardRms">RMS level (16-bit scale) of each 20 ms frame the leg heard, oldest first, for the last few seconds.</param>
public sealed record CallerLegStats(string Kind, string Format, string Voice, long FramesSent, long FramesHeard, IReadOnlyList<int> HeardRms);

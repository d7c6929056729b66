using ClutchCall.Moqt.Messages;

namespace ClutchCall.Moqt.Audio;

/// <summary>Names of the per-call voice tracks: namespace ("voice", sid) with "uplink" (caller to engine) and "downlink".</summary>
public static class VoiceTracks
{
    public const string Uplink = "uplink";
    public const string Downlink = "downlink";

    public static TrackNamespace Namespace(string sid) => new("voice", sid);

    /// <summary>Raw clients get Opus 48 kHz mono in 20 ms frames on these tracks.</summary>
    public static readonly TimeSpan FrameDuration = TimeSpan.FromMilliseconds(20);

    /// <summary>Default delivery timeout for live voice: older frames are useless to a jitter buffer. 200 ms.</summary>
    public static readonly TimeSpan DefaultDeliveryTimeout = TimeSpan.FromMilliseconds(200);
}

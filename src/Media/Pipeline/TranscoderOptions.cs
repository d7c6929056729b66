using ClutchCall.Media.Codecs;
using ClutchCall.Media.Resampling;

namespace ClutchCall.Media.Pipeline;

/// <summary>Settings of one transcoding direction.</summary>
public sealed record TranscoderOptions
{
    /// <summary>speexdsp quality 0..10. <value>5</value></summary>
    public int ResamplerQuality { get; init; } = SpeexResampler.DefaultQuality;

    /// <summary>Encoder knobs when the output is Opus.</summary>
    public OpusEncoderOptions Opus { get; init; } = OpusEncoderOptions.Default;

    public static TranscoderOptions Default { get; } = new();
}

namespace ClutchCall.Media.Codecs;

/// <summary>Opus audio bandwidths (opus_defines.h OPUS_BANDWIDTH_*), by the top of the coded band.</summary>
public enum OpusBandwidth
{
    /// <summary>4 kHz: telephone band, all a G.711 source carries.</summary>
    Narrowband = 1101,

    /// <summary>6 kHz.</summary>
    Mediumband = 1102,

    /// <summary>8 kHz: a 16 kHz source.</summary>
    Wideband = 1103,

    /// <summary>12 kHz: a 24 kHz source.</summary>
    SuperWideband = 1104,

    /// <summary>20 kHz.</summary>
    Fullband = 1105,
}

namespace ClutchCall.Media.Codecs;

/// <summary>Knobs of the Opus encoder. Defaults suit telephony speech at 48 kHz.</summary>
public sealed record OpusEncoderOptions
{
    /// <summary>Target bitrate in bits per second (6000..510000). <value>32000</value></summary>
    public int Bitrate { get; init; } = 32000;

    /// <summary>CPU/quality trade-off, 0..10. <value>5</value> costs about half of 10 for a small quality loss.</summary>
    public int Complexity { get; init; } = 5;

    /// <summary>Carry in-band forward error correction so a receiver can rebuild one lost frame. <value>true</value></summary>
    public bool InbandFec { get; init; } = true;

    /// <summary>Expected loss (0..100); libopus only spends bits on FEC when this is above zero. <value>10</value></summary>
    public int PacketLossPercent { get; init; } = 10;

    /// <summary>Discontinuous transmission: tiny packets during silence. <value>false</value></summary>
    public bool Dtx { get; init; }

    public OpusApplication Application { get; init; } = OpusApplication.Voip;

    /// <summary>
    /// Widest band the encoder may code. <value>Fullband</value>. A transcoder narrows it to what its source
    /// carries (a G.711 leg has nothing above 4 kHz), which saves bits and encoder CPU.
    /// </summary>
    public OpusBandwidth MaxBandwidth { get; init; } = OpusBandwidth.Fullband;

    /// <summary>The widest band a source at <paramref name="sampleRate"/> can carry.</summary>
    public static OpusBandwidth BandwidthOf(int sampleRate) => sampleRate switch
    {
        <= 8000 => OpusBandwidth.Narrowband,
        <= 12000 => OpusBandwidth.Mediumband,
        <= 16000 => OpusBandwidth.Wideband,
        <= 24000 => OpusBandwidth.SuperWideband,
        _ => OpusBandwidth.Fullband,
    };

    public static OpusEncoderOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad knob.</summary>
    public void Validate()
    {
        if (Bitrate is < 6000 or > 510000)
        {
            throw new ArgumentOutOfRangeException(nameof(Bitrate), Bitrate, "Opus bitrate must be 6000..510000 bit/s");
        }

        if (Complexity is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(Complexity), Complexity, "Opus complexity must be 0..10");
        }

        if (PacketLossPercent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(PacketLossPercent), PacketLossPercent, "packet loss must be 0..100 percent");
        }

        if (!Enum.IsDefined(MaxBandwidth))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBandwidth), MaxBandwidth, "unknown Opus bandwidth");
        }

        if (!Enum.IsDefined(Application))
        {
            throw new ArgumentOutOfRangeException(nameof(Application), Application, "unknown Opus application");
        }
    }
}

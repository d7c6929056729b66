namespace ClutchCall.Media.Codecs;

/// <summary>libopus coding mode. Voip favours speech intelligibility; LowDelay drops the speech-only modes.</summary>
public enum OpusApplication
{
    Voip = 2048,
    Audio = 2049,
    LowDelay = 2051,
}

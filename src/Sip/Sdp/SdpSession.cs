namespace ClutchCall.Sip.Sdp;

/// <summary>A session description (RFC 4566) reduced to what an audio user agent negotiates.</summary>
public sealed class SdpSession
{
    public string OriginUser { get; set; } = "-";
    public ulong SessionId { get; set; }
    public ulong SessionVersion { get; set; }
    public string OriginAddress { get; set; } = "127.0.0.1";
    public string SessionName { get; set; } = "-";
    public string? ConnectionAddress { get; set; }
    public SdpDirection? Direction { get; set; }
    public List<SdpMedia> Media { get; } = [];

    public SdpMedia? Audio => Media.FirstOrDefault(m => m.MediaType == "audio");

    /// <summary>Media direction, with media-level attributes overriding session-level ones (RFC 4566 §6).</summary>
    public SdpDirection DirectionOf(SdpMedia m) => m.Direction ?? Direction ?? SdpDirection.SendRecv;

    public string? ConnectionOf(SdpMedia m) => m.ConnectionAddress ?? ConnectionAddress;
}

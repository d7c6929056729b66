namespace ClutchCall.Sip.Sdp;

/// <summary>One m= section with the attributes we act on; unknown attributes are kept for round-trips.</summary>
public sealed class SdpMedia
{
    public string MediaType { get; set; } = "audio";
    public int Port { get; set; }
    public string Protocol { get; set; } = "RTP/AVP";
    public List<int> PayloadTypes { get; } = [];

    /// <summary>The fmt tokens of a non-RTP m= line, kept verbatim.</summary>
    public List<string> OtherFormats { get; } = [];
    public List<SdpCodec> Codecs { get; } = [];
    public string? ConnectionAddress { get; set; }
    public SdpDirection? Direction { get; set; }
    public int? Ptime { get; set; }
    public List<string> OtherAttributes { get; } = [];

    public SdpCodec? FindCodec(int payloadType) => Codecs.FirstOrDefault(c => c.PayloadType == payloadType);
}

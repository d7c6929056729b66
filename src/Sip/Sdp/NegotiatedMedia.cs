using System.Net;

namespace ClutchCall.Sip.Sdp;

/// <summary>The result of offer/answer for the audio stream, from the local side's point of view.</summary>
public sealed record NegotiatedMedia(
    SdpCodec Codec,
    int? DtmfPayloadType,
    IPEndPoint? RemoteRtp,
    int PtimeMs,
    SdpDirection Direction)
{
    /// <summary>Either side holding (one-way or inactive), or a remote "c=0.0.0.0" (RFC 2543 hold).</summary>
    public bool IsOnHold => Direction != SdpDirection.SendRecv || RemoteRtp is null;
}

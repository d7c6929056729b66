using System.Net;

namespace ClutchCall.Sip.Sdp;

public enum SdpNegotiationError { None, NoAudio, NoCommonCodec, AudioRejected }

/// <summary>RFC 3264 offer/answer for one audio stream: codec choice in offer order, telephone-event, ptime, hold.</summary>
public sealed class SdpNegotiator(IReadOnlyList<SdpCodec> supported, int ptimeMs = 20)
{
    public IReadOnlyList<SdpCodec> Supported { get; } = supported;

    public SdpSession CreateOffer(string address, int rtpPort, SdpDirection direction, ulong sessionId, ulong version)
    {
        var m = new SdpMedia { Port = rtpPort, Ptime = ptimeMs, Direction = direction };
        foreach (var c in Supported)
        {
            m.PayloadTypes.Add(c.PayloadType);
            m.Codecs.Add(c);
        }
        var s = new SdpSession { SessionId = sessionId, SessionVersion = version, OriginAddress = address, ConnectionAddress = address };
        s.Media.Add(m);
        return s;
    }

    /// <summary>Builds the answer; the first offered codec we support wins (the offerer's preference, RFC 3264 §6.1).</summary>
    public SdpNegotiationError CreateAnswer(SdpSession offer, string address, int rtpPort, SdpDirection localWish,
        ulong sessionId, ulong version, out SdpSession? answer, out NegotiatedMedia? media)
    {
        answer = null; media = null;
        var audio = offer.Audio;
        if (audio is null) return SdpNegotiationError.NoAudio;
        if (audio.Port == 0) return SdpNegotiationError.AudioRejected;
        var chosen = PickCodec(audio);
        if (chosen is null) return SdpNegotiationError.NoCommonCodec;
        var dtmf = audio.Codecs.FirstOrDefault(c => c.IsTelephoneEvent && c.ClockRate == chosen.ClockRate
            && Supported.Any(s => s.IsTelephoneEvent));
        var offeredDir = offer.DirectionOf(audio);
        var dir = localWish.Intersect(offeredDir.Reverse());
        var m = new SdpMedia { Port = rtpPort, Ptime = audio.Ptime ?? ptimeMs, Direction = dir };
        m.PayloadTypes.Add(chosen.PayloadType);
        m.Codecs.Add(chosen);
        if (dtmf is not null) { m.PayloadTypes.Add(dtmf.PayloadType); m.Codecs.Add(dtmf); }
        answer = new SdpSession { SessionId = sessionId, SessionVersion = version, OriginAddress = address, ConnectionAddress = address };
        answer.Media.Add(m);
        media = new NegotiatedMedia(chosen, dtmf?.PayloadType, RemoteEndPoint(offer, audio), audio.Ptime ?? ptimeMs, dir);
        return SdpNegotiationError.None;
    }

    /// <summary>Reads the answer to our offer; the answerer may pick any codec we offered.</summary>
    public SdpNegotiationError ProcessAnswer(SdpSession offer, SdpSession answer, out NegotiatedMedia? media)
    {
        media = null;
        var audio = answer.Audio;
        if (audio is null) return SdpNegotiationError.NoAudio;
        if (audio.Port == 0) return SdpNegotiationError.AudioRejected;
        var ours = offer.Audio!;
        SdpCodec? chosen = null;
        foreach (var pt in audio.PayloadTypes)
        {
            var c = audio.FindCodec(pt);
            if (c is null || c.IsTelephoneEvent) continue;
            if (ours.Codecs.Any(o => !o.IsTelephoneEvent && o.SameFormat(c))) { chosen = c; break; }
        }
        if (chosen is null) return SdpNegotiationError.NoCommonCodec;
        var dtmf = audio.Codecs.FirstOrDefault(c => c.IsTelephoneEvent);
        var dir = offer.DirectionOf(ours).Intersect(answer.DirectionOf(audio).Reverse());
        media = new NegotiatedMedia(chosen, dtmf?.PayloadType, RemoteEndPoint(answer, audio), audio.Ptime ?? ptimeMs, dir);
        return SdpNegotiationError.None;
    }

    private SdpCodec? PickCodec(SdpMedia offered)
    {
        foreach (var pt in offered.PayloadTypes)
        {
            var c = offered.FindCodec(pt);
            if (c is null || c.IsTelephoneEvent) continue;
            if (Supported.Any(s => !s.IsTelephoneEvent && s.SameFormat(c))) return c;
        }
        return null;
    }

    private static IPEndPoint? RemoteEndPoint(SdpSession s, SdpMedia m)
    {
        var addr = s.ConnectionOf(m);
        if (addr is null || !IPAddress.TryParse(addr, out var ip) || ip.Equals(IPAddress.Any) || m.Port == 0) return null;
        return new IPEndPoint(ip, m.Port);
    }
}

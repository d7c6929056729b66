using System.Net;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Transport;

namespace ClutchCall.Sip.Dialogs;

/// <summary>
/// Dialog state (RFC 3261 §12): ids, CSeq counters, remote target and route set. Builds in-dialog requests with
/// loose routing (§12.2.1.1) and checks the remote CSeq order (§12.2.2).
/// </summary>
public sealed class SipDialog
{
    private readonly object _gate = new();
    private uint _localSeq;

    private SipDialog(string callId, NameAddr local, NameAddr remote, SipUri remoteTarget, List<string> routeSet,
        uint localSeq, uint? remoteSeq, SipTransportKind transport)
    {
        CallId = callId;
        LocalParty = local;
        RemoteParty = remote;
        RemoteTarget = remoteTarget;
        RouteSet = routeSet;
        _localSeq = localSeq;
        RemoteSeq = remoteSeq;
        Transport = transport;
    }

    public string CallId { get; }
    public NameAddr LocalParty { get; }
    public NameAddr RemoteParty { get; private set; }
    public SipUri RemoteTarget { get; private set; }
    public IReadOnlyList<string> RouteSet { get; }
    public uint? RemoteSeq { get; private set; }
    public SipTransportKind Transport { get; }
    public DialogId Id => new(CallId, LocalParty.Tag ?? "", RemoteParty.Tag ?? "");

    /// <summary>UAC side, from our INVITE and the 2xx: route set is the Record-Route list reversed (§12.1.2).</summary>
    public static SipDialog FromUac(SipRequest invite, SipResponse response, SipTransportKind transport)
    {
        var routes = response.GetHeaders(SipHeaderNames.RecordRoute).Reverse().ToList();
        var target = response.Contact?.Uri ?? invite.RequestUri;
        return new SipDialog(invite.CallId, invite.From!, response.To!, target, routes, invite.CSeq.Number, null, transport);
    }

    /// <summary>UAS side, from the INVITE we answer: route set is Record-Route in order (§12.1.1).</summary>
    public static SipDialog FromUas(SipRequest invite, string localTag, SipTransportKind transport)
    {
        var routes = invite.GetHeaders(SipHeaderNames.RecordRoute).ToList();
        var target = invite.Contact?.Uri ?? invite.From!.Uri;
        return new SipDialog(invite.CallId, invite.To!.WithTag(localTag), invite.From!, target, routes,
            (uint)Random.Shared.Next(1, 10000), invite.CSeq.Number, transport);
    }

    /// <summary>A new in-dialog request with the next local CSeq (ACK/CANCEL reuse a CSeq; pass it explicitly).</summary>
    public SipRequest CreateRequest(string method, uint? cseq = null)
    {
        uint number;
        lock (_gate) number = cseq ?? ++_localSeq;
        var request = new SipRequest { Method = method, RequestUri = RemoteTarget };
        request.AddHeader(SipHeaderNames.From, LocalParty.ToString());
        request.AddHeader(SipHeaderNames.To, RemoteParty.ToString());
        request.AddHeader(SipHeaderNames.CallId, CallId);
        request.AddHeader(SipHeaderNames.CSeq, new CSeqHeader(number, method).ToString());
        request.AddHeader(SipHeaderNames.MaxForwards, "70");
        foreach (var route in RouteSet) request.AddHeader(SipHeaderNames.Route, route);
        return request;
    }

    /// <summary>Rejects out-of-order requests (§12.2.2: lower CSeq answers 500) and records the new remote CSeq.</summary>
    public bool AcceptRemoteSequence(SipRequest request)
    {
        if (request.Method is SipMethod.Ack or SipMethod.Cancel) return true;
        lock (_gate)
        {
            var n = request.CSeq.Number;
            if (RemoteSeq is { } last && n <= last) return false;
            RemoteSeq = n;
            return true;
        }
    }

    /// <summary>A target refresh (re-INVITE or its 2xx) may move the remote target (§12.2).</summary>
    public void RefreshTarget(SipMessage message)
    {
        if (message.Contact?.Uri is { } uri) RemoteTarget = uri;
    }

    /// <summary>The next hop: the first route if there is one, else the remote target.</summary>
    public SipUri NextHop => RouteSet.Count > 0 && NameAddr.TryParse(RouteSet[0], out var r) ? r.Uri : RemoteTarget;

    public static IPEndPoint Resolve(SipUri uri)
    {
        var host = uri.Host.Trim('[', ']');
        var port = uri.Port ?? 5060;
        if (IPAddress.TryParse(host, out var ip)) return new IPEndPoint(ip, port);
        var addresses = Dns.GetHostAddresses(host);
        var v4 = addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        return new IPEndPoint(v4 ?? addresses.First(), port);
    }
}

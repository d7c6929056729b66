using System.Text;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Sdp;
using ClutchCall.Sip.Transactions;
using ClutchCall.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Sip.UserAgent;

/// <summary>Requests the remote side sends inside the dialog, and the UAS 2xx retransmission of §13.3.1.4.</summary>
public sealed partial class SipCall
{
    private ITimer? _okTimer;
    private SipResponse? _okResponse;
    private SipInbound? _okSource;
    private TimeSpan _okInterval;
    private long _okStarted;
    private SipRequest? _lastAck;
    private uint _lastAckCSeq;
    private System.Net.IPEndPoint? _lastAckDestination;

    internal void HandleRequest(SipRequest request, SipServerTransaction? tx, SipInbound source)
    {
        if (request.Method == SipMethod.Ack)
        {
            StopOkRetransmission();
            if (PendingLateOffer is { } offer) CompleteLateOffer(offer, request);
            return;
        }
        if (tx is null) return;
        if (Dialog is null || !Dialog.AcceptRemoteSequence(request))
        {
            tx.Respond(SipMessageFactory.CreateResponse(request, SipStatus.ServerInternalError, "CSeq Out Of Order"));
            return;
        }
        switch (request.Method)
        {
            case SipMethod.Bye:
                tx.Respond(SipMessageFactory.CreateResponse(request, SipStatus.Ok));
                StopOkRetransmission();
                _ = TerminateAsync(SipCallEndReason.RemoteHangup, null, sendBye: false);
                break;
            case SipMethod.Invite:
                HandleReinvite(request, tx, source);
                break;
            case SipMethod.Refer:
                HandleRefer(request, tx);
                break;
            case SipMethod.Notify:
                HandleNotify(request, tx);
                break;
            case SipMethod.Info:
                HandleInfo(request, tx);
                break;
            case SipMethod.Options or SipMethod.Cancel:
                tx.Respond(WithAllow(SipMessageFactory.CreateResponse(request, SipStatus.Ok)));
                break;
            default:
                tx.Respond(WithAllow(SipMessageFactory.CreateResponse(request, SipStatus.MethodNotAllowed)));
                break;
        }
    }

    private static SipResponse WithAllow(SipResponse r)
    {
        r.AddHeader(SipHeaderNames.Allow, SipMethod.AllowHeaderValue);
        return r;
    }

    private void HandleReinvite(SipRequest request, SipServerTransaction tx, SipInbound source)
    {
        if (ReinviteInFlight)
        {
            tx.Respond(SipMessageFactory.CreateResponse(request, 491, "Request Pending"));
            return;
        }
        if (SdpParser.TryParse(request.Body, out var offer) != SdpParseError.None
            || Negotiator.CreateAnswer(offer!, Agent.AdvertisedAddress, Rtp.LocalEndPoint.Port, LocalDirection, SessionId, ++_sdpVersion,
                out var answer, out var media) != SdpNegotiationError.None)
        {
            tx.Respond(SipMessageFactory.CreateResponse(request, SipStatus.NotAcceptableHere));
            return;
        }
        Dialog!.RefreshTarget(request);
        // The remote holds us when it no longer wants to receive (sendonly / inactive, or c=0.0.0.0).
        var wasHeld = _remoteSdp is { } old && old.Audio is { } a && !old.DirectionOf(a).CanReceive();
        var held = !offer!.DirectionOf(offer.Audio!).CanReceive() || media!.RemoteRtp is null;
        Rtp.Configure(media!);
        _remoteSdp = offer;
        var ok = SipMessageFactory.CreateResponse(request, SipStatus.Ok, toTag: Dialog.Id.LocalTag);
        ok.AddHeader(SipHeaderNames.Contact, Agent.ContactFor(Dialog.Transport, LocalUser).ToString());
        ok.AddHeader(SipHeaderNames.ContentType, "application/sdp");
        ok.Body = SdpWriter.ToBytes(answer!);
        SendOk(tx, ok, source);
        if (held != wasHeld) Raise(new SipCallEvent.HoldChanged(held));
    }

    private void HandleRefer(SipRequest request, SipServerTransaction tx)
    {
        var referTo = request.GetHeader(SipHeaderNames.ReferTo);
        if (referTo is null || !NameAddr.TryParse(referTo, out var target))
        {
            tx.Respond(SipMessageFactory.CreateResponse(request, SipStatus.BadRequest, "Missing Refer-To"));
            return;
        }
        tx.Respond(SipMessageFactory.CreateResponse(request, SipStatus.Accepted));
        var refer = new SipReferRequest(this, target, request.GetHeader(SipHeaderNames.ReferredBy));
        // RFC 3515 §2.4.5: the first NOTIFY follows the 202 at once.
        _ = refer.ReportProgressAsync(SipStatus.Trying);
        Raise(new SipCallEvent.TransferRequested(refer));
    }

    private void HandleNotify(SipRequest request, SipServerTransaction tx)
    {
        var ev = request.GetHeader(SipHeaderNames.Event);
        if (ev is null || !ev.StartsWith("refer", StringComparison.OrdinalIgnoreCase))
        {
            tx.Respond(SipMessageFactory.CreateResponse(request, 489, "Bad Event"));
            return;
        }
        tx.Respond(SipMessageFactory.CreateResponse(request, SipStatus.Ok));
        var status = ParseSipFrag(request.Body);
        var terminated = request.GetHeader(SipHeaderNames.SubscriptionState)?.StartsWith("terminated", StringComparison.OrdinalIgnoreCase) ?? false;
        var final = status >= 200 || terminated;
        Raise(new SipCallEvent.TransferProgress(status, final));
        if (final) _transferFinal?.TrySetResult(status);
    }

    /// <summary>DTMF some trunks send as SIP INFO (application/dtmf-relay "Signal=5", or application/dtmf "5").</summary>
    private void HandleInfo(SipRequest request, SipServerTransaction tx)
    {
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (type is not ("application/dtmf-relay" or "application/dtmf"))
        {
            var unsupported = SipMessageFactory.CreateResponse(request, 415);
            unsupported.AddHeader("Accept", "application/dtmf-relay, application/dtmf");
            tx.Respond(unsupported);
            return;
        }
        var text = Encoding.ASCII.GetString(request.Body).Trim();
        if (type == "application/dtmf-relay")
        {
            var signal = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Signal", StringComparison.OrdinalIgnoreCase));
            text = signal is null ? "" : signal[(signal.IndexOf('=') + 1)..].Trim();
        }
        if (text.Length != 1 || ClutchCall.Sip.Rtp.DtmfEvent.FromDigit(text[0]) is null)
        {
            tx.Respond(SipMessageFactory.CreateResponse(request, SipStatus.BadRequest, "Bad DTMF Signal"));
            return;
        }
        tx.Respond(SipMessageFactory.CreateResponse(request, SipStatus.Ok));
        Raise(new SipCallEvent.DtmfReceived(char.ToUpperInvariant(text[0])));
    }

    /// <summary>Reads the status code of a message/sipfrag body ("SIP/2.0 200 OK"); 0 when absent or malformed.</summary>
    internal static int ParseSipFrag(byte[] body)
    {
        var text = Encoding.ASCII.GetString(body);
        var line = text.Split('\n')[0].Trim();
        var parts = line.Split(' ', 3);
        return parts.Length >= 2 && parts[0].Equals("SIP/2.0", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(parts[1], out var code) && code is >= 100 and <= 699 ? code : 0;
    }

    /// <summary>Sends a 2xx to an INVITE and retransmits it until the ACK (§13.3.1.4); gives up after 64*T1.</summary>
    internal void SendOk(SipServerTransaction tx, SipResponse ok, SipInbound source)
    {
        tx.Respond(ok);
        var timers = Agent.Options.Timers;
        lock (_gate)
        {
            _okTimer?.Dispose();
            _okResponse = ok;
            _okSource = source;
            _okInterval = timers.T1;
            _okStarted = Agent.Time.GetTimestamp();
            _okTimer = Agent.Time.CreateTimer(_ => OnOkTimer(), null, timers.T1, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnOkTimer()
    {
        SipResponse? resend = null;
        SipInbound? source;
        var giveUp = false;
        lock (_gate)
        {
            if (_okResponse is null) return;
            source = _okSource;
            var timers = Agent.Options.Timers;
            if (Agent.Time.GetElapsedTime(_okStarted) >= timers.TransactionTimeout) giveUp = true;
            else
            {
                if (!source!.Transport.IsReliable) resend = _okResponse;
                _okInterval = _okInterval * 2 < timers.T2 ? _okInterval * 2 : timers.T2;
                _okTimer?.Change(_okInterval, Timeout.InfiniteTimeSpan);
            }
        }
        if (giveUp)
        {
            StopOkRetransmission();
            Diagnostics.SipLog.AckTimeout(Agent.Logger, CallId);
            _ = TerminateAsync(SipCallEndReason.AckTimeout, SipFailure.Local(SipFailureReason.ProtocolError, 408, "No ACK"), sendBye: true);
        }
        else if (resend is not null) _ = Agent.Layer.SendResponseAsync(resend, source!).AsTask();
    }

    private void StopOkRetransmission()
    {
        lock (_gate)
        {
            _okTimer?.Dispose();
            _okTimer = null;
            _okResponse = null;
        }
    }

    /// <summary>A retransmitted 2xx means our ACK was lost: send it again (§13.2.2.4).</summary>
    internal void OnRetransmitted2xx(SipResponse response)
    {
        if (_lastAck is { } ack && response.CSeq.Number == _lastAckCSeq && Dialog is not null)
        {
            _ = Agent.Layer.ResendAsync(ack, _lastAckDestination!, Dialog.Transport).AsTask();
        }
    }

    internal void RememberAck(SipRequest ack, uint cseq, System.Net.IPEndPoint destination)
    {
        _lastAck = ack;
        _lastAckCSeq = cseq;
        _lastAckDestination = destination;
    }

    /// <summary>Our offer sent in a 200 to an offer-less INVITE, waiting for the answer in the ACK.</summary>
    internal SdpSession? PendingLateOffer { get; set; }

    private void CompleteLateOffer(SdpSession offer, SipRequest ack)
    {
        PendingLateOffer = null;
        if (SdpParser.TryParse(ack.Body, out var answer) == SdpParseError.None
            && Negotiator.ProcessAnswer(offer, answer!, out var media) == SdpNegotiationError.None)
        {
            MarkEstablished(media!, answer!);
            return;
        }
        MarkEstablishedWithoutMedia();
        _ = TerminateAsync(SipCallEndReason.Failed, SipFailure.Local(SipFailureReason.NoCommonCodec, 488, "No usable SDP answer in the ACK"), sendBye: true);
    }

}

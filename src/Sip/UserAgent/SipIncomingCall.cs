using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Sdp;
using ClutchCall.Sip.Transactions;
using ClutchCall.Sip.Transport;

namespace ClutchCall.Sip.UserAgent;

/// <summary>An inbound INVITE that is ringing (we sent 180). The application answers or rejects it.</summary>
public sealed class SipIncomingCall
{
    private readonly ServerInviteTransaction _tx;
    private readonly SipInbound _source;
    private readonly SdpSession _answer;
    private readonly NegotiatedMedia? _media;
    private readonly SdpSession? _offer;
    private int _decided;
    private ITimer? _ringTimer;

    internal SipIncomingCall(SipCall call, SipRequest invite, ServerInviteTransaction tx, SipInbound source,
        SdpSession? offer, SdpSession answer, NegotiatedMedia? media)
    {
        Call = call;
        Invite = invite;
        _tx = tx;
        _source = source;
        _offer = offer;
        _answer = answer;
        _media = media;
        call.PendingIncoming = this;
    }

    public SipCall Call { get; }

    /// <summary>The INVITE as received (headers such as From, To, P-Asserted-Identity are there).</summary>
    public SipRequest Invite { get; }

    public string TrunkId => Call.TrunkId;
    public NameAddr From => Invite.From!;
    public NameAddr To => Invite.To!;
    public System.Net.IPEndPoint Source => _source.Remote;
    /// <summary>The negotiated codec; null for an offer-less INVITE until the ACK brings the answer.</summary>
    public SdpCodec? Codec => _media?.Codec;

    /// <summary>Refuses the call with 480 if the application neither answers nor rejects it in time.</summary>
    internal void StartRingTimer(TimeSpan timeout, TimeProvider time) =>
        _ringTimer = time.CreateTimer(_ => _ = RejectAsync(SipStatus.TemporarilyUnavailable), null, timeout, Timeout.InfiniteTimeSpan);

    /// <summary>Answers with 200 OK and our SDP answer; media starts at once.</summary>
    public Task<SipCall> AcceptAsync()
    {
        if (Interlocked.Exchange(ref _decided, 1) == 1) throw new InvalidOperationException("The call was already answered, rejected or cancelled.");
        _ringTimer?.Dispose();
        Call.Agent.ForgetPending(_tx.Key);
        Call.PendingIncoming = null;
        var ok = SipMessageFactory.CreateResponse(Invite, SipStatus.Ok, toTag: Call.Dialog!.Id.LocalTag);
        ok.AddHeader(SipHeaderNames.Contact, Call.Agent.ContactFor(_source.Transport.Kind, Call.LocalUser).ToString());
        ok.AddHeader(SipHeaderNames.Allow, SipMethod.AllowHeaderValue);
        ok.AddHeader(SipHeaderNames.ContentType, "application/sdp");
        ok.Body = SdpWriter.ToBytes(_answer);
        if (_media is null)
        {
            // Late offer: our SDP in the 200 is the offer; media starts when the ACK carries the answer.
            Call.PendingLateOffer = _answer;
            Call.SendOk(_tx, ok, _source);
        }
        else
        {
            Call.SendOk(_tx, ok, _source);
            Call.MarkEstablished(_media, _offer!);
        }
        return Task.FromResult(Call);
    }

    /// <summary>Rejects with a final status (486 Busy Here by default, 480 for no answer, 603 Decline...).</summary>
    public Task RejectAsync(int statusCode = SipStatus.BusyHere)
    {
        if (statusCode is < 300 or > 699) throw new ArgumentOutOfRangeException(nameof(statusCode));
        if (Interlocked.Exchange(ref _decided, 1) == 1) return Task.CompletedTask;
        _ringTimer?.Dispose();
        Call.Agent.ForgetPending(_tx.Key);
        Call.PendingIncoming = null;
        _tx.Respond(SipMessageFactory.CreateResponse(Invite, statusCode, toTag: Call.Dialog!.Id.LocalTag));
        return Call.TerminateAsync(SipCallEndReason.Rejected, SipFailure.FromStatus(statusCode), sendBye: false);
    }

    internal void OnCancelled()
    {
        if (Interlocked.Exchange(ref _decided, 1) == 1) return;
        _ringTimer?.Dispose();
        Call.Agent.ForgetPending(_tx.Key);
        Call.PendingIncoming = null;
        _tx.Respond(SipMessageFactory.CreateResponse(Invite, SipStatus.RequestTerminated, toTag: Call.Dialog!.Id.LocalTag));
        _ = Call.TerminateAsync(SipCallEndReason.Cancelled, SipFailure.FromStatus(SipStatus.RequestTerminated), sendBye: false);
    }
}

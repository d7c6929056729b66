using System.Threading.Channels;
using ClutchCall.Sip.Dialogs;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Rtp;
using ClutchCall.Sip.Sdp;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Sip.UserAgent;

/// <summary>
/// One call leg: its dialog, its RTP session and the events it reports. Hang up, hold, transfer and DTMF are
/// commands on it; the remote side's requests arrive through <c>SipCall.Requests.cs</c>.
/// </summary>
public sealed partial class SipCall : IAsyncDisposable
{
    private readonly Channel<SipCallEvent> _events = Channel.CreateUnbounded<SipCallEvent>();
    private readonly TaskCompletionSource<SipCallEvent.Ended> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private ITimer? _inactivityTimer;
    private ulong _sdpVersion;
    private SdpSession? _remoteSdp;
    private TaskCompletionSource<int>? _transferFinal;
    private int _reinviteInFlight;

    internal SipCall(SipUserAgent agent, SipCallDirection direction, string trunkId, string callId, string localUser,
        RtpSession rtp, SdpNegotiator negotiator)
    {
        Agent = agent;
        Direction = direction;
        TrunkId = trunkId;
        CallId = callId;
        LocalUser = localUser;
        Rtp = rtp;
        Negotiator = negotiator;
        SessionId = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        agent.Metrics.CallStarted(direction == SipCallDirection.Inbound ? "inbound" : "outbound");
        Diagnostics.SipLog.CallStarted(agent.Logger, callId, trunkId, direction);
    }

    internal SipUserAgent Agent { get; }
    internal SdpNegotiator Negotiator { get; }
    internal ulong SessionId { get; }
    internal string LocalUser { get; }
    internal SipDialog? Dialog { get; set; }

    public string CallId { get; }
    public SipCallDirection Direction { get; }
    public string TrunkId { get; }
    public SipCallState State { get; private set; } = SipCallState.Dialing;
    public RtpSession Rtp { get; }
    public IRtpMediaChannel Media => Rtp;
    public DialogId? DialogId => Dialog?.Id;
    public SdpDirection LocalDirection { get; private set; } = SdpDirection.SendRecv;

    /// <summary>Ringing, Answered, DTMF, hold, transfer and the final Ended event, in order.</summary>
    public ChannelReader<SipCallEvent> Events => _events.Reader;

    public Task<SipCallEvent.Ended> Ended => _ended.Task;

    internal void Raise(SipCallEvent e) => _events.Writer.TryWrite(e);

    internal void MarkRinging(int code)
    {
        lock (_gate)
        {
            if (State != SipCallState.Dialing) return;
            State = SipCallState.Ringing;
        }
        Raise(new SipCallEvent.Ringing(code));
    }

    /// <summary>Starts media once the dialog is confirmed, plus the DTMF pump and the dead-leg detector.</summary>
    internal void MarkEstablished(NegotiatedMedia media, SdpSession remote)
    {
        lock (_gate)
        {
            if (State is SipCallState.Established or SipCallState.Ended) return;
            State = SipCallState.Established;
            _remoteSdp = remote;
        }
        Rtp.Configure(media);
        Rtp.Start(Agent.Options.RtcpInterval);
        _ = PumpDigitsAsync();
        var timeout = Agent.Options.RtpInactivityTimeout;
        if (timeout > TimeSpan.Zero)
        {
            var period = timeout / 4 < TimeSpan.FromSeconds(1) ? timeout / 4 : TimeSpan.FromSeconds(1);
            _inactivityTimer = Agent.Time.CreateTimer(_ => CheckInactivity(timeout), null, period, period);
        }
        Raise(new SipCallEvent.Answered());
    }

    /// <summary>A dialog exists but will be torn down at once (crossed CANCEL, unusable answer): allow the BYE.</summary>
    internal void MarkEstablishedWithoutMedia()
    {
        lock (_gate)
        {
            if (State != SipCallState.Ended) State = SipCallState.Established;
        }
    }

    private void CheckInactivity(TimeSpan timeout)
    {
        // A held leg legitimately stops sending, so silence only counts while media should flow to us.
        if (State != SipCallState.Established || !(Rtp.Media?.Direction.CanReceive() ?? false)) return;
        if (Rtp.SinceLastPacket < timeout) return;
        Diagnostics.SipLog.MediaTimeout(Agent.Logger, CallId, timeout);
        _ = TerminateAsync(SipCallEndReason.MediaTimeout, SipFailure.Local(SipFailureReason.MediaTimeout, 408, "RTP inactivity"), sendBye: true);
    }

    private async Task PumpDigitsAsync()
    {
        try
        {
            await foreach (var d in Rtp.Digits.ReadAllAsync()) Raise(new SipCallEvent.DtmfReceived(d));
        }
        catch (ChannelClosedException) { }
    }

    public Task SendDigitsAsync(string digits, CancellationToken cancellationToken = default) =>
        Rtp.SendDigitsAsync(digits, 100, cancellationToken);

    /// <summary>Set while an inbound call rings: hanging up then means rejecting the INVITE.</summary>
    internal SipIncomingCall? PendingIncoming { get; set; }

    /// <summary>Cancels an outbound INVITE that is still dialing or ringing (it sends CANCEL).</summary>
    internal CancellationTokenSource? DialCancellation { get; set; }

    /// <summary>
    /// Ends the call whatever its state: BYE once established (RFC 3261 §15.1.1), CANCEL while our INVITE rings,
    /// 480 while an inbound INVITE waits for an answer.
    /// </summary>
    public Task HangupAsync(CancellationToken cancellationToken = default)
    {
        if (State is SipCallState.Dialing or SipCallState.Ringing)
        {
            if (PendingIncoming is { } pending) return pending.RejectAsync(SipStatus.TemporarilyUnavailable);
            if (DialCancellation is { } dial)
            {
                try { dial.Cancel(); } catch (ObjectDisposedException) { /* the INVITE just finished */ }
                return Ended;
            }
        }
        return TerminateAsync(SipCallEndReason.LocalHangup, null, sendBye: true);
    }

    internal async Task TerminateAsync(SipCallEndReason reason, SipFailure? failure, bool sendBye)
    {
        lock (_gate)
        {
            if (State == SipCallState.Ended) return;
            var wasEstablished = State == SipCallState.Established;
            State = SipCallState.Ended;
            sendBye &= wasEstablished && Dialog is not null;
        }
        _inactivityTimer?.Dispose();
        if (sendBye)
        {
            // The session ends when the BYE leaves (§15.1.1); its transaction finishes on its own, so a silent
            // peer cannot hold up the hang-up for timer F.
            try
            {
                var bye = Dialog!.CreateRequest(SipMethod.Bye);
                Agent.Layer.SendRequest(bye, SipDialog.Resolve(Dialog.NextHop), Dialog.Transport);
            }
            catch (Exception ex) { Agent.Logger.LogDebug(ex, "BYE for {CallId} failed", CallId); }
        }
        var ended = new SipCallEvent.Ended(reason, failure);
        Agent.Metrics.CallEnded(reason.ToString());
        Diagnostics.SipLog.CallEnded(Agent.Logger, CallId, reason, failure);
        Raise(ended);
        _events.Writer.TryComplete();
        _transferFinal?.TrySetResult(0);
        await Rtp.DisposeAsync();
        Agent.RemoveCall(this);
        _ended.TrySetResult(ended);
    }

    /// <summary>Puts the call on hold (sendonly, RFC 3264 §8.4) or resumes it (sendrecv) with a re-INVITE.</summary>
    public async Task<bool> SetHoldAsync(bool hold, CancellationToken cancellationToken = default)
    {
        if (State != SipCallState.Established || Dialog is null) return false;
        // One offer at a time per dialog (RFC 3261 §14.1); the peer's crossing re-INVITE gets 491.
        if (Interlocked.Exchange(ref _reinviteInFlight, 1) == 1) return false;
        try
        {
            return await ReinviteAsync(hold, cancellationToken);
        }
        finally
        {
            Volatile.Write(ref _reinviteInFlight, 0);
        }
    }

    internal bool ReinviteInFlight => Volatile.Read(ref _reinviteInFlight) == 1;

    private async Task<bool> ReinviteAsync(bool hold, CancellationToken cancellationToken)
    {
        var dialog = Dialog!;
        var direction = hold ? SdpDirection.SendOnly : SdpDirection.SendRecv;
        var offer = Negotiator.CreateOffer(Agent.AdvertisedAddress, Rtp.LocalEndPoint.Port, direction, SessionId, ++_sdpVersion);
        var invite = dialog.CreateRequest(SipMethod.Invite);
        invite.AddHeader(SipHeaderNames.Contact, Agent.ContactFor(dialog.Transport, LocalUser).ToString());
        invite.AddHeader(SipHeaderNames.ContentType, "application/sdp");
        invite.Body = SdpWriter.ToBytes(offer);
        var response = await SendInDialogAsync(invite, cancellationToken);
        if (!response.IsSuccess) return false;
        dialog.RefreshTarget(response);
        await Agent.SendAckAsync(dialog, invite, response);
        if (SdpParser.TryParse(response.Body, out var answer) != SdpParseError.None
            || Negotiator.ProcessAnswer(offer, answer!, out var media) != SdpNegotiationError.None) return false;
        LocalDirection = direction;
        Rtp.Configure(media!);
        _remoteSdp = answer;
        Raise(new SipCallEvent.HoldChanged(hold));
        return true;
    }

    /// <summary>Blind transfer with REFER (RFC 3515); completes when the NOTIFY with a final sipfrag arrives.</summary>
    public async Task<SipTransferResult> TransferAsync(string target, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (State != SipCallState.Established || Dialog is null) return new SipTransferResult(false, 481, null);
        if (!SipUri.TryParse(target, out var uri)) throw new ArgumentException($"'{target}' is not a SIP URI.", nameof(target));
        var final = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _transferFinal = final;
        var refer = Dialog.CreateRequest(SipMethod.Refer);
        refer.AddHeader(SipHeaderNames.ReferTo, $"<{uri}>");
        refer.AddHeader(SipHeaderNames.ReferredBy, Dialog.LocalParty.Uri.ToString());
        refer.AddHeader(SipHeaderNames.Contact, Agent.ContactFor(Dialog.Transport, LocalUser).ToString());
        var response = await SendInDialogAsync(refer, cancellationToken);
        if (!response.IsSuccess) return new SipTransferResult(false, response.StatusCode, null);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            var status = await final.Task.WaitAsync(cts.Token);
            return new SipTransferResult(true, response.StatusCode, status == 0 ? null : status);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SipTransferResult(true, response.StatusCode, null);
        }
    }

    internal async Task<SipResponse> SendInDialogAsync(SipRequest request, CancellationToken cancellationToken)
    {
        var destination = SipDialog.Resolve(Dialog!.NextHop);
        var tx = Agent.Layer.SendRequest(request, destination, Dialog.Transport);
        var response = await tx.FinalResponse.WaitAsync(cancellationToken);
        if (response.StatusCode is 408 or 481 && request.Method != SipMethod.Bye && State == SipCallState.Established)
        {
            // §12.2.1.2: a 481 or a timeout on an in-dialog request means the dialog is gone.
            _ = TerminateAsync(SipCallEndReason.Failed, SipFailure.FromStatus(response.StatusCode), sendBye: response.StatusCode == 408);
        }
        return response;
    }

    public ValueTask DisposeAsync() => new(TerminateAsync(SipCallEndReason.LocalHangup, null, sendBye: true));
}

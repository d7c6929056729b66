using System.Net;
using ClutchCall.Sip.Auth;
using ClutchCall.Sip.Dialogs;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Rtp;
using ClutchCall.Sip.Sdp;
using ClutchCall.Sip.Transactions;
using ClutchCall.Sip.Transport;

namespace ClutchCall.Sip.UserAgent;

/// <summary>
/// Outbound calls: INVITE with an SDP offer, digest retry on 401/407, ringing on 18x, CANCEL on ring timeout or
/// cancellation, ACK and media on 2xx, and a classified outcome for every other final response.
/// </summary>
public sealed partial class SipUserAgent
{
    public async Task<InviteResult> InviteAsync(string trunkId, string to, InviteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new InviteOptions();
        if (!_trunks.TryGetValue(trunkId, out var trunk)) throw new ArgumentException($"Unknown trunk '{trunkId}'.", nameof(trunkId));
        if (trunk.Options.MaxConcurrentCalls > 0 && CountCalls(trunk.Id) >= trunk.Options.MaxConcurrentCalls)
        {
            return new InviteResult(SipCallOutcome.Failed, null, SipFailure.Local(SipFailureReason.CapacityExceeded, 503, "Trunk at its concurrent call limit"));
        }
        var kind = trunk.Options.Transport;
        var destination = SipDialog.Resolve(SipUri.Create(null, trunk.Options.Host, trunk.Options.Port));
        var requestUri = SipUri.Create(to, trunk.Options.Host, trunk.Options.Port);
        if (kind.UriParameter() is { } transport) requestUri = requestUri.WithParameter("transport", transport);
        var callerId = options.CallerId ?? trunk.Options.CallerId;
        var rtp = RtpSession.Bind(IPAddress.Parse(Options.BindAddress), Options.RtpPortMin, Options.RtpPortMax, Time, Logger);
        var callId = SipMessageFactory.NewCallId(AdvertisedAddress);
        var call = new SipCall(this, SipCallDirection.Outbound, trunk.Id, callId, callerId, rtp, NegotiatorFor(trunk));
        using var dial = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        call.DialCancellation = dial;
        cancellationToken = dial.Token;
        var fromTag = SipMessageFactory.NewTag();
        Register(call, callId + "|" + fromTag);
        options.OnCallCreated?.Invoke(call);
        var offer = call.Negotiator.CreateOffer(AdvertisedAddress, rtp.LocalEndPoint.Port, SdpDirection.SendRecv, call.SessionId, 1);
        var from = new NameAddr { DisplayName = options.CallerIdName ?? trunk.Options.CallerIdName, Uri = SipUri.Create(callerId, AdvertisedAddress) }.WithTag(fromTag);
        var toAddr = new NameAddr { Uri = SipUri.Create(to, trunk.Options.Host, trunk.Options.Port) };

        string? authHeader = null, authValue = null;
        uint cseq = 1;
        for (var attempt = 0; ; attempt++)
        {
            var invite = new SipRequest { Method = SipMethod.Invite, RequestUri = requestUri };
            invite.AddHeader(SipHeaderNames.MaxForwards, "70");
            invite.AddHeader(SipHeaderNames.From, from.ToString());
            invite.AddHeader(SipHeaderNames.To, toAddr.ToString());
            invite.AddHeader(SipHeaderNames.CallId, callId);
            invite.AddHeader(SipHeaderNames.CSeq, new CSeqHeader(cseq, SipMethod.Invite).ToString());
            invite.AddHeader(SipHeaderNames.Contact, ContactFor(kind, callerId).ToString());
            invite.AddHeader(SipHeaderNames.Allow, SipMethod.AllowHeaderValue);
            invite.AddHeader(SipHeaderNames.UserAgent, Options.UserAgentName);
            foreach (var (name, value) in options.Headers) invite.AddHeader(name, value);
            if (authHeader is not null) invite.AddHeader(authHeader, authValue!);
            invite.AddHeader(SipHeaderNames.ContentType, "application/sdp");
            invite.Body = SdpWriter.ToBytes(offer);

            var (final, cancelReason) = await RunInviteAsync(call, invite, destination, kind, options.RingTimeout ?? Options.RingTimeout, cancellationToken);
            if (final.StatusCode is 401 or 407 && attempt == 0 && trunk.OutboundCredentials is { } creds && cancelReason is null)
            {
                var challengeHeader = final.StatusCode == 401 ? SipHeaderNames.WwwAuthenticate : SipHeaderNames.ProxyAuthenticate;
                if (DigestClient.PickChallenge(final.GetHeaders(challengeHeader)) is { } challenge)
                {
                    authHeader = final.StatusCode == 401 ? SipHeaderNames.Authorization : SipHeaderNames.ProxyAuthorization;
                    authValue = DigestClient.CreateAuthorization(challenge, SipMethod.Invite, requestUri.ToString(), creds,
                        SipMessageFactory.RandomToken(16), 1);
                    cseq++;
                    continue;
                }
            }
            call.DialCancellation = null;
            var result = await CompleteInviteAsync(call, invite, offer, final, cancelReason, kind);
            Metrics.InviteOutcome(result.Outcome.ToString(), result.Failure?.SipCode ?? final.StatusCode);
            Diagnostics.SipLog.InviteFinished(Logger, callId, to, trunk.Id, result.Outcome, result.Failure);
            return result;
        }
    }

    private async Task<(SipResponse Final, SipCallOutcome? CancelReason)> RunInviteAsync(SipCall call, SipRequest invite, IPEndPoint destination,
        Transport.SipTransportKind kind, TimeSpan ringTimeout, CancellationToken cancellationToken)
    {
        var provisional = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tx = Layer.SendRequest(invite, destination, kind, onProvisional: r =>
        {
            if (r.StatusCode is >= 180 and < 200) call.MarkRinging(r.StatusCode);
            provisional.TrySetResult();
        });
        using var ringTimer = new CancellationTokenSource(ringTimeout, Time);
        var ringTask = Task.Delay(Timeout.Infinite, ringTimer.Token);
        var userTask = Task.Delay(Timeout.Infinite, cancellationToken);
        var first = await Task.WhenAny(tx.FinalResponse, ringTask, userTask);
        if (first == tx.FinalResponse) return (await tx.FinalResponse, null);

        var reason = first == userTask ? SipCallOutcome.Cancelled : SipCallOutcome.NoAnswer;
        // §9.1: CANCEL only once a provisional response has arrived; the INVITE may still finish meanwhile.
        await Task.WhenAny(provisional.Task, tx.FinalResponse);
        if (!tx.FinalResponse.IsCompleted)
        {
            var cancel = new SipRequest { Method = SipMethod.Cancel, RequestUri = invite.RequestUri };
            foreach (var name in new[] { SipHeaderNames.MaxForwards, SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.CallId })
            {
                cancel.AddHeader(name, invite.GetHeader(name)!);
            }
            cancel.AddHeader(SipHeaderNames.CSeq, new CSeqHeader(invite.CSeq.Number, SipMethod.Cancel).ToString());
            foreach (var route in invite.GetHeaders(SipHeaderNames.Route)) cancel.AddHeader(SipHeaderNames.Route, route);
            Layer.SendRequest(cancel, destination, kind, invite.TopVia!.Branch);
            // If the 487 never comes, give up after 64*T1 like §9.1 says.
            var giveUp = Task.Delay(Options.Timers.TransactionTimeout, Time);
            if (await Task.WhenAny(tx.FinalResponse, giveUp) == giveUp)
            {
                return (SipMessageFactory.CreateResponse(invite, SipStatus.RequestTimeout), reason);
            }
        }
        return (await tx.FinalResponse, reason);
    }

    private async Task<InviteResult> CompleteInviteAsync(SipCall call, SipRequest invite, SdpSession offer, SipResponse final,
        SipCallOutcome? cancelReason, Transport.SipTransportKind kind)
    {
        if (final.IsSuccess)
        {
            var dialog = SipDialog.FromUac(invite, final, kind);
            call.Dialog = dialog;
            Register(call, dialog.Id.LocalKey);
            await SendAckAsync(dialog, invite, final, call);
            if (cancelReason is { } reason)
            {
                // The 200 crossed our CANCEL: the call exists, so end it with BYE (§9.1 / §15).
                call.MarkEstablishedWithoutMedia();
                await call.TerminateAsync(SipCallEndReason.Cancelled, SipFailure.FromStatus(SipStatus.RequestTerminated), sendBye: true);
                return new InviteResult(reason, null, SipFailure.Local(ToFailureReason(reason), 487, "Cancelled while the answer was in flight"));
            }
            if (SdpParser.TryParse(final.Body, out var answer) != SdpParseError.None
                || call.Negotiator.ProcessAnswer(offer, answer!, out var media) != SdpNegotiationError.None)
            {
                call.MarkEstablishedWithoutMedia();
                var failure = SipFailure.Local(SipFailureReason.NoCommonCodec, 488, "Unusable SDP answer");
                await call.TerminateAsync(SipCallEndReason.Failed, failure, sendBye: true);
                return new InviteResult(SipCallOutcome.Failed, null, failure);
            }
            call.MarkEstablished(media!, answer!);
            return new InviteResult(SipCallOutcome.Answered, call, null);
        }

        var local = final.GetHeader("X-Local-Response") is not null;
        var failed = SipFailure.FromStatus(final.StatusCode, final.ReasonPhrase, local);
        if (cancelReason is { } why && final.StatusCode == SipStatus.RequestTerminated)
        {
            failed = failed with { Reason = ToFailureReason(why) };
        }
        await call.TerminateAsync(SipCallEndReason.Failed, failed, sendBye: false);
        var outcome = failed.Reason switch
        {
            SipFailureReason.Busy => SipCallOutcome.Busy,
            SipFailureReason.NoAnswer => SipCallOutcome.NoAnswer,
            SipFailureReason.Cancelled => SipCallOutcome.Cancelled,
            _ => SipCallOutcome.Failed,
        };
        return new InviteResult(outcome, null, failed);
    }

    private static SipFailureReason ToFailureReason(SipCallOutcome o) =>
        o == SipCallOutcome.NoAnswer ? SipFailureReason.NoAnswer : SipFailureReason.Cancelled;
}

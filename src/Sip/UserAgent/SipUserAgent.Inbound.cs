using System.Net;
using ClutchCall.Sip.Auth;
using ClutchCall.Sip.Dialogs;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Rtp;
using ClutchCall.Sip.Sdp;
using ClutchCall.Sip.Transactions;
using ClutchCall.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Sip.UserAgent;

/// <summary>Admission of inbound INVITEs: trunk match, CIDR and digest rules, capacity, SDP, then 180 and the event.</summary>
public sealed partial class SipUserAgent
{
    private void HandleIncomingInvite(SipRequest invite, ServerInviteTransaction tx, SipInbound source)
    {
        var trunk = MatchInboundTrunk(source.Remote.Address);
        if (trunk is null)
        {
            Diagnostics.SipLog.NoTrunk(Logger, source.Remote);
            tx.Respond(SipMessageFactory.CreateResponse(invite, SipStatus.Forbidden, toTag: SipMessageFactory.NewTag()));
            return;
        }
        var decision = trunk.InboundRule.Decide(source.Remote.Address, invite.GetHeader(SipHeaderNames.Authorization), invite.Method,
            DigestServer, out var verification);
        if (decision == InboundDecision.Challenge)
        {
            var challenge = SipMessageFactory.CreateResponse(invite, SipStatus.Unauthorized, toTag: SipMessageFactory.NewTag());
            challenge.AddHeader(SipHeaderNames.WwwAuthenticate, DigestServer.CreateChallenge(trunk.InboundRule.Realm, DigestAlgorithm.Sha256, verification == DigestVerification.StaleNonce));
            challenge.AddHeader(SipHeaderNames.WwwAuthenticate, DigestServer.CreateChallenge(trunk.InboundRule.Realm, DigestAlgorithm.Md5, verification == DigestVerification.StaleNonce));
            tx.Respond(challenge);
            return;
        }
        if (decision == InboundDecision.Forbidden)
        {
            Diagnostics.SipLog.InviteRefused(Logger, source.Remote, trunk.Id, verification);
            tx.Respond(SipMessageFactory.CreateResponse(invite, SipStatus.Forbidden, toTag: SipMessageFactory.NewTag()));
            return;
        }
        if (trunk.Options.MaxConcurrentCalls > 0 && CountCalls(trunk.Id) >= trunk.Options.MaxConcurrentCalls)
        {
            tx.Respond(SipMessageFactory.CreateResponse(invite, SipStatus.BusyHere, toTag: SipMessageFactory.NewTag()));
            return;
        }
        SdpSession? offer = null;
        var lateOffer = invite.Body.Length == 0;
        if (!lateOffer && (invite.ContentType?.StartsWith("application/sdp", StringComparison.OrdinalIgnoreCase) != true
            || SdpParser.TryParse(invite.Body, out offer) != SdpParseError.None))
        {
            var r = SipMessageFactory.CreateResponse(invite, SipStatus.NotAcceptableHere, "Missing Or Invalid SDP Offer", SipMessageFactory.NewTag());
            tx.Respond(r);
            return;
        }
        var rtp = RtpSession.Bind(IPAddress.Parse(Options.BindAddress), Options.RtpPortMin, Options.RtpPortMax, Time, Logger);
        var localTag = SipMessageFactory.NewTag();
        var localUser = invite.To!.Uri.User ?? trunk.Options.CallerId;
        var call = new SipCall(this, SipCallDirection.Inbound, trunk.Id, invite.CallId, localUser, rtp, NegotiatorFor(trunk));
        SdpSession? answer = null;
        NegotiatedMedia? media = null;
        if (lateOffer)
        {
            // Offer-less INVITE (RFC 3261 §13.2.1): our offer goes in the 200, the answer comes in the ACK.
            answer = call.Negotiator.CreateOffer(AdvertisedAddress, rtp.LocalEndPoint.Port, SdpDirection.SendRecv, call.SessionId, 1);
        }
        else if (call.Negotiator.CreateAnswer(offer!, AdvertisedAddress, rtp.LocalEndPoint.Port, SdpDirection.SendRecv, call.SessionId, 1,
                out answer, out media) != SdpNegotiationError.None)
        {
            _ = call.TerminateAsync(SipCallEndReason.Failed, SipFailure.FromStatus(SipStatus.NotAcceptableHere), sendBye: false);
            tx.Respond(SipMessageFactory.CreateResponse(invite, SipStatus.NotAcceptableHere, toTag: localTag));
            return;
        }
        call.Dialog = SipDialog.FromUas(invite, localTag, source.Transport.Kind);
        Register(call, invite.CallId + "|" + localTag);
        var ringing = SipMessageFactory.CreateResponse(invite, SipStatus.Ringing, toTag: localTag);
        ringing.AddHeader(SipHeaderNames.Contact, ContactFor(source.Transport.Kind, localUser).ToString());
        tx.Respond(ringing);
        call.MarkRinging(SipStatus.Ringing);
        var incoming = new SipIncomingCall(call, invite, tx, source, offer, answer!, media);
        _pendingInvites[tx.Key] = incoming;
        incoming.StartRingTimer(Options.InboundRingTimeout, Time);
        _incoming.Writer.TryWrite(incoming);
    }

    /// <summary>A trunk whose allow-list names the source wins over a trunk that admits any source.</summary>
    private SipTrunk? MatchInboundTrunk(IPAddress source)
    {
        SipTrunk? open = null;
        foreach (var t in _trunks.Values)
        {
            if (t.Options.InboundAllowedCidrs.Count == 0) open ??= t;
            else if (t.InboundRule.IsSourceAllowed(source)) return t;
        }
        return open;
    }
}

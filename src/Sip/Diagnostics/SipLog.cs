using System.Net;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Sip.Diagnostics;

/// <summary>Structured log events of the SIP stack (source-generated).</summary>
internal static partial class SipLog
{
    [LoggerMessage(1, LogLevel.Information, "Refused SIP message from {Remote}: {Reason}")]
    public static partial void MessageRefused(ILogger logger, IPEndPoint remote, Parsing.SipRejectReason reason);

    [LoggerMessage(2, LogLevel.Information, "INVITE from {Source} matches no trunk")]
    public static partial void NoTrunk(ILogger logger, IPEndPoint source);

    [LoggerMessage(3, LogLevel.Information, "INVITE from {Source} refused on trunk {Trunk}: {Verification}")]
    public static partial void InviteRefused(ILogger logger, IPEndPoint source, string trunk, Auth.DigestVerification verification);

    [LoggerMessage(4, LogLevel.Information, "Call {CallId} on trunk {Trunk} ({Direction}) started")]
    public static partial void CallStarted(ILogger logger, string callId, string trunk, UserAgent.SipCallDirection direction);

    [LoggerMessage(5, LogLevel.Information, "Call {CallId} ended: {Reason} {Failure}")]
    public static partial void CallEnded(ILogger logger, string callId, UserAgent.SipCallEndReason reason, UserAgent.SipFailure? failure);

    [LoggerMessage(6, LogLevel.Warning, "Call {CallId}: no RTP for {Timeout}, hanging up")]
    public static partial void MediaTimeout(ILogger logger, string callId, TimeSpan timeout);

    [LoggerMessage(7, LogLevel.Warning, "Call {CallId}: no ACK for our 2xx")]
    public static partial void AckTimeout(ILogger logger, string callId);

    [LoggerMessage(8, LogLevel.Information, "INVITE {CallId} to {To} on trunk {Trunk}: {Outcome} {Failure}")]
    public static partial void InviteFinished(ILogger logger, string callId, string to, string trunk, UserAgent.SipCallOutcome outcome, UserAgent.SipFailure? failure);
}

namespace ClutchCall.Sip.UserAgent;

/// <summary>
/// Outcome of a REFER we sent. <see cref="ReferAccepted"/> false means the peer refused REFER itself (the gateway then
/// falls back to bridging with a new INVITE); otherwise <see cref="FinalStatus"/> is the transfer target's answer.
/// </summary>
public sealed record SipTransferResult(bool ReferAccepted, int ReferStatus, int? FinalStatus)
{
    public bool Succeeded => ReferAccepted && FinalStatus is >= 200 and < 300;
}

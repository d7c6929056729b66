namespace ClutchCall.Sip.UserAgent;

/// <summary>What a call reports to the application (the gateway forwards these to the call grain).</summary>
public abstract record SipCallEvent
{
    public sealed record Ringing(int StatusCode) : SipCallEvent;
    public sealed record Answered : SipCallEvent;
    public sealed record DtmfReceived(char Digit) : SipCallEvent;
    public sealed record HoldChanged(bool OnHold) : SipCallEvent;
    public sealed record TransferRequested(SipReferRequest Refer) : SipCallEvent;
    public sealed record TransferProgress(int StatusCode, bool Final) : SipCallEvent;
    public sealed record Ended(SipCallEndReason Reason, SipFailure? Failure) : SipCallEvent;
}

public enum SipCallEndReason { LocalHangup, RemoteHangup, Cancelled, Rejected, MediaTimeout, AckTimeout, Failed }

public enum SipCallOutcome { Answered, Busy, NoAnswer, Cancelled, Failed }

public enum SipCallDirection { Inbound, Outbound }

public enum SipCallState { Dialing, Ringing, Established, Ended }

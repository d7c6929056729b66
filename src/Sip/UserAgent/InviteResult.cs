namespace ClutchCall.Sip.UserAgent;

/// <summary>How an outbound INVITE ended: answered (with the live call) or a classified failure.</summary>
public sealed record InviteResult(SipCallOutcome Outcome, SipCall? Call, SipFailure? Failure);

/// <summary>Per-call overrides of the trunk configuration.</summary>
public sealed class InviteOptions
{
    public string? CallerId { get; set; }
    public string? CallerIdName { get; set; }

    /// <value>The agent's <see cref="SipUserAgentOptions.RingTimeout"/> when unset.</value>
    public TimeSpan? RingTimeout { get; set; }

    /// <summary>Extra headers for the INVITE (X-..., P-Asserted-Identity...).</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>Observes the call as soon as it exists, before the INVITE is answered (to read Ringing events).</summary>
    public Action<SipCall>? OnCallCreated { get; set; }
}

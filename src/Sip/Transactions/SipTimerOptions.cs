namespace ClutchCall.Sip.Transactions;

/// <summary>RFC 3261 §17 / Table 4 timer base values; every other timer derives from these.</summary>
public sealed class SipTimerOptions
{
    /// <value>RTT estimate, 500 ms by default.</value>
    public TimeSpan T1 { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <value>Maximum retransmit interval for non-INVITE requests and INVITE responses, 4 s by default.</value>
    public TimeSpan T2 { get; set; } = TimeSpan.FromSeconds(4);

    /// <value>Maximum time a message stays in the network, 5 s by default.</value>
    public TimeSpan T4 { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Timers B, F, H and J: 64*T1.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    /// <summary>Timer D on unreliable transports: at least 32 s.</summary>
    public TimeSpan TimerD => TimeSpan.FromSeconds(32) > TransactionTimeout ? TimeSpan.FromSeconds(32) : TransactionTimeout;
}

using ClutchCall.Sip.Messages;

namespace ClutchCall.Sip.Transactions;

/// <summary>What the transaction user sees of a server transaction: it sends responses through it.</summary>
public abstract class SipServerTransaction : SipTransaction
{
    protected readonly Func<SipResponse, ValueTask> SendResponse;
    protected SipResponse? LastResponse;

    protected SipServerTransaction(string key, SipRequest request, bool reliable, Func<SipResponse, ValueTask> send,
        SipTimerOptions timers, TimeProvider time)
        : base(key, request, reliable, timers, time)
    {
        SendResponse = send;
    }

    /// <summary>Sends a response; responses after the final one are ignored (§17.2).</summary>
    public abstract void Respond(SipResponse response);

    /// <summary>The same request arrived again: the machine answers with the last response it sent.</summary>
    internal abstract void OnRetransmission();

    protected void Resend(List<Action> effects)
    {
        if (LastResponse is { } r) effects.Add(() => Fork(() => SendResponse(r)));
    }

    public bool HasFinalResponse
    {
        get { lock (Gate) return LastResponse is { IsProvisional: false }; }
    }
}

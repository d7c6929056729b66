using ClutchCall.Sip.Messages;

namespace ClutchCall.Sip.Transactions;

/// <summary>RFC 3261 §17.2.2 (figure 8): timer J keeps the final response for retransmitted requests.</summary>
public sealed class ServerNonInviteTransaction : SipServerTransaction
{
    internal ServerNonInviteTransaction(string key, SipRequest request, bool reliable, Func<SipResponse, ValueTask> send,
        SipTimerOptions timers, TimeProvider time)
        : base(key, request, reliable, send, timers, time)
    {
        State = TransactionState.Trying;
    }

    public override void Respond(SipResponse response)
    {
        var effects = new List<Action>();
        lock (Gate)
        {
            if (State is not (TransactionState.Trying or TransactionState.Proceeding)) return;
            LastResponse = response;
            effects.Add(() => Fork(() => SendResponse(response)));
            if (response.IsProvisional) State = TransactionState.Proceeding;
            else
            {
                State = TransactionState.Completed;
                Arm('J', Reliable ? TimeSpan.Zero : Timers.TransactionTimeout, effects);
            }
        }
        Run(effects);
    }

    internal override void OnRetransmission()
    {
        var effects = new List<Action>();
        lock (Gate)
        {
            // In Trying nothing has been sent yet, so a retransmission is simply absorbed.
            if (State is TransactionState.Proceeding or TransactionState.Completed) Resend(effects);
        }
        Run(effects);
    }

    protected override void OnTimer(char name, List<Action> effects)
    {
        if (name == 'J') Terminate(effects);
    }
}

using ClutchCall.Sip.Messages;

namespace ClutchCall.Sip.Transactions;

/// <summary>
/// RFC 3261 §17.2.1 (figure 7) with the RFC 6026 Accepted state: timers G (retransmit final), H (ACK wait),
/// I (absorb ACKs) and L (absorb retransmitted INVITEs after a 2xx, so they never look like new calls).
/// </summary>
public sealed class ServerInviteTransaction : SipServerTransaction
{
    private TimeSpan _interval;

    internal ServerInviteTransaction(string key, SipRequest request, bool reliable, Func<SipResponse, ValueTask> send,
        SipTimerOptions timers, TimeProvider time)
        : base(key, request, reliable, send, timers, time)
    {
        State = TransactionState.Proceeding;
    }

    /// <summary>Raised when timer H fires: the peer never acknowledged our non-2xx final response.</summary>
    public event Action<ServerInviteTransaction>? AckTimedOut;

    public override void Respond(SipResponse response)
    {
        var effects = new List<Action>();
        lock (Gate)
        {
            if (State != TransactionState.Proceeding) return;
            LastResponse = response;
            effects.Add(() => Fork(() => SendResponse(response)));
            if (response.IsSuccess)
            {
                // 2xx retransmission belongs to the TU (§13.3.1.4); RFC 6026 §7.1 keeps the transaction in Accepted.
                State = TransactionState.Accepted;
                Arm('L', Timers.TransactionTimeout, effects);
            }
            else if (!response.IsProvisional)
            {
                State = TransactionState.Completed;
                if (!Reliable) { _interval = Timers.T1; Arm('G', _interval, effects); }
                Arm('H', Timers.TransactionTimeout, effects);
            }
        }
        Run(effects);
    }

    internal override void OnRetransmission()
    {
        var effects = new List<Action>();
        lock (Gate)
        {
            if (State is TransactionState.Proceeding or TransactionState.Completed) Resend(effects);
        }
        Run(effects);
    }

    /// <summary>ACK for our non-2xx final response.</summary>
    internal void OnAck()
    {
        var effects = new List<Action>();
        lock (Gate)
        {
            if (State != TransactionState.Completed) return;
            State = TransactionState.Confirmed;
            Disarm('G');
            Disarm('H');
            Arm('I', Reliable ? TimeSpan.Zero : Timers.T4, effects);
        }
        Run(effects);
    }

    protected override void OnTimer(char name, List<Action> effects)
    {
        switch (name)
        {
            case 'G' when State == TransactionState.Completed:
                Resend(effects);
                _interval = _interval * 2 < Timers.T2 ? _interval * 2 : Timers.T2;
                Arm('G', _interval, effects);
                break;
            case 'H' when State == TransactionState.Completed:
                effects.Add(() => AckTimedOut?.Invoke(this));
                Terminate(effects);
                break;
            case 'I' or 'L':
                Terminate(effects);
                break;
        }
    }
}

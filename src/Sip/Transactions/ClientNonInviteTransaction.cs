using ClutchCall.Sip.Messages;

namespace ClutchCall.Sip.Transactions;

/// <summary>RFC 3261 §17.1.2 (figure 6): timers E (retransmit, capped at T2), F (timeout), K (absorb finals).</summary>
public sealed class ClientNonInviteTransaction : SipClientTransaction
{
    private TimeSpan _interval;

    internal ClientNonInviteTransaction(string key, SipRequest request, bool reliable, Func<SipMessage, ValueTask> send,
        SipTimerOptions timers, TimeProvider time)
        : base(key, request, reliable, send, timers, time)
    {
        State = TransactionState.Trying;
    }

    internal override void Start()
    {
        var effects = new List<Action>();
        lock (Gate)
        {
            effects.Add(SendRequest);
            if (!Reliable) { _interval = Timers.T1; Arm('E', _interval, effects); }
            Arm('F', Timers.TransactionTimeout, effects);
        }
        Run(effects);
    }

    internal override void OnResponse(SipResponse response)
    {
        var effects = new List<Action>();
        lock (Gate)
        {
            if (State is TransactionState.Trying or TransactionState.Proceeding)
            {
                if (response.IsProvisional)
                {
                    State = TransactionState.Proceeding;
                    effects.Add(() => RaiseProvisional(response));
                }
                else
                {
                    State = TransactionState.Completed;
                    Disarm('E');
                    Disarm('F');
                    effects.Add(() => Complete(response));
                    Arm('K', Reliable ? TimeSpan.Zero : Timers.T4, effects);
                }
            }
        }
        Run(effects);
    }

    protected override void OnTimer(char name, List<Action> effects)
    {
        switch (name)
        {
            case 'E' when State is TransactionState.Trying or TransactionState.Proceeding:
                effects.Add(SendRequest);
                // In Trying the interval doubles up to T2; in Proceeding it is T2 (§17.1.2.2).
                _interval = State == TransactionState.Proceeding ? Timers.T2 : Min(_interval * 2, Timers.T2);
                Arm('E', _interval, effects);
                break;
            case 'F' when State is TransactionState.Trying or TransactionState.Proceeding:
                effects.Add(() => Complete(Synthesize(SipStatus.RequestTimeout)));
                Terminate(effects);
                break;
            case 'K':
                Terminate(effects);
                break;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

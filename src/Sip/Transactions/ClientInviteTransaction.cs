using ClutchCall.Sip.Messages;

namespace ClutchCall.Sip.Transactions;

/// <summary>RFC 3261 §17.1.1 (figure 5): timers A (retransmit), B (timeout), D (absorb retransmitted finals).</summary>
public sealed class ClientInviteTransaction : SipClientTransaction
{
    private TimeSpan _interval;
    private SipRequest? _ack;

    internal ClientInviteTransaction(string key, SipRequest request, bool reliable, Func<SipMessage, ValueTask> send,
        SipTimerOptions timers, TimeProvider time)
        : base(key, request, reliable, send, timers, time)
    {
        State = TransactionState.Calling;
    }

    internal override void Start()
    {
        var effects = new List<Action>();
        lock (Gate)
        {
            effects.Add(SendRequest);
            if (!Reliable) { _interval = Timers.T1; Arm('A', _interval, effects); }
            Arm('B', Timers.TransactionTimeout, effects);
        }
        Run(effects);
    }

    internal override void OnResponse(SipResponse response)
    {
        var effects = new List<Action>();
        lock (Gate)
        {
            switch (State)
            {
                case TransactionState.Calling or TransactionState.Proceeding when response.IsProvisional:
                    State = TransactionState.Proceeding;
                    Disarm('A');
                    Disarm('B');
                    effects.Add(() => RaiseProvisional(response));
                    break;
                case TransactionState.Calling or TransactionState.Proceeding when response.IsSuccess:
                    // The 2xx ends the transaction; the dialog layer sends the ACK (§13.2.2.4).
                    effects.Add(() => Complete(response));
                    Terminate(effects);
                    break;
                case TransactionState.Calling or TransactionState.Proceeding:
                    State = TransactionState.Completed;
                    _ack = BuildAck(response);
                    effects.Add(SendAck);
                    effects.Add(() => Complete(response));
                    Disarm('A');
                    Disarm('B');
                    Arm('D', Reliable ? TimeSpan.Zero : Timers.TimerD, effects);
                    break;
                case TransactionState.Completed when response.StatusCode >= 300:
                    effects.Add(SendAck);
                    break;
            }
        }
        Run(effects);
    }

    protected override void OnTimer(char name, List<Action> effects)
    {
        switch (name)
        {
            case 'A' when State == TransactionState.Calling:
                effects.Add(SendRequest);
                _interval *= 2;
                Arm('A', _interval, effects);
                break;
            case 'B' when State == TransactionState.Calling:
                effects.Add(() => Complete(Synthesize(SipStatus.RequestTimeout)));
                Terminate(effects);
                break;
            case 'D':
                Terminate(effects);
                break;
        }
    }

    private void SendAck() { if (_ack is { } ack) Fork(() => Send(ack)); }

    /// <summary>The ACK for a non-2xx final is part of this transaction: same branch, To from the response (§17.1.1.3).</summary>
    private SipRequest BuildAck(SipResponse response)
    {
        var ack = new SipRequest { Method = SipMethod.Ack, RequestUri = Request.RequestUri };
        var topVia = Request.GetHeader(SipHeaderNames.Via);
        if (topVia is not null) ack.AddHeader(SipHeaderNames.Via, topVia);
        ack.AddHeader(SipHeaderNames.MaxForwards, "70");
        foreach (var name in new[] { SipHeaderNames.From, SipHeaderNames.CallId })
        {
            if (Request.GetHeader(name) is { } v) ack.AddHeader(name, v);
        }
        ack.AddHeader(SipHeaderNames.To, response.GetHeader(SipHeaderNames.To) ?? Request.GetHeader(SipHeaderNames.To) ?? "");
        ack.AddHeader(SipHeaderNames.CSeq, new CSeqHeader(Request.CSeq.Number, SipMethod.Ack).ToString());
        foreach (var route in Request.GetHeaders(SipHeaderNames.Route)) ack.AddHeader(SipHeaderNames.Route, route);
        return ack;
    }
}

using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Transport;

namespace ClutchCall.Sip.Transactions;

/// <summary>What the transaction user sees of a client transaction: provisional responses and one final response.</summary>
public abstract class SipClientTransaction : SipTransaction
{
    private readonly TaskCompletionSource<SipResponse> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    protected readonly Func<SipMessage, ValueTask> Send;

    protected SipClientTransaction(string key, SipRequest request, bool reliable, Func<SipMessage, ValueTask> send,
        SipTimerOptions timers, TimeProvider time)
        : base(key, request, reliable, timers, time)
    {
        Send = send;
    }

    /// <summary>Provisional responses in arrival order.</summary>
    public event Action<SipResponse>? Provisional;

    /// <summary>The final response; a timeout yields a local 408 and a transport failure a local 503 (§8.1.3.1).</summary>
    public Task<SipResponse> FinalResponse => _final.Task;

    internal abstract void Start();

    internal abstract void OnResponse(SipResponse response);

    protected void RaiseProvisional(SipResponse r) => Provisional?.Invoke(r);

    protected void Complete(SipResponse r) => _final.TrySetResult(r);

    protected void SendRequest() => _ = SendRequestAsync();

    private async Task SendRequestAsync()
    {
        try
        {
            await Send(Request).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SipTransportException or IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            var effects = new List<Action>();
            lock (Gate)
            {
                if (State is TransactionState.Calling or TransactionState.Trying or TransactionState.Proceeding)
                {
                    effects.Add(() => Complete(Synthesize(SipStatus.ServiceUnavailable)));
                    Terminate(effects);
                }
            }
            Run(effects);
        }
    }

    /// <summary>A locally generated response that stands in for one the network never delivered.</summary>
    protected SipResponse Synthesize(int status)
    {
        var r = SipMessageFactory.CreateResponse(Request, status);
        r.SetHeader("X-Local-Response", "true");
        return r;
    }
}

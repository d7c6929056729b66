using System.IO.Pipelines;

namespace ClutchCall.Moqt.Transport.Mux;

/// <summary>A stream of a <see cref="MultiplexedTransport"/>: an inbound pipe and a send half that emits frames.</summary>
internal sealed class MuxStream : IMoqtBidiStream
{
    // A stream the application does not drain must not stall the whole link, so the pause threshold is generous.
    private static readonly PipeOptions InboundOptions = new(pauseWriterThreshold: 4 << 20, resumeWriterThreshold: 2 << 20, minimumSegmentSize: 1024, useSynchronizationContext: false);

    private readonly MultiplexedTransport _owner;
    private readonly Pipe? _inbound;
    private ulong? _sendStoppedCode;
    private bool _sendFinished;

    public MuxStream(MultiplexedTransport owner, long id, bool canSend, bool canReceive)
    {
        _owner = owner;
        StreamId = id;
        CanSend = canSend;
        _inbound = canReceive ? new Pipe(InboundOptions) : null;
    }

    public long StreamId { get; }

    public bool CanSend { get; }

    public PipeReader Input => _inbound?.Reader ?? throw new InvalidOperationException("send-only stream");

    internal PipeWriter? InboundWriter => _inbound?.Writer;

    internal bool ReceiveFinished { get; set; }

    internal bool SendFinished => _sendFinished || _sendStoppedCode is not null;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, bool endStream, CancellationToken cancellationToken = default)
    {
        if (!CanSend) throw new InvalidOperationException("receive-only stream");
        if (_sendStoppedCode is { } code) throw new MoqtStreamException($"stream {StreamId} stopped by peer", code);
        if (_sendFinished) throw new InvalidOperationException($"stream {StreamId} already finished");
        if (data.IsEmpty && !endStream) return;
        if (endStream) _sendFinished = true;
        await _owner.SendStreamAsync(StreamId, data, endStream, cancellationToken).ConfigureAwait(false);
        if (endStream) _owner.OnSendFinished(this);
    }

    public void Reset(ulong errorCode)
    {
        if (!CanSend || SendFinished) return;
        _sendFinished = true;
        _owner.SendStreamCode(PolyfillFrameType.ResetStream, StreamId, errorCode);
        _owner.OnSendFinished(this);
    }

    public void StopSending(ulong errorCode)
    {
        if (_inbound is null || ReceiveFinished) return;
        ReceiveFinished = true;
        _inbound.Writer.Complete();
        _owner.SendStreamCode(PolyfillFrameType.StopSending, StreamId, errorCode);
        _owner.OnReceiveFinished(this);
    }

    /// <summary>The peer sent STOP_SENDING: answer with RESET_STREAM carrying the same code, as the polyfill does.</summary>
    internal void OnStopSending(ulong code)
    {
        if (SendFinished) return;
        _sendStoppedCode = code;
        _owner.SendStreamCode(PolyfillFrameType.ResetStream, StreamId, code);
        _owner.OnSendFinished(this);
    }

    internal void OnReset(ulong code)
    {
        if (_inbound is null || ReceiveFinished) return;
        ReceiveFinished = true;
        _inbound.Writer.Complete(new MoqtStreamException($"stream {StreamId} reset by peer with code {code}", code));
        _owner.OnReceiveFinished(this);
    }

    internal void Abort(Exception reason)
    {
        _sendStoppedCode ??= 0;
        if (_inbound is not null && !ReceiveFinished)
        {
            ReceiveFinished = true;
            _inbound.Writer.Complete(reason);
        }
    }
}

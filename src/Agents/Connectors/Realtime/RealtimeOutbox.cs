using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using ClutchCall.Media;

namespace ClutchCall.Agents.Connectors.Realtime;

/// <summary>
/// The send side of a realtime session. The media thread enqueues (a pooled copy of the frame, already in the model
/// codec) and returns; one writer task turns the queue into WebSocket messages in order. When the socket stalls, caller
/// audio beyond the configured backlog is dropped and counted, never blocked on; control messages are never dropped.
/// </summary>
internal sealed class RealtimeOutbox
{
    private enum Kind : byte
    {
        Append,
        CommitAndRespond,
        Clear,
        Cancel,
        Message,
    }

    private readonly record struct Command(Kind Kind, byte[]? Audio, int Length);

    private readonly Channel<Command> _queue = Channel.CreateUnbounded<Command>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    private readonly AudioCodec _codec;
    private readonly int _maxQueuedFrames;
    private byte[] _message = new byte[2048];
    private int _queuedFrames;
    private long _droppedFrames;

    public RealtimeOutbox(AudioCodec codec, TimeSpan maxQueuedAudio)
    {
        _codec = codec;
        _maxQueuedFrames = Math.Max(1, (int)(maxQueuedAudio.TotalMilliseconds / 20));
    }

    /// <summary>Caller frames waiting to be sent.</summary>
    public int QueuedFrames => Volatile.Read(ref _queuedFrames);

    /// <summary>Caller frames dropped because the socket could not keep up.</summary>
    public long DroppedFrames => Interlocked.Read(ref _droppedFrames);

    public void EnqueueAudio(ReadOnlySpan<short> pcm)
    {
        if (pcm.IsEmpty)
        {
            return;
        }

        if (Interlocked.Increment(ref _queuedFrames) > _maxQueuedFrames)
        {
            Interlocked.Decrement(ref _queuedFrames);
            Interlocked.Increment(ref _droppedFrames);
            return;
        }

        int length = RealtimeAudio.EncodedLength(_codec, pcm.Length);
        byte[] audio = ArrayPool<byte>.Shared.Rent(length);
        RealtimeAudio.Encode(_codec, pcm, audio);
        if (!_queue.Writer.TryWrite(new Command(Kind.Append, audio, length)))
        {
            Interlocked.Decrement(ref _queuedFrames);
            ArrayPool<byte>.Shared.Return(audio);
        }
    }

    public void EnqueueCommit() => _queue.Writer.TryWrite(new Command(Kind.CommitAndRespond, null, 0));

    public void EnqueueClear() => _queue.Writer.TryWrite(new Command(Kind.Clear, null, 0));

    public void EnqueueCancel() => _queue.Writer.TryWrite(new Command(Kind.Cancel, null, 0));

    /// <summary>A ready-made control message (rare, e.g. a truncate), sent in order with the rest.</summary>
    public void EnqueueMessage(byte[] message) => _queue.Writer.TryWrite(new Command(Kind.Message, message, message.Length));

    /// <summary>No more commands: the writer sends what is queued and stops.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Sends queued commands until <see cref="Complete"/> or cancellation. Send failures propagate.</summary>
    public async Task RunAsync(WebSocket socket, CancellationToken ct)
    {
        ChannelReader<Command> reader = _queue.Reader;
        while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            while (reader.TryRead(out Command command))
            {
                await SendAsync(socket, command, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Returns the pooled buffers of commands that were never sent.</summary>
    public void Drain()
    {
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out Command command))
        {
            Release(command);
        }
    }

    private async ValueTask SendAsync(WebSocket socket, Command command, CancellationToken ct)
    {
        switch (command.Kind)
        {
            case Kind.Append:
                int length = RealtimeClientMessages.WriteAppend(command.Audio.AsSpan(0, command.Length), ref _message);
                Release(command);
                await socket.SendAsync(_message.AsMemory(0, length), WebSocketMessageType.Text, true, ct).ConfigureAwait(false);
                break;
            case Kind.CommitAndRespond:
                await SendFixedAsync(socket, RealtimeClientMessages.Commit, ct).ConfigureAwait(false);
                await SendFixedAsync(socket, RealtimeClientMessages.ResponseCreate, ct).ConfigureAwait(false);
                break;
            case Kind.Clear:
                await SendFixedAsync(socket, RealtimeClientMessages.Clear, ct).ConfigureAwait(false);
                break;
            case Kind.Cancel:
                await SendFixedAsync(socket, RealtimeClientMessages.Cancel, ct).ConfigureAwait(false);
                break;
            case Kind.Message:
                await socket.SendAsync(command.Audio.AsMemory(0, command.Length), WebSocketMessageType.Text, true, ct).ConfigureAwait(false);
                break;
        }
    }

    private ValueTask SendFixedAsync(WebSocket socket, ReadOnlySpan<byte> message, CancellationToken ct)
    {
        message.CopyTo(_message);
        return socket.SendAsync(_message.AsMemory(0, message.Length), WebSocketMessageType.Text, true, ct);
    }

    private void Release(Command command)
    {
        if (command.Kind == Kind.Append && command.Audio is { } audio)
        {
            Interlocked.Decrement(ref _queuedFrames);
            ArrayPool<byte>.Shared.Return(audio);
        }
    }
}

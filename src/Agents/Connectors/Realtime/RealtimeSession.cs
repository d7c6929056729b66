using System.Net.WebSockets;
using System.Threading.Channels;
using ClutchCall.Agents.Connectors.Streaming;
using ClutchCall.Agents.Sessions;
using ClutchCall.Media;

namespace ClutchCall.Agents.Connectors.Realtime;

/// <summary>
/// A model leg speaking the OpenAI Realtime WebSocket protocol. <see cref="StartAsync"/> connects and sends
/// <c>session.update</c> (the engine detects turns, so <c>turn_detection</c> is null); caller frames become
/// <c>input_audio_buffer.append</c>; <see cref="CommitTurn"/> sends <c>input_audio_buffer.commit</c> + <c>response.create</c>,
/// <see cref="ClearInput"/> <c>input_audio_buffer.clear</c>, <see cref="CancelResponse"/> <c>response.cancel</c>.
/// The PCM rates follow the codec: 24 kHz for pcm16, 8 kHz for G.711. A lost socket ends the session with a fatal
/// <c>connection_lost</c> error; everything else the server does wrong is a non-fatal error and the session goes on.
/// </summary>
public sealed class RealtimeSession : IAgentSession, IPlayoutAware
{
    public const string ConnectionLostCode = "connection_lost";

    private const int MaxMessageBytes = 8 << 20;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(1);

    private readonly RealtimeConnectorOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<AgentOutput> _outputs = Channel.CreateUnbounded<AgentOutput>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
    });

    private readonly RealtimeOutbox _outbox;
    private readonly RealtimeEventMapper _mapper;
    private readonly CancellationTokenSource _stop = new();
    private ClientWebSocket? _socket;
    private Task _sendLoop = Task.CompletedTask;
    private Task _receiveLoop = Task.CompletedTask;
    private int _state; // 0 open, 1 ended (lost or disposed)

    public RealtimeSession(RealtimeConnectorOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
        _outbox = new RealtimeOutbox(options.Codec, options.MaxQueuedAudio);
        _mapper = new RealtimeEventMapper(options.Codec, _outputs.Writer);
        InputSampleRate = OutputSampleRate = RealtimeAudio.SampleRate(options.Codec);
    }

    public int InputSampleRate { get; }

    public int OutputSampleRate { get; }

    public ChannelReader<AgentOutput> Outputs => _outputs.Reader;

    /// <summary>Caller frames dropped because the socket could not keep up (for metrics).</summary>
    public long DroppedAudioFrames => _outbox.DroppedFrames;

    /// <summary>Connects within <see cref="RealtimeConnectorOptions.ConnectTimeout"/>. Failure throws
    /// <see cref="AgentReplyException"/> with code <c>timeout</c>, <c>http_&lt;status&gt;</c> or <c>connection_failed</c>.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        if (_socket is not null)
        {
            throw new InvalidOperationException("The session is already started.");
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _state) != 0, this);
        var socket = new ClientWebSocket();
        _socket = socket;
        socket.Options.CollectHttpResponseDetails = true;
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + _options.ApiKey);
        }

        if (_options.Dialect == RealtimeDialect.Beta)
        {
            socket.Options.SetRequestHeader("OpenAI-Beta", "realtime=v1");
        }

        using (var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token))
        {
            try
            {
                await socket.ConnectAsync(ConnectUri(), linked.Token).ConfigureAwait(false);
                byte[] update = RealtimeClientMessages.SessionUpdate(_options);
                await socket.SendAsync(update, WebSocketMessageType.Text, true, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                throw new AgentReplyException(ReplyFailures.Timeout, $"The realtime server did not accept the connection within {_options.ConnectTimeout}.", ex);
            }
            catch (WebSocketException ex)
            {
                string code = socket.HttpStatusCode is 0 or System.Net.HttpStatusCode.SwitchingProtocols
                    ? ReplyFailures.ConnectionFailed
                    : ReplyFailures.HttpCode(socket.HttpStatusCode);
                throw new AgentReplyException(code, $"The realtime connection failed: {ex.Message}", ex);
            }
        }

        _sendLoop = Task.Run(() => SendLoopAsync(socket), CancellationToken.None);
        _receiveLoop = Task.Run(() => ReceiveLoopAsync(socket), CancellationToken.None);
    }

    public void AppendCallerAudio(ReadOnlySpan<short> pcm)
    {
        if (Volatile.Read(ref _state) == 0)
        {
            _outbox.EnqueueAudio(pcm);
        }
    }

    public void CommitTurn()
    {
        if (Volatile.Read(ref _state) == 0)
        {
            _mapper.OnResponseRequested();
            _outbox.EnqueueCommit();
        }
    }

    public void ClearInput()
    {
        if (Volatile.Read(ref _state) == 0)
        {
            _outbox.EnqueueClear();
        }
    }

    public void CancelResponse()
    {
        if (Volatile.Read(ref _state) == 0)
        {
            _mapper.OnCancelRequested();
            _outbox.EnqueueCancel();
        }
    }

    /// <summary>Truncates the assistant item the caller was hearing at the point the barge-in cut it.</summary>
    public void OnPlayoutCut(TimeSpan played)
    {
        if (Volatile.Read(ref _state) == 0 && _mapper.PlayingItemId is { } item)
        {
            _outbox.EnqueueMessage(RealtimeClientMessages.Truncate(item, (long)played.TotalMilliseconds));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, 1) == 1 && _socket is null)
        {
            return;
        }

        Volatile.Write(ref _state, 1);
        _outbox.Complete();
        if (_socket is { } socket)
        {
            await Quietly(_sendLoop.WaitAsync(CloseTimeout, _time)).ConfigureAwait(false);
            if (_sendLoop.IsCompleted && socket.State == WebSocketState.Open)
            {
                using var close = new CancellationTokenSource(CloseTimeout, _time);
                await Quietly(socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "session ended", close.Token)).ConfigureAwait(false);
            }

            _stop.Cancel();
            await Quietly(_sendLoop).ConfigureAwait(false);
            await Quietly(_receiveLoop).ConfigureAwait(false);
            socket.Dispose();
            _socket = null;
        }

        _outbox.Drain();
        _outputs.Writer.TryComplete();
        _stop.Dispose();
    }

    private Uri ConnectUri()
    {
        var builder = new UriBuilder(_options.Url);
        string model = "model=" + Uri.EscapeDataString(_options.Model);
        builder.Query = string.IsNullOrEmpty(builder.Query) ? model : builder.Query.TrimStart('?') + "&" + model;
        return builder.Uri;
    }

    private async Task SendLoopAsync(WebSocket socket)
    {
        try
        {
            await _outbox.RunAsync(socket, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            Lost($"Sending to the realtime server failed: {ex.Message}");
        }
    }

    private async Task ReceiveLoopAsync(WebSocket socket)
    {
        byte[] buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int count = 0;
                bool oversized = false;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length)
                    {
                        if (buffer.Length >= MaxMessageBytes)
                        {
                            oversized = true; // keep reading to the end of the message, into the same space
                            count = 0;
                        }
                        else
                        {
                            Array.Resize(ref buffer, buffer.Length * 2);
                        }
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(count), _stop.Token).ConfigureAwait(false);
                    count += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Lost($"The realtime server closed the connection ({socket.CloseStatus} {socket.CloseStatusDescription}).");
                    return;
                }

                if (oversized)
                {
                    _mapper.ReportMalformed($"The realtime server sent a message over {MaxMessageBytes} bytes.");
                }
                else if (result.MessageType == WebSocketMessageType.Text)
                {
                    _mapper.Handle(buffer.AsSpan(0, count));
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            Lost($"The realtime connection was lost: {ex.Message}");
        }
    }

    // The first loop to notice ends the session; after DisposeAsync nothing is reported.
    private void Lost(string message)
    {
        if (Interlocked.Exchange(ref _state, 1) == 0)
        {
            _outputs.Writer.TryWrite(new AgentError(ConnectionLostCode, message, Fatal: true));
            _outputs.Writer.TryComplete();
            _outbox.Complete();
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or TimeoutException)
        {
            // Shutting down: the session is over either way.
        }
    }
}

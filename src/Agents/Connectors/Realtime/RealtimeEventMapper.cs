using System.Buffers.Text;
using System.Threading.Channels;
using ClutchCall.Agents.Sessions;
using ClutchCall.Media;

namespace ClutchCall.Agents.Connectors.Realtime;

/// <summary>
/// Turns server events into <see cref="AgentOutput"/>s: audio deltas (base64, decoded from the model codec to PCM),
/// transcripts of both sides, response ends and errors. A message that does not parse is reported as a non-fatal
/// <c>malformed</c> error and the session goes on. Audio of a response the engine already cancelled is dropped here,
/// because the server may still be sending it when the cancel crosses.
/// </summary>
internal sealed class RealtimeEventMapper(AudioCodec codec, ChannelWriter<AgentOutput> outputs)
{
    public const string MalformedCode = "malformed";
    private const string CancelNotActiveCode = "response_cancel_not_active";

    private byte[] _decoded = new byte[4096];
    private int _responsesRequested;
    private int _responsesCancelled;
    private int _responsesCreated;
    private string? _playingItemId;
    private byte[] _playingItemIdUtf8 = [];

    /// <summary>The assistant item whose audio arrived last: what a truncate names after a barge-in.</summary>
    public string? PlayingItemId => Volatile.Read(ref _playingItemId);

    /// <summary>Media thread: a response.create is on its way.</summary>
    public void OnResponseRequested() => Interlocked.Increment(ref _responsesRequested);

    /// <summary>Media thread: every response requested so far is cancelled; their late audio is dropped.</summary>
    public void OnCancelRequested() => Volatile.Write(ref _responsesCancelled, Volatile.Read(ref _responsesRequested));

    /// <summary>Receive loop: one whole text message.</summary>
    public void Handle(ReadOnlySpan<byte> message)
    {
        if (!RealtimeServerEvent.TryParse(message, out RealtimeServerEvent parsed))
        {
            Emit(new AgentError(MalformedCode, "The realtime server sent a message that is not a valid event.", Fatal: false));
            return;
        }

        switch (parsed.Kind)
        {
            case RealtimeEventKind.AudioDelta:
                HandleAudio(parsed.Audio, parsed.ItemId);
                break;
            case RealtimeEventKind.AgentTranscriptDelta:
                Emit(new AgentTranscript(TranscriptRoles.Agent, parsed.Text!, Final: false));
                break;
            case RealtimeEventKind.AgentTranscriptDone:
                Emit(new AgentTranscript(TranscriptRoles.Agent, parsed.Text!, Final: true));
                break;
            case RealtimeEventKind.CallerTranscriptDelta:
                Emit(new AgentTranscript(TranscriptRoles.Caller, parsed.Text!, Final: false));
                break;
            case RealtimeEventKind.CallerTranscriptDone:
                Emit(new AgentTranscript(TranscriptRoles.Caller, parsed.Text!, Final: true));
                break;
            case RealtimeEventKind.ResponseCreated:
                Interlocked.Increment(ref _responsesCreated);
                break;
            case RealtimeEventKind.ResponseDone:
                if (parsed.ResponseStatus == "failed")
                {
                    Emit(new AgentError("response_failed", "The realtime model failed to produce a response.", Fatal: false));
                }

                Emit(new AgentResponseDone(Cancelled: parsed.ResponseStatus == "cancelled"));
                break;
            case RealtimeEventKind.Error when parsed.ErrorCode == CancelNotActiveCode:
                break; // the engine's cancel crossed the end of the response: nothing was wrong
            case RealtimeEventKind.Error:
                Emit(new AgentError(parsed.ErrorCode ?? "error", parsed.ErrorMessage ?? "The realtime server reported an error.", Fatal: false));
                break;
        }
    }

    public void ReportMalformed(string message) => Emit(new AgentError(MalformedCode, message, Fatal: false));

    private void HandleAudio(ReadOnlySpan<byte> base64, ReadOnlySpan<byte> itemId)
    {
        int cancelled = Volatile.Read(ref _responsesCancelled);
        if (cancelled > 0 && Volatile.Read(ref _responsesCreated) <= cancelled)
        {
            return;
        }

        // One string per item, not per delta: compare the bytes before allocating.
        if (!itemId.IsEmpty && !itemId.SequenceEqual(_playingItemIdUtf8))
        {
            _playingItemIdUtf8 = itemId.ToArray();
            Volatile.Write(ref _playingItemId, System.Text.Encoding.UTF8.GetString(itemId));
        }

        int max = Base64.GetMaxDecodedFromUtf8Length(base64.Length);
        if (_decoded.Length < max)
        {
            _decoded = new byte[Math.Max(max, _decoded.Length * 2)];
        }

        if (Base64.DecodeFromUtf8(base64, _decoded, out _, out int written) != System.Buffers.OperationStatus.Done)
        {
            Emit(new AgentError(MalformedCode, "The realtime server sent audio that is not valid base64.", Fatal: false));
            return;
        }

        short[] pcm = RealtimeAudio.Decode(codec, _decoded.AsSpan(0, written));
        if (pcm.Length > 0)
        {
            Emit(new AgentAudio(pcm));
        }
    }

    private void Emit(AgentOutput output) => outputs.TryWrite(output);
}

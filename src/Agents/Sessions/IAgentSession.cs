using System.Threading.Channels;

namespace ClutchCall.Agents.Sessions;

/// <summary>
/// The model leg of one call: caller audio in, agent audio and transcripts out. The engine's turn detector decides
/// when a turn ends and when the caller barged in; the session only does what it is told
/// (<see cref="CommitTurn"/>, <see cref="CancelResponse"/>). Audio crosses this interface as PCM16 mono at the rates the
/// session names; a connector encodes to its model codec on its own wire.
/// The methods are called from the call's media loop (one thread, every 20 ms) and must not block: queue and return.
/// </summary>
public interface IAgentSession : IAsyncDisposable
{
    /// <summary>The rate <see cref="AppendCallerAudio"/> delivers, in Hz (8000, 16000, 24000 or 48000).</summary>
    int InputSampleRate { get; }

    /// <summary>The rate of the PCM in <see cref="AgentAudio"/> outputs, in Hz.</summary>
    int OutputSampleRate { get; }

    /// <summary>Audio, transcripts, response boundaries and errors, in order. Completes when the session ends.</summary>
    ChannelReader<AgentOutput> Outputs { get; }

    /// <summary>Connects to the model (handshake, session configuration). Failure throws; the call survives it.</summary>
    Task StartAsync(CancellationToken ct);

    /// <summary>Every caller frame, speech or not, 20 ms at <see cref="InputSampleRate"/>.</summary>
    void AppendCallerAudio(ReadOnlySpan<short> pcm);

    /// <summary>The caller's turn ended: reply to what was said since the last commit or clear.</summary>
    void CommitTurn();

    /// <summary>What the caller said since the last commit was not a turn (a backchannel): forget it.</summary>
    void ClearInput();

    /// <summary>The caller barged in and it was confirmed: stop the current response. Audio already queued is dropped by the engine.</summary>
    void CancelResponse();
}

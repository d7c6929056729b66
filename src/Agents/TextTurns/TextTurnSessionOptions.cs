using ClutchCall.Agents.Sessions;

namespace ClutchCall.Agents.TextTurns;

/// <summary>Settings of one <see cref="TextTurnSession"/> (one call).</summary>
public sealed record TextTurnSessionOptions
{
    public const string DefaultFallbackLine = "Sorry, I'm having trouble right now. Please hold on.";

    /// <summary>Passed to the text agent in each <see cref="Sessions.TextTurn"/>.</summary>
    public string CallSid { get; init; } = string.Empty;

    /// <summary>Passed to the text agent in each <see cref="Sessions.TextTurn"/>.</summary>
    public string OrgId { get; init; } = string.Empty;

    /// <summary>Rate of the caller audio the engine delivers, in Hz. Default: 8000 (G.711 legs).</summary>
    public int InputSampleRate { get; init; } = 8000;

    /// <summary>Rate of the agent audio produced, in Hz. Default: 8000.</summary>
    public int OutputSampleRate { get; init; } = 8000;

    /// <summary>Synthesizer voice; null for the synthesizer's default. Default: null.</summary>
    public string? Voice { get; init; }

    /// <summary>Spoken once after <see cref="TextTurnSession.StartAsync"/>, before the caller's first turn; null or empty for none (the <c>ivr</c> factory fills null with the script's greeting, so pass empty to skip it). Default: null.</summary>
    public string? Greeting { get; init; }

    /// <summary>Spoken (after an <see cref="Sessions.AgentError"/>) when the text agent fails a turn. Default: <see cref="DefaultFallbackLine"/>.</summary>
    public string FallbackLine { get; init; } = DefaultFallbackLine;

    /// <summary>Messages (both sides) kept and passed as recent history; the oldest are dropped. Default: 20.</summary>
    public int HistoryLimit { get; init; } = 20;

    /// <summary>
    /// The conversation so far, oldest first, when the session takes over a call that already talked (after a failover,
    /// or a swap from another agent). Default: none.
    /// </summary>
    public IReadOnlyList<ConversationMessage> PriorHistory { get; init; } = [];

    /// <summary>Caller audio kept per utterance so it can be decoded again when the grammar changes mid-utterance. Default: 30 s.</summary>
    public TimeSpan MaxUtterance { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Peak amplitude of white noise added to caller audio that had to be upsampled for the recognizer (8 kHz phone
    /// audio into the 16 kHz pocketsphinx model); 0 turns it off. Default: 100 (about -55 dBFS). Upsampled audio is
    /// digital silence above 4 kHz, far below anything the model was trained on; this floor brought espeak-ng phrases
    /// over 8 kHz from 7 of 15 recognised to 15 of 15, the same as 16 kHz input.
    /// </summary>
    public int UpsampledNoiseFloor { get; init; } = 100;

    public void Validate()
    {
        foreach (int rate in (int[])[InputSampleRate, OutputSampleRate])
        {
            if (rate is not (8000 or 16000 or 24000 or 48000))
            {
                throw new ArgumentOutOfRangeException(nameof(InputSampleRate), rate, "sample rates are 8000, 16000, 24000 or 48000 Hz");
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(HistoryLimit, 0, nameof(HistoryLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(UpsampledNoiseFloor, 0, nameof(UpsampledNoiseFloor));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxUtterance, TimeSpan.Zero, nameof(MaxUtterance));
    }
}

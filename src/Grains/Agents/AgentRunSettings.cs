using ClutchCall.Agents.Sessions;
using ClutchCall.Agents.Turns;

namespace ClutchCall.Grains.Agents;

/// <summary>How one agent run behaves around its model leg.</summary>
/// <param name="AgentName">The id or inline model, for events and logs.</param>
/// <param name="PreRoll">Spoken before the model's first turn (null: none).</param>
/// <param name="Fallback">Spoken when the model leg fails for good.</param>
/// <param name="Synthesizer">Speaks the pre-roll and the fallback.</param>
/// <param name="Recorder">Records the legs while the agent runs (null: no recording).</param>
internal sealed record AgentRunSettings(
    string AgentName,
    TurnPolicy Policy,
    string? PreRoll,
    string Fallback,
    string? Voice,
    ISpeechSynthesizer? Synthesizer,
    AgentRecorder? Recorder)
{
    public const string DefaultFallback = "Sorry, I'm having trouble right now. Please hold on.";

    /// <summary>How long a model leg may take to connect before the run gives up on it.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
}

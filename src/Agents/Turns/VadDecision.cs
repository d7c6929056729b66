namespace ClutchCall.Agents.Turns;

/// <summary>The voice-activity verdict for one frame.</summary>
/// <param name="IsSpeech">Speech (including hangover frames).</param>
/// <param name="LevelDbfs">The frame's RMS level, dB relative to full scale (-100 for digital silence).</param>
/// <param name="NoiseFloorDbfs">The adaptive noise floor the decision was made against.</param>
public readonly record struct VadDecision(bool IsSpeech, double LevelDbfs, double NoiseFloorDbfs);

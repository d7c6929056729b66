namespace ClutchCall.Agents.Speech;

/// <summary>The speech synthesizer could not produce audio (missing tool, failed process, unreadable output).</summary>
public sealed class SpeechSynthesisException(string message, Exception? inner = null) : Exception(message, inner);

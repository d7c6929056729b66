using ClutchCall.Agents.Sessions;
using ClutchCall.Agents.Speech;
using ClutchCall.Agents.TextTurns;

namespace ClutchCall.Agents.Local;

/// <summary>The built-in agents that need no network, by name.</summary>
public static class LocalAgents
{
    public const string Echo = "echo";
    public const string Ivr = "ivr";

    /// <summary>The <c>echo</c> built-in.</summary>
    public static EchoAgentSession CreateEcho(EchoAgentOptions? options = null, TimeProvider? timeProvider = null) =>
        new(options, timeProvider);

    /// <summary>
    /// The <c>ivr</c> built-in: <paramref name="script"/> (default <see cref="IvrScripts.Appointment"/>) spoken with
    /// <paramref name="synthesizer"/> (default a new <see cref="EspeakSynthesizer"/>; share one across calls so its cache
    /// pays off) and heard with a grammar-constrained <see cref="PocketSphinxRecognizer"/>. The greeting is the script's
    /// unless <paramref name="options"/> sets one. Loading the recognizer takes about 0.3 s: call this off the media thread.
    /// </summary>
    public static TextTurnSession CreateIvr(
        TextTurnSessionOptions options,
        ISpeechSynthesizer? synthesizer = null,
        IvrScript? script = null,
        PocketSphinxOptions? recognizer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        synthesizer ??= new EspeakSynthesizer();
        var agent = new ScriptedAgent(script);
        var asr = new PocketSphinxRecognizer((recognizer ?? new PocketSphinxOptions()) with { JsgfGrammar = agent.CurrentGrammar });
        try
        {
            return new TextTurnSession(asr, agent, synthesizer, options with { Greeting = options.Greeting ?? agent.Script.Greeting });
        }
        catch
        {
            asr.Dispose();
            throw;
        }
    }
}

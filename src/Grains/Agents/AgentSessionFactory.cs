using ClutchCall.Agents.Connectors.Chat;
using ClutchCall.Agents.Connectors.Realtime;
using ClutchCall.Agents.Connectors.Webhook;
using ClutchCall.Agents.Local;
using ClutchCall.Agents.Sessions;
using ClutchCall.Agents.Speech;
using ClutchCall.Agents.TextTurns;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Media;
using Microsoft.Extensions.Options;

namespace ClutchCall.Grains.Agents;

/// <summary>
/// Builds the model leg a spec asks for: a realtime speech-to-speech session, or a text turn loop (speech recognition,
/// a webhook, chat or scripted brain, and speech synthesis). Shares the synthesizer (and its cache) and the HTTP client
/// across calls. Building can take a few hundred milliseconds (loading a recognizer): call it off the media loop.
/// </summary>
public sealed class AgentSessionFactory(IOptions<AgentOptions> options, IHttpClientFactory http, TimeProvider time)
{
    /// <summary>The rate text turn loops speak at: the mix rate, so agent audio is not resampled twice.</summary>
    private const int TextLoopRate = 16000;

    private readonly Lazy<EspeakSynthesizer> _synthesizer = new(() => new EspeakSynthesizer(new EspeakOptions { DefaultVoice = options.Value.DefaultVoice }));

    public ISpeechSynthesizer Synthesizer => _synthesizer.Value;

    /// <param name="callerSampleRate">
    /// The caller leg's own rate. Text loops hear at it, so an 8 kHz telephone leg reaches the 16 kHz recogniser
    /// through the session's upsampler, which adds the faint noise floor that keeps recognition accurate on
    /// band-limited speech (see TextTurnSessionOptions.UpsampledNoiseFloor).
    /// </param>
    /// <param name="history">The call's transcript so far: a text loop that takes over a call (failover, swap) keeps the thread.</param>
    public IAgentSession Create(AgentSpec spec, string sid, string orgId, string agentName, int callerSampleRate, IReadOnlyList<ConversationMessage> history)
    {
        var timeout = TimeSpan.FromMilliseconds(options.Value.ReplyTimeoutMs);
        var textLoop = new TextTurnSessionOptions
        {
            CallSid = sid,
            OrgId = orgId,
            InputSampleRate = callerSampleRate is 8000 or 16000 ? callerSampleRate : TextLoopRate,
            OutputSampleRate = TextLoopRate,
            Voice = spec.Voice,
            FallbackLine = spec.Fallback ?? AgentRunSettings.DefaultFallback,
            PriorHistory = history,
        };
        return spec.EffectiveVoiceMode switch
        {
            AgentVoiceModes.Local when spec.Model == LocalAgents.Echo =>
                LocalAgents.CreateEcho(new EchoAgentOptions { SampleRate = TextLoopRate, Paced = false }, time),
            AgentVoiceModes.Local => LocalAgents.CreateIvr(textLoop, Synthesizer),
            AgentVoiceModes.Realtime => new RealtimeSession(new RealtimeConnectorOptions
            {
                Url = new Uri(spec.Url!),
                ApiKey = spec.ApiKey,
                Model = spec.Model,
                Voice = spec.Voice ?? "alloy",
                Instructions = spec.Instructions ?? string.Empty,
                Codec = spec.Codec is { } codec && AudioCodecNames.TryParse(codec, out var c) && c != AudioCodec.Opus ? c : AudioCodec.Pcm16,
            }, time),
            AgentVoiceModes.Webhook => TextLoop(textLoop, new WebhookTextAgent(new WebhookTextAgentOptions
            {
                Url = new Uri(spec.Url!),
                Secret = spec.WebhookSecret ?? string.Empty,
                Timeout = timeout,
                AgentId = agentName,
            }, http.CreateClient(nameof(AgentSessionFactory)), time)),
            AgentVoiceModes.Hosted => TextLoop(textLoop, new ChatCompletionsTextAgent(new ChatCompletionsOptions
            {
                BaseUrl = new Uri(spec.Url!),
                ApiKey = spec.ApiKey,
                Model = spec.Model,
                SystemPrompt = spec.Instructions ?? string.Empty,
                Timeout = timeout,
            }, http.CreateClient(nameof(AgentSessionFactory)), time)),
            var mode => throw new ArgumentException($"unknown voice mode '{mode}'", nameof(spec)),
        };
    }

    private TextTurnSession TextLoop(TextTurnSessionOptions loop, ITextAgent brain)
    {
        var recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions());
        try
        {
            return new TextTurnSession(recognizer, brain, Synthesizer, loop);
        }
        catch
        {
            recognizer.Dispose();
            throw;
        }
    }
}

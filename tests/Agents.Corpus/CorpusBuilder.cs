namespace ClutchCall.Agents.Corpus;

/// <summary>
/// Builds the compact labelled corpus: about 45 scenarios, five minutes of 8 kHz audio. Caller and agent use different
/// espeak-ng voices; noise is repeatable pink noise at a fixed SNR; echo is the agent's played audio at a delay and
/// attenuation typical of 2-wire PSTN hybrids (-10 to -20 dB, 40-250 ms).
/// </summary>
public static class CorpusBuilder
{
    private const int LeadMs = 1000;
    private const int TailMs = 2500;
    private const string CallerVoice = "en-us";
    private const string AgentVoice = "en-us+f3";

    private static readonly string[] Sentences =
    [
        "I would like to book an appointment for next Tuesday.",
        "Can you tell me what time the pharmacy closes today?",
        "My account number is four five six seven.",
        "I think there is a problem with my last bill.",
        "Please transfer me to someone in billing.",
    ];

    private static readonly (string First, string Second, int PauseMs)[] PausedSentences =
    [
        ("I need to change my address", "to the new one on Main Street.", 300),
        ("Let me think", "maybe Thursday afternoon works.", 400),
        ("The order number is", "seven seven two nine.", 250),
    ];

    // espeak-ng spells "mhm" out letter by letter, so the hum is written "hmm".
    private static readonly string[] Backchannels = ["hmm", "okay", "right", "uh huh", "yeah"];

    /// <summary>One-word answers: real turns as short as a continuer, the other side of the minimum-speech trade-off.</summary>
    private static readonly string[] ShortAnswers = ["No.", "Yes please.", "Tuesday."];

    private const string AgentLine =
        "Thanks for calling Clutch Dental. I can help you book, move or cancel an appointment. " +
        "Which day works best for you this week?";

    private static readonly (int DelayMs, double GainDb)[] EchoPaths = [(40, -10), (120, -15), (250, -20), (80, -12)];

    public static IReadOnlyList<Scenario> Build(ClipSynthesizer synth)
    {
        short[] noise = synth.PinkNoise(30);
        short[] agent = synth.Speak(AgentLine, AgentVoice, 170);
        var scenarios = new List<Scenario>();

        for (int i = 0; i < Sentences.Length; i++)
        {
            short[] clip = synth.Speak(Sentences[i], CallerVoice, 165);
            foreach (double? snr in new double?[] { null, 15 })
            {
                var track = new Track(LeadMs + Ms(clip) + TailMs);
                int end = track.Place(clip, LeadMs, 0);
                scenarios.Add(Caller($"turn-{i}{Snr(snr)}", ScenarioKind.Turn, track, noise, clip, snr, end, null) with { CallerText = Sentences[i], CallerSpeechEndMs = end });
            }
        }

        for (int i = 0; i < ShortAnswers.Length; i++)
        {
            short[] clip = synth.Speak(ShortAnswers[i], CallerVoice, 165);
            foreach (double? snr in new double?[] { null, 15 })
            {
                var track = new Track(LeadMs + Ms(clip) + TailMs);
                int end = track.Place(clip, LeadMs, 0);
                scenarios.Add(Caller($"answer-{i}{Snr(snr)}", ScenarioKind.Turn, track, noise, clip, snr, end, null) with { CallerText = ShortAnswers[i], CallerSpeechEndMs = end });
            }
        }

        for (int i = 0; i < PausedSentences.Length; i++)
        {
            var (first, second, pauseMs) = PausedSentences[i];
            short[] a = synth.Speak(first, CallerVoice, 165), b = synth.Speak(second, CallerVoice, 165);
            var track = new Track(LeadMs + Ms(a) + pauseMs + Ms(b) + TailMs);
            int end = track.Place(b, track.Place(a, LeadMs, 0) + pauseMs, 0);
            scenarios.Add(Caller($"pause{pauseMs}-{i}", ScenarioKind.PausedTurn, track, noise, a, null, end, null) with { CallerText = $"{first} {second}", CallerSpeechEndMs = end });
        }

        for (int i = 0; i < Backchannels.Length; i++)
        {
            short[] clip = synth.Speak(Backchannels[i], CallerVoice, 165);
            foreach (double? snr in new double?[] { null, 15 })
            {
                var track = new Track(LeadMs + Ms(clip) + TailMs);
                int end = track.Place(clip, LeadMs, 0);
                scenarios.Add(Caller($"backchannel-{Backchannels[i].Replace(' ', '-')}{Snr(snr)}", ScenarioKind.Backchannel, track, noise, clip, snr, null, null)
                    with { CallerText = Backchannels[i], CallerSpeechEndMs = end });
            }
        }

        int agentMs = Ms(agent);
        foreach (var (delay, gain) in EchoPaths)
        {
            var track = new Track(LeadMs + agentMs + TailMs);
            scenarios.Add(new Scenario($"echo-{delay}ms{gain}dB", ScenarioKind.Echo, track.Samples, Silence(track), agent, LeadMs, delay, gain, null, null));
            scenarios.Add(new Scenario($"echo-{delay}ms{gain}dB-noise15", ScenarioKind.Echo, track.Samples,
                NoiseAt(noise, track.Samples.Length, RmsDb(agent) - 15), agent, LeadMs, delay, gain, null, null));
        }

        for (int i = 0; i < Backchannels.Length; i++)
        {
            short[] clip = synth.Speak(Backchannels[i], CallerVoice, 165);
            var (delay, gain) = EchoPaths[i % EchoPaths.Length];
            var track = new Track(LeadMs + agentMs + TailMs);
            int end = track.Place(clip, LeadMs + 2000 + 300 * i, 0);
            scenarios.Add(new Scenario($"agent+backchannel-{Backchannels[i].Replace(' ', '-')}", ScenarioKind.BackchannelOverAgent, track.Samples,
                Silence(track), agent, LeadMs, delay, gain, null, null) { CallerText = Backchannels[i], CallerSpeechEndMs = end });
        }

        for (int i = 0; i < Sentences.Length; i++)
        {
            short[] clip = synth.Speak(Sentences[i], CallerVoice, 165);
            var (delay, gain) = EchoPaths[i % EchoPaths.Length];
            foreach (double callerGain in new[] { 0.0, -6.0 })
            {
                int at = LeadMs + 1500 + 400 * i;
                var track = new Track(Math.Max(LeadMs + agentMs, at + Ms(clip)) + TailMs);
                int end = track.Place(clip, at, callerGain);
                scenarios.Add(new Scenario($"barge-{i}{(callerGain < 0 ? "-quiet6dB" : "")}", ScenarioKind.BargeIn, track.Samples, Silence(track),
                    agent, LeadMs, delay, gain, end, at) { CallerText = Sentences[i], CallerSpeechEndMs = end });
            }
        }

        return scenarios;
    }

    private static Scenario Caller(string name, ScenarioKind kind, Track track, short[] noise, short[] clip, double? snr, int? end, int? barge) =>
        new(name, kind, track.Samples, snr is { } db ? NoiseAt(noise, track.Samples.Length, RmsDb(clip) - db) : Silence(track), null, 0, 0, 0, end, barge);

    private static string Snr(double? snr) => snr is { } db ? $"-snr{db}" : "";

    private static int Ms(short[] clip) => clip.Length * 1000 / ClipSynthesizer.SampleRate;

    private static short[] Silence(Track track) => new short[track.Samples.Length];

    /// <summary>The noise bed scaled so its RMS is <paramref name="rmsDbfs"/>.</summary>
    private static short[] NoiseAt(short[] noise, int length, double rmsDbfs)
    {
        double gain = Math.Pow(10, (rmsDbfs - RmsDb(noise)) / 20);
        var bed = new short[length];
        for (int i = 0; i < length; i++)
        {
            bed[i] = Track.Saturate(noise[i % noise.Length] * gain);
        }

        return bed;
    }

    /// <summary>RMS over the samples that carry sound (|x| above 1% of full scale), i.e. active-speech level.</summary>
    internal static double RmsDb(short[] clip)
    {
        double sum = 0;
        int n = 0;
        foreach (short s in clip)
        {
            if (Math.Abs((int)s) > 327)
            {
                sum += (double)s * s;
                n++;
            }
        }

        return n == 0 ? -100 : 10 * Math.Log10(sum / n / (32768.0 * 32768.0));
    }
}

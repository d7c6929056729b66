using BenchmarkDotNet.Attributes;
using ClutchCall.Agents.Local;
using ClutchCall.Agents.Speech;

namespace ClutchCall.Agents.Benchmarks;

/// <summary>
/// Decoding cost of one 2.0 s caller utterance ("book an appointment for monday", espeak-ng, 16 kHz, fed in 20 ms frames
/// as the session does) with the grammar search and with the open language model. Real time is 2000 ms.
/// </summary>
public class SpeechBenchmarks
{
    private short[] _utterance = [];
    private PocketSphinxRecognizer _grammar = null!;
    private PocketSphinxRecognizer _languageModel = null!;
    private EspeakSynthesizer _uncached = null!;
    private EspeakSynthesizer _cached = null!;

    [GlobalSetup]
    public void Setup()
    {
        var tts = new EspeakSynthesizer();
        short[] speech = tts.SynthesizeAsync("book an appointment for monday", 16000, null, CancellationToken.None).GetAwaiter().GetResult();
        _utterance = new short[32000]; // exactly 2.0 s, speech centred
        Array.Copy(speech, 0, _utterance, Math.Max(0, (32000 - speech.Length) / 2), Math.Min(speech.Length, 32000));
        _grammar = new PocketSphinxRecognizer(new PocketSphinxOptions { JsgfGrammar = JsgfGrammar.ForStep(IvrScripts.Appointment.Step("start")) });
        _languageModel = new PocketSphinxRecognizer();
        _uncached = new EspeakSynthesizer(new EspeakOptions { CacheEntries = 0 });
        _cached = new EspeakSynthesizer();
        _cached.SynthesizeAsync("Okay, monday. Is that right?", 8000, null, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public string DecodeGrammar2s() => Decode(_grammar);

    [Benchmark]
    public string DecodeLanguageModel2s() => Decode(_languageModel);

    [Benchmark]
    public short[] SynthesizeUncached() => _uncached.SynthesizeAsync("Okay, monday. Is that right?", 8000, null, CancellationToken.None).GetAwaiter().GetResult();

    [Benchmark]
    public short[] SynthesizeCached() => _cached.SynthesizeAsync("Okay, monday. Is that right?", 8000, null, CancellationToken.None).GetAwaiter().GetResult();

    private string Decode(PocketSphinxRecognizer recognizer)
    {
        for (int offset = 0; offset < _utterance.Length; offset += 320)
        {
            recognizer.Accept(_utterance.AsSpan(offset, 320));
        }

        return recognizer.EndUtterance();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _grammar.Dispose();
        _languageModel.Dispose();
    }
}

using ClutchCall.Agents.Local;
using ClutchCall.Agents.Speech;

namespace ClutchCall.Agents.Tests.Speech;

public sealed class PocketSphinxRecognizerTests
{
    private const int Rate = PocketSphinxRecognizer.ModelSampleRate;
    private static readonly string StartGrammar = JsgfGrammar.ForStep(IvrScripts.Appointment.Step("start"));
    private static readonly string ConfirmGrammar = JsgfGrammar.ForStep(IvrScripts.Appointment.Step("confirm"));

    [PocketSphinxFact]
    public async Task Grammar_recognizer_hears_the_words_espeak_ng_said()
    {
        short[] speech = await SpeechTestAudio.SpeakAsync("book an appointment for monday", Rate);
        using var recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions { JsgfGrammar = StartGrammar });

        SpeechTestAudio.FeedFrames(f => recognizer.Accept(f), speech, Rate);

        Assert.Equal("book an appointment for monday", recognizer.EndUtterance());
    }

    [PocketSphinxFact]
    public async Task Successive_utterances_and_grammar_switches_are_recognised_independently()
    {
        using var recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions { JsgfGrammar = StartGrammar });
        SpeechTestAudio.FeedFrames(f => recognizer.Accept(f), await SpeechTestAudio.SpeakAsync("tuesday", Rate), Rate);
        Assert.Equal("tuesday", recognizer.EndUtterance());

        recognizer.UseGrammar(ConfirmGrammar);
        SpeechTestAudio.FeedFrames(f => recognizer.Accept(f), await SpeechTestAudio.SpeakAsync("yes that is right", Rate), Rate);
        Assert.Equal("yes that is right", recognizer.EndUtterance());

        recognizer.UseGrammar(StartGrammar);
        SpeechTestAudio.FeedFrames(f => recognizer.Accept(f), await SpeechTestAudio.SpeakAsync("no thank you", Rate), Rate);
        Assert.Equal("no thank you", recognizer.EndUtterance());
    }

    [PocketSphinxFact]
    public async Task Reset_drops_the_utterance_and_an_empty_one_is_empty_text()
    {
        using var recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions { JsgfGrammar = ConfirmGrammar });
        SpeechTestAudio.FeedFrames(f => recognizer.Accept(f), await SpeechTestAudio.SpeakAsync("no", Rate), Rate);
        recognizer.Reset();

        Assert.Equal(string.Empty, recognizer.EndUtterance());
        recognizer.Accept(new short[Rate / 2]);
        Assert.Equal(string.Empty, recognizer.EndUtterance());
    }

    [PocketSphinxFact]
    public void A_grammar_word_missing_from_the_dictionary_is_a_clear_error()
    {
        using var recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions { JsgfGrammar = ConfirmGrammar });

        var error = Assert.Throws<ArgumentException>(() => recognizer.UseGrammar("#JSGF V1.0;\ngrammar g;\npublic <a> = yes | zqxjvkw;\n"));
        Assert.Contains("dictionary", error.Message, StringComparison.Ordinal);
    }

    [PocketSphinxFact]
    public void A_missing_model_names_the_package_and_the_path()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new PocketSphinxRecognizer(
            new PocketSphinxOptions { AcousticModel = "/nonexistent/en-us", JsgfGrammar = ConfirmGrammar }));

        Assert.Contains(PocketSphinxOptions.ModelPackage, error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/en-us", error.Message, StringComparison.Ordinal);
    }

    [PocketSphinxFact]
    public async Task Open_recognition_with_the_language_model_returns_text()
    {
        short[] speech = await SpeechTestAudio.SpeakAsync("hello world", Rate);
        using var recognizer = new PocketSphinxRecognizer();

        SpeechTestAudio.FeedFrames(f => recognizer.Accept(f), speech, Rate);

        // espeak-ng against the open en-us model is not word-perfect; that it decodes to some text proves the LM path.
        Assert.NotEqual(string.Empty, recognizer.EndUtterance());
    }
}

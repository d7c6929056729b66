using ClutchCall.Agents.Speech;

namespace ClutchCall.Agents.Tests.Speech;

public sealed class EspeakSynthesizerTests
{
    [Fact]
    public async Task Repeated_prompts_come_from_the_cache()
    {
        var synthesizer = new EspeakSynthesizer(new EspeakOptions { CacheEntries = 2 });

        short[] first = await synthesizer.SynthesizeAsync("please hold", 8000, null, CancellationToken.None);
        short[] again = await synthesizer.SynthesizeAsync("please hold", 8000, null, CancellationToken.None);

        Assert.Equal(1, synthesizer.ProcessRuns);
        Assert.Equal(first, again);
        Assert.NotSame(first, again); // callers get their own copy of a cached clip
    }

    [Fact]
    public async Task The_cache_keys_on_sample_rate_and_voice_and_evicts_the_least_recent()
    {
        var synthesizer = new EspeakSynthesizer(new EspeakOptions { CacheEntries = 2 });

        short[] narrow = await synthesizer.SynthesizeAsync("one moment", 8000, null, CancellationToken.None);
        short[] wide = await synthesizer.SynthesizeAsync("one moment", 16000, null, CancellationToken.None);
        Assert.Equal(2, synthesizer.ProcessRuns);
        Assert.InRange(wide.Length, (2 * narrow.Length) - 2, (2 * narrow.Length) + 2);

        await synthesizer.SynthesizeAsync("one moment", 8000, "en-gb", CancellationToken.None); // evicts the 8 kHz en-us clip
        Assert.Equal(3, synthesizer.ProcessRuns);
        Assert.Equal(2, synthesizer.CachedClips);

        await synthesizer.SynthesizeAsync("one moment", 16000, null, CancellationToken.None);
        Assert.Equal(3, synthesizer.ProcessRuns);
        await synthesizer.SynthesizeAsync("one moment", 8000, null, CancellationToken.None);
        Assert.Equal(4, synthesizer.ProcessRuns);
    }

    [Fact]
    public async Task Speech_is_audible_and_lasts_about_as_long_as_the_words()
    {
        var synthesizer = new EspeakSynthesizer(new EspeakOptions { CacheEntries = 0 });

        short[] pcm = await synthesizer.SynthesizeAsync("good morning, how can I help you today", 8000, null, CancellationToken.None);

        Assert.InRange(pcm.Length / 8000.0, 1.5, 4.5);
        Assert.True(pcm.Max(s => Math.Abs((int)s)) > 3000, "speech should be well above silence");
    }

    [Fact]
    public async Task An_unknown_voice_is_a_clear_error()
    {
        var synthesizer = new EspeakSynthesizer();

        var error = await Assert.ThrowsAsync<SpeechSynthesisException>(
            () => synthesizer.SynthesizeAsync("hello", 8000, "xx-nosuchvoice", CancellationToken.None));

        Assert.Contains("xx-nosuchvoice", error.Message, StringComparison.Ordinal);
        Assert.Contains("exited with code", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_executable_names_the_package()
    {
        var synthesizer = new EspeakSynthesizer(new EspeakOptions { Executable = "/nonexistent/espeak-ng" });

        var error = await Assert.ThrowsAsync<SpeechSynthesisException>(
            () => synthesizer.SynthesizeAsync("hello", 8000, null, CancellationToken.None));

        Assert.Contains("apt-get install espeak-ng", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_that_looks_like_an_option_is_spoken_not_parsed()
    {
        var synthesizer = new EspeakSynthesizer(new EspeakOptions { CacheEntries = 0 });

        short[] pcm = await synthesizer.SynthesizeAsync("--help", 8000, null, CancellationToken.None);

        Assert.NotEmpty(pcm);
    }
}

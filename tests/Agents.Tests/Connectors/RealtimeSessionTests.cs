using System.Threading.Channels;
using ClutchCall.Agents.Connectors.Realtime;
using ClutchCall.Agents.Sessions;
using ClutchCall.Media;
using ClutchCall.Media.Codecs;

namespace ClutchCall.Agents.Tests.Connectors;

/// <summary>The realtime connector against a real local WebSocket server speaking the OpenAI Realtime protocol.</summary>
public sealed class RealtimeSessionTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private FakeRealtimeServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeRealtimeServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private RealtimeSession Session(string scenario = "echo", AudioCodec codec = AudioCodec.Pcm16, RealtimeDialect dialect = RealtimeDialect.GA, string apiKey = FakeRealtimeServer.ApiKey, TimeSpan? connectTimeout = null) =>
        new(new RealtimeConnectorOptions
        {
            Url = _server.Url(scenario, codec.ToWireName()),
            ApiKey = apiKey,
            Model = FakeRealtimeServer.Model,
            Voice = "verse",
            Instructions = "Be brief.",
            Codec = codec,
            Dialect = dialect,
            ConnectTimeout = connectTimeout ?? Patience,
        });

    [Theory]
    [InlineData(AudioCodec.Pcm16, RealtimeDialect.GA)]
    [InlineData(AudioCodec.Pcm16, RealtimeDialect.Beta)]
    [InlineData(AudioCodec.G711Ulaw, RealtimeDialect.GA)]
    [InlineData(AudioCodec.G711Alaw, RealtimeDialect.Beta)]
    public async Task ATurnGoesUpAndTheAnswerComesBackAsPcm(AudioCodec codec, RealtimeDialect dialect)
    {
        await using RealtimeSession session = Session(codec: codec, dialect: dialect);
        int rate = codec == AudioCodec.Pcm16 ? 24000 : 8000;
        Assert.Equal(rate, session.InputSampleRate);
        Assert.Equal(rate, session.OutputSampleRate);
        await session.StartAsync(CancellationToken.None);

        short[] spoken = Tone(rate, frames: 10);
        AppendFrames(session, spoken);
        session.CommitTurn();
        List<AgentOutput> outputs = await ReadUntilAsync(session.Outputs, o => o is AgentResponseDone);

        int bytesPerSample = codec == AudioCodec.Pcm16 ? 2 : 1;
        Assert.Contains(new AgentTranscript(TranscriptRoles.Caller, $"heard {spoken.Length * bytesPerSample} bytes", true), outputs);
        Assert.Equal(
            [new AgentTranscript(TranscriptRoles.Agent, "Echo", false), new AgentTranscript(TranscriptRoles.Agent, "ing.", false), new AgentTranscript(TranscriptRoles.Agent, "Echoing.", true)],
            outputs.OfType<AgentTranscript>().Where(t => t.Role == TranscriptRoles.Agent));
        short[] heard = outputs.OfType<AgentAudio>().SelectMany(a => a.Pcm.ToArray()).ToArray();
        Assert.Equal(ThroughCodec(codec, spoken), heard);
        Assert.Equal(new AgentResponseDone(false), outputs[^1]);
        Assert.DoesNotContain(outputs, o => o is AgentError);
        Assert.Equal(["session.update", .. Enumerable.Repeat("input_audio_buffer.append", 10), "input_audio_buffer.commit", "response.create"], _server.Received);
    }

    [Fact]
    public async Task TheSessionUpdateCarriesVoiceInstructionsAndTranscription()
    {
        await using RealtimeSession session = Session();
        await session.StartAsync(CancellationToken.None);
        session.CommitTurn(); // anything after the update proves the server accepted it
        await ReadUntilAsync(session.Outputs, o => o is AgentResponseDone);

        var update = _server.SessionUpdate!.RootElement.GetProperty("session");
        Assert.Equal(FakeRealtimeServer.Model, update.GetProperty("model").GetString());
        Assert.Equal("Be brief.", update.GetProperty("instructions").GetString());
        Assert.Equal("verse", update.GetProperty("audio").GetProperty("output").GetProperty("voice").GetString());
        Assert.Equal("whisper-1", update.GetProperty("audio").GetProperty("input").GetProperty("transcription").GetProperty("model").GetString());
    }

    [Fact]
    public async Task ClearedInputIsForgotten()
    {
        await using RealtimeSession session = Session();
        await session.StartAsync(CancellationToken.None);

        AppendFrames(session, Tone(24000, frames: 5));
        session.ClearInput();
        AppendFrames(session, Tone(24000, frames: 3));
        session.CommitTurn();
        List<AgentOutput> outputs = await ReadUntilAsync(session.Outputs, o => o is AgentResponseDone);

        Assert.Contains(new AgentTranscript(TranscriptRoles.Caller, $"heard {3 * 480 * 2} bytes", true), outputs);
        Assert.Contains("input_audio_buffer.clear", _server.Received);
    }

    [Fact]
    public async Task ACancelledResponseEndsAndItsLateAudioIsDropped()
    {
        await using RealtimeSession session = Session("hold");
        await session.StartAsync(CancellationToken.None);
        AppendFrames(session, Tone(24000, frames: 4));
        session.CommitTurn();
        await ReadUntilAsync(session.Outputs, o => o is AgentAudio);

        session.CancelResponse();
        List<AgentOutput> afterCancel = await ReadUntilAsync(session.Outputs, o => o is AgentResponseDone);

        Assert.Equal([new AgentResponseDone(true)], afterCancel);
        Assert.Contains("response.cancel", _server.Received);

        // The next turn's audio plays again.
        AppendFrames(session, Tone(24000, frames: 2));
        session.CommitTurn();
        List<AgentOutput> next = await ReadUntilAsync(session.Outputs, o => o is AgentAudio);
        Assert.IsType<AgentAudio>(next[^1]);
    }

    [Fact]
    public async Task ACutReplyIsTruncatedToWhatTheCallerHeard()
    {
        await using RealtimeSession session = Session("hold");
        await session.StartAsync(CancellationToken.None);
        AppendFrames(session, Tone(24000, frames: 4));
        session.CommitTurn();
        await ReadUntilAsync(session.Outputs, o => o is AgentAudio);

        session.CancelResponse();
        session.OnPlayoutCut(TimeSpan.FromMilliseconds(340));
        await ReadUntilAsync(session.Outputs, o => o is AgentResponseDone);
        for (var i = 0; i < 100 && _server.Truncated.IsEmpty; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal([("item_reply_1", 340L)], _server.Truncated);
        Assert.Equal(["response.cancel", "conversation.item.truncate"], _server.Received.Where(t => t is "response.cancel" or "conversation.item.truncate"));
    }

    [Fact]
    public async Task ACancelThatCrossesTheEndOfTheResponseIsNotAnError()
    {
        await using RealtimeSession session = Session();
        await session.StartAsync(CancellationToken.None);
        AppendFrames(session, Tone(24000, frames: 2));
        session.CommitTurn();
        await ReadUntilAsync(session.Outputs, o => o is AgentResponseDone);

        session.CancelResponse(); // the server answers response_cancel_not_active
        AppendFrames(session, Tone(24000, frames: 2));
        session.CommitTurn();
        List<AgentOutput> next = await ReadUntilAsync(session.Outputs, o => o is AgentResponseDone);

        Assert.DoesNotContain(next, o => o is AgentError);
        Assert.Contains(next, o => o is AgentAudio);
        Assert.Contains("response.cancel", _server.Received);
    }

    [Fact]
    public async Task MalformedMessagesAreReportedAndTheSessionGoesOn()
    {
        await using RealtimeSession session = Session("malformed");
        await session.StartAsync(CancellationToken.None);
        List<AgentOutput> errors = await ReadUntilAsync(session.Outputs, _ => false, count: 3);

        Assert.All(errors, e => Assert.Equal(new AgentError("malformed", ((AgentError)e).Message, false), e));

        AppendFrames(session, Tone(24000, frames: 2));
        session.CommitTurn();
        List<AgentOutput> turn = await ReadUntilAsync(session.Outputs, o => o is AgentResponseDone);
        Assert.Equal(new AgentResponseDone(false), turn[^1]);
    }

    [Fact]
    public async Task AServerErrorEventIsANonFatalError()
    {
        await using RealtimeSession session = Session("error");
        await session.StartAsync(CancellationToken.None);

        List<AgentOutput> outputs = await ReadUntilAsync(session.Outputs, o => o is AgentError);

        Assert.Equal(new AgentError("server_error", "model overloaded", false), outputs[^1]);
    }

    [Theory]
    [InlineData("drop")]
    [InlineData("close")]
    public async Task ALostSocketIsFatalAndEndsTheOutputs(string scenario)
    {
        await using RealtimeSession session = Session(scenario);
        await session.StartAsync(CancellationToken.None);
        session.CommitTurn();

        List<AgentOutput> outputs = await ReadToEndAsync(session.Outputs);

        AgentError error = Assert.IsType<AgentError>(outputs[^1]);
        Assert.Equal("connection_lost", error.Code);
        Assert.True(error.Fatal);
        session.AppendCallerAudio(new short[480]); // ignored, not thrown
    }

    [Fact]
    public async Task AServerThatNeverAnswersTheHandshakeTimesOut()
    {
        await using RealtimeSession session = Session("hang", connectTimeout: TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<AgentReplyException>(() => session.StartAsync(CancellationToken.None));

        Assert.Equal("timeout", error.Code);
    }

    [Fact]
    public async Task AWrongKeyIsRefusedWithTheHttpStatus()
    {
        await using RealtimeSession session = Session(apiKey: "sk-wrong");

        var error = await Assert.ThrowsAsync<AgentReplyException>(() => session.StartAsync(CancellationToken.None));

        Assert.Equal("http_401", error.Code);
    }

    [Fact]
    public async Task NobodyListeningIsAConnectionFailure()
    {
        var url = new UriBuilder(TextAgentHarness.DeadUrl("v1/realtime")) { Scheme = "ws" }.Uri;
        await using var session = new RealtimeSession(new RealtimeConnectorOptions { Url = url, Model = FakeRealtimeServer.Model });

        var error = await Assert.ThrowsAsync<AgentReplyException>(() => session.StartAsync(CancellationToken.None));

        Assert.Equal("connection_failed", error.Code);
    }

    [Fact]
    public async Task DisposeClosesTheSocketCleanlyAndCompletesTheOutputs()
    {
        RealtimeSession session = Session();
        await session.StartAsync(CancellationToken.None);

        await session.DisposeAsync();

        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, await _server.ClosedByClient.Task.WaitAsync(Patience));
        List<AgentOutput> outputs = await ReadToEndAsync(session.Outputs);
        Assert.DoesNotContain(outputs, o => o is AgentError);
    }

    [Fact]
    public void OpusIsNotARealtimeCodec()
    {
        var options = new RealtimeConnectorOptions { Url = new Uri("ws://127.0.0.1/"), Codec = AudioCodec.Opus };

        Assert.Equal("Codec", Assert.Throws<ArgumentException>(options.Validate).ParamName);
        Assert.Equal("Url", Assert.Throws<ArgumentException>((options with { Codec = AudioCodec.Pcm16, Url = new Uri("http://x/") }).Validate).ParamName);
    }

    internal static short[] Tone(int rate, int frames)
    {
        var pcm = new short[rate / 50 * frames];
        for (int i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / rate));
        }

        return pcm;
    }

    private static void AppendFrames(RealtimeSession session, short[] pcm)
    {
        int frame = session.InputSampleRate / 50;
        for (int at = 0; at < pcm.Length; at += frame)
        {
            session.AppendCallerAudio(pcm.AsSpan(at, frame));
        }
    }

    private static short[] ThroughCodec(AudioCodec codec, short[] pcm)
    {
        if (codec == AudioCodec.Pcm16)
        {
            return pcm;
        }

        var encoded = new byte[pcm.Length];
        var decoded = new short[pcm.Length];
        if (codec == AudioCodec.G711Ulaw)
        {
            G711.EncodeMuLaw(pcm, encoded);
            G711.DecodeMuLaw(encoded, decoded);
        }
        else
        {
            G711.EncodeALaw(pcm, encoded);
            G711.DecodeALaw(encoded, decoded);
        }

        return decoded;
    }

    private static async Task<List<AgentOutput>> ReadUntilAsync(ChannelReader<AgentOutput> outputs, Func<AgentOutput, bool> stop, int count = int.MaxValue)
    {
        var read = new List<AgentOutput>();
        using var timeout = new CancellationTokenSource(Patience);
        while (read.Count < count)
        {
            AgentOutput output = await outputs.ReadAsync(timeout.Token);
            read.Add(output);
            if (stop(output))
            {
                break;
            }
        }

        return read;
    }

    private static async Task<List<AgentOutput>> ReadToEndAsync(ChannelReader<AgentOutput> outputs)
    {
        var read = new List<AgentOutput>();
        using var timeout = new CancellationTokenSource(Patience);
        await foreach (AgentOutput output in outputs.ReadAllAsync(timeout.Token))
        {
            read.Add(output);
        }

        return read;
    }
}

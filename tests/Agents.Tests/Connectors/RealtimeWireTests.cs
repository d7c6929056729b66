using System.Net.WebSockets;
using System.Text;
using ClutchCall.Agents.Connectors.Realtime;
using ClutchCall.Media;

namespace ClutchCall.Agents.Tests.Connectors;

/// <summary>The realtime wire pieces on their own: event parsing and the send queue's backlog limit.</summary>
public sealed class RealtimeWireTests
{
    [Fact]
    public void PropertiesMayComeInAnyOrderAndEscapedBase64IsUnescaped()
    {
        byte[] json = Encoding.UTF8.GetBytes("""{"delta":"AAE\/","response_id":"r","type":"response.audio.delta"}""");

        Assert.True(RealtimeServerEvent.TryParse(json, out RealtimeServerEvent parsed));
        Assert.Equal(RealtimeEventKind.AudioDelta, parsed.Kind);
        Assert.Equal("AAE/", Encoding.ASCII.GetString(parsed.Audio));
    }

    [Theory]
    [InlineData("""{"type":"response.done","response":{"status":"cancelled","output":[]}}""", nameof(RealtimeEventKind.ResponseDone), "cancelled")]
    [InlineData("""{"type":"response.output_audio_transcript.done","transcript":"Hi"}""", nameof(RealtimeEventKind.AgentTranscriptDone), null)]
    [InlineData("""{"type":"session.updated","session":{"type":"realtime"}}""", nameof(RealtimeEventKind.Other), null)]
    public void KnownEventsAreClassified(string json, string kind, string? status)
    {
        Assert.True(RealtimeServerEvent.TryParse(Encoding.UTF8.GetBytes(json), out RealtimeServerEvent parsed));
        Assert.Equal(kind, parsed.Kind.ToString());
        Assert.Equal(status, parsed.ResponseStatus);
    }

    [Theory]
    [InlineData("""{"type":"response.audio.delta"}""")]
    [InlineData("""{"type":"response.audio.delta","delta":5}""")]
    [InlineData("""{"type":"response.audio_transcript.done"}""")]
    [InlineData("""{"type":7}""")]
    [InlineData("""{"delta":"AA=="}""")]
    [InlineData("""{"type":"error"} trailing""")]
    [InlineData("[]")]
    public void IncompleteEventsAreRefused(string json) =>
        Assert.False(RealtimeServerEvent.TryParse(Encoding.UTF8.GetBytes(json), out _));

    [Fact]
    public void ErrorsTakeTheirCodeOrElseTheirType()
    {
        RealtimeServerEvent.TryParse("""{"type":"error","error":{"type":"server_error","code":"rate_limited","message":"slow down"}}"""u8, out RealtimeServerEvent coded);
        RealtimeServerEvent.TryParse("""{"type":"error","error":{"type":"server_error","message":"oops"}}"""u8, out RealtimeServerEvent typed);

        Assert.Equal(("rate_limited", "slow down"), (coded.ErrorCode, coded.ErrorMessage));
        Assert.Equal(("server_error", "oops"), (typed.ErrorCode, typed.ErrorMessage));
    }

    [Fact]
    public void AppendMessagesAreJsonWithBase64Audio()
    {
        byte[] buffer = new byte[4];
        int length = RealtimeClientMessages.WriteAppend([1, 2, 3, 250], ref buffer);

        Assert.Equal("""{"type":"input_audio_buffer.append","audio":"AQID+g=="}""", Encoding.UTF8.GetString(buffer, 0, length));
    }

    [Fact]
    public void AStalledSocketDropsCallerAudioBeyondTheBacklogButNeverControl()
    {
        var outbox = new RealtimeOutbox(AudioCodec.G711Ulaw, TimeSpan.FromMilliseconds(200)); // ten 20 ms frames
        short[] frame = new short[160];

        for (int i = 0; i < 25; i++)
        {
            outbox.EnqueueAudio(frame);
        }

        outbox.EnqueueCommit();

        Assert.Equal(15, outbox.DroppedFrames);
        outbox.Drain();
    }

    [Fact]
    public async Task AFrameCostsTheMediaThreadNoAllocationOnceWarm()
    {
        // A real WebSocket over a null stream stands in for the network; its writer returns each pooled frame copy.
        using var socket = WebSocket.CreateFromStream(Stream.Null, new WebSocketCreationOptions { IsServer = false });
        var outbox = new RealtimeOutbox(AudioCodec.Pcm16, TimeSpan.FromSeconds(2));
        Task writer = Task.Run(() => outbox.RunAsync(socket, CancellationToken.None));
        short[] frame = RealtimeSessionTests.Tone(24000, frames: 1);
        Func<bool> sent = () => outbox.QueuedFrames == 0;

        long Measure(int frames)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < frames; i++)
            {
                outbox.EnqueueAudio(frame);
                Assert.True(SpinWait.SpinUntil(sent, TimeSpan.FromSeconds(5)));
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Measure(200);
        long allocated = Measure(1000);
        outbox.Complete();
        await writer;

        Assert.Equal(0, outbox.DroppedFrames);
        Assert.True(allocated / 1000 < 16, $"{allocated} bytes for 1000 frames");
    }
}

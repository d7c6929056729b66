using ClutchCall.Media.Codecs;
using ClutchCall.Media.Jitter;
using ClutchCall.Media.Pipeline;
using ClutchCall.Media.Tests.Support;

namespace ClutchCall.Media.Tests.Pipeline;

/// <summary>The receive path end to end: lossy, jittery Opus packets -> jitter buffer -> FEC/PLC -> transcoder to G.711.</summary>
public sealed class ReceivePathTests
{
    [Fact]
    public void Lossy_jittery_opus_becomes_a_steady_g711_stream_with_fec_recovery()
    {
        var opus = new AudioFormat(AudioCodec.Opus, 48000);
        var g711 = new AudioFormat(AudioCodec.G711Ulaw, 8000);
        short[] source = Signals.SpeechLike(48000, 3);
        byte[][] packets = TranscoderTests.EncodeAll(opus, source, int.MaxValue); // default options carry FEC

        var random = new Random(5);
        var arrivals = packets.Select((p, i) => (Index: i, At: (i * 20) + random.Next(60)))
            .Where(a => a.Index % 7 != 3) // every 7th packet lost on the wire
            .OrderBy(a => a.At)
            .ToList();

        var jitter = new JitterBuffer(new JitterBufferOptions { ClockRate = 48000 });
        using var transcoder = new Transcoder(opus, g711);
        var payload = new byte[1500];
        var next = new byte[1500];
        var ulaw = new byte[transcoder.MaxOutputFrameBytes];
        int outputFrames = 0, recovered = 0, a = 0;
        for (int now = 0; now < (packets.Length * 20) + 400; now += 20)
        {
            for (; a < arrivals.Count && arrivals[a].At <= now; a++)
            {
                int i = arrivals[a].Index;
                jitter.Push((ushort)(60000 + i), (uint)(i * 960), packets[i], arrivals[a].At);
            }

            JitterFrame frame = jitter.Pop(now, payload);
            switch (frame.Kind)
            {
                case JitterFrameKind.Frame:
                    transcoder.Write(payload.AsSpan(0, frame.PayloadLength));
                    break;
                case JitterFrameKind.Lost when jitter.TryPeek(frame.SequenceNumber + 1, next, out int length):
                    transcoder.WriteRecovered(next.AsSpan(0, length));
                    recovered++;
                    break;
                case JitterFrameKind.Lost or JitterFrameKind.Conceal:
                    transcoder.WriteLost();
                    break;
            }

            while (transcoder.TryRead(ulaw, out int n))
            {
                Assert.Equal(160, n);
                outputFrames++;
            }
        }

        JitterBufferStats stats = jitter.Stats;
        Assert.Equal(packets.Length / 7, stats.Lost, tolerance: 2);
        Assert.True(recovered >= stats.Lost - 2, $"recovered {recovered} of {stats.Lost}");
        Assert.Equal(0, stats.Duplicates);
        Assert.InRange(outputFrames, packets.Length - 1, packets.Length + 25); // one 20 ms frame per tick once playing
    }
}

using ClutchCall.Media.Codecs;
using ClutchCall.Sip.Rtp;

namespace ClutchCall.Sip.Interop.Tests;

/// <summary>Receives and decodes G.711 frames from a call, and paces speech out to it at 20 ms per frame.</summary>
public static class AudioCapture
{
    public static async Task<short[]> ReceiveAsync(IRtpMediaChannel media, TimeSpan duration)
    {
        var pcm = new List<short>();
        using var cts = new CancellationTokenSource(duration);
        var buffer = new short[1024];
        try
        {
            while (true)
            {
                var frame = await media.Frames.ReadAsync(cts.Token);
                var n = frame.Payload.Length;
                if (frame.PayloadType == 0) G711.DecodeMuLaw(frame.Payload.Span, buffer.AsSpan(0, n));
                else if (frame.PayloadType == 8) G711.DecodeALaw(frame.Payload.Span, buffer.AsSpan(0, n));
                else continue;
                pcm.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (OperationCanceledException) { }
        return [.. pcm];
    }

    public static async Task SendAsync(IRtpMediaChannel media, short[] pcm, TimeSpan duration)
    {
        var frames = (int)(duration.TotalMilliseconds / 20);
        var payload = new byte[160];
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        for (var i = 0; i < frames && (i + 1) * 160 <= pcm.Length; i++)
        {
            var slice = pcm.AsSpan(i * 160, 160);
            if (media.Codec.PayloadType == 8) G711.EncodeALaw(slice, payload); else G711.EncodeMuLaw(slice, payload);
            await media.SendFrameAsync(payload, 160);
            await timer.WaitForNextTickAsync();
        }
    }
}

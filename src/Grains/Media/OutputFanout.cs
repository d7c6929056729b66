using ClutchCall.Media;
using ClutchCall.Media.Pipeline;

namespace ClutchCall.Grains.Media;

/// <summary>
/// One encode for every bridge that wants the same format: ten subscribers to Opus 48 kHz cost one Transcoder.
/// The transcoder is rebuilt only when the input format changes (the uplink source switched). Loop-owned.
/// </summary>
internal sealed class OutputFanout(AudioFormat output) : IDisposable
{
    private Transcoder? _transcoder;
    private byte[] _encoded = [];

    public AudioFormat Output { get; } = output;

    public List<BridgeEndpoint> Endpoints { get; } = [];

    /// <summary>Transcodes one input frame and sends every finished output frame, stamped with <paramref name="timestampUs"/>.</summary>
    public void Push(AudioFormat input, ReadOnlySpan<byte> payload, long timestampUs)
    {
        if (_transcoder is null || _transcoder.Input != input)
        {
            _transcoder?.Dispose();
            _transcoder = new Transcoder(input, Output);
            if (_encoded.Length < _transcoder.MaxOutputFrameBytes)
            {
                _encoded = new byte[_transcoder.MaxOutputFrameBytes];
            }
        }
        try
        {
            _transcoder.Write(payload);
        }
        catch (ArgumentException)
        {
            _transcoder.WriteLost(); // a PCM payload of the wrong size: conceal, keep the cadence
        }
        while (_transcoder.TryRead(_encoded, out var n))
        {
            var frame = MediaFrames.Build(timestampUs, _encoded.AsSpan(0, n));
            foreach (var endpoint in Endpoints)
            {
                if (endpoint.Channel.TrySend(frame))
                {
                    endpoint.CountOut();
                }
            }
        }
    }

    public void Dispose() => _transcoder?.Dispose();
}

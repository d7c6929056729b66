using System.Buffers;
using BenchmarkDotNet.Attributes;
using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Data;
using ClutchCall.Moqt.Messages;

namespace ClutchCall.Moqt.Benchmarks;

/// <summary>Encode/decode cost of control messages and of one audio object (header + 160-byte payload + timestamp).</summary>

[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly byte[] _payload = new byte[160];
    private Subscribe _subscribe = null!;
    private byte[] _subscribeBytes = null!;
    private byte[] _objectStream = null!;

    [GlobalSetup]
    public void Setup()
    {
        _subscribe = new Subscribe(42, new TrackNamespace("voice", "CA0123456789"), "downlink", 128, GroupOrder.Ascending, true, FilterType.NextGroupStart, null, null,
            new MoqtParameters().AddVarInt(MessageParameterType.DeliveryTimeout, 200));
        _subscribeBytes = ControlMessageCodec.EncodeToArray(_subscribe, MoqtVersion.Draft14);
        _buffer.ResetWrittenCount();
        EncodeAudioObject();
        _objectStream = _buffer.WrittenSpan.ToArray();
    }

    /// <summary>Baseline: copying the payload alone, the least any framing can cost.</summary>
    [Benchmark(Baseline = true)]
    public int CopyPayloadOnly()
    {
        _buffer.ResetWrittenCount();
        _buffer.Write(_payload);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int EncodeSubscribe()
    {
        _buffer.ResetWrittenCount();
        ControlMessageCodec.Encode(_buffer, _subscribe, MoqtVersion.Draft14);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public ControlMessage? DecodeSubscribe()
    {
        ControlMessageCodec.TryDecode(_subscribeBytes, MoqtVersion.Draft14, out ControlMessage? message, out _, out _);
        return message;
    }

    [Benchmark]
    public int EncodeAudioObject()
    {
        _buffer.ResetWrittenCount();
        SubgroupHeader.ForGroup(7, 123456, SubgroupHeader.DefaultPriority, hasExtensions: true).Encode(_buffer);
        Span<byte> ext = stackalloc byte[16];
        int extLength = ObjectExtensions.WriteCaptureTimestamp(ext, 1_763_770_000_000_000);
        var writer = new MoqtWriter(_buffer);
        SubgroupObject.Encode(ref writer, 0, true, ext[..extLength], _payload);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int DecodeAudioObject()
    {
        SubgroupHeader.TryDecode(_objectStream, out SubgroupHeader header, out int used, out _);
        SubgroupObject.TryDecode(_objectStream.AsSpan(used), header.HasExtensions, null, out SubgroupObject obj, out _, out _);
        ObjectExtensions.TryGetCaptureTimestamp(obj.Extensions, out ulong micros);
        return obj.Payload.Length + (int)(micros & 1);
    }
}

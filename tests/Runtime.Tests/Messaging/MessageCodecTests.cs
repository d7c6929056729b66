using System.Buffers;
using ClutchCall.Runtime.Messaging;
using FsCheck;
using FsCheck.Fluent;

namespace ClutchCall.Runtime.Tests.Messaging;

public sealed class MessageCodecTests
{
    private static readonly GrainRequest Request = new(new GrainId("call", "CA1/ü"), 42, "ICallGrain.GetAsync", "[1,\"x\"]"u8.ToArray())
    {
        TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        CallChain = "call/CA0\ncall/CA9",
    };
    private static readonly GrainResponse Response = new(ResponseStatus.NotOwner, 7, "silo@3", "{\"a\":1}"u8.ToArray());

    private static byte[] Encode(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Requests_and_responses_round_trip()
    {
        var bytes = Encode(w =>
        {
            MessageCodec.WriteRequest(w, 99, Request);
            MessageCodec.WriteResponse(w, 100, Response);
        });
        var sequence = new ReadOnlySequence<byte>(bytes);
        Assert.True(MessageCodec.TryReadFrame(ref sequence, 1 << 20, out var kind, out var correlation, out var message));
        Assert.Equal((FrameKind.Request, 99UL), (kind, correlation));
        var request = Assert.IsType<GrainRequest>(message);
        Assert.Equal((Request.Grain, Request.Epoch, Request.Method), (request.Grain, request.Epoch, request.Method));
        Assert.Equal((Request.TraceParent, Request.CallChain), (request.TraceParent, request.CallChain));
        Assert.Equal(Request.Arguments.ToArray(), request.Arguments.ToArray());
        Assert.True(MessageCodec.TryReadFrame(ref sequence, 1 << 20, out kind, out correlation, out message));
        var response = Assert.IsType<GrainResponse>(message);
        Assert.Equal((FrameKind.Response, 100UL), (kind, correlation));
        Assert.Equal((Response.Status, Response.Epoch, Response.OwnerHint), (response.Status, response.Epoch, response.OwnerHint));
        Assert.True(sequence.IsEmpty);
    }

    [Fact]
    public void Every_prefix_of_a_frame_asks_for_more_and_consumes_nothing()
    {
        var bytes = Encode(w => MessageCodec.WriteRequest(w, 1, Request));
        for (var n = 0; n < bytes.Length; n++)
        {
            var sequence = new ReadOnlySequence<byte>(bytes, 0, n);
            Assert.False(MessageCodec.TryReadFrame(ref sequence, 1 << 20, out _, out _, out _));
            Assert.Equal(n, sequence.Length);
        }
    }

    [Fact]
    public void A_frame_split_across_segments_at_any_point_decodes()
    {
        var bytes = Encode(w => MessageCodec.WriteRequest(w, 5, Request));
        for (var split = 1; split < bytes.Length; split++)
        {
            var sequence = TestSequences.Split(bytes, split);
            Assert.True(MessageCodec.TryReadFrame(ref sequence, 1 << 20, out _, out var correlation, out var message));
            Assert.Equal(5UL, correlation);
            Assert.Equal(Request.Method, ((GrainRequest)message!).Method);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 3, 1, 0, 0 })]
    [InlineData(new byte[] { 0x7f, 0xff, 0xff, 0xff, 1 })]
    [InlineData(new byte[] { 0, 0, 0, 9, 9, 0, 0, 0, 0, 0, 0, 0, 1 })]
    [InlineData(new byte[] { 0, 0, 0, 12, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 50, 65 })]
    public void Malformed_frames_are_rejected_as_invalid_data(byte[] bytes)
    {
        var sequence = new ReadOnlySequence<byte>(bytes);
        Assert.Throws<InvalidDataException>(() => MessageCodec.TryReadFrame(ref sequence, 1 << 20, out _, out _, out _));
    }

    [Fact]
    public void Arbitrary_bytes_never_fail_other_than_as_invalid_data()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), (byte[] bytes) =>
        {
            var sequence = new ReadOnlySequence<byte>(bytes);
            try
            {
                while (MessageCodec.TryReadFrame(ref sequence, 4096, out _, out _, out _))
                {
                }
                return true;
            }
            catch (InvalidDataException)
            {
                return true;
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Mutated_valid_frames_never_fail_other_than_as_invalid_data()
    {
        var valid = Encode(w => MessageCodec.WriteRequest(w, 1, Request));
        var random = new Random(1234);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = (byte[])valid.Clone();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
            var sequence = new ReadOnlySequence<byte>(bytes);
            try
            {
                MessageCodec.TryReadFrame(ref sequence, 1 << 20, out _, out _, out _);
            }
            catch (InvalidDataException)
            {
            }
        }
    }
}

internal static class TestSequences
{
    public static ReadOnlySequence<byte> Split(byte[] bytes, int at)
    {
        var first = new Segment(bytes.AsMemory(0, at), 0);
        var second = first.Append(bytes.AsMemory(at));
        return new ReadOnlySequence<byte>(first, 0, second, second.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Messages;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Session;
using ClutchCall.Moqt.Transport;
using ClutchCall.Moqt.Transport.Mux;

namespace ClutchCall.Moqt.Tests;

/// <summary>Garbage on a live session's control and data streams ends the session with a MoQT error code, nothing else.</summary>
public sealed class SessionFuzzTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(101)]
    [InlineData(102)]
    [InlineData(103)]
    [InlineData(104)]
    [InlineData(105)]
    public async Task RandomControlBytes_CloseTheSessionWithAnErrorCode(int seed)
    {
        var random = new Random(seed);
        var origin = new MoqtOrigin();
        origin.GetOrCreate(MessageVectors.Voice).GetOrCreateTrack("downlink");
        var (clientTransport, serverTransport) = InMemoryFrameLink.CreateTransportPair();
        Task<MoqtSession> accept = MoqtSession.AcceptAsync(serverTransport, origin);
        IMoqtBidiStream control = await clientTransport.OpenBidirectionalStreamAsync();
        await RawControl.SendAsync(control, RawControl.Setup());
        await RawControl.ReadAsync(control.Input);
        await using MoqtSession server = await accept;

        byte[][] corpus = [.. MessageVectors.All().Select(m => ControlMessageCodec.EncodeToArray(m, MoqtVersion.Draft14))];
        for (int i = 0; i < 20 && !server.Completion.IsCompleted; i++)
        {
            byte[] message = corpus[random.Next(corpus.Length)];
            byte[] mutated = [.. message];
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            try
            {
                await control.WriteAsync(random.Next(3) == 0 ? message : mutated, endStream: false);
            }
            catch (MoqtStreamException)
            {
                break; // already closed by the server
            }
        }

        if (!server.Completion.IsCompleted)
        {
            try
            {
                await control.WriteAsync(new byte[] { 0x3F, 0x00, 0x00 }, endStream: false); // unknown type
            }
            catch (MoqtStreamException)
            {
            }
        }

        TransportCloseInfo closed = await server.Completion.WaitAsync(Wait);
        Assert.True(Enum.IsDefined((MoqtErrorCode)closed.ErrorCode) && closed.ErrorCode != 0, $"closed with {closed}");
    }

    [Theory]
    [InlineData(201)]
    [InlineData(202)]
    [InlineData(203)]
    public async Task RandomDataStreams_NeverCrash_AndGarbageClosesWithProtocolViolation(int seed)
    {
        var random = new Random(seed);
        var (clientTransport, serverTransport) = InMemoryFrameLink.CreateTransportPair();
        Task<MoqtSession> connect = MoqtSession.ConnectAsync(clientTransport);
        IMoqtBidiStream control = (await serverTransport.AcceptBidirectionalStreamAsync())!;
        await RawControl.ReadAsync(control.Input);
        await RawControl.SendAsync(control, new ServerSetup(MoqtVersion.Draft14Number, new MoqtParameters().AddVarInt(SetupParameterType.MaxRequestId, 10)));
        await using MoqtSession client = await connect;
        Task<MoqtSubscription> subscribe = client.SubscribeAsync(MessageVectors.Voice, "downlink");
        var request = (Subscribe)await RawControl.ReadAsync(control.Input);
        await RawControl.SendAsync(control, new SubscribeOk(request.RequestId, 0, 0, GroupOrder.Ascending, null, new MoqtParameters()));
        await subscribe;

        for (int i = 0; i < 30 && !client.Completion.IsCompleted; i++)
        {
            byte[] bytes = new byte[random.Next(1, 40)];
            random.NextBytes(bytes);
            if (random.Next(2) == 0) bytes[0] = (byte)(0x10 + random.Next(16)); // plausible stream types
            try
            {
                IMoqtSendStream stream = await serverTransport.OpenUnidirectionalStreamAsync();
                await stream.WriteAsync(bytes, endStream: true);
            }
            catch (MoqtStreamException)
            {
                break;
            }
        }

        if (!client.Completion.IsCompleted)
        {
            IMoqtSendStream bad = await serverTransport.OpenUnidirectionalStreamAsync();
            await bad.WriteAsync(new byte[] { 0x30, 0x00 }, endStream: true);
        }

        TransportCloseInfo closed = await client.Completion.WaitAsync(Wait);
        Assert.Equal((ulong)MoqtErrorCode.ProtocolViolation, closed.ErrorCode);
    }
}

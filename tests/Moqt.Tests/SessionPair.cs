using System.Buffers;
using System.IO.Pipelines;
using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Messages;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Session;
using ClutchCall.Moqt.Transport;
using ClutchCall.Moqt.Transport.Mux;

namespace ClutchCall.Moqt.Tests;

/// <summary>A real client and server session joined by an in-memory polyfill link.</summary>
internal sealed class SessionPair : IAsyncDisposable
{
    private SessionPair(MoqtSession client, MoqtSession server)
    {
        Client = client;
        Server = server;
    }

    public MoqtSession Client { get; }

    public MoqtSession Server { get; }

    public static async Task<SessionPair> CreateAsync(MoqtOrigin? serverOrigin = null, MoqtOrigin? clientOrigin = null, MoqtSessionOptions? serverOptions = null, MoqtSessionOptions? clientOptions = null, TimeProvider? serverTime = null)
    {
        var (clientTransport, serverTransport) = InMemoryFrameLink.CreateTransportPair();
        Task<MoqtSession> server = MoqtSession.AcceptAsync(serverTransport, serverOrigin, serverOptions, time: serverTime);
        MoqtSession client = await MoqtSession.ConnectAsync(clientTransport, clientOrigin, clientOptions);
        return new SessionPair(client, await server);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>Writes and reads raw control messages on a stream, to play a misbehaving peer.</summary>
internal static class RawControl
{
    public static async Task SendAsync(IMoqtSendStream stream, ControlMessage message, MoqtVersion? version = null)
    {
        byte[] bytes = ControlMessageCodec.EncodeToArray(message, version ?? MoqtVersion.Draft14);
        await stream.WriteAsync(bytes, endStream: false);
    }

    public static async Task<ControlMessage> ReadAsync(PipeReader input)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            ReadResult result = await input.ReadAsync(timeout.Token);
            ReadOnlySequence<byte> buffer = result.Buffer;
            DecodeStatus status = ControlMessageCodec.TryDecode(buffer, MoqtVersion.Draft14, out ControlMessage? message, out int consumed, out DecodeError error);
            if (status == DecodeStatus.Done)
            {
                input.AdvanceTo(buffer.GetPosition(consumed));
                return message!;
            }

            Assert.NotEqual(DecodeStatus.Invalid, status);
            input.AdvanceTo(buffer.Start, buffer.End);
            Assert.False(result.IsCompleted, "stream ended: " + error);
        }
    }

    public static ClientSetup Setup(ulong maxRequestId = 100, params ulong[] versions) =>
        new(versions.Length == 0 ? [MoqtVersion.Draft14Number] : versions, new MoqtParameters().AddVarInt(SetupParameterType.MaxRequestId, maxRequestId));
}

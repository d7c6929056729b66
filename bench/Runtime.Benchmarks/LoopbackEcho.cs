using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ClutchCall.Runtime.Benchmarks;

/// <summary>The floor for any cross-process call: a length-prefixed echo over loopback TCP, nothing else.</summary>
internal sealed class LoopbackEcho : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public LoopbackEcho()
    {
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            client.NoDelay = true;
            _ = Task.Run(async () =>
            {
                var stream = client.GetStream();
                var buffer = new byte[64 * 1024];
                while (true)
                {
                    var n = await stream.ReadAsync(buffer);
                    if (n == 0)
                    {
                        break;
                    }
                    await stream.WriteAsync(buffer.AsMemory(0, n));
                }
            });
        }
    }

    public static async Task<Func<Task>> ConnectAsync(int port, int payload)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        var frame = new byte[4 + payload];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload);
        var reply = new byte[frame.Length];
        return async () =>
        {
            await stream.WriteAsync(frame);
            await stream.ReadExactlyAsync(reply);
        };
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await Task.CompletedTask;
    }
}

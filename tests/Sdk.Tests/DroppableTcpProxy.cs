using System.Net;
using System.Net.Sockets;

namespace ClutchCall.Sdk.Tests;

/// <summary>A loopback TCP relay whose live connections a test can cut, to drop an SSE stream mid-flight.</summary>
internal sealed class DroppableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly List<TcpClient> _live = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public DroppableTcpProxy(Uri target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public int Connections { get; private set; }

    /// <summary>Resets every open connection, as a network failure would.</summary>
    public void DropAll()
    {
        lock (_live)
        {
            foreach (var client in _live)
            {
                try
                {
                    // Linger 0 sends RST: the peer sees a broken connection, not a clean end of stream.
                    client.Client?.LingerState = new LingerOption(true, 0);
                }
                catch (ObjectDisposedException)
                {
                    // The pump already closed it.
                }
                client.Dispose();
            }
            _live.Clear();
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
                var outbound = new TcpClient();
                await outbound.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                lock (_live)
                {
                    _live.Add(inbound);
                    _live.Add(outbound);
                    Connections++;
                }
                _ = PumpAsync(inbound, outbound);
                _ = PumpAsync(outbound, inbound);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        DropAll();
        await _accepting;
        _stop.Dispose();
    }
}

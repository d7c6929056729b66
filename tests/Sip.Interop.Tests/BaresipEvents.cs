using System.Net.Sockets;
using System.Text;

namespace ClutchCall.Sip.Interop.Tests;

/// <summary>Collects the event frames baresip's ctrl_tcp pushes ("CALL_DTMF_START", "CALL_CLOSED"...).</summary>
public sealed class BaresipEvents : IDisposable
{
    private readonly TcpClient _client;
    private readonly StringBuilder _text = new();
    private readonly Task _reader;

    public BaresipEvents(TcpClient client)
    {
        _client = client;
        _reader = Task.Run(ReadAsync);
    }

    public string Text { get { lock (_text) return _text.ToString(); } }

    private async Task ReadAsync()
    {
        var buffer = new byte[4096];
        try
        {
            var stream = _client.GetStream();
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0)
            {
                lock (_text) _text.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
    }

    /// <summary>Sends a command on this connection (baresip 1.0 pushes events to the newest ctrl_tcp client only).</summary>
    public async Task SendCommandAsync(string command, string parameters = "")
    {
        var json = $"{{\"command\":\"{command}\",\"params\":\"{parameters}\",\"token\":\"e1\"}}";
        await _client.GetStream().WriteAsync(Encoding.UTF8.GetBytes($"{Encoding.UTF8.GetByteCount(json)}:{json},"));
    }

    public async Task<bool> WaitForAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition(Text)) return true;
            await Task.Delay(50);
        }
        return condition(Text);
    }

    public void Dispose() => _client.Dispose();
}

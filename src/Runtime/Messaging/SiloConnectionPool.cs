using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ClutchCall.Runtime.Messaging;

/// <summary>One connection per remote silo endpoint, dialled on first use and replaced when it breaks.</summary>
internal sealed class SiloConnectionPool(IOptions<MessagingOptions> options) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<SiloConnection>>> _connections = new(StringComparer.Ordinal);
    private readonly int _maxFrameBytes = options.Value.MaxFrameBytes;

    public async Task<SiloConnection> GetAsync(string endpoint, CancellationToken ct)
    {
        while (true)
        {
            var entry = _connections.GetOrAdd(endpoint, e => new Lazy<Task<SiloConnection>>(
                () => SiloConnection.ConnectAsync(e, _maxFrameBytes, CancellationToken.None)));
            try
            {
                var connection = await entry.Value.WaitAsync(ct);
                if (!connection.IsClosed)
                {
                    return connection;
                }
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                _connections.TryRemove(new KeyValuePair<string, Lazy<Task<SiloConnection>>>(endpoint, entry));
                throw;
            }
            _connections.TryRemove(new KeyValuePair<string, Lazy<Task<SiloConnection>>>(endpoint, entry));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var entry in _connections.Values)
        {
            if (entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
            {
                await entry.Value.Result.DisposeAsync();
            }
        }
        _connections.Clear();
    }
}

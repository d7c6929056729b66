namespace ClutchCall.Gateway.Tests;

/// <summary>A minimal SSE reader for tests: collects id/event/data until a blank line.</summary>
internal sealed class SseTestReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseTestReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public static async Task<SseTestReader> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseTestReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>Comment lines seen so far (heartbeats).</summary>
    public int Comments { get; private set; }

    public async Task<(string Id, string Type, string Data)> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        string? id = null, type = null;
        var data = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cts.Token) ?? throw new EndOfStreamException();
            if (line.Length == 0)
            {
                if (id is not null)
                {
                    return (id, type ?? "message", string.Join("\n", data));
                }
                continue;
            }
            if (line.StartsWith(':')) Comments++;
            else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Add(line[6..]);
        }
    }

    /// <summary>Reads until an event satisfies the predicate; returns every event read.</summary>
    public async Task<List<(string Id, string Type, string Data)>> UntilAsync(Func<(string Id, string Type, string Data), bool> stop)
    {
        var all = new List<(string, string, string)>();
        while (true)
        {
            var e = await NextAsync();
            all.Add(e);
            if (stop(e))
            {
                return all;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}

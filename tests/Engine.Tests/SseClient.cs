using System.Net.Http.Headers;

namespace ClutchCall.Engine.Tests;

/// <summary>A minimal Server-Sent Events reader: enough to follow a supervisor stream and resume it.</summary>
internal sealed class SseClient(HttpClient http) : IDisposable
{
    private Stream? _body;
    private StreamReader? _reader;

    public sealed record Event(string Id, string Type, string Data);

    public async Task ConnectAsync(string url, string? lastEventId, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        _body = await response.Content.ReadAsStreamAsync(ct);
        _reader = new StreamReader(_body);
    }

    /// <summary>The next event, skipping comments; null when the stream ended.</summary>
    public async Task<Event?> NextAsync(CancellationToken ct)
    {
        string? id = null, type = null;
        var data = new List<string>();
        while (await _reader!.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0 || type is not null)
                {
                    return new Event(id ?? "", type ?? "message", string.Join('\n', data));
                }
                continue;
            }
            if (line.StartsWith(':'))
            {
                continue;
            }
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": type = value; break;
                case "data": data.Add(value); break;
            }
        }
        return null;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _body?.Dispose();
    }
}

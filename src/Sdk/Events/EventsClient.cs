using System.Runtime.CompilerServices;
using System.Text.Json;
using ClutchCall.Sdk.Events;
using ClutchCall.Sdk.Http;

namespace ClutchCall.Sdk;

/// <summary>Supervisor event streams (Server-Sent Events) that survive dropped connections.</summary>
public sealed class EventsClient
{
    private readonly VoiceHttp _http;
    private readonly TimeSpan _reconnectDelay;

    internal EventsClient(VoiceHttp http, TimeSpan reconnectDelay) => (_http, _reconnectDelay) = (http, reconnectDelay);

    /// <summary>
    /// Streams events of one call (callSid given) or of the whole org, from the start of the stream or after
    /// <paramref name="lastEventId"/>. When the connection drops it reconnects with Last-Event-ID, so nothing is
    /// missed or repeated. Ends only by cancellation, or by an error the engine will not recover from (401/403/404).
    /// </summary>
    /// <param name="callSid">One call's stream; null for every call of the org.</param>
    /// <param name="lastEventId">Resume after this id (from <see cref="VoiceEvent.Id"/>).</param>
    /// <param name="fromNow">Without lastEventId: skip the history and start with events from now on.</param>
    /// <param name="ct">Ends the subscription.</param>
    public async IAsyncEnumerable<VoiceEvent> SubscribeAsync(
        string? callSid = null, string? lastEventId = null, bool fromNow = false, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var path = callSid is null ? _http.OrgPath("events") : _http.CallPath(callSid, "events");
        if (fromNow)
        {
            path += "?since=now";
        }
        var parser = new SseParser(lastEventId);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var response = await ConnectAsync(path, parser.LastEventId, ct).ConfigureAwait(false);
            if (response is not null)
            {
                using (response)
                using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false)))
                {
                    while (await ReadEventAsync(reader, parser, ct).ConfigureAwait(false) is { } message)
                    {
                        using var document = JsonDocument.Parse(message.Data);
                        yield return new VoiceEvent(message.Id ?? "", message.Type, document.RootElement.Clone());
                    }
                }
            }
            await Task.Delay(parser.Retry ?? _reconnectDelay, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Null on a transient failure (network, 5xx, 429): the caller waits and tries again.</summary>
    private async Task<HttpResponseMessage?> ConnectAsync(string path, string? lastEventId, CancellationToken ct)
    {
        var request = _http.Request(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        try
        {
            return await _http.OpenStreamAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
        catch (VoiceApiException e) when (e.Status >= 500 || e.Status == 429)
        {
            return null;
        }
        finally
        {
            request.Dispose();
        }
    }

    /// <summary>The next event, or null when the connection ended or broke.</summary>
    private static async Task<SseMessage?> ReadEventAsync(StreamReader reader, SseParser parser, CancellationToken ct)
    {
        try
        {
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                if (parser.Feed(line) is { } message)
                {
                    return message;
                }
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !ct.IsCancellationRequested)
        {
            // Dropped mid-stream: reconnect from the last id.
        }
        return null;
    }
}

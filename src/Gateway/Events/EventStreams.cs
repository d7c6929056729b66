using System.Text;
using ClutchCall.Gateway.Calls;
using ClutchCall.Gateway.Diagnostics;
using ClutchCall.Gateway.Problems;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClutchCall.Gateway.Events;

/// <summary>
/// Supervisor event streams over SSE, read from the grains' event log. Last-Event-ID (header, or ?lastEventId=)
/// resumes after the given id, so a reconnecting client misses nothing the log still holds. Without one the stream
/// starts at the oldest event kept, or at the present with ?since=now.
/// </summary>
internal static class EventStreams
{
    private const int BatchSize = 100;

    /// <summary>Tells EventSource clients to reconnect after one second.</summary>
    private const int RetryMs = 1000;

    public static async Task<IResult> CallAsync(string orgId, string sid, HttpContext http, IGrainStateReader states, IEventLog log, IOptions<VoiceGatewayOptions> options)
    {
        if (await CallQueries.ReadAsync(orgId, sid, states, http.RequestAborted) is null)
        {
            return ApiProblem.NotFound();
        }
        return await StreamAsync(http, CallStreams.ForCall(sid), log, options.Value.SseHeartbeat);
    }

    public static Task<IResult> OrgAsync(string orgId, HttpContext http, IEventLog log, IOptions<VoiceGatewayOptions> options) =>
        StreamAsync(http, CallStreams.ForOrg(orgId), log, options.Value.SseHeartbeat);

    private static async Task<IResult> StreamAsync(HttpContext http, string stream, IEventLog log, TimeSpan heartbeat)
    {
        var cursor = http.Request.Headers["Last-Event-ID"].ToString();
        if (cursor.Length == 0)
        {
            cursor = http.Request.Query["lastEventId"].ToString();
        }
        if (cursor.Length > 0 && !IsEventId(cursor))
        {
            return ApiProblem.BadRequest("Last-Event-ID must be an id this stream sent (\"ms-seq\").", "Last-Event-ID");
        }
        var since = http.Request.Query["since"].ToString();
        if (since.Length > 0 && since != "now")
        {
            return ApiProblem.BadRequest("since accepts only \"now\".", "since");
        }
        if (cursor.Length == 0 && since == "now")
        {
            // Ids are "ms-seq" in the log's clock: start just before this millisecond, skipping the history.
            var time = http.RequestServices.GetRequiredService<TimeProvider>();
            cursor = $"{time.GetUtcNow().ToUnixTimeMilliseconds() - 1}-{long.MaxValue}";
        }
        var ct = http.RequestAborted;
        var response = http.Response;
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        SseWriter.PrepareResponse(response);
        await response.WriteAsync($"retry: {RetryMs}\n\n", ct);
        await response.Body.FlushAsync(ct);
        string? after = cursor.Length > 0 ? cursor : null;
        var metrics = http.RequestServices.GetRequiredService<GatewayMetrics>();
        metrics.EventStreamOpened();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var batch = await log.ReadAsync(stream, after, BatchSize, ct);
                if (batch.Count > 0)
                {
                    var text = new StringBuilder();
                    foreach (var e in batch)
                    {
                        text.Append(SseWriter.Format(e));
                    }
                    await response.WriteAsync(text.ToString(), ct);
                    await response.Body.FlushAsync(ct);
                    after = batch[^1].Id;
                    continue;
                }
                await log.WaitForEventsAsync(stream, after, heartbeat, ct);
                if ((await log.ReadAsync(stream, after, 1, ct)).Count == 0)
                {
                    // A comment line keeps proxies from closing an idle stream.
                    await response.WriteAsync(": heartbeat\n\n", ct);
                    await response.Body.FlushAsync(ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away: the normal end of a stream.
        }
        finally
        {
            metrics.EventStreamClosed();
        }
        return Results.Empty;
    }

    /// <summary>"ms-seq", both decimal.</summary>
    internal static bool IsEventId(string id)
    {
        var dash = id.IndexOf('-');
        return dash > 0 && dash < id.Length - 1 && id.Length <= 41
            && id.AsSpan(0, dash).IndexOfAnyExceptInRange('0', '9') < 0
            && id.AsSpan(dash + 1).IndexOfAnyExceptInRange('0', '9') < 0;
    }
}

using System.Text;
using ClutchCall.Runtime;
using Microsoft.AspNetCore.Http;

namespace ClutchCall.Gateway.Events;

/// <summary>Writes Server-Sent Events (WHATWG HTML "event stream" format): id, event, one data line per text line.</summary>
public static class SseWriter
{
    public const string ContentType = "text/event-stream";

    /// <summary>Formats one event. Ids and types are written as given; a CR or LF in them would split the frame, so they are refused.</summary>
    public static string Format(StoredEvent e)
    {
        if (e.Id.AsSpan().IndexOfAny('\r', '\n') >= 0 || e.Type.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("SSE ids and event types cannot contain line breaks.", nameof(e));
        }
        var sb = new StringBuilder(e.Data.Length + e.Type.Length + 48);
        sb.Append("id: ").Append(e.Id).Append('\n');
        sb.Append("event: ").Append(e.Type).Append('\n');
        foreach (var line in e.Data.ReplaceLineEndings("\n").Split('\n'))
        {
            sb.Append("data: ").Append(line).Append('\n');
        }
        return sb.Append('\n').ToString();
    }

    public static void PrepareResponse(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }
}

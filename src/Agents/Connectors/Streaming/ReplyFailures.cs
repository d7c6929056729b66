using System.Net;
using System.Text;
using ClutchCall.Agents.Sessions;

namespace ClutchCall.Agents.Connectors.Streaming;

/// <summary>
/// Turns what went wrong with an HTTP text reply into the stable codes of <see cref="AgentReplyException"/>:
/// <c>timeout</c>, <c>http_&lt;status&gt;</c>, <c>malformed</c>, <c>empty</c>, <c>truncated</c>, <c>connection_failed</c>.
/// A cancellation by the caller (a barge-in) stays an <see cref="OperationCanceledException"/>.
/// </summary>
internal static class ReplyFailures
{
    public const string Timeout = "timeout";
    public const string Malformed = "malformed";
    public const string Empty = "empty";
    public const string Truncated = "truncated";
    public const string ConnectionFailed = "connection_failed";
    public const string UpstreamError = "upstream_error";

    private const int ErrorSnippetBytes = 512;

    public static string HttpCode(HttpStatusCode status) => "http_" + ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Maps an exception thrown while sending the request or waiting for headers.</summary>
    public static Exception OnSend(Exception ex, ReplyDeadline deadline, string what) => ex switch
    {
        OperationCanceledException when deadline.CallerToken.IsCancellationRequested => ex,
        // Our idle timer, or HttpClient.Timeout: either way not a barge-in.
        OperationCanceledException =>
            new AgentReplyException(Timeout, $"{what} did not answer within the timeout.", ex),
        HttpRequestException => new AgentReplyException(ConnectionFailed, $"{what} could not be reached: {ex.Message}", ex),
        _ => ex,
    };

    /// <summary>Maps an exception thrown while reading the body.</summary>
    public static Exception OnRead(Exception ex, ReplyDeadline deadline, string what) => ex switch
    {
        OperationCanceledException when deadline.CallerToken.IsCancellationRequested => ex,
        OperationCanceledException =>
            new AgentReplyException(Timeout, $"{what} stopped sending within the timeout.", ex),
        LineTooLongException => new AgentReplyException(Malformed, ex.Message, ex),
        IOException or HttpRequestException => new AgentReplyException(Truncated, $"{what} reply was cut off: {ex.Message}", ex),
        _ => ex,
    };

    /// <summary>A non-2xx answer: the code names the status, the message quotes the start of the body.</summary>
    public static async Task<AgentReplyException> FromStatusAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        string snippet = string.Empty;
        try
        {
            using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            byte[] buffer = new byte[ErrorSnippetBytes];
            int length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
            snippet = Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            // The status is the news; a body we cannot read adds nothing.
        }

        return new AgentReplyException(HttpCode(response.StatusCode), $"{what} answered {(int)response.StatusCode}: {snippet}");
    }

    /// <summary>The media type of a reply, lower-case, without parameters; empty when absent.</summary>
    public static string MediaType(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant() ?? string.Empty;
}

using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using ClutchCall.Agents.Connectors.Streaming;
using ClutchCall.Agents.Sessions;

namespace ClutchCall.Agents.Connectors.Webhook;

/// <summary>
/// Webhook voice mode: each caller turn is POSTed, signed, as an <c>agent.message</c> event; the operator's server
/// answers with one JSON object or with NDJSON chunks (<c>"interim": true</c> until the last), and each chunk is handed
/// on as soon as its line arrives so speech starts on the first. Thread-safe; one instance can serve many calls.
/// </summary>
public sealed class WebhookTextAgent : ITextAgent
{
    private const string Who = "The webhook";
    private const int MaxJsonReplyBytes = 1 << 20;

    private readonly WebhookTextAgentOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public WebhookTextAgent(WebhookTextAgentOptions options, HttpClient http, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        options.Validate();
        _options = options;
        _http = http;
        _time = time ?? TimeProvider.System;
    }

    public async IAsyncEnumerable<ReplyChunk> ReplyAsync(TextTurn turn, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        using var deadline = new ReplyDeadline(_options.Timeout, _time, ct);
        using HttpResponseMessage response = await SendAsync(turn, deadline).ConfigureAwait(false);
        string mediaType = ReplyFailures.MediaType(response);
        if (mediaType is "application/x-ndjson" or "application/ndjson" or "application/jsonl")
        {
            await foreach (ReplyChunk chunk in ReadNdjsonAsync(response, deadline).ConfigureAwait(false))
            {
                yield return chunk;
            }

            yield break;
        }

        if (mediaType is not ("application/json" or "") && !mediaType.EndsWith("+json", StringComparison.Ordinal))
        {
            throw new AgentReplyException(ReplyFailures.Malformed, $"{Who} answered with content type '{mediaType}', not JSON or NDJSON.");
        }

        yield return await ReadSingleAsync(response, deadline).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(TextTurn turn, ReplyDeadline deadline)
    {
        string deliveryId = "evt_" + Guid.CreateVersion7().ToString("N");
        ReadOnlyMemory<byte> body = WebhookRequestBody.Write(deliveryId, _options.AgentId, turn);
        long now = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url)
        {
            Content = new ReadOnlyMemoryContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(WebhookSignature.DeliveryIdHeaderName, deliveryId);
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Sign(_options.Secret, now, body.Span));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        return await ReplyRequests.SendAsync(_http, request, deadline, Who).ConfigureAwait(false);
    }

    private static async Task<ReplyChunk> ReadSingleAsync(HttpResponseMessage response, ReplyDeadline deadline)
    {
        byte[] body;
        try
        {
            deadline.Arm();
            using Stream stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            body = await ReadBoundedAsync(stream, deadline).ConfigureAwait(false);
            deadline.Disarm();
        }
        catch (Exception ex) when (ReplyFailures.OnRead(ex, deadline, Who) is AgentReplyException mapped)
        {
            throw mapped;
        }

        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new AgentReplyException(ReplyFailures.Empty, $"{Who} answered with an empty body.");
        }

        if (!WebhookReplyParser.TryParse(body, out string text, out _, out string error))
        {
            throw new AgentReplyException(ReplyFailures.Malformed, $"{Who} reply is not valid: {error}.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new AgentReplyException(ReplyFailures.Empty, $"{Who} reply has no text to say.");
        }

        return new ReplyChunk(text, Interim: false);
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, ReplyDeadline deadline)
    {
        using var copy = new MemoryStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(buffer, deadline.Token).ConfigureAwait(false)) > 0)
        {
            deadline.Arm();
            if (copy.Length + read > MaxJsonReplyBytes)
            {
                throw new LineTooLongException(MaxJsonReplyBytes);
            }

            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }

    private static async IAsyncEnumerable<ReplyChunk> ReadNdjsonAsync(HttpResponseMessage response, ReplyDeadline deadline)
    {
        Stream stream;
        try
        {
            stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ReplyFailures.OnRead(ex, deadline, Who) is AgentReplyException mapped)
        {
            throw mapped;
        }

        await using (stream.ConfigureAwait(false))
        {
            var lines = new Utf8LineReader(stream);
            bool spoke = false;
            while (true)
            {
                var (status, line) = await NextLineAsync(lines, deadline).ConfigureAwait(false);
                if (status == LineStatus.End)
                {
                    throw spoke
                        ? new AgentReplyException(ReplyFailures.Truncated, $"{Who} stream ended before its final chunk.")
                        : new AgentReplyException(ReplyFailures.Empty, $"{Who} stream ended without a chunk.");
                }

                if (line.Span.Trim(" \t"u8).IsEmpty)
                {
                    continue;
                }

                if (!WebhookReplyParser.TryParse(line.Span, out string text, out bool interim, out string error))
                {
                    throw status == LineStatus.PartialAtEnd
                        ? new AgentReplyException(ReplyFailures.Truncated, $"{Who} stream was cut inside a line.")
                        : new AgentReplyException(ReplyFailures.Malformed, $"{Who} sent a bad NDJSON line: {error}.");
                }

                if (interim)
                {
                    if (text.Length > 0)
                    {
                        spoke = true;
                        yield return new ReplyChunk(text, Interim: true);
                    }

                    if (status == LineStatus.PartialAtEnd)
                    {
                        throw new AgentReplyException(ReplyFailures.Truncated, $"{Who} stream ended before its final chunk.");
                    }

                    continue;
                }

                if (!spoke && string.IsNullOrWhiteSpace(text))
                {
                    throw new AgentReplyException(ReplyFailures.Empty, $"{Who} reply has no text to say.");
                }

                yield return new ReplyChunk(text, Interim: false);
                yield break;
            }
        }
    }

    private static async ValueTask<(LineStatus Status, ReadOnlyMemory<byte> Line)> NextLineAsync(Utf8LineReader lines, ReplyDeadline deadline)
    {
        try
        {
            deadline.Arm();
            var next = await lines.ReadLineAsync(deadline.Token).ConfigureAwait(false);
            deadline.Disarm();
            return next;
        }
        catch (Exception ex) when (ReplyFailures.OnRead(ex, deadline, Who) is AgentReplyException mapped)
        {
            throw mapped;
        }
    }
}

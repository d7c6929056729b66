using System.Buffers;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using ClutchCall.Agents.Connectors.Streaming;
using ClutchCall.Agents.Sessions;

namespace ClutchCall.Agents.Connectors.Chat;

/// <summary>
/// Hosted voice mode: the turn goes to an OpenAI-compatible <c>POST {BaseUrl}/chat/completions</c> with
/// <c>stream: true</c>; the server-sent token stream is cut at sentence ends into interim chunks (speech starts after the
/// first sentence), and the rest after <c>[DONE]</c> is the final chunk. Thread-safe; one instance can serve many calls.
/// </summary>
public sealed class ChatCompletionsTextAgent : ITextAgent
{
    private const string Who = "The chat API";
    private static ReadOnlySpan<byte> DoneMarker => "[DONE]"u8;

    private readonly ChatCompletionsOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly Uri _url;

    public ChatCompletionsTextAgent(ChatCompletionsOptions options, HttpClient http, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        options.Validate();
        _options = options;
        _http = http;
        _time = time ?? TimeProvider.System;
        _url = options.CompletionsUrl;
    }

    public async IAsyncEnumerable<ReplyChunk> ReplyAsync(TextTurn turn, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        using var deadline = new ReplyDeadline(_options.Timeout, _time, ct);
        using HttpResponseMessage response = await SendAsync(turn, deadline).ConfigureAwait(false);
        string mediaType = ReplyFailures.MediaType(response);
        Stream stream;
        try
        {
            deadline.Arm();
            stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            deadline.Disarm();
        }
        catch (Exception ex) when (ReplyFailures.OnRead(ex, deadline, Who) is AgentReplyException mapped)
        {
            throw mapped;
        }

        await using (stream.ConfigureAwait(false))
        {
            var lines = new Utf8LineReader(stream);
            if (mediaType != "text/event-stream")
            {
                yield return await ReadWholeCompletionAsync(lines, deadline).ConfigureAwait(false);
                yield break;
            }

            var events = new SseEventAssembler();
            var sentences = new SentenceChunker();
            bool spoke = false;
            while (true)
            {
                var (status, line) = await NextLineAsync(lines, deadline).ConfigureAwait(false);
                bool complete = PushLine(events, status, line.Span);
                if (complete)
                {
                    if (events.Data.SequenceEqual(DoneMarker))
                    {
                        break;
                    }

                    ChatStreamEvent parsed = ParseEvent(events.Data);
                    if (parsed.Content is { Length: > 0 } content)
                    {
                        sentences.Append(content);
                        while (sentences.TryTakeSentence(out string sentence))
                        {
                            spoke = true;
                            yield return new ReplyChunk(sentence, Interim: true);
                        }
                    }
                }

                if (status != LineStatus.Line)
                {
                    // The stream ended without [DONE]: say what arrived, then report the cut.
                    string rest = sentences.TakeRest();
                    if (rest.Length > 0)
                    {
                        yield return new ReplyChunk(rest, Interim: true);
                    }

                    throw spoke || rest.Length > 0
                        ? new AgentReplyException(ReplyFailures.Truncated, $"{Who} stream ended before [DONE].")
                        : new AgentReplyException(ReplyFailures.Empty, $"{Who} stream ended without any text.");
                }
            }

            string last = sentences.TakeRest();
            if (!spoke && last.Length == 0)
            {
                throw new AgentReplyException(ReplyFailures.Empty, $"{Who} reply has no text to say.");
            }

            yield return new ReplyChunk(last, Interim: false);
        }
    }

    // At the end of the stream an event still lacking its blank line is taken anyway (a lenient reading of the spec).
    private static bool PushLine(SseEventAssembler events, LineStatus status, ReadOnlySpan<byte> line)
    {
        if (status == LineStatus.Line)
        {
            return events.Push(line);
        }

        if (!line.IsEmpty)
        {
            events.Push(line);
        }

        return events.Push(default);
    }

    private static ChatStreamEvent ParseEvent(ReadOnlySpan<byte> data)
    {
        if (!ChatStreamParser.TryParse(data, out ChatStreamEvent parsed))
        {
            throw new AgentReplyException(ReplyFailures.Malformed, $"{Who} sent an event that is not a chat completion chunk.");
        }

        if (parsed.Error is { } error)
        {
            throw new AgentReplyException(ReplyFailures.UpstreamError, $"{Who} reported an error mid-stream: {error}");
        }

        return parsed;
    }

    private async Task<HttpResponseMessage> SendAsync(TextTurn turn, ReplyDeadline deadline)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _url)
        {
            Content = new ReadOnlyMemoryContent(ChatRequestBody.Write(_options, turn)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        }

        return await ReplyRequests.SendAsync(_http, request, deadline, Who).ConfigureAwait(false);
    }

    // A server that ignored stream:true answers with one JSON completion; it is spoken as one final chunk.
    private static async Task<ReplyChunk> ReadWholeCompletionAsync(Utf8LineReader lines, ReplyDeadline deadline)
    {
        var body = new ArrayBufferWriter<byte>();
        while (true)
        {
            var (status, line) = await NextLineAsync(lines, deadline).ConfigureAwait(false);
            body.Write(line.Span);
            body.Write("\n"u8);
            if (status != LineStatus.Line)
            {
                break;
            }
        }

        if (body.WrittenSpan.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new AgentReplyException(ReplyFailures.Empty, $"{Who} answered with an empty body.");
        }

        ChatStreamEvent parsed = ParseEvent(body.WrittenSpan);
        if (string.IsNullOrWhiteSpace(parsed.Content))
        {
            throw new AgentReplyException(ReplyFailures.Empty, $"{Who} reply has no text to say.");
        }

        return new ReplyChunk(parsed.Content.Trim(), Interim: false);
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

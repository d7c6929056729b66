using System.Buffers;
using System.Text;
using System.Text.Json;
using ClutchCall.Agents.Connectors.Chat;
using ClutchCall.Agents.Connectors.Realtime;
using ClutchCall.Agents.Connectors.Streaming;
using ClutchCall.Agents.Connectors.Webhook;
using FsCheck;
using FsCheck.Fluent;

namespace ClutchCall.Agents.Tests.Connectors;

/// <summary>FsCheck properties (seeded generators) over the NDJSON/SSE line readers and the reply parsers.</summary>
public sealed class LineParserPropertyTests
{
    private static readonly Arbitrary<int> Seeds = Gen.Choose(0, int.MaxValue - 1).ToArbitrary();

    private static readonly string[] Alphabet = ["a", "Z", "0", " ", ":", "\"", "\\", "{", "}", "é", "中", "😀", "\t", "\u0001", ".", "?", "!", "\r"];

    [Fact]
    public void LinesSurviveAnyChunking() =>
        Prop.ForAll(Seeds, seed =>
        {
            var random = new Random(seed);
            var expected = new List<byte[]>();
            var wire = new MemoryStream();
            int count = random.Next(0, 20);
            for (int i = 0; i < count; i++)
            {
                byte[] line = RandomLine(random);
                expected.Add(line);
                wire.Write(line);
                wire.Write(random.Next(2) == 0 ? "\n"u8 : "\r\n"u8);
            }

            byte[] tail = random.Next(3) == 0 ? RandomLine(random) : [];
            wire.Write(tail);

            var reader = new Utf8LineReader(new ChunkedStream(wire.ToArray(), random), maxLineBytes: 4096);
            foreach (byte[] line in expected)
            {
                var (status, read) = reader.ReadLineAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
                if (status != LineStatus.Line || !read.Span.SequenceEqual(line))
                {
                    return false;
                }
            }

            var (last, rest) = reader.ReadLineAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return tail.Length == 0
                ? last == LineStatus.End
                : last == LineStatus.PartialAtEnd && rest.Span.SequenceEqual(tail)
                    && reader.ReadLineAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult().Status == LineStatus.End;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void AnOverlongLineIsRefusedWhateverTheChunking() =>
        Prop.ForAll(Seeds, seed =>
        {
            var random = new Random(seed);
            byte[] data = Encoding.ASCII.GetBytes("ok\n" + new string('x', random.Next(65, 400)) + "\nnever");
            var reader = new Utf8LineReader(new ChunkedStream(data, random), maxLineBytes: 64);
            reader.ReadLineAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            try
            {
                reader.ReadLineAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
                return false;
            }
            catch (LineTooLongException)
            {
                return true;
            }
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void SseEventsSurviveAnyChunkingAndFraming() =>
        Prop.ForAll(Seeds, seed =>
        {
            var random = new Random(seed);
            var expected = new List<string>();
            var wire = new StringBuilder();
            int events = random.Next(0, 8);
            for (int e = 0; e < events; e++)
            {
                var lines = Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomText(random, 0, 30).Replace("\r", "")).ToList();
                expected.Add(string.Join("\n", lines));
                string end = random.Next(2) == 0 ? "\n" : "\r\n";
                if (random.Next(3) == 0)
                {
                    wire.Append(": keep-alive").Append(end);
                }

                if (random.Next(3) == 0)
                {
                    wire.Append("event: chunk").Append(end).Append("id: ").Append(e).Append(end);
                }

                foreach (string line in lines)
                {
                    bool space = line.StartsWith(' ') || random.Next(2) == 0;
                    wire.Append(space ? "data: " : "data:").Append(line).Append(end);
                }

                wire.Append(end);
            }

            var reader = new Utf8LineReader(new ChunkedStream(Encoding.UTF8.GetBytes(wire.ToString()), random));
            var assembler = new SseEventAssembler();
            var actual = new List<string>();
            while (true)
            {
                var (status, line) = reader.ReadLineAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
                if (status != LineStatus.Line)
                {
                    break;
                }

                if (assembler.Push(line.Span))
                {
                    actual.Add(Encoding.UTF8.GetString(assembler.Data));
                }
            }

            return actual.SequenceEqual(expected) && !assembler.HasPendingData;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void NdjsonReplyObjectsRoundTrip() =>
        Prop.ForAll(Seeds, seed =>
        {
            var random = new Random(seed);
            string text = RandomText(random, 0, 80);
            bool interim = random.Next(2) == 0;
            var buffer = new ArrayBufferWriter<byte>();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                if (random.Next(2) == 0)
                {
                    json.WriteStartObject("meta");
                    json.WriteString("tool", RandomText(random, 0, 10));
                    json.WriteEndObject();
                }

                json.WriteString("text", text);
                if (interim || random.Next(2) == 0)
                {
                    json.WriteBoolean("interim", interim);
                }

                json.WriteEndObject();
            }

            return WebhookReplyParser.TryParse(buffer.WrittenSpan, out string parsed, out bool parsedInterim, out _)
                && parsed == text && parsedInterim == interim;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void ParsersNeverThrowOnGarbageOrDamagedMessages()
    {
        string[] valid =
        [
            """{"text":"Hello.","interim":true}""",
            """{"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}""",
            """{"error":{"message":"boom"}}""",
            """{"type":"response.output_audio.delta","delta":"AAEC"}""",
            """{"type":"response.done","response":{"status":"cancelled","output":[{"a":1}]}}""",
            """{"type":"error","error":{"code":"x","message":"y"}}""",
            "data: {\"a\":1}",
        ];
        Prop.ForAll(Seeds, seed =>
        {
            var random = new Random(seed);
            byte[] input = random.Next(3) == 0
                ? Enumerable.Range(0, random.Next(0, 64)).Select(_ => (byte)random.Next(256)).ToArray()
                : Damage(Encoding.UTF8.GetBytes(valid[random.Next(valid.Length)]), random);

            WebhookReplyParser.TryParse(input, out _, out _, out _);
            ChatStreamParser.TryParse(input, out _);
            RealtimeServerEvent.TryParse(input, out _);
            new SseEventAssembler().Push(input);
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SentencesDoNotDependOnHowTokensArrive() =>
        Prop.ForAll(Seeds, seed =>
        {
            var random = new Random(seed);
            string[] words = ["Hello", "there", "Dr.", "Smith", "3.5", "e.g.", "ok", "right", "yes!", "why?", "so...", "end.", "\"quoted.\"", "line\n"];
            string text = string.Join(" ", Enumerable.Range(0, random.Next(1, 30)).Select(_ => words[random.Next(words.Length)]));
            List<string> whole = Chunk(text, [text]);
            List<string> pieces = Chunk(text, Split(text, random));
            return whole.SequenceEqual(pieces) && Squash(string.Join(" ", pieces)) == Squash(text);
        }).QuickCheckThrowOnFailure();

    private static List<string> Chunk(string text, IEnumerable<string> deltas)
    {
        var chunker = new SentenceChunker();
        var sentences = new List<string>();
        foreach (string delta in deltas)
        {
            chunker.Append(delta);
            while (chunker.TryTakeSentence(out string sentence))
            {
                sentences.Add(sentence);
            }
        }

        string rest = chunker.TakeRest();
        if (rest.Length > 0)
        {
            sentences.Add(rest);
        }

        return sentences;
    }

    private static IEnumerable<string> Split(string text, Random random)
    {
        for (int at = 0; at < text.Length;)
        {
            int n = Math.Min(random.Next(1, 8), text.Length - at);
            yield return text.Substring(at, n);
            at += n;
        }
    }

    private static string Squash(string text) => string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static byte[] RandomLine(Random random)
    {
        // A line end is "\n" or "\r\n", so a line's own trailing "\r" could not survive: leave it out.
        return Encoding.UTF8.GetBytes(RandomText(random, 0, 300).TrimEnd('\r'));
    }

    private static string RandomText(Random random, int min, int max)
    {
        var text = new StringBuilder();
        int length = random.Next(min, max + 1);
        for (int i = 0; i < length; i++)
        {
            text.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return text.ToString();
    }

    private static byte[] Damage(byte[] message, Random random)
    {
        byte[] damaged = (byte[])message.Clone();
        switch (random.Next(3))
        {
            case 0:
                return damaged[..random.Next(damaged.Length + 1)];
            case 1:
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
                return damaged;
            default:
                int at = random.Next(damaged.Length);
                return [.. damaged[..at], .. damaged[(at + 1)..]];
        }
    }
}

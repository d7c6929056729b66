using ClutchCall.Sdk.Events;

namespace ClutchCall.Sdk.Tests;

public sealed class SseParserTests
{
    private static List<SseMessage> Parse(string text)
    {
        var parser = new SseParser();
        var messages = new List<SseMessage>();
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            if (parser.Feed(line) is { } m)
            {
                messages.Add(m);
            }
        }
        return messages;
    }

    [Fact]
    public void Parses_fields_comments_multiline_data_and_persistent_ids()
    {
        var messages = Parse("retry: 500\n\n: hi\nid: 1-0\nevent: call.status\ndata: {\"a\":\ndata:1}\n\ndata: x\n\n");

        Assert.Equal([new SseMessage("1-0", "call.status", "{\"a\":\n1}"), new SseMessage("1-0", "message", "x")], messages);
    }

    [Fact]
    public void Blank_events_and_unknown_fields_dispatch_nothing()
    {
        Assert.Empty(Parse("event: x\n\nfoo: bar\n\n\n"));
    }

    [Fact]
    public void Retry_sets_the_reconnect_time_only_for_digits()
    {
        var parser = new SseParser();
        parser.Feed("retry: abc");
        Assert.Null(parser.Retry);
        parser.Feed("retry: 250");
        Assert.Equal(TimeSpan.FromMilliseconds(250), parser.Retry);
    }

    /// <summary>Seeded fuzz: random events, random line endings, random chunking; what was written is what is read.</summary>
    [Fact]
    public async Task Random_streams_round_trip_under_any_chunking()
    {
        var random = new Random(20261122);
        for (var round = 0; round < 300; round++)
        {
            var expected = new List<SseMessage>();
            var text = new System.Text.StringBuilder();
            var eol = new[] { "\n", "\r\n", "\r" }[random.Next(3)];
            for (var i = 0; i < random.Next(1, 8); i++)
            {
                var id = $"{random.Next(1, 1_000_000)}-{random.Next(0, 100)}";
                var type = "call." + (char)('a' + random.Next(26));
                var lines = Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomLine(random)).ToList();
                if (random.Next(4) == 0)
                {
                    text.Append(": heartbeat").Append(eol).Append(eol);
                }
                text.Append("id: ").Append(id).Append(eol).Append("event: ").Append(type).Append(eol);
                foreach (var line in lines)
                {
                    text.Append("data: ").Append(line).Append(eol);
                }
                text.Append(eol);
                expected.Add(new SseMessage(id, type, string.Join("\n", lines)));
            }
            var bytes = System.Text.Encoding.UTF8.GetBytes(text.ToString());
            using var reader = new StreamReader(new TrickleStream(bytes, random));
            var parser = new SseParser();
            var actual = new List<SseMessage>();
            while (await reader.ReadLineAsync() is { } line)
            {
                if (parser.Feed(line) is { } m)
                {
                    actual.Add(m);
                }
            }
            Assert.Equal(expected, actual);
        }
    }

    private static string RandomLine(Random random)
    {
        const string alphabet = "abcXYZ019 {}\":,é☎-_";
        return new string(Enumerable.Range(0, random.Next(0, 20)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }

    /// <summary>Hands out the bytes in random small reads, so line ends and UTF-8 sequences straddle reads.</summary>
    private sealed class TrickleStream(byte[] data, Random random) : Stream
    {
        private int _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, random.Next(1, 8)), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

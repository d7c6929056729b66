using ClutchCall.Gateway.Events;
using ClutchCall.Runtime;

namespace ClutchCall.Gateway.Tests;

public sealed class SseWriterTests
{
    [Fact]
    public void Formats_id_event_and_one_data_line_per_text_line()
    {
        var text = SseWriter.Format(new StoredEvent("17-3", "call.status", "{\"a\":1}\n{\"b\":2}"));

        Assert.Equal("id: 17-3\nevent: call.status\ndata: {\"a\":1}\ndata: {\"b\":2}\n\n", text);
    }

    [Fact]
    public void Refuses_line_breaks_in_ids_and_types()
    {
        Assert.Throws<ArgumentException>(() => SseWriter.Format(new StoredEvent("1-1\nevent: x", "t", "{}")));
        Assert.Throws<ArgumentException>(() => SseWriter.Format(new StoredEvent("1-1", "t\r", "{}")));
    }

    [Theory]
    [InlineData("1-0", true)]
    [InlineData("1732000000000-12", true)]
    [InlineData("-1", false)]
    [InlineData("1-", false)]
    [InlineData("1", false)]
    [InlineData("a-1", false)]
    [InlineData("1-1-1", false)]
    public void Event_ids_are_ms_dash_seq(string id, bool valid) => Assert.Equal(valid, EventStreams.IsEventId(id));
}

using ClutchCall.Testing;

namespace ClutchCall.Gateway.Tests;

public sealed class ListTests
{
    [Fact]
    public async Task Pages_walk_every_call_once_newest_first_and_filter_by_status()
    {
        await using var host = await VoiceTestHost.StartAsync();
        var client = host.Client();
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((string)(await client.OriginateAsync(i % 2 == 0 ? "+15551234408" : "+15551234486"))["sid"]!);
        }
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await client.GetAsync(Api.Calls + "?limit=3" + (cursor is null ? "" : "&cursor=" + cursor))).JsonAsync();
            seen.AddRange(page["items"]!.AsArray().Select(c => (string)c!["sid"]!));
            cursor = (string?)page["nextCursor"];
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(created.OrderBy(s => s), seen.OrderBy(s => s));
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(pages >= 3);

        foreach (var sid in created.Where((_, i) => i % 2 == 1))
        {
            await client.WaitForStatusAsync(sid, "failed");
        }
        var failed = await (await client.GetAsync(Api.Calls + "?status=failed&limit=100")).JsonAsync();
        Assert.Equal(created.Where((_, i) => i % 2 == 1).OrderBy(s => s), failed["items"]!.AsArray().Select(c => (string)c!["sid"]!).OrderBy(s => s));
        var starts = failed["items"]!.AsArray().Select(c => DateTimeOffset.Parse((string)c!["startedAt"]!)).ToList();
        Assert.Equal(starts.OrderByDescending(s => s), starts);
    }
}

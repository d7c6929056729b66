using System.Net;
using System.Text.RegularExpressions;
using ClutchCall.Testing;

namespace ClutchCall.Gateway.Tests;

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>The embedded default without CLUTCHCALL_DEV_API_KEY: one stdout line carries a working key.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed partial class DevKeyTests
{
    [Fact]
    public async Task A_generated_dev_key_is_printed_on_one_line_and_works()
    {
        var original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        VoiceTestHost host;
        try
        {
            host = await VoiceTestHost.StartAsync(new Dictionary<string, string?> { ["CLUTCHCALL_DEV_API_KEY"] = "" });
        }
        finally
        {
            Console.SetOut(original);
        }
        await using var _ = host;

        var match = Assert.Single(KeyLine().Matches(captured.ToString()));
        var key = match.Groups["key"].Value;

        Assert.Equal(HttpStatusCode.OK, (await host.Client(key).GetAsync(Api.Calls)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client(VoiceTestHost.DevKey).GetAsync(Api.Calls)).StatusCode);
    }

    [GeneratedRegex(@"^ClutchCall dev API key for org org_dev \(all scopes\): (?<key>cc_[A-Za-z0-9_-]{43})$", RegexOptions.Multiline)]
    private static partial Regex KeyLine();
}

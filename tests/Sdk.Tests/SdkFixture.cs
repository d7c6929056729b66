using ClutchCall.Testing;

namespace ClutchCall.Sdk.Tests;

public sealed class SdkFixture : IAsyncLifetime
{
    public VoiceTestHost Host { get; private set; } = null!;

    public Voice Voice { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await VoiceTestHost.StartAsync();
        Voice = NewVoice();
    }

    public Voice NewVoice(string? baseUrl = null, string apiKey = VoiceTestHost.DevKey) => new(new VoiceOptions
    {
        BaseUrl = baseUrl ?? Host.BaseAddress.ToString(),
        ApiKey = apiKey,
        OrgId = VoiceTestHost.DevOrg,
        ReconnectDelay = TimeSpan.FromMilliseconds(100),
    });

    public async Task DisposeAsync()
    {
        Voice.Dispose();
        await Host.DisposeAsync();
    }
}

internal static class Waits
{
    public static async Task<Call> UntilAsync(this Voice voice, string sid, Func<Call, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var call = await voice.Calls.GetAsync(sid);
            if (done(call) || DateTime.UtcNow > deadline)
            {
                return call;
            }
            await Task.Delay(50);
        }
    }
}

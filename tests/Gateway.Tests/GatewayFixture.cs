using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClutchCall.Testing;

namespace ClutchCall.Gateway.Tests;

/// <summary>One in-process engine shared by the tests of a class; each test makes its own calls.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public VoiceTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await VoiceTestHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

internal static class Api
{
    public const string Calls = "/v1/orgs/org_dev/calls";

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response) =>
        (JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject)
        ?? throw new InvalidOperationException("Not a JSON object.");

    public static async Task<JsonObject> OriginateAsync(this HttpClient client, string to = "+15551234567", object? extra = null)
    {
        var body = new JsonObject { ["to"] = to, ["from"] = "+15558675309", ["trunkId"] = "trunk_sim" };
        if (extra is not null)
        {
            foreach (var (k, v) in JsonSerializer.SerializeToNode(extra)!.AsObject())
            {
                body[k] = v?.DeepClone();
            }
        }
        var response = await client.PostAsJsonAsync(Calls, body);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>Polls GET until the status is reached (the simulated trunk answers after about one second).</summary>
    public static async Task<JsonObject> WaitForStatusAsync(this HttpClient client, string sid, string status, string org = "org_dev")
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonObject call;
        do
        {
            call = await (await client.GetAsync($"/v1/orgs/{org}/calls/{sid}")).JsonAsync();
            if ((string?)call["status"] == status)
            {
                return call;
            }
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        throw new Xunit.Sdk.XunitException($"Call {sid} stayed {call["status"]}, expected {status}.");
    }

    public static async Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, object? body = null) =>
        body is null ? await client.PostAsync(path, null) : await client.PostAsJsonAsync(path, body);

    public static async Task AssertProblemAsync(this HttpResponseMessage response, int status, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(status, (int)problem["status"]!);
        Assert.StartsWith("urn:clutchcall:problem:", (string)problem["type"]!);
        Assert.NotNull(problem["title"]);
        if (field is not null)
        {
            Assert.Equal(field, (string?)problem["field"]);
        }
    }
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ClutchCall.Sdk.Http;

/// <summary>Sends authenticated JSON requests under /v1/orgs/{orgId} and turns problem+json answers into <see cref="VoiceApiException"/>.</summary>
internal sealed class VoiceHttp : IDisposable
{
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly Uri _base;
    private readonly string _apiKey;

    public VoiceHttp(VoiceOptions options)
    {
        _ownsClient = options.HttpClient is null;
        _client = options.HttpClient ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        _base = new Uri(options.BaseUrl.TrimEnd('/') + "/");
        _apiKey = options.ApiKey;
        OrgId = options.OrgId;
    }

    public string OrgId { get; }

    public string OrgPath(string rest) => $"v1/orgs/{Uri.EscapeDataString(OrgId)}/{rest}";

    public string CallPath(string sid, string? rest = null) =>
        OrgPath("calls/" + Uri.EscapeDataString(sid) + (rest is null ? "" : "/" + rest));

    public HttpRequestMessage Request(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(_base, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: SdkJson.Options);
        }
        return request;
    }

    public async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        using (var response = await _client.SendAsync(request, ct).ConfigureAwait(false))
        {
            await EnsureSuccessAsync(response, ct).ConfigureAwait(false);
            return await response.Content.ReadFromJsonAsync<T>(SdkJson.Options, ct).ConfigureAwait(false)
                ?? throw new VoiceApiException((int)response.StatusCode, null, "Empty response", "The engine sent no body.", null, null);
        }
    }

    /// <summary>Sends a request whose success has no body (204); throws like <see cref="SendAsync{T}"/> on a problem.</summary>
    public async Task SendNoContentAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        using (var response = await _client.SendAsync(request, ct).ConfigureAwait(false))
        {
            await EnsureSuccessAsync(response, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Starts a streaming GET; the caller owns the response.</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(HttpRequestMessage request, CancellationToken ct)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        try
        {
            await EnsureSuccessAsync(response, ct).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        ProblemBody? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<ProblemBody>(SdkJson.Options, ct).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            // Not problem+json (a proxy error page, say): the status code is all we have.
        }
        var retryAfter = response.Headers.RetryAfter?.Delta;
        throw new VoiceApiException((int)response.StatusCode, problem?.Type, problem?.Title ?? response.ReasonPhrase, problem?.Detail, problem?.Field, retryAfter);
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private sealed record ProblemBody(string? Type, string? Title, int? Status, string? Detail, string? Field);
}

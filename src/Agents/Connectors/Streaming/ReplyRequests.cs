namespace ClutchCall.Agents.Connectors.Streaming;

/// <summary>The send half shared by the text connectors: headers first, failures mapped to reply error codes.</summary>
internal static class ReplyRequests
{
    /// <summary>
    /// Sends <paramref name="request"/> and returns the response once its headers arrived with a success status.
    /// Transport failures and timeouts become <see cref="Sessions.AgentReplyException"/>s (via <see cref="ReplyFailures"/>),
    /// as does a non-2xx status; the deadline is disarmed for the body, which the caller reads under its own idle timeout.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, ReplyDeadline deadline, string who)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ReplyFailures.OnSend(ex, deadline, who) is Sessions.AgentReplyException mapped)
        {
            throw mapped;
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await ReplyFailures.FromStatusAsync(response, who, deadline.Token).ConfigureAwait(false);
            }
        }

        deadline.Disarm();
        return response;
    }
}

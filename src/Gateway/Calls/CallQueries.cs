using System.Buffers.Text;
using System.Globalization;
using System.Text;
using ClutchCall.Gateway.Problems;
using ClutchCall.Gateway.Validation;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;
using Microsoft.AspNetCore.Http;

namespace ClutchCall.Gateway.Calls;

/// <summary>GET one call and list an org's calls from persisted state: reads never activate a grain.</summary>
internal static class CallQueries
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    private const int MaxPagesPerRequest = 20;

    public static async Task<IResult> GetAsync(string orgId, string sid, IGrainStateReader states, HttpContext http) =>
        await ReadAsync(orgId, sid, states, http.RequestAborted) is { } call
            ? Results.Json(call.ToView(), VoiceJson.Options)
            : ApiProblem.NotFound();

    public static async Task<CallState?> ReadAsync(string orgId, string sid, IGrainStateReader states, CancellationToken ct)
    {
        if (!CallSid.IsValid(sid))
        {
            return null;
        }
        var (state, _) = await states.ReadAsync<CallState>(new GrainId(CallStreams.GrainType, sid), ct);
        return state is { Exists: true } && state.OrgId == orgId ? state : null;
    }

    /// <summary>Newest first. The cursor is the (start ms, sid) of the last call returned.</summary>
    public static async Task<IResult> ListAsync(string orgId, HttpContext http, IGrainIndex index, IGrainStateReader states)
    {
        var query = http.Request.Query;
        var limit = DefaultLimit;
        if (query["limit"].ToString() is { Length: > 0 } rawLimit
            && (!int.TryParse(rawLimit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return ApiProblem.BadRequest($"limit must be an integer from 1 to {MaxLimit}.", "limit");
        }
        CallStatus? status = null;
        if (query["status"].ToString() is { Length: > 0 } rawStatus)
        {
            if (!CallStatusExtensions.TryParseWire(rawStatus, out var parsed))
            {
                return ApiProblem.BadRequest("status must be one of dialing, ringing, in_progress, completed, failed, no_answer.", "status");
            }
            status = parsed;
        }
        (double Score, string Sid)? after = null;
        if (query["cursor"].ToString() is { Length: > 0 } rawCursor)
        {
            if (DecodeCursor(rawCursor) is not { } decoded)
            {
                return ApiProblem.BadRequest("cursor is not a cursor this API returned.", "cursor");
            }
            after = decoded;
        }

        var ct = http.RequestAborted;
        var items = new List<CallView>(limit);
        var indexName = CallStreams.OrgCallsIndex(orgId);
        var pageSize = Math.Min(limit * 2, MaxLimit * 2);
        string? nextCursor = null;
        for (var page = 0; page < MaxPagesPerRequest && items.Count < limit; page++)
        {
            var max = after is { } a ? a.Score + 1 : double.PositiveInfinity;
            var members = (await index.RangeByScoreDescendingAsync(indexName, max, pageSize, ct))
                .OrderByDescending(m => m.Score).ThenByDescending(m => m.Member, StringComparer.Ordinal)
                .Where(m => after is not { } c || m.Score < c.Score || (m.Score == c.Score && string.CompareOrdinal(m.Member, c.Sid) < 0))
                .ToList();
            var calls = await Task.WhenAll(members.Select(m => ReadAsync(orgId, m.Member, states, ct)));
            for (var i = 0; i < members.Count && items.Count < limit; i++)
            {
                after = (members[i].Score, members[i].Member);
                if (calls[i] is { } call && (status is null || call.Status == status))
                {
                    items.Add(call.ToView());
                }
            }
            var exhausted = members.Count == 0 || (members.Count < pageSize && items.Count < limit);
            if (exhausted)
            {
                after = null;
                break;
            }
        }
        if (after is { } last)
        {
            nextCursor = EncodeCursor(last.Score, last.Sid);
        }
        return Results.Json(new CallPage(items, nextCursor), VoiceJson.Options);
    }

    private static string EncodeCursor(double score, string sid) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(score.ToString("R", CultureInfo.InvariantCulture) + ":" + sid));

    private static (double, string)? DecodeCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var colon = text.IndexOf(':');
            return colon > 0
                && double.TryParse(text.AsSpan(0, colon), NumberStyles.Float, CultureInfo.InvariantCulture, out var score)
                && CallSid.IsValid(text[(colon + 1)..])
                ? (score, text[(colon + 1)..])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>A page of calls; nextCursor is null on the last page.</summary>
public sealed record CallPage(IReadOnlyList<CallView> Items, string? NextCursor);

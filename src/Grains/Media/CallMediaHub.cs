using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Media;
using ClutchCall.Media.Mixing;
using ClutchCall.Media.Pipeline;
using ClutchCall.Runtime;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Grains.Media;

/// <summary>
/// The media graph of one call. Every 20 ms (<see cref="Tick"/>): the uplink (the caller leg's frame, or a softphone's
/// when a <c>bridge:caller</c> is open) is transcoded once per distinct attach-bridge format and sent to those bridges;
/// the attach bridges' downlinks are decoded to 16 kHz PCM, mixed, and played to the caller leg and sent to softphones
/// in their formats. The loop runs on its own task paced by the grain's TimeProvider, never in a turn; turns only
/// queue bridges (<see cref="Attach"/>), read <see cref="Snapshot"/> and <see cref="DrainDetached"/>, and stop it.
/// </summary>
public sealed partial class CallMediaHub : IAsyncDisposable
{
    public static readonly TimeSpan FramePeriod = TimeSpan.FromMilliseconds(20);

    private const long FrameMicroseconds = 20_000;

    /// <summary>The internal mix: wideband PCM, cheap to resample to 8 kHz legs and up to 48 kHz softphones.</summary>
    public static readonly AudioFormat MixFormat = new(AudioCodec.Pcm16, 16000, 1, 20);

    /// <summary>After a stall longer than this many frames (200 ms) the loop skips ahead instead of bursting.</summary>
    private const int MaxCatchUpFrames = 10;

    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly string _sid;
    private readonly ConcurrentQueue<BridgeEndpoint> _pending = new();
    private readonly ConcurrentQueue<BridgeDetached> _detached = new();
    private readonly List<BridgeEndpoint> _endpoints = []; // loop-owned; stats copy under _statsGate
    private readonly List<BridgeEndpoint> _attach = [];
    private readonly Dictionary<AudioFormat, OutputFanout> _uplink = [];
    private readonly Dictionary<AudioFormat, OutputFanout> _downlink = [];
    private readonly object _statsGate = new();
    private readonly List<BridgeEndpoint> _known = [];
    private Mixer? _mixer;
    private short[] _mixIn = [];
    private short[] _mixOut;
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;
    private long _ticks;
    private long _skippedFrames;
    private bool _stopped;

    public CallMediaHub(string sid, TimeProvider time, ICallerLeg? leg, ILogger log)
    {
        _sid = sid;
        _time = time;
        _log = log;
        _mixOut = new short[MixFormat.SamplesPerFrame];
        _callerPcm = new short[MixFormat.SamplesPerFrame];
        if (leg is not null)
        {
            UseLeg(leg);
        }
    }

    public bool Running => _stop is not null && !_stopped;

    public long Ticks => Interlocked.Read(ref _ticks);

    /// <summary>Starts the 20 ms loop. Idempotent.</summary>
    public void Start()
    {
        if (_stop is not null || _stopped)
        {
            return;
        }
        _stop = new CancellationTokenSource();
        // The clock starts now, not when the pool gets round to the task.
        var timer = new PeriodicTimer(FramePeriod, _time);
        var start = _time.GetTimestamp();
        var startUs = UnixMicroseconds(_time.GetUtcNow());
        var token = _stop.Token;
        _loop = Task.Run(() => RunAsync(timer, start, startUs, token));
    }

    /// <summary>Hands a bridge channel to the loop (from a turn). Frames flow from the next tick.</summary>
    public void Attach(IGrainChannel channel, BridgeRole role, AudioFormat format)
    {
        ObjectDisposedException.ThrowIf(_stopped, this);
        var endpoint = new BridgeEndpoint(channel, role, format, _time.GetUtcNow());
        lock (_statsGate)
        {
            _known.Add(endpoint);
        }
        _pending.Enqueue(endpoint);
    }

    /// <summary>Bridges that went away since the last call, for the grain to turn into events.</summary>
    public IReadOnlyList<BridgeDetached> DrainDetached()
    {
        var list = new List<BridgeDetached>();
        while (_detached.TryDequeue(out var d))
        {
            list.Add(d);
        }
        return list;
    }

    public CallMediaStats Snapshot()
    {
        MediaChannelStats[] channels;
        lock (_statsGate)
        {
            channels = [.. _known.Select(e => new MediaChannelStats(e.Role.ChannelName(), e.Format.ToString(), e.FramesIn, e.FramesOut, !e.Channel.Completion.IsCompleted))];
        }
        return new CallMediaStats(Running, Ticks, Interlocked.Read(ref _skippedFrames), channels, _reportedLeg?.Snapshot(), _reportedCallee?.Snapshot());
    }

    /// <summary>
    /// Stops the loop and waits for it. When the call ended, closes every bridge with <see cref="ChannelCloseReason.Closed"/>;
    /// on a plain deactivation the runtime closes them with its own reason. Then completes the caller leg (its recording).
    /// </summary>
    public async Task StopAsync(bool callEnded)
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        if (_stop is not null)
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }
        ApplyPending();
        foreach (var endpoint in _endpoints.ToArray())
        {
            if (callEnded)
            {
                endpoint.Channel.Close(ChannelCloseReason.Closed);
            }
            Remove(endpoint, callEnded ? "call_ended" : "deactivated");
        }
        foreach (var fanout in _uplink.Values.Concat(_downlink.Values))
        {
            fanout.Dispose();
        }
        _uplink.Clear();
        _downlink.Clear();
        ApplyPendingParties();
        ReleaseLeg();
        ReleaseCallee();
        ReleaseAgent();
        _callerDecoder?.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync(callEnded: false);

    /// <summary>
    /// One 20 ms frame of the whole graph. Called by the loop; tests drive it directly.
    /// <paramref name="timestampUs"/> is the frame's capture time (Unix microseconds) for the leg's uplink and the downlink.
    /// </summary>
    public void Tick(long timestampUs)
    {
        ApplyPendingParties();
        ApplyPending();
        for (var i = _endpoints.Count - 1; i >= 0; i--) // backwards: Remove takes the endpoint out of the list
        {
            if (_endpoints[i].Channel.Completion.IsCompleted)
            {
                Remove(_endpoints[i], "closed");
            }
        }
        MoveUplink(timestampUs);
        MoveDownlink(timestampUs);
        Interlocked.Increment(ref _ticks);
    }

    private async Task RunAsync(PeriodicTimer timer, long start, long startUs, CancellationToken ct)
    {
        long done = 0;
        using var owned = timer;
        try
        {
            // Frames due are counted from the start, so timer jitter never accumulates into drift.
            while (await timer.WaitForNextTickAsync(ct))
            {
                var due = _time.GetElapsedTime(start).Ticks / FramePeriod.Ticks;
                if (due - done > MaxCatchUpFrames)
                {
                    Interlocked.Add(ref _skippedFrames, due - done - 1);
                    done = due - 1;
                }
                while (done < due && !ct.IsCancellationRequested)
                {
                    // Nominal capture times: exactly one frame apart, whatever the scheduling jitter was.
                    TickSafely(startUs + done * FrameMicroseconds);
                    done++;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void TickSafely(long timestampUs)
    {
        try
        {
            Tick(timestampUs);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogTickFailed(e, _sid);
        }
    }

    private void MoveUplink(long nowUs)
    {
        BridgeEndpoint? phone = null;
        for (var i = _endpoints.Count - 1; i >= 0 && phone is null; i--)
        {
            phone = _endpoints[i].Role == BridgeRole.Caller ? _endpoints[i] : null;
        }
        // In a conference the bridges hear caller and callee mixed (FanConference); otherwise the caller's own frames.
        var fanRaw = _callee is null;
        if (phone is not null)
        {
            // A softphone is the caller: its frames, at its own frame length, are the uplink.
            phone.OwedMs += (int)FramePeriod.TotalMilliseconds;
            while (phone.OwedMs >= phone.Format.FrameMs && phone.TryReadFrame(out var ts, out var payload))
            {
                phone.OwedMs -= phone.Format.FrameMs;
                if (fanRaw)
                {
                    Fan(_uplink, phone.Format, payload.Span, ts);
                }
                DecodeCaller(phone.Format, payload.Span);
            }
            phone.OwedMs = Math.Min(phone.OwedMs, phone.Format.FrameMs);
        }
        else if (_leg is not null && _leg.TryProduce(_legUp, out var n))
        {
            if (fanRaw)
            {
                Fan(_uplink, _leg.Format, _legUp.AsSpan(0, n), nowUs);
            }
            DecodeCaller(_leg.Format, _legUp.AsSpan(0, n));
        }
        ReadCallerPcm();
        ProduceCallee();
        FanConference(nowUs);
        LetAgentHear(nowUs);
    }

    private void MoveDownlink(long nowUs)
    {
        var frame = MixFormat.SamplesPerFrame;
        Span<short> heard = _mixOut.AsSpan(0, frame);
        if (_mixer is null)
        {
            heard.Clear();
        }
        else
        {
            FillLegSlots();
            var first = FirstBridgeSlot;
            for (var i = 0; i < _attach.Count; i++)
            {
                var slot = MemoryMarshal.AsBytes(_mixIn.AsSpan((first + i) * frame, frame));
                if (!FillDecoded(_attach[i], slot))
                {
                    slot.Clear();
                }
            }
            if (_agent is not null)
            {
                var slot = _mixIn.AsSpan((first + _attach.Count) * frame, frame);
                if (!_agent.TrySpeak(slot, nowUs))
                {
                    slot.Clear();
                }
            }
            _mixer.Mix(_mixIn, _mixOut);
        }
        var heardBytes = MemoryMarshal.AsBytes(heard);
        if (_leg is not null && _toLeg is not null)
        {
            _toLeg.Write(heardBytes);
            while (_toLeg.TryRead(_legDown, out var n))
            {
                _leg.Hear(_legDown.AsSpan(0, n));
            }
        }
        PlayToCallee();
        if (_downlink.Count > 0)
        {
            Fan(_downlink, MixFormat, heardBytes, nowUs);
        }
    }

    /// <summary>One mix frame of a bridge's downlink, decoding as many of its frames as that takes.</summary>
    private static bool FillDecoded(BridgeEndpoint endpoint, Span<byte> destination)
    {
        var decoder = endpoint.Decoder!;
        while (!decoder.TryRead(destination, out _))
        {
            if (!endpoint.TryReadFrame(out _, out var payload))
            {
                return false;
            }
            try
            {
                decoder.Write(payload.Span);
            }
            catch (ArgumentException)
            {
                decoder.WriteLost();
            }
        }
        return true;
    }

    private static void Fan(Dictionary<AudioFormat, OutputFanout> fanouts, AudioFormat input, ReadOnlySpan<byte> payload, long timestampUs)
    {
        foreach (var fanout in fanouts.Values)
        {
            fanout.Push(input, payload, timestampUs);
        }
    }

    private void ApplyPending()
    {
        var attachChanged = false;
        while (_pending.TryDequeue(out var endpoint))
        {
            if (endpoint.Channel.Completion.IsCompleted)
            {
                _detached.Enqueue(new BridgeDetached(endpoint.Role, endpoint.Format, "closed", _time.GetUtcNow()));
                continue;
            }
            _endpoints.Add(endpoint);
            var fanouts = endpoint.Role == BridgeRole.Attach ? _uplink : _downlink;
            if (!fanouts.TryGetValue(endpoint.Format, out var fanout))
            {
                fanouts[endpoint.Format] = fanout = new OutputFanout(endpoint.Format);
            }
            fanout.Endpoints.Add(endpoint);
            if (endpoint.Role == BridgeRole.Attach)
            {
                endpoint.Decoder = new Transcoder(endpoint.Format, MixFormat);
                _attach.Add(endpoint);
                attachChanged = true;
            }
        }
        if (attachChanged)
        {
            RebuildMixer();
        }
    }

    private void Remove(BridgeEndpoint endpoint, string reason)
    {
        if (endpoint.Removed)
        {
            return;
        }
        endpoint.Removed = true;
        _endpoints.Remove(endpoint);
        var fanouts = endpoint.Role == BridgeRole.Attach ? _uplink : _downlink;
        if (fanouts.TryGetValue(endpoint.Format, out var fanout))
        {
            fanout.Endpoints.Remove(endpoint);
            if (fanout.Endpoints.Count == 0)
            {
                fanout.Dispose();
                fanouts.Remove(endpoint.Format);
            }
        }
        if (_attach.Remove(endpoint))
        {
            endpoint.Decoder?.Dispose();
            RebuildMixer();
        }
        _detached.Enqueue(new BridgeDetached(endpoint.Role, endpoint.Format, reason, _time.GetUtcNow()));
    }

    public static long UnixMicroseconds(DateTimeOffset at) => (at - DateTimeOffset.UnixEpoch).Ticks / 10;

    [LoggerMessage(Level = LogLevel.Error, Message = "Media loop of call {Sid} failed a tick")]
    private partial void LogTickFailed(Exception e, string sid);

}

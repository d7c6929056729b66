using System.Collections.Concurrent;
using ClutchCall.Agents.Diagnostics;
using ClutchCall.Agents.Sessions;
using ClutchCall.Agents.Speech;
using ClutchCall.Agents.Turns;
using ClutchCall.Grains.Media;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Grains.Agents;

/// <summary>
/// One agent in a call's mix. Every 20 ms tick the hub hands it the caller's audio (<see cref="Hear"/>) and asks for the
/// agent's (<see cref="TrySpeak"/>). In between it runs the turn engine: caller frames and agent frames as played go in;
/// pause, resume, cut and reply effects come out and are applied to the playout queue and the model session at once,
/// so a barge-in stops the agent on the very tick it is confirmed. Everything here runs on the media loop; the model
/// session's network I/O runs on its own tasks and meets the loop only through its output channel.
/// Events go to a queue the call grain drains from a turn.
/// </summary>
internal sealed partial class AgentRunner : IMixParticipant
{
    private const int FrameSamples = 320; // 20 ms at the mix rate
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(3);

    private readonly AgentRunSettings _settings;
    private readonly IAgentSession _session;
    private readonly ConcurrentQueue<AgentActivity> _sink;
    private readonly ILogger _log;
    private readonly string _sid;
    private readonly TurnEngine _turns;
    private readonly PcmQueue _playout = new();
    private readonly PcmStreamResampler _toModel;
    private readonly PcmStreamResampler _fromModel;
    private readonly ConcurrentQueue<short[]> _injected = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly short[] _heard = new short[FrameSamples];
    private int _heardSamples;
    private short[]? _fallback;
    private volatile bool _modelUsable = true;
    private bool _paused;
    private bool _speaking;
    private bool _responseOpen;
    private bool _discarding;
    private readonly AgentMetrics? _metrics;
    private long _silentSinceMs = -1;
    private long _replyRequestedMs = -1;
    private long _playedInReply;
    private long _lastMs;
    private bool _completed;

    public AgentRunner(string sid, AgentRunSettings settings, IAgentSession session, ConcurrentQueue<AgentActivity> sink, TurnMetrics? metrics, ILogger log,
        AgentMetrics? agentMetrics = null)
    {
        _metrics = agentMetrics;
        _sid = sid;
        _settings = settings;
        _session = session;
        _sink = sink;
        _log = log;
        _turns = new TurnEngine(settings.Policy, CallMediaHub.MixFormat.SampleRate, metrics);
        _toModel = new PcmStreamResampler(CallMediaHub.MixFormat.SampleRate, session.InputSampleRate);
        _fromModel = new PcmStreamResampler(session.OutputSampleRate, CallMediaHub.MixFormat.SampleRate);
    }

    /// <summary>Connects the model leg and prepares the pre-roll and fallback, in the background.</summary>
    public void Start()
    {
        _metrics?.ActiveRuns.Add(1);
        _ = ConnectAsync(_lifetime.Token);
        _ = PrepareSpeechAsync(_lifetime.Token);
    }

    public void Hear(ReadOnlySpan<short> callerPcm, long timestampUs)
    {
        var ms = _lastMs = timestampUs / 1000;
        Apply(callerPcm.IsEmpty ? _turns.OnTick(ms) : _turns.OnCallerAudio(callerPcm, ms), ms);
        if (!callerPcm.IsEmpty && _modelUsable)
        {
            _session.AppendCallerAudio(_toModel.Process(callerPcm));
        }
        _heardSamples = Math.Min(callerPcm.Length, _heard.Length);
        callerPcm[.._heardSamples].CopyTo(_heard);
    }

    public bool TrySpeak(Span<short> pcm, long timestampUs)
    {
        var ms = timestampUs / 1000;
        DrainModel(ms);
        if (_paused || (_playout.Count < FrameSamples && (_responseOpen || _playout.Count == 0)))
        {
            StopIfDone(ms);
            _settings.Recorder?.Write(_heard.AsSpan(0, _heardSamples), default);
            return false;
        }
        if (!_speaking)
        {
            _speaking = true;
            Apply(_turns.OnAgentAudioStarted(ms), ms);
        }
        _silentSinceMs = -1;
        var n = _playout.Dequeue(pcm);
        _playedInReply += n;
        pcm[n..].Clear();
        _settings.Recorder?.Write(_heard.AsSpan(0, _heardSamples), pcm);
        Apply(_turns.OnAgentAudio(pcm, ms), ms);
        return true;
    }

    public void Complete()
    {
        if (_completed)
        {
            return;
        }
        _completed = true;
        _metrics?.ActiveRuns.Add(-1);
        if (_speaking)
        {
            _speaking = false;
            Apply(_turns.OnAgentAudioStopped(_lastMs), _lastMs);
        }
        if (_settings.Recorder is { } recorder)
        {
            try
            {
                var info = recorder.Finish();
                _sink.Enqueue(new AgentRecordingActivity(info, DateTimeOffset.FromUnixTimeMilliseconds(_lastMs)));
            }
            catch (IOException e)
            {
                LogRecordingFailed(_sid, e.Message);
            }
        }
        _lifetime.Cancel();
        _ = DisposeSessionAsync();
    }

    private void Apply(in TurnOutput output, long ms)
    {
        for (var i = 0; i < output.Count; i++)
        {
            var e = output[i];
            var since = e.SinceMs;
            if (e.Kind == TurnEventKind.AgentSpeechStarted && _replyRequestedMs >= 0)
            {
                // The reply's first audio refers back to the commit it answers: at - since is the response latency.
                since = _replyRequestedMs;
                _metrics?.ResponseLatency.Record(e.AtMs - since);
                _replyRequestedMs = -1;
            }
            _sink.Enqueue(new AgentTurnActivity(e.Name, DateTimeOffset.FromUnixTimeMilliseconds(e.AtMs), DateTimeOffset.FromUnixTimeMilliseconds(since)));
            if (e.Kind == TurnEventKind.TurnCommitted)
            {
                _replyRequestedMs = e.AtMs;
            }
            if (e.Kind == TurnEventKind.TurnDiscarded && _modelUsable)
            {
                _session.ClearInput();
            }
        }
        var effects = output.Effects;
        if ((effects & TurnEffects.PauseAgentAudio) != 0)
        {
            _paused = true;
        }
        if ((effects & TurnEffects.ResumeAgentAudio) != 0)
        {
            _paused = false;
        }
        if ((effects & TurnEffects.CutAgentAudio) != 0)
        {
            Cut(ms);
        }
        if ((effects & TurnEffects.RequestReply) != 0 && _modelUsable)
        {
            _discarding = false;
            _responseOpen = true;
            _playedInReply = 0;
            _session.CommitTurn();
        }
    }

    /// <summary>A confirmed barge-in: drop what is queued, cancel the response in flight and ignore its stragglers.</summary>
    private void Cut(long ms)
    {
        _paused = false;
        if ((_responseOpen || _playout.Count > 0) && _modelUsable && _session is IPlayoutAware aware)
        {
            aware.OnPlayoutCut(TimeSpan.FromSeconds(_playedInReply / (double)CallMediaHub.MixFormat.SampleRate));
        }
        _playout.Clear();
        if (_responseOpen && _modelUsable)
        {
            _discarding = true;
            _session.CancelResponse();
        }
        _responseOpen = false;
        StopIfDone(ms);
    }

    private void StopIfDone(long ms)
    {
        if (!_speaking || _paused || _playout.Count >= FrameSamples)
        {
            return;
        }
        if (_silentSinceMs < 0)
        {
            _silentSinceMs = ms;
        }
        // A model that goes quiet mid-response without saying it is done must not hold the turn forever.
        if (!_responseOpen || ms - _silentSinceMs >= (long)StallLimit.TotalMilliseconds)
        {
            _speaking = false;
            _silentSinceMs = -1;
            Apply(_turns.OnAgentAudioStopped(ms), ms);
        }
    }

    private void DrainModel(long ms)
    {
        while (_injected.TryDequeue(out var clip))
        {
            _playout.Enqueue(clip);
        }
        while (_session.Outputs.TryRead(out var output))
        {
            switch (output)
            {
                case AgentAudio audio when !_discarding:
                    _responseOpen = true;
                    _playout.Enqueue(_fromModel.Process(audio.Pcm.Span));
                    break;
                case AgentTranscript { Final: true } t when t.Text.Length > 0:
                    _sink.Enqueue(new AgentTranscriptActivity(t.Role, t.Text, DateTimeOffset.FromUnixTimeMilliseconds(ms)));
                    if (t.Role == TranscriptRoles.Caller)
                    {
                        Apply(_turns.OnCallerTranscript(t.Text, true, ms), ms);
                    }
                    break;
                case AgentResponseDone:
                    _responseOpen = false;
                    _discarding = false;
                    break;
                case AgentError error:
                    OnModelError(error, ms);
                    break;
            }
        }
    }

    private void OnModelError(AgentError error, long ms)
    {
        _sink.Enqueue(new AgentErrorActivity(error.Code, error.Message, error.Fatal, DateTimeOffset.FromUnixTimeMilliseconds(ms)));
        _metrics?.Errors.Add(1, new("code", error.Code), new("fatal", error.Fatal));
        LogModelError(_sid, _settings.AgentName, error.Code, error.Message, error.Fatal);
        if (!error.Fatal || !_modelUsable)
        {
            return;
        }
        _modelUsable = false;
        _responseOpen = false;
        _discarding = false;
        if (Volatile.Read(ref _fallback) is { } fallback)
        {
            _playout.Enqueue(fallback);
        }
    }

    private async Task ConnectAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(AgentRunSettings.StartTimeout);
        try
        {
            await _session.StartAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not OutOfMemoryException)
        {
            var code = e is OperationCanceledException ? "timeout" : "connect_failed";
            // Reported through the same path as the session's own errors, so the loop stays the only writer of run state.
            _sink.Enqueue(new AgentErrorActivity(code, e.Message, true, DateTimeOffset.UtcNow));
            _metrics?.Errors.Add(1, new("code", code), new("fatal", true));
            LogModelError(_sid, _settings.AgentName, code, e.Message, true);
            _modelUsable = false;
            for (var i = 0; i < 50 && Volatile.Read(ref _fallback) is null && !ct.IsCancellationRequested; i++)
            {
                await Task.Delay(100, ct).ConfigureAwait(false);
            }
            if (Volatile.Read(ref _fallback) is { } fallback)
            {
                _injected.Enqueue(fallback);
            }
        }
    }

    private async Task PrepareSpeechAsync(CancellationToken ct)
    {
        if (_settings.Synthesizer is not { } synth)
        {
            return;
        }
        var rate = CallMediaHub.MixFormat.SampleRate;
        try
        {
            if (_settings.PreRoll is { Length: > 0 } preRoll)
            {
                _injected.Enqueue(await synth.SynthesizeAsync(preRoll, rate, _settings.Voice, ct).ConfigureAwait(false));
            }
            Volatile.Write(ref _fallback, await synth.SynthesizeAsync(_settings.Fallback, rate, _settings.Voice, ct).ConfigureAwait(false));
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not OutOfMemoryException)
        {
            LogSpeechFailed(e, _sid);
        }
    }

    private async Task DisposeSessionAsync()
    {
        try
        {
            await _session.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogSpeechFailed(e, _sid);
        }
        finally
        {
            _toModel.Dispose();
            _fromModel.Dispose();
            _lifetime.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Agent} of call {Sid} reported {Code} (fatal: {Fatal}): {Message}")]
    private partial void LogModelError(string sid, string agent, string code, string message, bool fatal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent speech (pre-roll, fallback or shutdown) failed for call {Sid}")]
    private partial void LogSpeechFailed(Exception e, string sid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not finish the recording of call {Sid}: {Reason}")]
    private partial void LogRecordingFailed(string sid, string reason);
}

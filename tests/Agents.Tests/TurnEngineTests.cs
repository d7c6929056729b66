using ClutchCall.Agents.Turns;

namespace ClutchCall.Agents.Tests;

/// <summary>The grain-facing wrapper: raw PCM in, events and effects out.</summary>
public sealed class TurnEngineTests
{
    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    public void ToneBurstBecomesACommittedTurn(int rate)
    {
        var engine = new TurnEngine(TurnPolicy.Default, rate);
        int samples = rate / 50;
        short[] silence = new short[samples], tone = EnergyVadTests.Tone(rate, samples, 6000);
        var events = new List<TurnEvent>();
        TurnEffects effects = TurnEffects.None;
        for (int i = 0; i < 150; i++)
        {
            TurnOutput output = engine.OnCallerAudio(i is >= 25 and < 75 ? tone : silence, i * 20);
            events.AddRange(output.ToArray());
            effects |= output.Effects;
        }

        // Tone from 500 to 1500 ms; hangover 60 ms; 500 ms of silence: committed at 2060.
        Assert.Equal("turn.started@800 turn.committed@2060", Script.Format(events));
        Assert.Equal(TurnEffects.RequestReply, effects);
    }

    [Fact]
    public void AgentEchoAtMinus15DbDoesNotBargeIn()
    {
        var engine = new TurnEngine(TurnPolicy.Default, 8000);
        short[] agent = EnergyVadTests.Tone(8000, 160, 8000), echo = EnergyVadTests.Tone(8000, 160, 1400);
        var events = new List<TurnEvent>(engine.OnAgentAudioStarted(0).ToArray());
        for (int i = 0; i < 100; i++)
        {
            events.AddRange(engine.OnAgentAudio(agent, i * 20).ToArray());
            events.AddRange(engine.OnCallerAudio(echo, i * 20).ToArray());
        }

        events.AddRange(engine.OnAgentAudioStopped(2000).ToArray());
        Assert.Equal("agent.speech.started@0 agent.speech.ended@2000", Script.Format(events));
    }

    [Fact]
    public void StepsAllocateNothingInSteadyState()
    {
        var engine = new TurnEngine(TurnPolicy.Default, 8000);
        short[] tone = EnergyVadTests.Tone(8000, 160, 6000), silence = new short[160];
        engine.OnAgentAudioStarted(0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            engine.OnAgentAudio(tone, i * 20);
            engine.OnCallerAudio(i % 40 < 10 ? tone : silence, i * 20);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(11025)]
    [InlineData(0)]
    public void RejectsUnsupportedRates(int rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TurnEngine(TurnPolicy.Default, rate));

    [Fact]
    public void RejectsAnInvalidPolicy() =>
        Assert.Throws<ArgumentException>(() => new TurnEngine(TurnPolicy.Default with { EndOfTurnSilence = TimeSpan.Zero }, 8000));

    [Fact]
    public void RejectsAnEmptyFrame() =>
        Assert.Throws<ArgumentException>(() => new TurnEngine(TurnPolicy.Default, 8000).OnCallerAudio([], 0));
}

/// <summary>The engine reports turns and barge-ins on the ClutchCall.Agents meter.</summary>
public sealed class TurnMetricsTests
{
    [Fact]
    public void EngineRecordsCommittedTurnsAndBargeIns()
    {
        using var factory = new SingleMeterFactory();
        var metrics = new ClutchCall.Agents.Diagnostics.TurnMetrics(factory);
        var recorded = new List<(string Name, long Value)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ClutchCall.Agents.Diagnostics.TurnMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => recorded.Add((instrument.Name, value)));
        listener.Start();

        var engine = new TurnEngine(TurnPolicy.Default, 8000, metrics);
        foreach (TurnInput input in Script.Parse("A+ Q200 S500 Q600"))
        {
            engine.Step(input);
        }

        Assert.Contains(("clutchcall.agents.barge_ins.confirmed", 1L), recorded);
        Assert.Contains(("clutchcall.agents.barge_ins.confirm_delay", 400L), recorded);
        Assert.Contains(("clutchcall.agents.turns.committed", 1L), recorded);
        Assert.Contains(("clutchcall.agents.turns.length", 1000L), recorded);
    }

    private sealed class SingleMeterFactory : System.Diagnostics.Metrics.IMeterFactory
    {
        private readonly List<System.Diagnostics.Metrics.Meter> _meters = [];

        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options)
        {
            var meter = new System.Diagnostics.Metrics.Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}

using System.Buffers;
using ClutchCall.Agents.Sessions;
using ClutchCall.Agents.Speech;

namespace ClutchCall.Agents.TextTurns;

public sealed partial class TextTurnSession
{
    /// <summary>
    /// The only code that touches the recognizer. It runs behind the media thread: decoding is many times faster than
    /// real time, so a backlog after a slow frame is caught up quickly.
    /// </summary>
    private async Task RunInputAsync()
    {
        using var resampler = new PcmStreamResampler(_options.InputSampleRate, _recognizer.SampleRate);
        var utterance = new UtteranceBuffer((int)(_options.MaxUtterance.TotalSeconds * _recognizer.SampleRate));
        var grammarRecognizer = _recognizer as IGrammarRecognizer;
        var grammarSource = _agent as IGrammarSource;
        string? appliedGrammar = null;
        NoiseFloor? noise = _options.InputSampleRate < _recognizer.SampleRate && _options.UpsampledNoiseFloor > 0
            ? new NoiseFloor(_options.UpsampledNoiseFloor)
            : null;
        await foreach (InputCommand command in _input.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (Volatile.Read(ref _disposed) != 0)
                {
                    continue;
                }

                switch (command.Kind)
                {
                    case InputKind.Audio:
                        ReadOnlySpan<short> pcm = resampler.Process(command.Pooled.AsSpan(0, command.Length));
                        if (noise is not null)
                        {
                            pcm = noise.Add(pcm);
                        }

                        if (grammarRecognizer is not null && grammarSource?.CurrentGrammar is { } wanted && !string.Equals(wanted, appliedGrammar, StringComparison.Ordinal))
                        {
                            // The agent moved to a step that expects other answers, possibly after this utterance began
                            // (the reply runs concurrently): decode what we have again under the new grammar.
                            // Marked applied first: a grammar the recognizer rejects is reported once, not on every frame.
                            appliedGrammar = wanted;
                            grammarRecognizer.Reset();
                            grammarRecognizer.UseGrammar(wanted);
                            if (utterance.Length > 0)
                            {
                                grammarRecognizer.Accept(utterance.Samples);
                            }
                        }

                        utterance.Append(pcm);
                        _recognizer.Accept(pcm);
                        break;
                    case InputKind.Commit:
                        utterance.Clear();
                        string text = _recognizer.EndUtterance();
                        if (!string.IsNullOrWhiteSpace(text))
                        {
                            OnCallerTurn(text);
                        }

                        break;
                    case InputKind.Clear:
                        utterance.Clear();
                        _recognizer.Reset();
                        break;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                utterance.Clear();
                _recognizer.Reset();
                _outputs.Writer.TryWrite(new AgentError("asr_failed", $"speech recognition failed: {e.Message}", Fatal: false));
            }
            finally
            {
                if (command.Pooled is not null)
                {
                    ArrayPool<short>.Shared.Return(command.Pooled);
                }
            }
        }
    }

    private void OnCallerTurn(string text)
    {
        var turn = new TextTurn(_options.CallSid, _options.OrgId, text, _history.Snapshot());
        _outputs.Writer.TryWrite(new AgentTranscript(TranscriptRoles.Caller, text, Final: true));
        _history.Add(TranscriptRoles.Caller, text);
        StartReply(ct => _agent.ReplyAsync(turn, ct), turn);
    }

    /// <summary>Low white noise over upsampled audio (see <see cref="TextTurnSessionOptions.UpsampledNoiseFloor"/>); a fixed seed keeps runs repeatable.</summary>
    private sealed class NoiseFloor(int amplitude)
    {
        private uint _state = 0x9E3779B9;
        private short[] _buffer = [];

        /// <summary>The input plus noise; valid until the next call.</summary>
        public ReadOnlySpan<short> Add(ReadOnlySpan<short> pcm)
        {
            if (_buffer.Length < pcm.Length)
            {
                _buffer = new short[pcm.Length];
            }

            for (int i = 0; i < pcm.Length; i++)
            {
                // xorshift32: cheap, allocation-free and the same sequence every run.
                _state ^= _state << 13;
                _state ^= _state >> 17;
                _state ^= _state << 5;
                int offset = (int)(_state % (uint)((2 * amplitude) + 1)) - amplitude;
                _buffer[i] = (short)Math.Clamp(pcm[i] + offset, short.MinValue, short.MaxValue);
            }

            return _buffer.AsSpan(0, pcm.Length);
        }
    }

    /// <summary>The current utterance's audio at the recognizer rate, kept up to a cap.</summary>
    private sealed class UtteranceBuffer(int capacity)
    {
        private short[] _samples = new short[Math.Min(capacity, 16000)];

        public int Length { get; private set; }

        public ReadOnlySpan<short> Samples => _samples.AsSpan(0, Length);

        public void Append(ReadOnlySpan<short> pcm)
        {
            int take = Math.Min(pcm.Length, capacity - Length);
            if (take <= 0)
            {
                return;
            }

            if (Length + take > _samples.Length)
            {
                Array.Resize(ref _samples, Math.Min(capacity, Math.Max(_samples.Length * 2, Length + take)));
            }

            pcm[..take].CopyTo(_samples.AsSpan(Length));
            Length += take;
        }

        public void Clear() => Length = 0;
    }
}

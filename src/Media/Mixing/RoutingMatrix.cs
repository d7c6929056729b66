namespace ClutchCall.Media.Mixing;

/// <summary>
/// Who hears whom: an immutable listener x speaker matrix. The diagonal is always off, so every mix is a
/// minus-one mix and nobody hears their own voice back.
/// </summary>
public sealed class RoutingMatrix
{
    private readonly bool[] _heard;

    private RoutingMatrix(int parties, bool[] heard)
    {
        Parties = parties;
        _heard = heard;
    }

    public int Parties { get; }

    /// <summary>Nobody hears anybody.</summary>
    public static RoutingMatrix Silent(int parties)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 1);
        return new RoutingMatrix(parties, new bool[parties * parties]);
    }

    /// <summary>Everybody hears everybody else: an open conference.</summary>
    public static RoutingMatrix FullMesh(int parties)
    {
        var matrix = Silent(parties);
        for (int listener = 0; listener < parties; listener++)
        {
            for (int speaker = 0; speaker < parties; speaker++)
            {
                matrix._heard[(listener * parties) + speaker] = listener != speaker;
            }
        }

        return matrix;
    }

    /// <summary>The three-party matrix (<see cref="ConferenceParty"/> slots) for a conference mode.</summary>
    public static RoutingMatrix For(ConferenceMode mode)
    {
        const ConferenceParty caller = ConferenceParty.Caller, callee = ConferenceParty.Callee, agent = ConferenceParty.Agent;
        var m = Silent(3).With(caller, callee, true).With(callee, caller, true);
        return mode switch
        {
            ConferenceMode.Normal => m,
            ConferenceMode.Barge => m.With(agent, caller, true).With(agent, callee, true).With(caller, agent, true).With(callee, agent, true),
            ConferenceMode.Whisper => m.With(agent, caller, true).With(agent, callee, true).With(callee, agent, true),
            ConferenceMode.Spy => m.With(agent, caller, true).With(agent, callee, true),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown conference mode"),
        };
    }

    public bool Hears(int listener, int speaker) => _heard[Index(listener, speaker)];

    public bool Hears(ConferenceParty listener, ConferenceParty speaker) => Hears((int)listener, (int)speaker);

    /// <summary>A copy with one route changed. Routing a party to itself is refused: mixes are minus-one.</summary>
    public RoutingMatrix With(int listener, int speaker, bool heard)
    {
        int index = Index(listener, speaker);
        if (listener == speaker && heard)
        {
            throw new ArgumentException($"party {listener} cannot hear itself: mixes are minus-one");
        }

        var copy = (bool[])_heard.Clone();
        copy[index] = heard;
        return new RoutingMatrix(Parties, copy);
    }

    public RoutingMatrix With(ConferenceParty listener, ConferenceParty speaker, bool heard) => With((int)listener, (int)speaker, heard);

    private int Index(int listener, int speaker)
    {
        if ((uint)listener >= (uint)Parties || (uint)speaker >= (uint)Parties)
        {
            throw new ArgumentOutOfRangeException(nameof(listener), $"parties are 0..{Parties - 1}, got listener {listener}, speaker {speaker}");
        }

        return (listener * Parties) + speaker;
    }
}

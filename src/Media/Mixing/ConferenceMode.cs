namespace ClutchCall.Media.Mixing;

/// <summary>How the agent takes part in a connected call (see the inbound call commands).</summary>
public enum ConferenceMode
{
    /// <summary>Caller and callee hear each other; the agent is out of the audio path.</summary>
    Normal,

    /// <summary>The agent is heard by caller and callee and hears both. The default after connect().</summary>
    Barge,

    /// <summary>Only the callee hears the agent; the agent hears both.</summary>
    Whisper,

    /// <summary>The agent hears both and is heard by nobody.</summary>
    Spy,
}

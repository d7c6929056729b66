using ClutchCall.Grains.Interfaces;

namespace ClutchCall.Grains.Agents;

/// <summary>
/// The agents every org has without registering anything, so the embedded engine and the SDK recipes run with no
/// network: <c>echo</c> plays each caller turn back; every other configured id is the scripted appointment IVR.
/// An org's registry entry with the same id wins.
/// </summary>
public static class BuiltInAgents
{
    public static AgentSpec SpecFor(string agentId) => agentId == "echo"
        ? new AgentSpec("echo", VoiceMode: AgentVoiceModes.Local)
        : new AgentSpec("ivr", VoiceMode: AgentVoiceModes.Local);
}

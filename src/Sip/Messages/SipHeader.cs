namespace ClutchCall.Sip.Messages;

/// <summary>One header line (list headers are stored one value per entry). Name is canonical.</summary>
public readonly record struct SipHeader(string Name, string Value);

namespace ClutchCall.Sip.Transport;

/// <summary>A send could not reach the peer; transactions turn it into a 503 for their user (RFC 3261 §8.1.3.1).</summary>
public sealed class SipTransportException(string message, Exception? inner = null) : Exception(message, inner);

namespace ClutchCall.Sip.Transactions;

/// <summary>The union of the RFC 3261 §17 transaction states (figures 5-8) plus RFC 6026's Accepted.</summary>
public enum TransactionState { Calling, Trying, Proceeding, Completed, Accepted, Confirmed, Terminated }

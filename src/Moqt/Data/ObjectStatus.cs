namespace ClutchCall.Moqt.Data;

/// <summary>Object status values of draft-14, sent when the payload is empty.</summary>
public enum ObjectStatus : ulong
{
    Normal = 0x0,
    DoesNotExist = 0x1,
    EndOfGroup = 0x3,
    EndOfTrack = 0x4,
}

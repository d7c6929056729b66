using System.Buffers;
using ClutchCall.Moqt.Coding;

namespace ClutchCall.Moqt.Data;

/// <summary>How the subgroup id of a draft-14 SUBGROUP_HEADER is given (bits 1-2 of the stream type).</summary>
public enum SubgroupIdMode : byte
{
    /// <summary>No field; the subgroup id is 0.</summary>
    Zero = 0b00,

    /// <summary>No field; the subgroup id is the first object's id.</summary>
    FirstObjectId = 0b01,

    /// <summary>An explicit Subgroup ID field follows the group id.</summary>
    Explicit = 0b10,
}

/// <summary>
/// SUBGROUP_HEADER, the first bytes of a draft-14 data stream:
/// <c>Type (i) | Track Alias (i) | Group ID (i) | [Subgroup ID (i)] | Publisher Priority (8)</c>.
/// Types 0x10-0x15 and 0x18-0x1D: bit 0 = objects carry extension headers, bits 1-2 = <see cref="SubgroupIdMode"/>,
/// bit 3 = the subgroup holds the end of its group.
/// </summary>
public readonly record struct SubgroupHeader(
    ulong TrackAlias,
    ulong GroupId,
    ulong SubgroupId,
    byte PublisherPriority,
    SubgroupIdMode Mode,
    bool HasExtensions,
    bool ContainsEndOfGroup)
{
    public const ulong MinType = 0x10;
    public const ulong MaxType = 0x1D;

    /// <summary>Publisher priority when the application does not choose one (draft-14 default).</summary>
    public const byte DefaultPriority = 128;

    /// <summary>The header for a whole group on one stream: subgroup 0, end of group included.</summary>
    public static SubgroupHeader ForGroup(ulong trackAlias, ulong groupId, byte priority, bool hasExtensions) =>
        new(trackAlias, groupId, 0, priority, SubgroupIdMode.Zero, hasExtensions, ContainsEndOfGroup: true);

    public ulong StreamType =>
        MinType | (HasExtensions ? 0x1UL : 0) | ((ulong)Mode << 1) | (ContainsEndOfGroup ? 0x8UL : 0);

    public static bool IsSubgroupType(ulong type) =>
        type is >= MinType and <= MaxType && (type & 0x6) != 0x6;

    public void Encode(IBufferWriter<byte> output)
    {
        var writer = new MoqtWriter(output);
        Encode(ref writer);
    }

    public void Encode(ref MoqtWriter writer)
    {
        writer.WriteVarInt(StreamType);
        writer.WriteVarInt(TrackAlias);
        writer.WriteVarInt(GroupId);
        if (Mode == SubgroupIdMode.Explicit) writer.WriteVarInt(SubgroupId);
        writer.WriteByte(PublisherPriority);
    }

    /// <summary>Decodes a header from the start of a data stream; nothing consumed unless <see cref="DecodeStatus.Done"/>.</summary>
    public static DecodeStatus TryDecode(ReadOnlySpan<byte> input, out SubgroupHeader header, out int consumed, out DecodeError error)
    {
        header = default;
        consumed = 0;
        error = default;
        var reader = new MoqtReader(input);
        if (!reader.TryReadVarInt(out ulong type)) return DecodeStatus.NeedMoreData;
        if (!IsSubgroupType(type))
        {
            error = new DecodeError(MoqtErrorCode.ProtocolViolation, $"unknown data stream type 0x{type:x}");
            return DecodeStatus.Invalid;
        }

        var mode = (SubgroupIdMode)((type >> 1) & 0x3);
        if (!reader.TryReadVarInt(out ulong alias) || !reader.TryReadVarInt(out ulong group)) return DecodeStatus.NeedMoreData;
        ulong subgroup = 0;
        if (mode == SubgroupIdMode.Explicit && !reader.TryReadVarInt(out subgroup)) return DecodeStatus.NeedMoreData;
        if (!reader.TryReadByte(out byte priority)) return DecodeStatus.NeedMoreData;

        header = new SubgroupHeader(alias, group, subgroup, priority, mode, (type & 0x1) != 0, (type & 0x8) != 0);
        consumed = reader.Consumed;
        return DecodeStatus.Done;
    }
}

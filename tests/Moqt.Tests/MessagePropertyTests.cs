using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Data;
using ClutchCall.Moqt.Messages;
using FsCheck;
using FsCheck.Fluent;

namespace ClutchCall.Moqt.Tests;

/// <summary>FsCheck properties: generated field values survive encode/decode in both dialects.</summary>
public sealed class MessagePropertyTests
{
    private static readonly Gen<ulong> VarIntValues = Gen.Choose(0, 62).SelectMany(bits => ArbMap.Default.GeneratorFor<ulong>().Select(v => bits == 0 ? 0 : v & ((1UL << bits) - 1)));

    private static readonly Gen<string> Names = ArbMap.Default.GeneratorFor<NonNull<string>>().Select(s => s.Get.Length > 64 ? s.Get[..64] : s.Get)
        .Where(s => !s.Any(char.IsSurrogate));

    [Fact]
    public void Subscribe_RoundTrips()
    {
        Gen<Subscribe> messages =
            from id in VarIntValues
            from field in Names
            from name in Names
            from priority in ArbMap.Default.GeneratorFor<byte>()
            from order in Gen.Elements(GroupOrder.Publisher, GroupOrder.Ascending, GroupOrder.Descending)
            from forward in ArbMap.Default.GeneratorFor<bool>()
            from filter in Gen.Elements(FilterType.NextGroupStart, FilterType.LargestObject, FilterType.AbsoluteStart, FilterType.AbsoluteRange)
            from groupId in VarIntValues
            from obj in VarIntValues
            from span in Gen.Choose(0, 1000)
            from timeout in VarIntValues
            select new Subscribe(id, new TrackNamespace("voice", field), name, priority, order, forward, filter,
                filter is FilterType.AbsoluteStart or FilterType.AbsoluteRange ? new Location(groupId, obj) : null,
                filter is FilterType.AbsoluteRange ? Math.Min(VarInt.MaxValue, groupId + (ulong)span) : null,
                new MoqtParameters().AddVarInt(MessageParameterType.DeliveryTimeout, timeout));
        Prop.ForAll(messages.ToArbitrary(), RoundTrips).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SubscribeOk_PublishDone_AndErrors_RoundTrip()
    {
        Gen<ControlMessage> messages = Gen.OneOf(
            from id in VarIntValues
            from alias in VarIntValues
            from expires in VarIntValues
            from largest in Gen.Elements(true, false)
            from g in VarIntValues
            select (ControlMessage)new SubscribeOk(id, alias, expires, GroupOrder.Descending, largest ? new Location(g, 0) : null, new MoqtParameters()),
            from id in VarIntValues
            from status in VarIntValues
            from count in VarIntValues
            from reason in Names
            select (ControlMessage)new PublishDone(id, status, count, reason),
            from id in VarIntValues
            from code in VarIntValues
            from reason in Names
            select (ControlMessage)new SubscribeError(id, code, reason),
            from uri in Names
            select (ControlMessage)new GoAway(uri));
        Prop.ForAll(messages.ToArbitrary(), RoundTrips).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SubgroupHeaders_RoundTrip()
    {
        Gen<SubgroupHeader> headers =
            from alias in VarIntValues
            from groupId in VarIntValues
            from subgroup in VarIntValues
            from priority in ArbMap.Default.GeneratorFor<byte>()
            from mode in Gen.Elements(SubgroupIdMode.Zero, SubgroupIdMode.FirstObjectId, SubgroupIdMode.Explicit)
            from ext in ArbMap.Default.GeneratorFor<bool>()
            from end in ArbMap.Default.GeneratorFor<bool>()
            select new SubgroupHeader(alias, groupId, mode == SubgroupIdMode.Explicit ? subgroup : 0, priority, mode, ext, end);
        Prop.ForAll(headers.ToArbitrary(), header =>
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            header.Encode(buffer);
            return SubgroupHeader.TryDecode(buffer.WrittenSpan, out SubgroupHeader back, out int used, out _) == DecodeStatus.Done
                && used == buffer.WrittenCount && back == header;
        }).QuickCheckThrowOnFailure();
    }

    private static bool RoundTrips(ControlMessage message)
    {
        foreach (MoqtVersion version in (MoqtVersion[])[MoqtVersion.Draft14, MoqtVersion.Draft14LiteJs])
        {
            byte[] bytes = ControlMessageCodec.EncodeToArray(message, version);
            if (ControlMessageCodec.TryDecode(bytes, version, out ControlMessage? back, out int used, out _) != DecodeStatus.Done) return false;
            if (used != bytes.Length || !message.Equals(back)) return false;
        }

        return true;
    }
}

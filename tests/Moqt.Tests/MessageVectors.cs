using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Messages;

namespace ClutchCall.Moqt.Tests;

/// <summary>One example of every control message, for round-trip, prefix, split and fuzz tests.</summary>
internal static class MessageVectors
{
    public static readonly TrackNamespace Voice = new("voice", "CA123");

    public static IEnumerable<ControlMessage> All()
    {
        yield return new ClientSetup([MoqtVersion.Draft14Number, 0xff0dad01], new MoqtParameters()
            .AddVarInt(SetupParameterType.MaxRequestId, 100)
            .AddBytes(SetupParameterType.Path, "/moq"u8.ToArray())
            .AddBytes(SetupParameterType.AuthorizationToken, AuthorizationToken.CreateUseValue(1, "jwt"u8))
            .AddBytes(0x25, new byte[] { 1, 2, 3 }) // unknown, preserved
            .AddVarInt(0x40, 7));
        yield return new ServerSetup(MoqtVersion.Draft14Number, new MoqtParameters().AddVarInt(SetupParameterType.MaxRequestId, 1000));
        yield return new Subscribe(0, Voice, "downlink", 128, GroupOrder.Ascending, true, FilterType.NextGroupStart, null, null,
            new MoqtParameters().AddVarInt(MessageParameterType.DeliveryTimeout, 200));
        yield return new Subscribe(2, Voice, "uplink", 1, GroupOrder.Publisher, false, FilterType.AbsoluteStart, new Location(5, 1), null, new MoqtParameters());
        yield return new Subscribe(4, Voice, "uplink", 1, GroupOrder.Descending, true, FilterType.AbsoluteRange, new Location(5, 1), 9UL, new MoqtParameters());
        yield return new SubscribeOk(0, 17, 0, GroupOrder.Ascending, null, new MoqtParameters());
        yield return new SubscribeOk(2, 3, 30000, GroupOrder.Descending, new Location(100, 0), new MoqtParameters().AddVarInt(MessageParameterType.DeliveryTimeout, 60));
        yield return new SubscribeError(4, SubscribeErrorCode.TrackDoesNotExist, "no such track");
        yield return new Unsubscribe(6);
        yield return new PublishDone(8, PublishDoneStatus.TrackEnded, 12, "bye");
        yield return new PublishNamespace(10, Voice, new MoqtParameters().AddBytes(MessageParameterType.AuthorizationToken, new byte[] { 3, 0, 0x61 }));
        yield return new PublishNamespaceOk(10);
        yield return new PublishNamespaceError(12, 1, "unauthorized");
        yield return new PublishNamespaceDone(Voice);
        yield return new PublishNamespaceCancel(Voice, 0, "moved");
        yield return new GoAway("https://gw2.example/moq");
        yield return new MaxRequestId(200);
        yield return new RequestsBlocked(100);
    }

    public static IEnumerable<object[]> Cases() => All().Select(m => new object[] { m });
}

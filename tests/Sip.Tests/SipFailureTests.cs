using ClutchCall.Sip.UserAgent;

namespace ClutchCall.Sip.Tests;

public class SipFailureTests
{
    [Theory]
    [InlineData(486, SipFailureReason.Busy)]
    [InlineData(600, SipFailureReason.Busy)]
    [InlineData(408, SipFailureReason.NoAnswer)]
    [InlineData(480, SipFailureReason.NoAnswer)]
    [InlineData(487, SipFailureReason.Cancelled)]
    [InlineData(404, SipFailureReason.NotFound)]
    [InlineData(403, SipFailureReason.Rejected)]
    [InlineData(603, SipFailureReason.Rejected)]
    [InlineData(488, SipFailureReason.NoCommonCodec)]
    [InlineData(407, SipFailureReason.AuthenticationFailed)]
    [InlineData(500, SipFailureReason.Failed)]
    [InlineData(503, SipFailureReason.Failed)]
    public void Status_codes_classify_themselves(int code, SipFailureReason reason)
    {
        var f = SipFailure.FromStatus(code);
        Assert.Equal(reason, f.Reason);
        Assert.Equal(code, f.SipCode);
    }

    [Fact]
    public void A_local_503_means_the_trunk_was_unreachable() =>
        Assert.Equal(SipFailureReason.Unreachable, SipFailure.FromStatus(503, local: true).Reason);
}

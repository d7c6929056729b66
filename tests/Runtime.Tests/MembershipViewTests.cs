using ClutchCall.Runtime.Membership;
using ClutchCall.Runtime.Storage;

namespace ClutchCall.Runtime.Tests;

public sealed class MembershipViewTests
{
    private static MembershipSnapshot View(long version, params SiloInfo[] silos) => new(version, silos);

    [Fact]
    public void A_silos_gone_token_is_cancelled_when_the_view_no_longer_lets_it_own_grains()
    {
        var view = new MembershipView();
        view.Update(View(1, new SiloInfo("a@1", "127.0.0.1:1"), new SiloInfo("b@2", "127.0.0.1:2")));
        var a = view.GoneToken("a@1");
        var b = view.GoneToken("b@2");
        Assert.False(a.IsCancellationRequested);

        view.Update(View(2, new SiloInfo("a@1", "127.0.0.1:1", SiloStatus.Leaving), new SiloInfo("b@2", "127.0.0.1:2")));
        Assert.False(a.IsCancellationRequested);

        view.Update(View(3, new SiloInfo("a@1", "127.0.0.1:1", SiloStatus.Dead), new SiloInfo("b@2", "127.0.0.1:2")));
        Assert.True(a.IsCancellationRequested);
        Assert.False(b.IsCancellationRequested);
        Assert.Same(b.WaitHandle, view.GoneToken("b@2").WaitHandle);
    }

    [Fact]
    public void An_unknown_or_departed_silo_is_gone_at_once()
    {
        var view = new MembershipView();
        view.Update(View(1, new SiloInfo("a@1", "127.0.0.1:1", SiloStatus.Left)));
        Assert.True(view.GoneToken("a@1").IsCancellationRequested);
        Assert.True(view.GoneToken("nobody@9").IsCancellationRequested);
    }
}

using ClutchCall.Runtime.Storage;

namespace ClutchCall.Runtime.Tests.Storage;

/// <summary>
/// The behaviour every cluster store must have. Each provider subclasses it; the bodies are shared so the
/// in-memory default and Redis cannot drift apart.
/// </summary>
public abstract class ClusterStoreContract : IAsyncLifetime
{
    protected static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(400);
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    protected IClusterStore Store { get; private set; } = null!;

    protected abstract Task<IClusterStore> CreateStoreAsync();

    /// <summary>Lets leases expire: a manual clock jumps, Redis waits.</summary>
    protected abstract Task PassTimeAsync(TimeSpan time);

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private GrainId Grain(string key) => new("t", $"{_run}-{key}");

    private async Task<string> JoinAsync(string name)
    {
        var id = $"{name}@{await Store.NextIncarnationAsync()}";
        await Store.JoinAsync(new SiloInfo(id, "127.0.0.1:1"), Lease);
        return id;
    }

    [Fact]
    public async Task Incarnations_are_unique_and_increasing()
    {
        var a = await Store.NextIncarnationAsync();
        var b = await Store.NextIncarnationAsync();
        Assert.True(b > a);
    }

    [Fact]
    public async Task Joined_silos_are_in_the_view_and_the_view_version_grows()
    {
        var before = (await Store.ReadViewAsync()).Version;
        var a = await JoinAsync("a");
        var view = await Store.ReadViewAsync();
        Assert.True(view.IsActive(a));
        Assert.True(view.Version > before);
        Assert.Equal(HeartbeatOutcome.Alive, (await Store.HeartbeatAsync(a, Lease)).Outcome);
    }

    [Fact]
    public async Task Every_claim_bumps_the_epoch_and_a_live_owner_keeps_its_grain()
    {
        var a = await JoinAsync("a");
        var b = await JoinAsync("b");
        var g = Grain("g");
        var first = await Store.ClaimAsync(g, a);
        Assert.Equal(new ClaimResult(ClaimOutcome.Won, 1, a, new StoredState(0, null)), first);
        var byOther = await Store.ClaimAsync(g, b);
        Assert.Equal(ClaimOutcome.OwnedElsewhere, byOther.Outcome);
        Assert.Equal(a, byOther.Owner);
        Assert.True(await Store.ReleaseAsync(g, a, 1, handoff: false));
        var second = await Store.ClaimAsync(g, b);
        Assert.Equal(new ClaimResult(ClaimOutcome.Won, 2, b, new StoredState(0, null)), second);
        Assert.Equal(new OwnerRecord(b, 2), await Store.LookupAsync(g));
        Assert.Contains(g, await Store.ReadOwnedAsync(b));
        Assert.DoesNotContain(g, await Store.ReadOwnedAsync(a));
    }

    [Fact]
    public async Task A_lapsed_lease_alone_does_not_lose_grains_only_a_declared_death_does()
    {
        var a = await JoinAsync("a");
        var g1 = Grain("g1");
        var g2 = Grain("g2");
        await Store.ClaimAsync(g1, a);
        await Store.ClaimAsync(g2, a);
        await PassTimeAsync(Lease * 2);
        var b = await JoinAsync("b");
        Assert.Equal(new ClaimResult(ClaimOutcome.OwnedElsewhere, 1, a), await Store.ClaimAsync(g1, b));

        Assert.Contains(a, await Store.DeclareExpiredDeadAsync());
        Assert.Equal(SiloStatus.Dead, await Store.ReadStatusAsync(a));
        Assert.Equal([g1, g2], (await Store.ReadOrphansAsync()).Where(g => g == g1 || g == g2).OrderBy(g => g.Key));
        Assert.Equal(new ClaimResult(ClaimOutcome.Won, 2, b, new StoredState(0, null)), await Store.ClaimAsync(g1, b));
        Assert.DoesNotContain(g1, await Store.ReadOrphansAsync());
        Assert.Equal(HeartbeatOutcome.DeclaredDead, (await Store.HeartbeatAsync(a, Lease)).Outcome);
        Assert.Equal(ClaimOutcome.ClaimerNotActive, (await Store.ClaimAsync(Grain("g3"), a)).Outcome);
    }

    [Fact]
    public async Task A_lapsed_lease_renewed_before_the_monitor_runs_keeps_the_silo_alive()
    {
        var a = await JoinAsync("a");
        await PassTimeAsync(Lease * 2);
        Assert.Equal(HeartbeatOutcome.Alive, (await Store.HeartbeatAsync(a, Lease)).Outcome);
        Assert.DoesNotContain(a, await Store.DeclareExpiredDeadAsync());
        Assert.True((await Store.ReadViewAsync()).IsActive(a));
    }

    [Fact]
    public async Task Expired_leases_are_declared_dead_by_the_monitor()
    {
        var a = await JoinAsync("a");
        await PassTimeAsync(Lease * 2);
        var b = await JoinAsync("b");
        var dead = await Store.DeclareExpiredDeadAsync();
        Assert.Contains(a, dead);
        Assert.DoesNotContain(b, dead);
        var view = await Store.ReadViewAsync();
        Assert.False(view.IsActive(a));
        Assert.Null(view.Owner(a));
        Assert.True(view.IsActive(b));
    }

    [Fact]
    public async Task Writes_are_fenced_by_epoch_and_checked_by_version()
    {
        var a = await JoinAsync("a");
        var b = await JoinAsync("b");
        var g = Grain("w");
        var claim = await Store.ClaimAsync(g, a);
        var ok = await Store.WriteAsync(Write(g, a, claim.Epoch, 0, "{\"n\":1}"));
        Assert.Equal(new WriteResult(WriteOutcome.Written, 1), ok);
        Assert.Equal(WriteOutcome.VersionConflict, (await Store.WriteAsync(Write(g, a, claim.Epoch, 0, "{}"))).Outcome);
        Assert.Equal(new StoredState(1, "{\"n\":1}"), await Store.LoadAsync(g));

        await Store.ReleaseAsync(g, a, claim.Epoch, handoff: false);
        var taken = await Store.ClaimAsync(g, b);
        Assert.True(taken.Epoch > claim.Epoch);
        Assert.Equal(WriteOutcome.Fenced, (await Store.WriteAsync(Write(g, a, claim.Epoch, 1, "{\"zombie\":true}"))).Outcome);
        Assert.Equal(WriteOutcome.Fenced, (await Store.WriteAsync(Write(g, b, claim.Epoch, 1, "{}"))).Outcome);
        Assert.Equal(new StoredState(1, "{\"n\":1}"), taken.State);
        Assert.Equal(WriteOutcome.Written, (await Store.WriteAsync(Write(g, b, taken.Epoch, 1, "{\"n\":2}"))).Outcome);
        Assert.Equal(new StoredState(2, "{\"n\":2}"), await Store.LoadAsync(g));
    }

    [Fact]
    public async Task A_silo_declared_dead_cannot_write_even_before_its_grains_are_claimed()
    {
        var a = await JoinAsync("a");
        var g = Grain("d");
        var claim = await Store.ClaimAsync(g, a);
        await PassTimeAsync(Lease * 2);
        await JoinAsync("b");
        await Store.DeclareExpiredDeadAsync();
        Assert.Equal(WriteOutcome.Fenced, (await Store.WriteAsync(Write(g, a, claim.Epoch, 0, "{}"))).Outcome);
    }

    [Fact]
    public async Task Epochs_never_go_back_even_after_the_state_is_cleared()
    {
        var a = await JoinAsync("a");
        var g = Grain("e");
        long last = 0;
        for (var i = 0; i < 5; i++)
        {
            var claim = await Store.ClaimAsync(g, a);
            Assert.True(claim.Epoch > last);
            last = claim.Epoch;
            var version = (await Store.LoadAsync(g)).Version;
            await Store.WriteAsync(Write(g, a, claim.Epoch, version, "{}") with { Clear = i % 2 == 1, Data = i % 2 == 1 ? null : "{}" });
            Assert.True(await Store.ReleaseAsync(g, a, claim.Epoch, handoff: false));
        }
        Assert.False(await Store.ReleaseAsync(g, a, last, handoff: false));
    }

    [Fact]
    public async Task Events_commit_with_the_state_to_every_named_stream_in_order()
    {
        var a = await JoinAsync("a");
        var g = Grain("ev");
        var claim = await Store.ClaimAsync(g, a);
        var other = $"org/{_run}";
        var w = Write(g, a, claim.Epoch, 0, "{}") with
        {
            Events = [new GrainEvent("one", "1", [other]), new GrainEvent("two", "2")],
        };
        await Store.WriteAsync(w);
        await Store.WriteAsync(Write(g, a, claim.Epoch, 1, "{}") with { Events = [new GrainEvent("three", "3", [other])] });
        var own = await Store.ReadAsync(g.ToString(), null, 10, default);
        Assert.Equal(["one", "two", "three"], own.Select(e => e.Type));
        var shared = await Store.ReadAsync(other, null, 10, default);
        Assert.Equal(["1", "3"], shared.Select(e => e.Data));
        var after = await Store.ReadAsync(g.ToString(), own[0].Id, 10, default);
        Assert.Equal(["two", "three"], after.Select(e => e.Type));

        var rejected = Write(g, a, claim.Epoch, 0, "{}") with { Events = [new GrainEvent("lost", "x")] };
        Assert.Equal(WriteOutcome.VersionConflict, (await Store.WriteAsync(rejected)).Outcome);
        Assert.Equal(3, (await Store.ReadAsync(g.ToString(), null, 10, default)).Count);
    }

    [Fact]
    public async Task A_waiting_reader_wakes_when_an_event_is_committed()
    {
        var a = await JoinAsync("a");
        var g = Grain("wait");
        var claim = await Store.ClaimAsync(g, a);
        var wait = Store.WaitForEventsAsync(g.ToString(), null, TimeSpan.FromSeconds(30), default);
        await Task.Delay(50);
        Assert.False(wait.IsCompleted);
        await Store.WriteAsync(Write(g, a, claim.Epoch, 0, "{}") with { Events = [new GrainEvent("x", "1")] });
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Indexes_update_with_the_write_and_page_by_score_descending()
    {
        var a = await JoinAsync("a");
        var g = Grain("idx");
        var claim = await Store.ClaimAsync(g, a);
        var index = $"calls/{_run}";
        await Store.WriteAsync(Write(g, a, claim.Epoch, 0, "{}") with
        {
            Index = [new IndexEntry(index, "m1", 10), new IndexEntry(index, "m2", 20), new IndexEntry(index, "m3", 30)],
        });
        await Store.WriteAsync(Write(g, a, claim.Epoch, 1, "{}") with { Index = [new IndexEntry(index, "m2", 0, Remove: true)] });
        var page = await Store.RangeByScoreDescendingAsync(index, double.PositiveInfinity, 10, default);
        Assert.Equal(["m3", "m1"], page.Select(m => m.Member));
        var next = await Store.RangeByScoreDescendingAsync(index, 30, 10, default);
        Assert.Equal(["m1"], next.Select(m => m.Member));
    }

    [Fact]
    public async Task Graceful_leave_keeps_ownership_until_complete_then_orphans_what_is_left()
    {
        var a = await JoinAsync("a");
        var b = await JoinAsync("b");
        var kept = Grain("kept");
        var handed = Grain("handed");
        var claim = await Store.ClaimAsync(kept, a);
        var handedClaim = await Store.ClaimAsync(handed, a);
        await Store.BeginLeaveAsync(a);
        var view = await Store.ReadViewAsync();
        Assert.False(view.IsActive(a));
        Assert.NotNull(view.Owner(a));
        Assert.Equal(ClaimOutcome.OwnedElsewhere, (await Store.ClaimAsync(kept, b)).Outcome);
        Assert.Equal(WriteOutcome.Written, (await Store.WriteAsync(Write(kept, a, claim.Epoch, 0, "{}"))).Outcome);
        Assert.True(await Store.ReleaseAsync(handed, a, handedClaim.Epoch, handoff: true));
        Assert.Contains(handed, await Store.ReadOrphansAsync());
        await Store.CompleteLeaveAsync(a);
        Assert.Contains(kept, await Store.ReadOrphansAsync());
        Assert.Equal(SiloStatus.Left, await Store.ReadStatusAsync(a));
        Assert.Equal(ClaimOutcome.Won, (await Store.ClaimAsync(kept, b)).Outcome);
        Assert.DoesNotContain(kept, await Store.ReadOrphansAsync());
    }

    [Fact]
    public async Task Retention_is_fenced_and_expires_ownership_state_and_events_together()
    {
        var a = await JoinAsync("a");
        var b = await JoinAsync("b");
        var kept = Grain("kept");
        var gone = Grain("gone");
        var keptClaim = await Store.ClaimAsync(kept, a);
        var goneClaim = await Store.ClaimAsync(gone, a);
        await Store.WriteAsync(Write(kept, a, keptClaim.Epoch, 0, "{}") with { Events = [new GrainEvent("e", "1")] });
        await Store.WriteAsync(Write(gone, a, goneClaim.Epoch, 0, "{}") with { Events = [new GrainEvent("e", "1")] });

        Assert.False(await Store.SetRetentionAsync(gone, b, goneClaim.Epoch, TimeSpan.FromMilliseconds(200)));
        Assert.True(await Store.SetRetentionAsync(gone, a, goneClaim.Epoch, TimeSpan.FromMilliseconds(200)));
        Assert.True(await Store.SetRetentionAsync(kept, a, keptClaim.Epoch, TimeSpan.FromMilliseconds(200)));
        Assert.True(await Store.SetRetentionAsync(kept, a, keptClaim.Epoch, TimeSpan.Zero));
        await PassTimeAsync(TimeSpan.FromMilliseconds(400));

        Assert.Equal(new StoredState(0, null), await Store.LoadAsync(gone));
        Assert.Null(await Store.LookupAsync(gone));
        Assert.Empty(await Store.ReadAsync(gone.ToString(), null, 10, default));
        Assert.Equal(1, (await Store.LoadAsync(kept)).Version);
        Assert.Single(await Store.ReadAsync(kept.ToString(), null, 10, default));
        Assert.Equal(WriteOutcome.Fenced, (await Store.WriteAsync(Write(gone, a, goneClaim.Epoch, 1, "{}"))).Outcome);
    }

    [Fact]
    public async Task Defunct_silos_are_forgotten_after_the_retention()
    {
        var a = await JoinAsync("a");
        await Store.BeginLeaveAsync(a);
        await Store.CompleteLeaveAsync(a);
        Assert.Equal(0, await Store.ForgetDefunctAsync(TimeSpan.FromHours(1)));
        await PassTimeAsync(TimeSpan.FromMilliseconds(50));
        Assert.True(await Store.ForgetDefunctAsync(TimeSpan.FromMilliseconds(10)) >= 1);
        Assert.Null(await Store.ReadStatusAsync(a));
        Assert.Equal(HeartbeatOutcome.DeclaredDead, (await Store.HeartbeatAsync(a, Lease)).Outcome);
    }

    [Fact]
    public async Task Reminders_are_leased_when_taken_and_removed_only_if_not_set_again()
    {
        var g = Grain("rem");
        await Store.SetAsync(g, "ring", TimeSpan.Zero);
        await Store.SetAsync(g, "later", TimeSpan.FromHours(1));
        await PassTimeAsync(TimeSpan.FromMilliseconds(5));
        var due = (await Store.TakeDueAsync(100, TimeSpan.FromMinutes(1))).Where(r => r.Grain == g).ToArray();
        Assert.Equal(["ring"], due.Select(r => r.Name));
        Assert.DoesNotContain((await Store.TakeDueAsync(100, TimeSpan.FromMinutes(1))), r => r.Grain == g);
        await Store.CompleteAsync(due[0]);

        await Store.SetAsync(g, "again", TimeSpan.Zero);
        await PassTimeAsync(TimeSpan.FromMilliseconds(5));
        var again = (await Store.TakeDueAsync(100, TimeSpan.FromMinutes(1))).Single(r => r.Grain == g);
        await Store.SetAsync(g, "again", TimeSpan.Zero);
        await Store.CompleteAsync(again);
        await PassTimeAsync(TimeSpan.FromMilliseconds(5));
        Assert.Contains(await Store.TakeDueAsync(100, TimeSpan.FromMinutes(1)), r => r.Grain == g && r.Name == "again");
    }

    private static StateWrite Write(GrainId g, string silo, long epoch, long expected, string? data) =>
        new(g, silo, epoch, expected, data, [], []);
}

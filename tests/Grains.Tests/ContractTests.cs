using System.Text.Json;
using ClutchCall.Grains.Interfaces;

namespace ClutchCall.Grains.Tests;

public sealed class ContractTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData(CallStatus.Dialing, "dialing")]
    [InlineData(CallStatus.Ringing, "ringing")]
    [InlineData(CallStatus.InProgress, "in_progress")]
    [InlineData(CallStatus.Completed, "completed")]
    [InlineData(CallStatus.Failed, "failed")]
    [InlineData(CallStatus.NoAnswer, "no_answer")]
    public void Status_wire_names_match_the_sdk(CallStatus status, string wire)
    {
        Assert.Equal($"\"{wire}\"", JsonSerializer.Serialize(status, Web));
        Assert.Equal(status, JsonSerializer.Deserialize<CallStatus>($"\"{wire}\"", Web));
        Assert.Equal(wire, status.ToWire());
        Assert.True(CallStatusExtensions.TryParseWire(wire, out var parsed));
        Assert.Equal(status, parsed);
    }

    [Fact]
    public void Persisted_state_round_trips_through_json()
    {
        var call = CallFixtures.InboundAfter(InboundCommand.Answer, InboundCommand.Connect);

        var back = JsonSerializer.Deserialize<CallState>(JsonSerializer.Serialize(call, Web), Web)!;

        Assert.Equal(JsonSerializer.Serialize(call.ToView(), Web), JsonSerializer.Serialize(back.ToView(), Web));
        Assert.Contains("\"startedAt\"", JsonSerializer.Serialize(call.ToView(), Web));
    }

    [Theory]
    [InlineData("+15551234567", true)]
    [InlineData("+442071838750", true)]
    [InlineData("+123456789012345", true)]
    [InlineData("+1234567890123456", false)]
    [InlineData("15551234567", false)]
    [InlineData("+05551234567", false)]
    [InlineData("+1555123456a", false)]
    [InlineData("+1234567", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void E164_validation(string? number, bool valid) => Assert.Equal(valid, E164.IsValid(number));

    [Fact]
    public void Idempotent_sids_are_stable_per_org_and_key_and_valid()
    {
        var a = CallSid.FromIdempotencyKey("org_a", "k1");

        Assert.Equal(a, CallSid.FromIdempotencyKey("org_a", "k1"));
        Assert.NotEqual(a, CallSid.FromIdempotencyKey("org_b", "k1"));
        Assert.True(CallSid.IsValid(a));
        Assert.True(CallSid.IsValid(CallSid.New()));
        Assert.False(CallSid.IsValid("CA123"));
    }
}

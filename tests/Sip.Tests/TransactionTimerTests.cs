using ClutchCall.TestKit;
using System.Text;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Parsing;
using ClutchCall.Sip.Transactions;

namespace ClutchCall.Sip.Tests;

/// <summary>RFC 3261 §17 timers A-K on a manual clock: every retransmission instant and every timeout is checked.</summary>
public class TransactionTimerTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly SipTimerOptions _timers = new();
    private readonly List<(TimeSpan At, SipMessage Message)> _sent = [];
    private readonly DateTimeOffset _start;

    public TransactionTimerTests() => _start = _time.GetUtcNow();

    private ValueTask Capture(SipMessage m)
    {
        _sent.Add((_time.GetUtcNow() - _start, m));
        return ValueTask.CompletedTask;
    }

    private static SipRequest Request(string method)
    {
        var text = SipTestMessages.Invite.Replace("INVITE", method).Replace("Content-Length: 4", "Content-Length: 0")[..^4];
        return (SipRequest)SipParser.ParseDatagram(Encoding.ASCII.GetBytes(text)).Message!;
    }

    private static SipResponse Response(SipRequest r, int code) => SipMessageFactory.CreateResponse(r, code, toTag: "totag");

    private void Advance(double seconds) => _time.Advance(TimeSpan.FromSeconds(seconds));

    private double[] SentTimes(string? method = null) =>
        [.. _sent.Where(s => method is null || (s.Message as SipRequest)?.Method == method).Select(s => s.At.TotalSeconds)];

    [Fact]
    public void Client_invite_retransmits_on_timer_A_and_times_out_on_timer_B()
    {
        var tx = new ClientInviteTransaction("k", Request("INVITE"), false, Capture, _timers, _time);
        tx.Start();
        Advance(31.9);
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5], SentTimes());
        Assert.False(tx.FinalResponse.IsCompleted);
        Advance(0.1);
        Assert.Equal(408, tx.FinalResponse.Result.StatusCode);
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(0, _time.PendingTimers);
    }

    [Fact]
    public void Client_invite_waits_in_proceeding_then_acks_a_failure_and_absorbs_retransmissions_until_timer_D()
    {
        var invite = Request("INVITE");
        var tx = new ClientInviteTransaction("k", invite, false, Capture, _timers, _time);
        var provisional = 0;
        tx.Provisional += _ => provisional++;
        tx.Start();
        Advance(0.2);
        tx.OnResponse(Response(invite, 180));
        Advance(120);
        Assert.Equal(1, provisional);
        Assert.Single(_sent); // timer A stopped, and no timer B in Proceeding
        tx.OnResponse(Response(invite, 486));
        Assert.Equal(486, tx.FinalResponse.Result.StatusCode);
        var ack = Assert.IsType<SipRequest>(_sent[^1].Message);
        Assert.Equal("ACK", ack.Method);
        Assert.Equal(invite.TopVia!.Branch, ack.TopVia!.Branch);
        Assert.Equal("totag", ack.To!.Tag);
        Assert.Equal(new CSeqHeader(invite.CSeq.Number, "ACK"), ack.CSeq);
        tx.OnResponse(Response(invite, 486));
        Assert.Equal(2, SentTimes("ACK").Length);
        Advance(31.9);
        Assert.Equal(TransactionState.Completed, tx.State);
        Advance(0.1);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Client_invite_on_a_reliable_transport_never_retransmits_and_skips_timer_D()
    {
        var invite = Request("INVITE");
        var tx = new ClientInviteTransaction("k", invite, true, Capture, _timers, _time);
        tx.Start();
        Advance(10);
        Assert.Single(_sent);
        tx.OnResponse(Response(invite, 503));
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Client_invite_2xx_terminates_without_an_ack_from_the_transaction()
    {
        var invite = Request("INVITE");
        var tx = new ClientInviteTransaction("k", invite, false, Capture, _timers, _time);
        tx.Start();
        tx.OnResponse(Response(invite, 200));
        Assert.Equal(200, tx.FinalResponse.Result.StatusCode);
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Empty(SentTimes("ACK"));
    }

    [Fact]
    public void Client_non_invite_backs_off_to_T2_on_timer_E_and_times_out_on_timer_F()
    {
        var tx = new ClientNonInviteTransaction("k", Request("OPTIONS"), false, Capture, _timers, _time);
        tx.Start();
        Advance(32);
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], SentTimes());
        Assert.Equal(408, tx.FinalResponse.Result.StatusCode);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Client_non_invite_retransmits_every_T2_in_proceeding_and_holds_for_timer_K()
    {
        var bye = Request("BYE");
        var tx = new ClientNonInviteTransaction("k", bye, false, Capture, _timers, _time);
        tx.Start();
        Advance(0.1);
        tx.OnResponse(Response(bye, 100));
        Advance(10);
        Assert.Equal([0, 0.5, 4.5, 8.5], SentTimes());
        tx.OnResponse(Response(bye, 200));
        Assert.Equal(TransactionState.Completed, tx.State);
        Advance(4.9);
        Assert.Equal(TransactionState.Completed, tx.State);
        Advance(0.1);
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(4, _sent.Count);
    }

    [Fact]
    public void Server_invite_retransmits_a_failure_on_timer_G_until_timer_H()
    {
        var invite = Request("INVITE");
        var tx = new ServerInviteTransaction("k", invite, false, m => Capture(m), _timers, _time);
        var ackTimedOut = false;
        tx.AckTimedOut += _ => ackTimedOut = true;
        tx.Respond(Response(invite, 100));
        tx.OnRetransmission();
        Assert.Equal(2, _sent.Count); // the retransmitted INVITE gets the provisional again
        tx.Respond(Response(invite, 486));
        Advance(31.9);
        var finals = _sent.Where(s => s.Message is SipResponse { StatusCode: 486 }).Select(s => s.At.TotalSeconds).ToArray();
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], finals);
        Assert.False(ackTimedOut);
        Advance(0.1);
        Assert.True(ackTimedOut);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Server_invite_ack_confirms_and_timer_I_absorbs_further_acks()
    {
        var invite = Request("INVITE");
        var tx = new ServerInviteTransaction("k", invite, false, m => Capture(m), _timers, _time);
        tx.Respond(Response(invite, 603));
        Advance(0.7);
        tx.OnAck();
        Assert.Equal(TransactionState.Confirmed, tx.State);
        var sent = _sent.Count;
        Advance(4.9);
        Assert.Equal(sent, _sent.Count); // timer G stopped
        Assert.Equal(TransactionState.Confirmed, tx.State);
        Advance(0.1);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Server_invite_2xx_moves_to_accepted_and_absorbs_retransmissions_until_timer_L()
    {
        var invite = Request("INVITE");
        var tx = new ServerInviteTransaction("k", invite, false, m => Capture(m), _timers, _time);
        tx.Respond(Response(invite, 200));
        Assert.Equal(TransactionState.Accepted, tx.State);
        tx.OnRetransmission();
        tx.Respond(Response(invite, 500));
        Assert.Single(_sent); // the TU, not the transaction, retransmits the 2xx
        Advance(31.9);
        Assert.Equal(TransactionState.Accepted, tx.State);
        Advance(0.1);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Server_non_invite_answers_retransmissions_with_its_last_response_until_timer_J()
    {
        var bye = Request("BYE");
        var tx = new ServerNonInviteTransaction("k", bye, false, m => Capture(m), _timers, _time);
        tx.OnRetransmission();
        Assert.Empty(_sent); // Trying: nothing to repeat yet
        tx.Respond(Response(bye, 200));
        tx.OnRetransmission();
        Assert.Equal(2, _sent.Count);
        Advance(31.9);
        Assert.Equal(TransactionState.Completed, tx.State);
        Advance(0.1);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Server_non_invite_on_a_reliable_transport_terminates_right_after_the_final()
    {
        var bye = Request("BYE");
        var tx = new ServerNonInviteTransaction("k", bye, true, m => Capture(m), _timers, _time);
        tx.Respond(Response(bye, 200));
        Assert.Equal(TransactionState.Terminated, tx.State);
    }
}

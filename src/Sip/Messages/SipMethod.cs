namespace ClutchCall.Sip.Messages;

public static class SipMethod
{
    public const string Invite = "INVITE";
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Options = "OPTIONS";
    public const string Register = "REGISTER";
    public const string Refer = "REFER";
    public const string Notify = "NOTIFY";
    public const string Info = "INFO";
    public const string Update = "UPDATE";

    public const string AllowHeaderValue = "INVITE, ACK, BYE, CANCEL, OPTIONS, REFER, NOTIFY, INFO";
}

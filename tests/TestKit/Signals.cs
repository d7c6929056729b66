using System.Runtime.InteropServices;

namespace ClutchCall.TestKit;

/// <summary>POSIX signals for silo processes: SIGTERM to stop, SIGKILL to crash, SIGSTOP/SIGCONT to freeze like a long GC pause.</summary>
public static partial class Signals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    public static void Send(int pid, int signal)
    {
        if (kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}

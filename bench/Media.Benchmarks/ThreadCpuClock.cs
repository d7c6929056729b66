using System.Runtime.InteropServices;

namespace ClutchCall.Media.Benchmarks;

/// <summary>
/// CPU time consumed by the calling thread (clock_gettime CLOCK_THREAD_CPUTIME_ID). Unlike wall time it does not
/// grow while the thread is preempted, so it measures the work on a machine shared with other builds.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc.so.6", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    public static long NowNanoseconds()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out TimeSpec t) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        }

        return (t.Seconds * 1_000_000_000) + t.Nanoseconds;
    }
}

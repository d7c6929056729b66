using System.Runtime.InteropServices;

namespace ClutchCall.Media.Native;

/// <summary>Owns one native codec/resampler state and frees it exactly once, even if the owner is never disposed.</summary>
internal sealed class NativeHandle : SafeHandle
{
    private readonly Action<nint> _destroy;

    public NativeHandle(nint handle, Action<nint> destroy)
        : base(nint.Zero, ownsHandle: true)
    {
        _destroy = destroy;
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == nint.Zero;

    /// <summary>The raw pointer for a call; throws once disposed so a stale codec never touches freed memory.</summary>
    public nint Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return handle;
        }
    }

    protected override bool ReleaseHandle()
    {
        _destroy(handle);
        return true;
    }
}

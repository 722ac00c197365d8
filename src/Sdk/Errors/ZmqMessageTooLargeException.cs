using System.Globalization;

namespace ZmqContracts;

/// <summary>
/// A message was refused before anything was sent: one of its frames is larger than the sender's
/// <see cref="ZmqSocketOptions.MaxMessageSize"/>. A receiver with the same limit would drop the connection it came on,
/// and with it what was queued behind it, so the sender refuses it at once instead.
/// </summary>
public sealed class ZmqMessageTooLargeException : ZmqException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="what">What was refused, such as <c>the item of WorkStage.Process</c>.</param>
    /// <param name="size">The size of the largest frame, in bytes.</param>
    /// <param name="limit">The sender's <see cref="ZmqSocketOptions.MaxMessageSize"/>.</param>
    public ZmqMessageTooLargeException(string what, long size, long limit)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"{what} is {size:N0} bytes, over this side's MaxMessageSize of {limit:N0} bytes: nothing was sent. Raise MaxMessageSize on this side and on the side that receives it to send larger messages."))
    {
        Size = size;
        Limit = limit;
    }

    /// <summary>The size of the largest frame, in bytes.</summary>
    public long Size { get; }

    /// <summary>The sender's <see cref="ZmqSocketOptions.MaxMessageSize"/>.</summary>
    public long Limit { get; }
}

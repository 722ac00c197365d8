using System;

namespace ZmqContracts;

/// <summary>A payload could not be serialized, or the bytes of a frame could not be read as the expected type.</summary>
public sealed class ZmqPayloadException : ZmqException
{
    /// <summary>Creates the exception.</summary>
    public ZmqPayloadException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

using System;

namespace ZmqContracts;

/// <summary>The base of every exception ZmqContracts throws for a messaging failure.</summary>
public class ZmqException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ZmqException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

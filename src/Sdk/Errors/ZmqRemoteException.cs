namespace ZmqContracts;

/// <summary>The server answered a call with an error reply instead of a result.</summary>
public sealed class ZmqRemoteException : ZmqException
{
    /// <summary>Creates the exception.</summary>
    public ZmqRemoteException(ZmqErrorCode code, string? remoteType, string remoteMessage)
        : this(code, remoteType, remoteMessage, remoteType is null ? $"{code}: {remoteMessage}" : $"{remoteType}: {remoteMessage}")
    {
    }

    private ZmqRemoteException(ZmqErrorCode code, string? remoteType, string remoteMessage, string message)
        : base(message)
    {
        Code = code;
        RemoteType = remoteType;
        RemoteMessage = remoteMessage;
    }

    /// <summary>Why the server refused or failed the call.</summary>
    public ZmqErrorCode Code { get; }

    /// <summary>The full name of the exception the implementation threw, when <see cref="Code"/> is <see cref="ZmqErrorCode.HandlerFailed"/>.</summary>
    public string? RemoteType { get; }

    /// <summary>The message the server sent.</summary>
    public string RemoteMessage { get; }

    /// <summary>The same error, told with <paramref name="message"/>: what the call it ended tried, for instance.</summary>
    internal ZmqRemoteException WithMessage(string message) => new(Code, RemoteType, RemoteMessage, message);
}

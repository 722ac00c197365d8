namespace ZmqContracts;

/// <summary>The server answered a call with an error reply instead of a result.</summary>
public sealed class ZmqRemoteException : ZmqException
{
    /// <summary>Creates the exception.</summary>
    public ZmqRemoteException(ZmqErrorCode code, string? remoteType, string remoteMessage)
        : base(remoteType is null ? $"{code}: {remoteMessage}" : $"{remoteType}: {remoteMessage}")
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
}

namespace ZmqContracts;

/// <summary>The server answered a call with an error reply instead of a result.</summary>
/// <remarks>
/// A generated client's exception says which call failed: its <see cref="System.Exception.Message"/> names the contract, the
/// operation and the server's endpoint, then what the server sent.
/// </remarks>
public sealed class ZmqRemoteException : ZmqException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">Why the server refused or failed the call.</param>
    /// <param name="remoteType">The full name of the exception the implementation threw, when the server sent it.</param>
    /// <param name="remoteMessage">The message the server sent.</param>
    /// <param name="errorId">The id under which the server logged the error, when it sent one.</param>
    public ZmqRemoteException(ZmqErrorCode code, string? remoteType, string remoteMessage, string? errorId = null)
        : this(code, remoteType, remoteMessage, errorId, Told("", code, remoteType, remoteMessage))
    {
    }

    private ZmqRemoteException(ZmqErrorCode code, string? remoteType, string remoteMessage, string? errorId, string message)
        : base(message)
    {
        Code = code;
        RemoteType = remoteType;
        RemoteMessage = remoteMessage;
        ErrorId = errorId;
    }

    /// <summary>Why the server refused or failed the call.</summary>
    public ZmqErrorCode Code { get; }

    /// <summary>
    /// When <see cref="Code"/> is <see cref="ZmqErrorCode.HandlerFailed"/>: the full name of the exception the implementation
    /// threw, if the server sends it (a <see cref="ZmqFaultException"/>'s always; any other only with
    /// <see cref="ZmqServerOptions.IncludeExceptionDetails"/>); otherwise <see langword="null"/>.
    /// </summary>
    public string? RemoteType { get; }

    /// <summary>The message the server sent.</summary>
    public string RemoteMessage { get; }

    /// <summary>
    /// The id under which the server logged the exception its implementation threw, to find it in the server's log; sent
    /// with every <see cref="ZmqErrorCode.HandlerFailed"/> error but a <see cref="ZmqFaultException"/>'s. Otherwise <see langword="null"/>.
    /// </summary>
    public string? ErrorId { get; }

    /// <summary>
    /// The error, its message told after <paramref name="context"/>: what the call or item it ended tried, for instance.
    /// </summary>
    internal static ZmqRemoteException After(string context, ZmqErrorCode code, string? remoteType, string remoteMessage, string? errorId = null) =>
        new(code, remoteType, remoteMessage, errorId, Told(context, code, remoteType, remoteMessage));

    /// <summary>
    /// How an error reads after <paramref name="context"/>: the remote type, or else the code, then the remote message.
    /// Made in one allocation of its own size, however long the remote message is (a server holds it only to its
    /// <see cref="ZmqSocketOptions.MaxMessageSize"/>).
    /// </summary>
    private static string Told(string context, ZmqErrorCode code, string? remoteType, string remoteMessage) =>
        string.Concat(context, remoteType ?? code.ToString(), ": ", remoteMessage);

    /// <summary>The same error, told with <paramref name="message"/>: what the call it ended tried, for instance.</summary>
    internal ZmqRemoteException WithMessage(string message) => new(Code, RemoteType, RemoteMessage, ErrorId, message);
}

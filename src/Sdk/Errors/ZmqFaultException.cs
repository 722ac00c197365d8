namespace ZmqContracts;

/// <summary>
/// Thrown by a handler (a request/reply or pipeline implementation) to fail a call or an item with a message meant for
/// the caller. Unlike any other exception, whose type and message stay on the server unless
/// <see cref="ZmqServerOptions.IncludeExceptionDetails"/> (or <see cref="ZmqWorkerOptions.IncludeExceptionDetails"/>) is
/// set, its message always crosses: the caller's <see cref="ZmqRemoteException"/> has <see cref="ZmqErrorCode.HandlerFailed"/>,
/// this type's full name as <see cref="ZmqRemoteException.RemoteType"/> and <paramref name="message"/> as
/// <see cref="ZmqRemoteException.RemoteMessage"/>.
/// </summary>
/// <param name="message">What the caller is told: write it for them, since it leaves the server as it is.</param>
public sealed class ZmqFaultException(string message) : ZmqException(message);

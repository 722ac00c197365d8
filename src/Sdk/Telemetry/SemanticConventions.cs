namespace ZmqContracts;

/// <summary>The attribute names and values of the OpenTelemetry semantic conventions that ZmqContracts' spans and metrics carry.</summary>
internal static class SemanticConventions
{
    public const string System = "zeromq";

    public const string RpcSystemName = "rpc.system.name";

    public const string RpcMethod = "rpc.method";

    public const string ServerAddress = "server.address";

    public const string ServerPort = "server.port";

    public const string ErrorType = "error.type";

    public const string MessagingSystem = "messaging.system";

    public const string MessagingOperationType = "messaging.operation.type";

    public const string MessagingOperationName = "messaging.operation.name";

    public const string MessagingDestinationName = "messaging.destination.name";

    public const string MessagingDestinationTemplate = "messaging.destination.template";

    /// <summary>The <c>messaging.operation.type</c> of a send: publish, produce.</summary>
    public const string SendOperation = "send";

    /// <summary>The <c>messaging.operation.type</c> of a handler's run on a received message.</summary>
    public const string ProcessOperation = "process";

    /// <summary>The <c>messaging.operation.type</c> of a message handed to a reader that pulls it (an enumeration), not to a handler.</summary>
    public const string ReceiveOperation = "receive";
}

using System;
using System.Diagnostics;
using static ZmqContracts.SemanticConventions;

namespace ZmqContracts.Runtime;

/// <summary>What the spans and metrics of request/reply calls share: their attributes, tags and error types (docs/observability.md).</summary>
internal static class RpcTelemetry
{
    /// <summary>The <c>rpc.method</c> of a request that names no operation the server knows: the conventions' value for it, which keeps the tag's cardinality bounded.</summary>
    public const string UnknownMethod = "_OTHER";

    /// <summary>The <c>error.type</c> of a call that got no reply in time.</summary>
    public const string Timeout = "timeout";

    /// <summary>The <c>{Contract}/{Operation}</c> that names a call's spans and is its <c>rpc.method</c>.</summary>
    public static string Method(string contract, string operation) => $"{contract}/{operation}";

    /// <summary>A span's name for <paramref name="method"/>: the method, or, for an unknown one, the RPC system's name.</summary>
    public static string SpanName(string method) => method == UnknownMethod ? SemanticConventions.System : method;

    /// <summary>The metric tags of a call: low-cardinality only.</summary>
    public static TagList Tags(string method, string? errorType = null)
    {
        var tags = new TagList { { RpcSystemName, SemanticConventions.System }, { RpcMethod, method } };
        if (errorType is not null)
        {
            tags.Add(ErrorType, errorType);
        }

        return tags;
    }

    /// <summary>Sets a call span's attributes.</summary>
    public static void Tag(Activity activity, string method, ServerAddress server)
    {
        activity.SetTag(RpcSystemName, SemanticConventions.System);
        activity.SetTag(RpcMethod, method);
        server.Tag(activity);
    }

    /// <summary>Marks <paramref name="activity"/> failed with <paramref name="errorType"/>.</summary>
    public static void Fail(Activity? activity, string errorType, string description)
    {
        activity?.SetTag(ErrorType, errorType).SetStatus(ActivityStatusCode.Error, description);
    }

    /// <summary>
    /// The <c>error.type</c> of a call that failed with <paramref name="exception"/>: the error code the server replied with
    /// (<c>handler-failed</c>, <c>unavailable</c>, …, as docs/protocol.md spells them), <see cref="Timeout"/>, or the
    /// exception's full type name.
    /// </summary>
    public static string ErrorTypeOf(Exception exception) => exception switch
    {
        ZmqRemoteException remote => ErrorReply.CodeName(remote.Code),
        TimeoutException => Timeout,
        _ => Instrumentation.ErrorTypeOf(exception),
    };
}

using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators;

/// <summary>
/// ZMQ02xx: what only [Pipeline] contracts can get wrong. The checks a pipeline stage shares with a request/reply
/// contract (return type, parameters passed by value, generics, overloads, members, serializable types, visibility,
/// the trailing CancellationToken, empty contracts, reserved names) keep their ZMQ00xx IDs.
/// </summary>
internal static partial class DiagnosticDescriptors
{
    /// <summary>ZMQ0201: "[Pipeline] is on {0}, which is a {1}: put it on an interface that declares the stage's operations"</summary>
    public static readonly DiagnosticDescriptor PipelineOnNonInterface = Error(
        "ZMQ0201",
        "[Pipeline] belongs on an interface",
        "[Pipeline] is on {0}, which is a {1}: put it on an interface that declares the stage's operations");

    /// <summary>ZMQ0202: "{0} takes {1} parameters besides a CancellationToken: a stage operation takes exactly one item, the message a worker receives"</summary>
    public static readonly DiagnosticDescriptor NotOneItem = Error(
        "ZMQ0202",
        "A stage operation takes exactly one item",
        "{0} takes {1} parameters besides a CancellationToken: a stage operation takes exactly one item, the message a worker receives");

    /// <summary>ZMQ0203: "{0} is marked [Idempotent], which only request/reply clients act on: a producer sends items again only in acknowledged mode, which its options turn on for every operation, so remove the attribute"</summary>
    public static readonly DiagnosticDescriptor IdempotentInPipeline = new(
        "ZMQ0203",
        "[Idempotent] has no effect on a pipeline stage",
        "{0} is marked [Idempotent], which only request/reply clients act on: a producer sends items again only in acknowledged mode, which its options turn on for every operation, so remove the attribute",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink("ZMQ0203"));
}

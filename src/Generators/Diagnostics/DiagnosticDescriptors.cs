using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators;

/// <summary>
/// Every diagnostic ZmqContracts reports: ZMQ00xx for request/reply contracts (this file), ZMQ01xx for [Topic] records and
/// ZMQ02xx for [Pipeline] contracts (their own files). Each ID has a page in docs/diagnostics/ with a bad and a fixed example.
/// </summary>
internal static partial class DiagnosticDescriptors
{
    private const string Category = "ZmqContracts";

    /// <summary>ZMQ0001: "[Reply] is on {0}, which is a {1}: put it on an interface that declares the operations"</summary>
    public static readonly DiagnosticDescriptor ReplyOnNonInterface = Error(
        "ZMQ0001",
        "[Reply] belongs on an interface",
        "[Reply] is on {0}, which is a {1}: put it on an interface that declares the operations");

    /// <summary>ZMQ0002: "{0} returns {1}: an operation must return Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;"</summary>
    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error(
        "ZMQ0002",
        "An operation must return a task",
        "{0} returns {1}: an operation must return Task, Task<T>, ValueTask or ValueTask<T>");

    /// <summary>ZMQ0003: "Parameter '{0}' of {1} is {2}: an operation's arguments are copied into frames, so remove the modifier (and return what an out or ref parameter would produce)"</summary>
    public static readonly DiagnosticDescriptor ParameterNotByValue = Error(
        "ZMQ0003",
        "Operation parameters are passed by value",
        "Parameter '{0}' of {1} is {2}: an operation's arguments are copied into frames, so remove the modifier (and return what an out or ref parameter would produce)");

    /// <summary>ZMQ0004: "{0} has type parameters: a contract, the types containing it and its operations cannot be generic, because the wire carries no type arguments"</summary>
    public static readonly DiagnosticDescriptor GenericNotSupported = Error(
        "ZMQ0004",
        "Contracts and operations cannot be generic",
        "{0} has type parameters: a contract, the types containing it and its operations cannot be generic, because the wire carries no type arguments");

    /// <summary>ZMQ0005: "{0} declares more than one operation named {1}: give each a name of its own, because the wire addresses an operation by name"</summary>
    public static readonly DiagnosticDescriptor OverloadedOperation = Error(
        "ZMQ0005",
        "Operation names must be unique",
        "{0} declares more than one operation named {1}: give each a name of its own, because the wire addresses an operation by name");

    /// <summary>ZMQ0006: "{0} declares {1}, which a remote peer cannot implement: replace it with an operation (a method returning a task), or give it a body"</summary>
    public static readonly DiagnosticDescriptor NonOperationMember = Error(
        "ZMQ0006",
        "A contract's abstract members are operations",
        "{0} declares {1}, which a remote peer cannot implement: replace it with an operation (a method returning a task), or give it a body");

    /// <summary>ZMQ0007: "{0}: {1} cannot be serialized: {2}" ({1} is the type, after the member path that leads to it: <c>Order.Attachment: System.IO.Stream</c>)</summary>
    public static readonly DiagnosticDescriptor UnserializableType = Error(
        "ZMQ0007",
        "A type that cannot be serialized",
        "{0}: {1} cannot be serialized: {2}");

    /// <summary>ZMQ0008: "{0} is not visible to the generated code, because {1} is {2}: make {1} internal or public"</summary>
    public static readonly DiagnosticDescriptor InaccessibleContract = Error(
        "ZMQ0008",
        "The contract must be visible to the generated code",
        "{0} is not visible to the generated code, because {1} is {2}: make {1} internal or public");

    /// <summary>ZMQ0009: "Parameter '{0}' of {1} is a CancellationToken but not the last parameter: an operation takes at most one token, last"</summary>
    public static readonly DiagnosticDescriptor CancellationTokenNotLast = Error(
        "ZMQ0009",
        "The CancellationToken comes last",
        "Parameter '{0}' of {1} is a CancellationToken but not the last parameter: an operation takes at most one token, last");

    /// <summary>ZMQ0010: "{0} declares no operations: the generated {1} would do nothing"</summary>
    public static readonly DiagnosticDescriptor EmptyContract = new(
        "ZMQ0010",
        "A contract without operations",
        "{0} declares no operations: the generated {1} would do nothing",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink("ZMQ0010"));

    /// <summary>ZMQ0011: "{0} is named {1}, a name the generated {2} uses itself: rename the operation"</summary>
    public static readonly DiagnosticDescriptor ReservedOperationName = Error(
        "ZMQ0011",
        "An operation name the generated code uses",
        "{0} is named {1}, a name the generated {2} uses itself: rename the operation");

    /// <summary>ZMQ0012: "{0} states Format = {1}, which is not a ZmqFormat: use ZmqFormat.MessagePack, ZmqFormat.Json or ZmqFormat.Raw"</summary>
    public static readonly DiagnosticDescriptor UnknownFormat = Error(
        "ZMQ0012",
        "An unknown wire format",
        "{0} states Format = {1}, which is not a ZmqFormat: use ZmqFormat.MessagePack, ZmqFormat.Json or ZmqFormat.Raw");

    /// <summary>ZMQ0013: "{0} of {1} has type {2}, which the raw format cannot carry: use byte[], ReadOnlyMemory&lt;byte&gt; or string, or another format"</summary>
    public static readonly DiagnosticDescriptor NotRawCompatible = Error(
        "ZMQ0013",
        "The raw format carries bytes and strings",
        "{0} of {1} has type {2}, which the raw format cannot carry: use byte[], ReadOnlyMemory<byte> or string, or another format");

    /// <summary>ZMQ0014: "The {0} generated for {1} would be named {2}, but the {3} has that name: rename it or the contract; until then the generator writes no {0} for {1}"</summary>
    public static readonly DiagnosticDescriptor GeneratedTypeNameTaken = Error(
        "ZMQ0014",
        "A type has the name of a generated type",
        "The {0} generated for {1} would be named {2}, but the {3} has that name: rename it or the contract; until then the generator writes no {0} for {1}");

    /// <summary>ZMQ0016: "{0} states OperationFrame = false, but {1}: a request without an operation frame is one frame, the one argument of the contract's only operation"</summary>
    public static readonly DiagnosticDescriptor OperationFrameNeedsOneOperation = Error(
        "ZMQ0016",
        "OperationFrame = false needs one operation of one argument",
        "{0} states OperationFrame = false, but {1}: a request without an operation frame is one frame, the one argument of the contract's only operation");

    /// <summary>ZMQ0018: "{0} takes no CancellationToken, so {1}: add CancellationToken cancellationToken = default as its last parameter"</summary>
    public static readonly DiagnosticDescriptor NoCancellationToken = new(
        "ZMQ0018",
        "An operation without a CancellationToken",
        "{0} takes no CancellationToken, so {1}: add CancellationToken cancellationToken = default as its last parameter",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink("ZMQ0018"));

    /// <summary>ZMQ0020: "{0} is [Obsolete] as an error, so the generated {1} cannot use it (CS0619): make the [Obsolete] a warning, or take it out of the contract"</summary>
    public static readonly DiagnosticDescriptor ObsoleteAsError = Error(
        "ZMQ0020",
        "Generated code cannot use what is obsolete as an error",
        "{0} is [Obsolete] as an error, so the generated {1} cannot use it (CS0619): make the [Obsolete] a warning, or take it out of the contract");

    /// <summary>ZMQ0021: "ZmqContracts needs C# 11 or later; this project uses C# {0}, so nothing is generated for {1}: set &lt;LangVersion&gt; to 11 or later in the project file"</summary>
    public static readonly DiagnosticDescriptor LanguageVersionTooOld = Error(
        "ZMQ0021",
        "ZmqContracts needs C# 11 or later",
        "ZmqContracts needs C# 11 or later; this project uses C# {0}, so nothing is generated for {1}: set <LangVersion> to 11 or later in the project file");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

    private static string HelpLink(string id) => $"docs/diagnostics/{id}.md";
}

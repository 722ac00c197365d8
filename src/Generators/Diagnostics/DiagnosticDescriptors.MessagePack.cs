using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators;

/// <summary>ZMQ0019: MessagePack contracts ([Reply], [Pipeline] and [Topic] alike) and their path to native AOT.</summary>
internal static partial class DiagnosticDescriptors
{
    /// <summary>
    /// ZMQ0019: "{0}: {1} has no formatter written at build time ({2}); under native AOT MessagePack cannot make one at run time"
    /// ({1} is the type, after the member path that leads to it: <c>Order.Extra: object</c>)
    /// </summary>
    public static readonly DiagnosticDescriptor NoFormatterUnderAot = new(
        "ZMQ0019",
        "A MessagePack type without a formatter under native AOT",
        "{0}: {1} has no formatter written at build time ({2}); under native AOT MessagePack cannot make one at run time",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink("ZMQ0019"));
}

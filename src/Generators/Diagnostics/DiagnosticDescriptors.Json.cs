using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators;

/// <summary>ZMQ0015: JSON contracts ([Reply], [Pipeline] and [Topic] alike) and their path to native AOT.</summary>
internal static partial class DiagnosticDescriptors
{
    /// <summary>ZMQ0015: "{0} {1}" ({1} says why no JsonSerializerContext can be used: none in a native-AOT project, or one that is not a context)</summary>
    public static readonly DiagnosticDescriptor JsonWithoutContext = new(
        "ZMQ0015",
        "JSON without a usable JsonSerializerContext",
        "{0} {1}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink("ZMQ0015"));
}

using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators.RequestReply;

/// <summary>
/// Turns a type marked [Reply] into a <see cref="ContractSpec"/>, reporting what is wrong with it: the checks of
/// <see cref="ContractParser"/>, with the words of request/reply.
/// </summary>
internal static class ReplyContractParser
{
    public const string AttributeName = "ZmqContracts.ReplyAttribute";

    public static readonly ContractPattern Pattern = new(AttributeName, DiagnosticDescriptors.ReplyOnNonInterface, "client and server", "client");

    public static ContractSpec? Parse(INamedTypeSymbol contract, Location attributeLocation, Action<Diagnostic>? report, CancellationToken cancellationToken) =>
        ContractParser.Parse(contract, attributeLocation, Pattern, report, cancellationToken);
}

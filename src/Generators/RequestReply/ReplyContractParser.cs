using System.Collections.Immutable;

namespace ZmqContracts.Generators.RequestReply;

/// <summary>What sets [Reply] contracts apart for <see cref="ContractParser"/>: the attribute, and the words of request/reply.</summary>
internal static class ReplyContractParser
{
    public const string AttributeName = "ZmqContracts.ReplyAttribute";

    public static readonly ContractPattern Pattern = new(
        AttributeName, DiagnosticDescriptors.ReplyOnNonInterface, "client and server", "client", "Client", ImmutableHashSet.Create("IsConnected", "ConnectionChanged"))
    {
        Roles = ImmutableArray.Create(new ContractRole("Client", ReplyEmitter.EmitClient), new ContractRole("Server", ReplyEmitter.EmitServer)),
    };
}

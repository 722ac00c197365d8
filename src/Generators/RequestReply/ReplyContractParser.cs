using System.Collections.Immutable;

namespace ZmqContracts.Generators.RequestReply;

/// <summary>What sets [Reply] contracts apart for <see cref="ContractParser"/>: the attribute, and the words of request/reply.</summary>
internal static class ReplyContractParser
{
    public const string AttributeName = "ZmqContracts.ReplyAttribute";

    public static readonly ContractPattern Pattern = new(
        AttributeName, DiagnosticDescriptors.ReplyOnNonInterface, "client and server", "client", "Client", ImmutableHashSet.Create("IsConnected", "ConnectionChanged", "Connection"),
        "its callers cannot cancel a call (only the client's timeout ends it), and its implementation cannot see the server cancel it at shutdown, once the drain timeout has run out")
    {
        Roles = ImmutableArray.Create(new ContractRole("Client", ReplyEmitter.EmitClient), new ContractRole("Server", ReplyEmitter.EmitServer)),
    };
}

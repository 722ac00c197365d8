using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators;

/// <summary>
/// What sets one contract attribute apart for <see cref="ContractParser"/>: which attribute it is, the words its
/// diagnostics use, and the checks only its operations need.
/// </summary>
/// <param name="AttributeName">The attribute's metadata name, such as <c>ZmqContracts.ReplyAttribute</c>.</param>
/// <param name="NotOnInterface">Reported when the attribute is on a class or struct.</param>
/// <param name="GeneratedTypes">The generated types as ZMQ0010 and ZMQ0020 name them, such as <c>client and server</c>.</param>
/// <param name="OperationCaller">The generated type whose members an operation must not be named like (ZMQ0011), such as <c>client</c>.</param>
/// <param name="OperationCallerSuffix">How that type's name ends, after the contract's base name, such as <c>Client</c>.</param>
/// <param name="CallerMembers">Members only this pattern's generated type has (its runtime base class's included), which an operation must not be named like either (ZMQ0011).</param>
/// <param name="WithoutToken">What an operation without a CancellationToken misses, as ZMQ0018 says it after "so".</param>
/// <param name="CheckOperation">The pattern's own checks of one operation; <see langword="null"/> for none.</param>
internal sealed record ContractPattern(
    string AttributeName,
    DiagnosticDescriptor NotOnInterface,
    string GeneratedTypes,
    string OperationCaller,
    string OperationCallerSuffix,
    ImmutableHashSet<string> CallerMembers,
    string WithoutToken,
    ContractPattern.OperationCheck? CheckOperation = null)
{
    /// <summary>The types the generator writes for a contract, each in a file of its own.</summary>
    public ImmutableArray<ContractRole> Roles { get; init; } = ImmutableArray<ContractRole>.Empty;

    /// <summary>Checks <paramref name="method"/>, called <paramref name="operation"/> in messages, reporting through <paramref name="report"/>.</summary>
    public delegate void OperationCheck(IMethodSymbol method, string operation, Location location, Action<DiagnosticDescriptor, Location, object?[]> report);
}

namespace ZmqContracts.Generators;

/// <summary>A contract ([Reply], [Pipeline]) as the emitters need it: names as strings, never a symbol.</summary>
/// <param name="Namespace">The contract's namespace, or <see langword="null"/> for the global namespace.</param>
/// <param name="ContractType">The contract, <c>global::</c>-qualified.</param>
/// <param name="ContractName">The contract's own name, such as <c>ICalculator</c>.</param>
/// <param name="BaseName">The name the generated types start with, such as <c>Calculator</c>.</param>
/// <param name="HintName">The start of the generated files' names, such as <c>Demo.ICalculator</c>.</param>
/// <param name="IsPublic">Whether the generated types are public (otherwise internal).</param>
/// <param name="Serializer">The expression for the contract's serializer, such as <c>global::ZmqContracts.ZmqSerializers.MessagePack</c>.</param>
/// <param name="Operations">The operations, in declaration order.</param>
/// <param name="OperationFrame">Whether a request starts with the operation's name (<c>[Reply(OperationFrame = false)]</c> turns it off).</param>
internal sealed record ContractSpec(
    string? Namespace,
    string ContractType,
    string ContractName,
    string BaseName,
    string HintName,
    bool IsPublic,
    string Serializer,
    EquatableArray<OperationSpec> Operations,
    bool OperationFrame = true)
{
    /// <summary>The roles, by <see cref="ContractRole.Suffix"/>, whose type's name a user's type or namespace, or an earlier contract's generated type, already has (ZMQ0014): the generator skips them.</summary>
    public EquatableArray<string> SkippedRoles { get; init; }
}

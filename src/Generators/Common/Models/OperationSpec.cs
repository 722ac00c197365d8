namespace ZmqContracts.Generators;

/// <summary>One operation of a contract.</summary>
/// <param name="Name">The method's name, which is also its name on the wire.</param>
/// <param name="Shape">Which of the four task types it returns.</param>
/// <param name="ResultType">The result type, <c>global::</c>-qualified, or <see langword="null"/> without a result.</param>
/// <param name="ResultRefusesNull">
/// Whether a result read as null is refused: the result is of a reference type that the contract declares not nullable
/// (see <see cref="ParameterDeclaration.RefusesNull(Microsoft.CodeAnalysis.ITypeSymbol)"/>).
/// </param>
/// <param name="Parameters">Every parameter, the CancellationToken included.</param>
/// <param name="IsIdempotent">Whether the operation is marked [Idempotent], so that a client may send a call to it again.</param>
/// <param name="Reference">
/// How a doc comment's <c>cref</c> names the method: through the interface that declares it, which for one inherited from
/// a generic interface is that interface's definition (<c>global::Demo.IStage{T}.Get(T, global::System.Threading.CancellationToken)</c>):
/// the contract cannot name it; with its parameter types, which tell it from a helper overload.
/// </param>
internal sealed record OperationSpec(
    string Name,
    ReturnShape Shape,
    string? ResultType,
    bool ResultRefusesNull,
    EquatableArray<ParameterSpec> Parameters,
    bool IsIdempotent,
    string Reference);

/// <summary>The task types an operation may return.</summary>
internal enum ReturnShape
{
    Task,
    ValueTask,
}

/// <summary>One parameter of an operation.</summary>
/// <param name="Name">The name as C# writes it (escaped when it is a keyword).</param>
/// <param name="Type">The type, <c>global::</c>-qualified.</param>
/// <param name="DefaultValue">The default value's C# text, or <see langword="null"/>.</param>
/// <param name="IsCancellationToken">Whether this is the operation's trailing CancellationToken.</param>
/// <param name="Attributes">The attributes a generated method repeats before it, each as <c>[…] </c>, or an empty string.</param>
/// <param name="ReadAs">
/// The type a server or worker reads the argument as, <c>global::</c>-qualified: <paramref name="Type"/>, or, for a
/// <c>[DisallowNull]</c> parameter, that type without its <c>?</c>, so that the value read may be passed to it.
/// </param>
/// <param name="RefusesNull">
/// Whether a server or worker refuses the argument when it reads as null, before the handler runs: the parameter is of a
/// reference type that the contract declares not nullable (see <see cref="ParameterDeclaration.RefusesNull(Microsoft.CodeAnalysis.IParameterSymbol)"/>).
/// </param>
internal sealed record ParameterSpec(string Name, string Type, string? DefaultValue, bool IsCancellationToken, string Attributes, string ReadAs, bool RefusesNull)
{
    /// <summary>How a generated method that takes the parameter declares it: attributes, type, name and default value.</summary>
    public string Declaration => $"{Attributes}{Type} {Name}{(DefaultValue is null ? "" : " = " + DefaultValue)}";
}

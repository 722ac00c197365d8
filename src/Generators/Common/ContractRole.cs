using System;

namespace ZmqContracts.Generators;

/// <summary>One type the generator writes for a contract, in a file of its own, such as the client of a [Reply] contract.</summary>
/// <param name="Suffix">What its name and file name add to the contract's base name, such as <c>Client</c>.</param>
/// <param name="Emit">Writes its file.</param>
/// <param name="IsWrittenFor">Whether a contract gets it; <see langword="null"/> when every contract does.</param>
internal sealed record ContractRole(string Suffix, Func<ContractSpec, string> Emit, Func<ContractSpec, bool>? IsWrittenFor = null)
{
    /// <summary>How messages name it, such as <c>client</c>.</summary>
    public string Word => Suffix.ToLowerInvariant();

    /// <summary>Whether the generator writes this type for <paramref name="spec"/>, before looking for a user's type of the same name.</summary>
    public bool Applies(ContractSpec spec) => IsWrittenFor?.Invoke(spec) ?? true;
}

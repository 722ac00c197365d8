using System;
using System.ComponentModel;
using System.Text;

namespace ZmqContracts.Runtime;

/// <summary>
/// One operation of a contract as generated code registers it with the runtime: its name on the wire and the handler
/// that runs it. What a request/reply operation and a pipeline operation have in common.
/// </summary>
/// <typeparam name="THandler">The delegate that runs the operation for one request or item.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ContractOperation<THandler>
    where THandler : Delegate
{
    /// <summary>Checks and keeps the name and the handler.</summary>
    /// <param name="name">The operation's name on the wire.</param>
    /// <param name="handler">Reads the input, calls the implementation and sets the result.</param>
    private protected ContractOperation(string name, THandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(handler);
        Name = name;
        NameUtf8 = Encoding.UTF8.GetBytes(name);
        Handler = handler;
    }

    /// <summary>The operation's name on the wire.</summary>
    public string Name { get; }

    internal byte[] NameUtf8 { get; }

    internal THandler Handler { get; }

    /// <summary>The operation whose name is the UTF-8 bytes <paramref name="name"/>, or <see langword="null"/>; compares bytes, so nothing is decoded or allocated.</summary>
    internal static TOperation? Find<TOperation>(TOperation[] operations, ReadOnlySpan<byte> name)
        where TOperation : ContractOperation<THandler>
    {
        var index = IndexOf(operations, name);
        return index < 0 ? null : operations[index];
    }

    /// <summary>The index of the operation whose name is the UTF-8 bytes <paramref name="name"/>, or -1.</summary>
    internal static int IndexOf<TOperation>(TOperation[] operations, ReadOnlySpan<byte> name)
        where TOperation : ContractOperation<THandler>
    {
        for (var i = 0; i < operations.Length; i++)
        {
            if (name.SequenceEqual(operations[i].NameUtf8))
            {
                return i;
            }
        }

        return -1;
    }
}

namespace ZmqContracts.Generators.Tests;

/// <summary>What the tests' contract sources start with.</summary>
internal static class ContractSource
{
    /// <summary>The usings a contract needs: its attributes, tasks, tokens and collections.</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using ZmqContracts;

        """;
}

using System;
using System.Linq;
using System.Reflection;
using Xunit;
using ZmqContracts.Generators.RequestReply;

namespace ZmqContracts.CodeFixes.Tests;

/// <summary>
/// A compiler loads an analyzer only when the analyzer was built against its own Roslyn or an older one. Ours must
/// load on the .NET 8 SDK, whose compiler is Roslyn 4.8, so a package bump past 4.8 fails here.
/// </summary>
public class CompilerCompatibilityTests
{
    private static readonly Version DotNet8Compiler = new(4, 8, 0, 0);

    public static TheoryData<string> ShippedAssemblies =>
        [typeof(ReplyGenerator).Assembly.GetName().Name!, typeof(RenameCollidingTypeFix).Assembly.GetName().Name!];

    [Theory]
    [MemberData(nameof(ShippedAssemblies))]
    public void A_shipped_analyzer_assembly_references_Roslyn_4_8_at_most(string assemblyName)
    {
        var roslyn = Assembly.Load(assemblyName).GetReferencedAssemblies()
            .Where(reference => reference.Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(roslyn);
        Assert.All(roslyn, reference => Assert.True(
            reference.Version <= DotNet8Compiler,
            $"{assemblyName} references {reference.Name} {reference.Version}, which the .NET 8 SDK's compiler (Roslyn 4.8) cannot load"));
    }
}

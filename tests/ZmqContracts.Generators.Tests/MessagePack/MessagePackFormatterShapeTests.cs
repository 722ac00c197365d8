using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using ZmqContracts.Generators.MessagePack;

namespace ZmqContracts.Generators.Tests.MessagePack;

/// <summary>
/// Shapes of contracts and types the formatter generator once failed on (Roslyn's CS8785) or wrote formatters for that
/// did not compile, or compiled with a warning. <see cref="GeneratorHarness.Generate"/> fails on either.
/// </summary>
public class MessagePackFormatterShapeTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using ZmqContracts;

        namespace Demo;

        """;

    [Theory]
    [InlineData("public class C { [Reply] public void M() { } }")]
    [InlineData("public class C { [Topic(\"t\")] public int F; }")]
    [InlineData("public class C { public void M([Pipeline] int p) { } }")]
    [InlineData("public interface IStage { [Pipeline] Task<Foo> Run(Bar")]
    [InlineData("[Pipeline] public interface IStage { Task<Foo> Run(Bar\n[Reply] public interface IShop { Task<int> Get(int a); }")]
    public void A_contract_attribute_on_a_member_or_in_half_typed_code_gets_no_formatter_and_no_crash(string source)
    {
        var driver = GeneratorHarness.CreateDriver(new MessagePackFormatterGenerator()).RunGenerators(GeneratorHarness.Compile(Usings + source));

        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedSources);
    }
}

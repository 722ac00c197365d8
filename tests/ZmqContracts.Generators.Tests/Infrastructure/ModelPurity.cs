using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ZmqContracts.Generators.Tests;

/// <summary>
/// Walks a model object graph and fails on anything that would defeat caching or keep a compilation alive:
/// a symbol, a syntax node, a location, a semantic model or a compilation.
/// </summary>
internal static class ModelPurity
{
    private static readonly Type[] Forbidden = [typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(SemanticModel), typeof(Compilation), typeof(SyntaxTree)];

    public static void AssertPure(object? model, string path = "model")
    {
        if (model is null || model is string || model.GetType().IsPrimitive || model.GetType().IsEnum)
        {
            return;
        }

        var offending = Forbidden.FirstOrDefault(type => type.IsInstanceOfType(model));
        Assert.True(offending is null, $"{path} holds a {offending?.Name}: models must hold strings and values only.");
        if (model is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items)
            {
                AssertPure(item, $"{path}[{index++}]");
            }

            return;
        }

        foreach (var property in model.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.GetIndexParameters().Length == 0))
        {
            AssertPure(property.GetValue(model), $"{path}.{property.Name}");
        }
    }

    public static IEnumerable<object?> TrackedOutputs(IIncrementalGenerator generator, string[] sources)
    {
        var result = GeneratorHarness.CreateDriver(generator).RunGenerators(GeneratorHarness.Compile(sources)).GetRunResult().Results.Single();
        return result.TrackedSteps
            .Where(step => GeneratorHarness.OurStepNames.Contains(step.Key))
            .SelectMany(step => step.Value)
            .SelectMany(step => step.Outputs)
            .Select(output => output.Value);
    }
}

using System.Linq;
using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators;

/// <summary>The first steps of every contract generator: find the types marked with the attribute (<see cref="AttributedTypes"/>), parse them, keep the valid ones.</summary>
internal static class ContractProvider
{
    /// <param name="context">The generator's context.</param>
    /// <param name="pattern">Which attribute, and how to parse its contracts.</param>
    /// <param name="parsedStep">The tracking name of the parse step.</param>
    /// <param name="validStep">The tracking name of the step that keeps the valid contracts.</param>
    public static IncrementalValuesProvider<ContractSpec> ValidContracts(
        IncrementalGeneratorInitializationContext context, ContractPattern pattern, string parsedStep, string validStep) =>
        AttributedTypes.For(
                context,
                pattern.AttributeName,
                (attributeContext, cancellationToken) =>
                {
                    var contract = (INamedTypeSymbol)attributeContext.TargetSymbol;
                    return ContractParser.Parse(contract, attributeContext.Attributes.First(), pattern, report: null, cancellationToken) is { } spec
                        ? GeneratedTypeCollisions.SkipColliding(attributeContext.SemanticModel.Compilation, contract, spec, pattern, cancellationToken)
                        : null;
                })
            .WithTrackingName(parsedStep)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(validStep)
            .Collect()
            .SelectMany(static (all, _) => HintNames.Unique(all, static spec => spec.HintName, static (spec, name) => spec with { HintName = name }));

    /// <summary>Writes the file of each of the pattern's roles that the contract gets, but for those whose name is taken (ZMQ0014).</summary>
    public static void WriteRoles(SourceProductionContext output, ContractSpec spec, ContractPattern pattern)
    {
        foreach (var role in pattern.Roles.Where(role => role.Applies(spec) && !spec.SkippedRoles.Contains(role.Suffix)))
        {
            output.AddSource($"{spec.HintName}.{role.Suffix}.g.cs", role.Emit(spec));
        }
    }
}

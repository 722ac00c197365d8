using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ZmqContracts.Generators.MessagePack;

namespace ZmqContracts.Generators;

/// <summary>
/// Turns an interface marked with a contract attribute ([Reply], [Pipeline]) into a <see cref="ContractSpec"/>, reporting
/// what is wrong with it. Returns <see langword="null"/> when anything is an error: the generator emits nothing for such a
/// contract, and the analyzer, which runs the same parser, tells the user why. What differs between the attributes
/// comes from the <see cref="ContractPattern"/>.
/// </summary>
internal static class ContractParser
{
    /// <summary>Members of every generated client and producer (besides its own name and the pattern's own members): an operation with one of these names would clash with them.</summary>
    private static readonly ImmutableHashSet<string> ReservedNames = ImmutableHashSet.Create(
        "Dispose", "DisposeAsync", "Endpoint", "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize");

    public static ContractSpec? Parse(INamedTypeSymbol contract, AttributeData attribute, ContractPattern pattern, Action<Diagnostic>? report, CancellationToken cancellationToken)
    {
        var reporter = new DiagnosticReporter(report);
        var attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? Location.None;
        var contractLocation = SyntaxLocations.NameOf(contract, attributeLocation);
        if (contract.TypeKind != TypeKind.Interface)
        {
            reporter.Report(pattern.NotOnInterface, attributeLocation, contract.Name, contract.TypeKind.ToString().ToLowerInvariant());
            return null;
        }

        if (SymbolFacts.FirstGeneric(contract) is { } generic)
        {
            reporter.Report(DiagnosticDescriptors.GenericNotSupported, contractLocation, generic.Name);
        }

        if (SymbolFacts.FirstInaccessible(contract) is { } hidden)
        {
            reporter.Report(DiagnosticDescriptors.InaccessibleContract, contractLocation, contract.Name, hidden.Name, SymbolFacts.DescribeAccessibility(hidden));
        }

        if (SymbolFacts.FirstObsoleteAsError(contract) is { } obsolete)
        {
            reporter.Report(DiagnosticDescriptors.ObsoleteAsError, contractLocation, obsolete.Name, pattern.GeneratedTypes);
        }

        var format = ContractFormat.Of(attribute);
        if (format is null)
        {
            reporter.Report(DiagnosticDescriptors.UnknownFormat, attributeLocation, contract.Name, attribute.NamedArguments.First(named => named.Key == "Format").Value.Value);
        }

        var baseName = SymbolFacts.GeneratedBaseName(contract);
        var operations = new List<OperationSpec>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var withoutToken = new List<(Location Location, string Operation)>();
        var broken = false;
        foreach (var member in contract.GetMembers().Concat(contract.AllInterfaces.SelectMany(parent => parent.GetMembers())))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var memberLocation = SyntaxLocations.NameOf(member, contractLocation);
            switch (member)
            {
                case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, IsAbstract: true } method when SymbolFacts.IsBroken(method):
                    // The compiler's errors come first: nothing is generated, nor said, for a contract being typed.
                    broken = true;
                    break;

                case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, IsAbstract: true } method:
                    if (!names.Add(method.Name))
                    {
                        reporter.Report(DiagnosticDescriptors.OverloadedOperation, OverloadLocation(contract, method, memberLocation, contractLocation), contract.Name, method.Name);
                    }

                    if (ParseOperation(contract, baseName, format, method, memberLocation, pattern, reporter, cancellationToken) is { } operation)
                    {
                        operations.Add(operation);
                        if (!operation.Parameters.Any(parameter => parameter.IsCancellationToken))
                        {
                            withoutToken.Add((memberLocation, $"{contract.Name}.{method.Name}"));
                        }
                    }

                    break;

                // Abstract members must be implemented by the generated types, and only methods can be sent.
                // Members with a body (default implementations, private helpers) are the contract's own business.
                case { IsAbstract: true } and not IMethodSymbol { AssociatedSymbol: not null }:
                    reporter.Report(DiagnosticDescriptors.NonOperationMember, memberLocation, contract.Name, Describe(member));
                    break;
            }
        }

        if (operations.Count == 0 && !reporter.HasErrors && !broken)
        {
            reporter.Report(DiagnosticDescriptors.EmptyContract, contractLocation, contract.Name, pattern.GeneratedTypes);
        }

        // Only [Reply] has OperationFrame: a request/reply client may send the payload alone, as a plain REQ peer does.
        var operationFrame = attribute.NamedArguments.FirstOrDefault(named => named.Key == "OperationFrame").Value.Value is not false;
        if (!operationFrame && !broken && WhyNotOneFrame(names.Count, operations) is { } why)
        {
            reporter.Report(DiagnosticDescriptors.OperationFrameNeedsOneOperation, attributeLocation, contract.Name, why);
        }

        // A suggestion, so only for a contract without errors: those come first.
        if (!reporter.HasErrors && !broken)
        {
            foreach (var (location, operation) in withoutToken)
            {
                reporter.Report(DiagnosticDescriptors.NoCancellationToken, location, operation, pattern.WithoutToken);
            }
        }

        return reporter.HasErrors || broken
            ? null
            : new ContractSpec(
                contract.ContainingNamespace.IsGlobalNamespace ? null : contract.ContainingNamespace.ToDisplayString(),
                contract.ToFullyQualified(),
                contract.Name,
                baseName,
                HintNames.Of(contract),
                SymbolFacts.IsPublicFromOutside(contract),
                ContractFormat.SerializerExpression(format!, attribute),
                operations.ToEquatableArray(),
                operationFrame);
    }

    /// <summary>
    /// Where an operation named like an earlier one is reported: on it, when the contract declares it; for one a base
    /// interface declares, on the contract's own member of that name, or else on the contract's name, where the user can
    /// rename or leave out what the contract adds (the base interface may be another's to change).
    /// </summary>
    private static Location OverloadLocation(INamedTypeSymbol contract, IMethodSymbol method, Location memberLocation, Location contractLocation) =>
        SymbolEqualityComparer.Default.Equals(method.ContainingType, contract) ? memberLocation
        : contract.GetMembers(method.Name).FirstOrDefault() is { } own ? SyntaxLocations.NameOf(own, contractLocation)
        : contractLocation;

    /// <summary>Why requests of these operations cannot be one frame each, or <see langword="null"/> when they can.</summary>
    private static string? WhyNotOneFrame(int operationCount, List<OperationSpec> operations)
    {
        if (operationCount != 1)
        {
            return $"it declares {operationCount} operations";
        }

        var arguments = operations.Count == 1 ? operations[0].Parameters.Count(parameter => !parameter.IsCancellationToken) : 1;
        return arguments == 1 ? null : $"its operation {operations[0].Name} takes {arguments} arguments";
    }

    private static OperationSpec? ParseOperation(
        INamedTypeSymbol contract,
        string baseName,
        string? format,
        IMethodSymbol method,
        Location location,
        ContractPattern pattern,
        DiagnosticReporter reporter,
        CancellationToken cancellationToken)
    {
        var operation = $"{contract.Name}.{method.Name}";
        var hasErrors = false;

        void Report(DiagnosticDescriptor descriptor, Location at, params object?[] arguments)
        {
            reporter.Report(descriptor, at, arguments);
            hasErrors |= descriptor.DefaultSeverity == DiagnosticSeverity.Error;
        }

        if (method.IsGenericMethod)
        {
            Report(DiagnosticDescriptors.GenericNotSupported, location, operation);
        }

        if (ReservedNames.Contains(method.Name) || pattern.CallerMembers.Contains(method.Name) || method.Name == baseName + pattern.OperationCallerSuffix)
        {
            Report(DiagnosticDescriptors.ReservedOperationName, location, operation, method.Name, pattern.OperationCaller);
        }

        pattern.CheckOperation?.Invoke(method, operation, location, Report);

        if (SymbolFacts.IsObsoleteAsError(method))
        {
            Report(DiagnosticDescriptors.ObsoleteAsError, location, operation, pattern.GeneratedTypes);
        }

        var returnLocation = SyntaxLocations.LocationOf(method, syntax => (syntax as MethodDeclarationSyntax)?.ReturnType, location, cancellationToken);
        var (shape, result) = ReturnShapeOf(method.ReturnType);
        if (shape is null)
        {
            Report(DiagnosticDescriptors.UnsupportedReturnType, returnLocation, operation, method.ReturnType.ToDisplayString());
        }
        else if (result is not null && SymbolFacts.FirstObsoleteAsError(result) is { } obsoleteResult)
        {
            Report(DiagnosticDescriptors.ObsoleteAsError, returnLocation, $"{obsoleteResult.Name}, in the result of {operation},", pattern.GeneratedTypes);
        }
        else if (result is not null && WireTypeWalker.FindProblem(result, contract.ContainingAssembly, format) is { } resultProblem)
        {
            Report(DiagnosticDescriptors.UnserializableType, returnLocation, $"The result of {operation}", resultProblem.Where, resultProblem.Reason);
        }
        else if (result is not null && format == ContractFormat.Raw && !ContractFormat.IsRawCompatible(result))
        {
            Report(DiagnosticDescriptors.NotRawCompatible, returnLocation, "The result", operation, result.ToDisplayString());
        }

        var parameters = new List<ParameterSpec>();
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            var parameterLocation = SyntaxLocations.LocationOf(parameter, _ => null, location, cancellationToken);
            var isLast = i == method.Parameters.Length - 1;
            if (parameter.RefKind != RefKind.None || parameter.IsParams)
            {
                Report(DiagnosticDescriptors.ParameterNotByValue, parameterLocation, parameter.Name, operation, PassingMode(parameter));
            }

            if (parameter.Type.IsCancellationToken())
            {
                if (!isLast)
                {
                    Report(DiagnosticDescriptors.CancellationTokenNotLast, parameterLocation, parameter.Name, operation);
                }
            }
            else if (SymbolFacts.FirstObsoleteAsError(parameter.Type) is { } obsoleteType)
            {
                Report(DiagnosticDescriptors.ObsoleteAsError, parameterLocation, $"{obsoleteType.Name}, in parameter '{parameter.Name}' of {operation},", pattern.GeneratedTypes);
            }
            else if (WireTypeWalker.FindProblem(parameter.Type, contract.ContainingAssembly, format) is { } problem)
            {
                Report(DiagnosticDescriptors.UnserializableType, parameterLocation, $"Parameter '{parameter.Name}' of {operation}", problem.Where, problem.Reason);
            }
            else if (format == ContractFormat.Raw && !ContractFormat.IsRawCompatible(parameter.Type))
            {
                Report(DiagnosticDescriptors.NotRawCompatible, parameterLocation, $"Parameter '{parameter.Name}'", operation, parameter.Type.ToDisplayString());
            }

            parameters.Add(new ParameterSpec(
                SymbolFacts.EscapeIdentifier(parameter.Name),
                parameter.Type.ToFullyQualified(),
                ParameterDeclaration.DefaultValueOf(parameter),
                parameter.Type.IsCancellationToken(),
                ParameterDeclaration.AttributesOf(parameter),
                ParameterDeclaration.ReadAsOf(parameter).ToFullyQualified(),
                ParameterDeclaration.RefusesNull(parameter)));
        }

        return hasErrors || shape is null ? null : new OperationSpec(method.Name, shape.Value, result?.ToFullyQualified(), result is not null && ParameterDeclaration.RefusesNull(result), parameters.ToEquatableArray(), SymbolFacts.IdempotentAttributeOf(method) is not null, SymbolFacts.CrefOf(method));
    }

    private static (ReturnShape? Shape, ITypeSymbol? Result) ReturnShapeOf(ITypeSymbol type)
    {
        foreach (var (name, shape) in new[] { ("Task", ReturnShape.Task), ("ValueTask", ReturnShape.ValueTask) })
        {
            if (type.IsType("System.Threading.Tasks", name))
            {
                return (shape, null);
            }

            if (type.IsType("System.Threading.Tasks", name, arity: 1))
            {
                return (shape, ((INamedTypeSymbol)type).TypeArguments[0]);
            }
        }

        return (null, null);
    }

    private static string PassingMode(IParameterSymbol parameter) => parameter.IsParams
        ? "a params parameter"
        : parameter.RefKind switch
        {
            RefKind.Out => "an out parameter",
            RefKind.In => "an in parameter",
            RefKind.RefReadOnlyParameter => "a ref readonly parameter",
            _ => "a ref parameter",
        };

    private static string Describe(ISymbol member)
    {
        var kind = member switch
        {
            IPropertySymbol { IsIndexer: true } => "indexer",
            IPropertySymbol => "property",
            IEventSymbol => "event",
            IMethodSymbol { MethodKind: MethodKind.Ordinary } => "method",
            IMethodSymbol { MethodKind: MethodKind.ExplicitInterfaceImplementation } => "reabstraction of",
            IMethodSymbol { MethodKind: MethodKind.Conversion } => "conversion operator",
            IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator } => "operator",
            _ => "member",
        };
        return $"the {(member.IsStatic ? "static " : "")}{kind} {member.Name}";
    }
}

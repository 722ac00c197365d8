using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators.Pipeline;

/// <summary>
/// Turns a type marked [Pipeline] into a <see cref="ContractSpec"/>: the checks of <see cref="ContractParser"/>, with the
/// words of the pipeline, plus what only a stage has: each operation takes exactly one item, and nothing is retried.
/// </summary>
internal static class PipelineContractParser
{
    public const string AttributeName = "ZmqContracts.PipelineAttribute";

    public static readonly ContractPattern Pattern = new(
        AttributeName, DiagnosticDescriptors.PipelineOnNonInterface, "producer, worker and collector", "producer", "Producer",
        ImmutableHashSet.Create("Producer", "PendingItems", "ItemsRedelivered", "ItemsAbandoned"),
        "its implementation cannot see the worker cancel it at shutdown, once the drain timeout has run out (the producer's method takes a token either way)",
        CheckOperation)
    {
        Roles = ImmutableArray.Create(
            new ContractRole("Producer", PipelineEmitter.EmitProducer),
            new ContractRole("Worker", PipelineEmitter.EmitWorker),
            new ContractRole("Collector", PipelineEmitter.EmitCollector, PipelineEmitter.HasResults)),
    };

    private static void CheckOperation(IMethodSymbol method, string operation, Location location, Action<DiagnosticDescriptor, Location, object?[]> report)
    {
        var items = method.Parameters.Count(parameter => !parameter.Type.IsCancellationToken());
        if (items != 1)
        {
            report(DiagnosticDescriptors.NotOneItem, location, [operation, items]);
        }

        if (SymbolFacts.IdempotentAttributeOf(method) is { } idempotent)
        {
            report(DiagnosticDescriptors.IdempotentInPipeline, idempotent.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? location, [operation]);
        }
    }
}

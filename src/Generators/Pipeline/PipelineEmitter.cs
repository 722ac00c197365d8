using System.Collections.Generic;
using System.Linq;

namespace ZmqContracts.Generators.Pipeline;

/// <summary>Writes the producer, the worker and the collector of a [Pipeline] contract. Pure: a spec in, source text out.</summary>
internal static class PipelineEmitter
{
    private const string Runtime = "global::ZmqContracts.Runtime";
    private const string Tasks = "global::System.Threading.Tasks";
    private const string CancellationToken = "global::System.Threading.CancellationToken";

    /// <summary>Whether an operation produces a result, so that the stage has a collector.</summary>
    public static bool HasResults(ContractSpec spec) => spec.Operations.Any(operation => operation.ResultType is not null);

    /// <summary>Whether every item of the stage ends in a result its collector can acknowledge, which acknowledged mode needs.</summary>
    private static bool EveryItemHasAResult(ContractSpec spec) => spec.Operations.All(operation => operation.ResultType is not null);

    public static string EmitProducer(ContractSpec spec) => GeneratedFile.Write(spec.Namespace, writer =>
    {
        writer.WriteLine($"""
            /// <summary>
            /// Sends items to the workers of a <see cref="{spec.ContractType}"/> stage over ZeroMQ: a PUSH socket, bound, that
            /// hands each item to one connected <see cref="{spec.BaseName}Worker"/>, the workers in turn. A send waits while no
            /// worker can take the item (none is connected, or every worker's queue is full): back-pressure, not loss.
            /// Thread-safe.
            /// </summary>
            {GeneratedFile.GeneratedCodeAttribute}
            {Accessibility(spec)} sealed partial class {spec.BaseName}Producer : {Runtime}.ProducerBase
            """);
        writer.OpenBlock();
        writer.WriteLine($"""
            /// <summary>Binds <paramref name="endpoint"/>; the workers connect to it.</summary>
            /// <param name="endpoint">The endpoint to bind, such as <c>tcp://127.0.0.1:*</c> for a free port.</param>
            /// <param name="options">High-water mark, linger, serializer and logger; <see langword="null"/> for the defaults.</param>
            public {spec.BaseName}Producer(string endpoint, global::ZmqContracts.ZmqProducerOptions? options = null)
                : base(new {Runtime}.PipelineProducer("{spec.BaseName}", endpoint, options, {spec.Serializer}, {Framing(spec)}, everyItemHasAResult: {(EveryItemHasAResult(spec) ? "true" : "false")}))
            {'{'}
            {'}'}
            """);
        foreach (var operation in spec.Operations)
        {
            writer.WriteLine();
            WriteProducerOperation(writer, spec, operation);
        }

        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine(GeneratedFile.FactoryRegistration($"{spec.BaseName}Producer",
            $"{Runtime}.ContractFactories.AddProducer<{spec.ContractType}, {spec.BaseName}Producer>(static (endpoint, options) => new {spec.BaseName}Producer(endpoint, options));"));
    });

    public static string EmitWorker(ContractSpec spec) => GeneratedFile.Write(spec.Namespace, writer =>
    {
        var output = HasResults(spec)
            ? $"Where results and failures go: the <see cref=\"{spec.BaseName}Collector\"/>'s endpoint, or the input of a relay to the next stage."
            : "Where failures go, if anywhere: a collector's endpoint, or <see langword=\"null\"/> (this stage is terminal: it sends no results).";
        writer.WriteLine($"""
            /// <summary>
            /// Runs a <see cref="{spec.ContractType}"/> implementation as one worker of the stage: a PULL socket takes items
            /// from the <see cref="{spec.BaseName}Producer"/> (or a <see cref="global::ZmqContracts.ZmqPipelineRelay"/>), the
            /// implementation processes up to the options' <c>MaxConcurrency</c> at once, and a PUSH socket sends each result on.
            /// An item the implementation throws for is logged, counted in <see cref="{Runtime}.WorkerBase.ItemsFailed"/> and sent on as a failure.
            /// </summary>
            {GeneratedFile.GeneratedCodeAttribute}
            {Accessibility(spec)} sealed partial class {spec.BaseName}Worker : {Runtime}.WorkerBase
            """);
        writer.OpenBlock();
        writer.WriteLine($"""
            /// <summary>Creates a worker for <paramref name="implementation"/>; <see cref="{Runtime}.WorkerBase.Start"/> connects it.</summary>
            /// <param name="implementation">Processes the items; it is called concurrently.</param>
            /// <param name="inputEndpoint">Where the items come from: the producer's endpoint, or the output of a relay.</param>
            /// <param name="outputEndpoint">{output}</param>
            /// <param name="options">Concurrency, drain time, high-water marks, serializer and logger; <see langword="null"/> for the defaults.</param>
            public {spec.BaseName}Worker({spec.ContractType} implementation, string inputEndpoint, string? outputEndpoint, global::ZmqContracts.ZmqWorkerOptions? options = null)
                : this({Runtime}.ContractImplementation.Of(implementation), inputEndpoint, outputEndpoint, options)
            {'{'}
            {'}'}

            /// <summary>
            /// Creates a worker that calls the implementation <paramref name="implementation"/> gives for each item: for hosts
            /// that take it from a dependency-injection scope per item (ZmqContracts.Hosting).
            /// </summary>
            /// <param name="implementation">Gives the implementation for each item.</param>
            /// <param name="inputEndpoint">Where the items come from.</param>
            /// <param name="outputEndpoint">Where results and failures go, if anywhere.</param>
            /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
            [global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]
            public {spec.BaseName}Worker({Runtime}.ContractImplementation<{spec.ContractType}> implementation, string inputEndpoint, string? outputEndpoint, global::ZmqContracts.ZmqWorkerOptions? options = null)
                : base(new {Runtime}.PipelineWorker("{spec.BaseName}", inputEndpoint, outputEndpoint, options, {spec.Serializer}, {Framing(spec)}, Operations(implementation)))
            {'{'}
            {'}'}

            /// <summary>The stage's operations, calling the implementation <paramref name="implementation"/> gives for each item.</summary>
            /// <param name="implementation">Gives the implementation for each item.</param>
            private static {Runtime}.PipelineOperation[] Operations({Runtime}.ContractImplementation<{spec.ContractType}> implementation)
            """);
        writer.OpenBlock();
        writer.WriteLine("global::System.ArgumentNullException.ThrowIfNull(implementation);");
        writer.WriteLine($"return new {Runtime}.PipelineOperation[]");
        writer.OpenBlock();
        foreach (var operation in spec.Operations)
        {
            WriteWorkerOperation(writer, operation);
        }

        writer.CloseBlock("};");
        writer.CloseBlock();
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine(GeneratedFile.FactoryRegistration($"{spec.BaseName}Worker",
            $"{Runtime}.ContractFactories.AddWorker<{spec.ContractType}>(static (implementation, input, output, options) => new {spec.BaseName}Worker(implementation, input, output, options));"));
    });

    public static string EmitCollector(ContractSpec spec) => GeneratedFile.Write(spec.Namespace, writer =>
    {
        var resultOperations = spec.Operations.Where(operation => operation.ResultType is not null).ToList();
        var nonNullableResults = resultOperations.Where(operation => operation.ResultRefusesNull).ToList();
        var nonNullableArgument = nonNullableResults.Count == 0 ? "" : $", nonNullableResults: {NamesArray(nonNullableResults)}";
        writer.WriteLine($"""
            /// <summary>
            /// Takes every result of the <see cref="{spec.BaseName}Worker"/>s of a <see cref="{spec.ContractType}"/> stage over
            /// ZeroMQ: a PULL socket, bound, that the workers send their results and failures to. Results arrive in no
            /// particular order: nothing is ordered across workers. Thread-safe.
            /// </summary>
            {GeneratedFile.GeneratedCodeAttribute}
            {Accessibility(spec)} sealed partial class {spec.BaseName}Collector : {Runtime}.CollectorBase
            """);
        writer.OpenBlock();
        writer.WriteLine($"""
            /// <summary>Binds <paramref name="endpoint"/>, which the workers send to (or connects to it, with <see cref="global::ZmqContracts.ZmqCollectorOptions.Connect"/>), and starts taking results.</summary>
            /// <param name="endpoint">The endpoint to bind, such as <c>tcp://127.0.0.1:*</c> for a free port.</param>
            /// <param name="options">Queue sizes, high-water mark, serializer and logger; <see langword="null"/> for the defaults.</param>
            public {spec.BaseName}Collector(string endpoint, global::ZmqContracts.ZmqCollectorOptions? options = null)
                : base(new {Runtime}.PipelineCollector("{spec.BaseName}", endpoint, options, {spec.Serializer}, {Framing(spec)}, {NamesArray(resultOperations)}{nonNullableArgument}))
            {'{'}
            {'}'}
            """);
        foreach (var operation in resultOperations)
        {
            var method = resultOperations.Count == 1 ? "ReadAllAsync" : $"Read{operation.Name}ResultsAsync";
            writer.WriteLine($"""

                /// <summary>
                /// The results of <see cref="{operation.Reference}"/>, as they arrive, until the
                /// collector is disposed. Several readers share them: each result goes to one reader.
                /// </summary>
                /// <param name="cancellationToken">Ends the reading.</param>
                public global::System.Collections.Generic.IAsyncEnumerable<{operation.ResultType}> {method}({CancellationToken} cancellationToken = default) =>
                    this.Collector.ReadAllAsync<{operation.ResultType}>("{operation.Name}", cancellationToken);
                """);
        }

        if (resultOperations.Count == 1)
        {
            var operation = resultOperations[0];
            writer.WriteLine($"""

                /// <summary>
                /// The outcomes of the next <paramref name="count"/> items, as they arrive: each a result of
                /// <see cref="{operation.Reference}"/> or a failure, read from both
                /// streams; the enumeration ends after the last. For a batch of known size: send <paramref name="count"/>
                /// items, then read <paramref name="count"/> outcomes.
                /// </summary>
                /// <param name="count">How many outcomes to read: the number of items sent.</param>
                /// <param name="cancellationToken">Ends the reading.</param>
                /// <exception cref="global::System.ObjectDisposedException">The collector was disposed before <paramref name="count"/> outcomes arrived.</exception>
                public global::System.Collections.Generic.IAsyncEnumerable<global::ZmqContracts.ZmqPipelineOutcome<{operation.ResultType}>> ReadOutcomesAsync(int count, {CancellationToken} cancellationToken = default) =>
                    this.Collector.ReadOutcomesAsync<{operation.ResultType}>("{operation.Name}", count, cancellationToken);
                """);
        }

        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine(GeneratedFile.FactoryRegistration($"{spec.BaseName}Collector",
            $"{Runtime}.ContractFactories.AddCollector<{spec.ContractType}, {spec.BaseName}Collector>(static (endpoint, options) => new {spec.BaseName}Collector(endpoint, options));"));
    });

    private static void WriteProducerOperation(SourceWriter writer, ContractSpec spec, OperationSpec operation)
    {
        var item = operation.Parameters.First(parameter => !parameter.IsCancellationToken);
        var token = operation.Parameters.FirstOrDefault(parameter => parameter.IsCancellationToken)?.Name
            ?? GeneratedFile.UniqueName("cancellationToken", [item.Name]);
        writer.WriteLine($"""
            /// <summary>
            /// Sends <paramref name="{item.Name.TrimStart('@')}"/> to a worker's <see cref="{operation.Reference}"/>.
            /// Completes once the item is queued, waiting while no worker can take it.
            /// </summary>
            /// <param name="{item.Name.TrimStart('@')}">The item.</param>
            /// <param name="{token.TrimStart('@')}">Ends the wait for room; the item is then not sent.</param>
            public {Tasks}.ValueTask {SymbolFacts.EscapeIdentifier(operation.Name)}({item.Declaration}, {CancellationToken} {token} = default) =>
                this.Producer.SendAsync("{operation.Name}", {item.Name}, {token});
            """);
    }

    private static void WriteWorkerOperation(SourceWriter writer, OperationSpec operation)
    {
        var item = operation.Parameters.First(parameter => !parameter.IsCancellationToken);
        var arguments = operation.Parameters.Select(parameter => parameter.IsCancellationToken ? "token" : $"input.Read<{item.ReadAs}>({(item.RefusesNull ? "nullable: false" : "")})");
        var invocation = $"await target.{SymbolFacts.EscapeIdentifier(operation.Name)}({string.Join(", ", arguments)}).ConfigureAwait(false)";
        var producesResult = operation.ResultType is null ? "false" : "true";

        writer.WriteLine($"new {Runtime}.PipelineOperation(\"{operation.Name}\", producesResult: {producesResult}, (item, cancellationToken) => implementation.InvokeAsync(static async (target, input, token) =>");
        writer.Indent();
        writer.WriteLine((operation.ResultType is null ? invocation : $"input.SetResult({invocation})") + ", item, cancellationToken)),");
        writer.Unindent();
    }

    /// <summary>A C# array of the operations' names: <c>new[] { "Resize", "Tag" }</c>.</summary>
    private static string NamesArray(IEnumerable<OperationSpec> operations) =>
        $"new[] {{ {string.Join(", ", operations.Select(operation => $"\"{operation.Name}\""))} }}";

    private static string Framing(ContractSpec spec) =>
        spec.Operations.Count == 1 ? $"{Runtime}.PipelineFraming.Payload" : $"{Runtime}.PipelineFraming.OperationAndPayload";

    private static string Accessibility(ContractSpec spec) => spec.IsPublic ? "public" : "internal";
}

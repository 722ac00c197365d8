using System.Linq;

namespace ZmqContracts.Generators.RequestReply;

/// <summary>Writes the client and the server of a [Reply] contract. Pure: a spec in, source text out.</summary>
internal static class ReplyEmitter
{
    private const string Runtime = "global::ZmqContracts.Runtime";
    private const string Tasks = "global::System.Threading.Tasks";

    public static string EmitClient(ContractSpec spec) => GeneratedFile.Write(spec.Namespace, writer =>
    {
        var operations = GeneratedFile.UniqueName("Operations", spec.Operations.Select(operation => operation.Name)
            .Concat(spec.Operations.SelectMany(operation => operation.Parameters).Select(parameter => parameter.Name)));
        writer.WriteLine($"""
            /// <summary>
            /// Calls a remote <see cref="{spec.ContractType}"/> over ZeroMQ, through a DEALER socket connected to a
            /// <see cref="{spec.BaseName}Server"/> or any peer that speaks the ZmqContracts request/reply protocol.
            /// Thread-safe: any number of calls may be in flight at once, from any threads. A call to an operation marked
            /// [Idempotent] that gets no reply in time is sent again, up to <see cref="global::ZmqContracts.ZmqClientOptions.MaxAttempts"/>
            /// times; any other call is sent once.
            /// </summary>
            {GeneratedFile.GeneratedCodeAttribute}
            {Accessibility(spec)} sealed partial class {spec.BaseName}Client : {Runtime}.ClientBase, {spec.ContractType}
            """);
        writer.OpenBlock();
        writer.WriteLine($"""
            /// <summary>Connects to a server; calls made before the connection is up wait for it, within their timeout.</summary>
            /// <param name="endpoint">The server's endpoint, such as <c>tcp://127.0.0.1:5555</c>.</param>
            /// <param name="options">Timeouts, retries, serializer and socket options; <see langword="null"/> for the defaults.</param>
            public {spec.BaseName}Client(string endpoint, global::ZmqContracts.ZmqClientOptions? options = null)
                : base(new {Runtime}.ReplyClient("{spec.BaseName}", endpoint, options, {spec.Serializer}))
            {'{'}
            {'}'}
            """);
        foreach (var operation in spec.Operations)
        {
            writer.WriteLine();
            WriteClientOperation(writer, operation, OperationField(operation, spec), operations);
        }

        writer.WriteLine($"""

            /// <summary>The contract's operations, each with its name encoded once for every call.</summary>
            private static class {operations}
            """);
        writer.OpenBlock();
        foreach (var operation in spec.Operations)
        {
            var idempotent = operation.IsIdempotent ? ", idempotent: true" : "";
            var operationFrame = spec.OperationFrame ? "" : ", operationFrame: false";
            var resultNullable = operation.ResultRefusesNull ? ", resultNullable: false" : "";
            writer.WriteLine($"public static readonly {Runtime}.RequestOperation {OperationField(operation, spec)} = new(\"{operation.Name}\"{idempotent}{operationFrame}{resultNullable});");
        }

        writer.CloseBlock();
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine(GeneratedFile.FactoryRegistration($"{spec.BaseName}Client",
            $"{Runtime}.ContractFactories.AddClient<{spec.ContractType}, {spec.BaseName}Client>(static (endpoint, options) => new {spec.BaseName}Client(endpoint, options));"));
    });

    public static string EmitServer(ContractSpec spec) => GeneratedFile.Write(spec.Namespace, writer =>
    {
        writer.WriteLine($"""
            /// <summary>
            /// Serves a <see cref="{spec.ContractType}"/> implementation over ZeroMQ, through a ROUTER socket: calls run
            /// concurrently off the socket thread and their replies go back in any order, to DEALER, REQ and proxy peers alike.
            /// </summary>
            {GeneratedFile.GeneratedCodeAttribute}
            {Accessibility(spec)} sealed partial class {spec.BaseName}Server : {Runtime}.ServerBase
            """);
        writer.OpenBlock();
        writer.WriteLine($"""
            /// <summary>Creates a server for <paramref name="implementation"/>; <see cref="{Runtime}.ServerBase.Start"/> binds it.</summary>
            /// <param name="implementation">Handles the calls; it is called concurrently.</param>
            /// <param name="endpoint">The endpoint to bind, such as <c>tcp://127.0.0.1:*</c> for a free port.</param>
            /// <param name="options">Concurrency, drain time, serializer and socket options; <see langword="null"/> for the defaults.</param>
            public {spec.BaseName}Server({spec.ContractType} implementation, string endpoint, global::ZmqContracts.ZmqServerOptions? options = null)
                : base(new {Runtime}.ReplyServer(endpoint, options, Service({Runtime}.ContractImplementation.Of(implementation))))
            {'{'}
            {'}'}
            """);
        writer.WriteLine($"""

            /// <summary>
            /// The contract's operations, calling the implementation <paramref name="implementation"/> gives for each call: for
            /// hosts that serve several contracts on one endpoint, or take the implementation from a dependency-injection scope
            /// per call (ZmqContracts.Hosting).
            /// </summary>
            /// <param name="implementation">Gives the implementation for each call.</param>
            [global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]
            public static {Runtime}.ReplyService Service({Runtime}.ContractImplementation<{spec.ContractType}> implementation) =>
                new {Runtime}.ReplyService("{spec.BaseName}", {spec.Serializer}, new {Runtime}.ReplyOperation[]
            """);
        writer.Indent();
        writer.OpenBlock();
        foreach (var operation in spec.Operations)
        {
            WriteServerOperation(writer, operation);
        }

        writer.CloseBlock("});");
        writer.Unindent();
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine(GeneratedFile.FactoryRegistration($"{spec.BaseName}Server",
            $"{Runtime}.ContractFactories.AddServer<{spec.ContractType}>({spec.BaseName}Server.Service);"));
    });

    private static void WriteClientOperation(SourceWriter writer, OperationSpec operation, string field, string operations)
    {
        var parameters = string.Join(", ", operation.Parameters.Select(parameter => parameter.Declaration));
        var request = $"this.Connection.NewRequest({operations}.{field})" + string.Concat(operation.Parameters
            .Where(parameter => !parameter.IsCancellationToken)
            .Select(parameter => $".Argument({parameter.Name})"));
        var cancellationToken = operation.Parameters.FirstOrDefault(parameter => parameter.IsCancellationToken)?.Name
            ?? "global::System.Threading.CancellationToken.None";
        var call = operation.ResultType is null
            ? $"this.Connection.CallAsync({request}, {cancellationToken})"
            : $"this.Connection.CallAsync<{operation.ResultType}>({request}, {cancellationToken})";
        var taskType = ReturnType(operation);

        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine($"public {taskType} {SymbolFacts.EscapeIdentifier(operation.Name)}({parameters}) =>");
        writer.Indent();
        writer.WriteLine(operation.Shape == ReturnShape.ValueTask ? $"new {taskType}({call});" : $"{call};");
        writer.Unindent();
    }

    private static void WriteServerOperation(SourceWriter writer, OperationSpec operation)
    {
        var argumentIndex = 0;
        var arguments = string.Join(", ", operation.Parameters.Select(parameter => parameter.IsCancellationToken
            ? "token"
            : $"call.Argument<{parameter.ReadAs}>({argumentIndex++}{(parameter.RefusesNull ? ", nullable: false" : "")})"));
        var invocation = $"await target.{SymbolFacts.EscapeIdentifier(operation.Name)}({arguments}).ConfigureAwait(false)";

        writer.WriteLine($"new {Runtime}.ReplyOperation(\"{operation.Name}\", {argumentIndex}, (request, cancellationToken) => implementation.InvokeAsync(static async (target, call, token) =>");
        writer.Indent();
        writer.WriteLine((operation.ResultType is null ? invocation : $"call.SetResult({invocation})") + ", request, cancellationToken)),");
        writer.Unindent();
    }

    /// <summary>
    /// The operation's field in the client's nested class of operations: its name, unless that would hide
    /// <see cref="object.ReferenceEquals"/> (warning CS0108), the one member of <see cref="object"/> that the parser lets
    /// an operation be named after; that one is renamed to a name no other operation has.
    /// </summary>
    private static string OperationField(OperationSpec operation, ContractSpec spec) => operation.Name == nameof(ReferenceEquals)
        ? GeneratedFile.UniqueName(operation.Name + "Operation", spec.Operations.Select(other => other.Name))
        : SymbolFacts.EscapeIdentifier(operation.Name);

    private static string ReturnType(OperationSpec operation) =>
        operation.ResultType is null ? $"{Tasks}.{operation.Shape}" : $"{Tasks}.{operation.Shape}<{operation.ResultType}>";

    private static string Accessibility(ContractSpec spec) => spec.IsPublic ? "public" : "internal";
}

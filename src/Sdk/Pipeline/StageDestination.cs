namespace ZmqContracts.Runtime;

/// <summary>
/// The telemetry destinations of a stage's operation (docs/observability.md): its items go to <c>{Contract}/{Operation}</c>,
/// and its results and failures to <c>{Contract}/{Operation} result</c>, so that a trace tells an item's send from its result's.
/// </summary>
internal static class StageDestination
{
    public static MessagingDestination Items(string contract, string operation) => new($"{contract}/{operation}", isTemplate: false);

    public static MessagingDestination Results(string contract, string operation) => new($"{contract}/{operation} result", isTemplate: false);
}

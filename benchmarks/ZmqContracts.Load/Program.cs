using System;
using NetMQ;
using ZmqContracts.Load;

// Runs every scenario's hand-written baseline and generated stubs one after the other in this process, over TCP
// loopback, then prints one table and writes it as JSON. See benchmarks/README.md for how to read it.
LoadSettings settings;
try
{
    settings = LoadSettings.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

ILoadScenario[] scenarios =
[
    new OneCallAtATime(),
    new OneCallAtATime(handleOnSocketThread: true),
    new TracedCalls(),
    new AsyncFloor(),
    new AsyncFloor(protocolFrames: true),
    new ConcurrentCallers(),
    new PubSubThroughput(numbered: true),
    new PubSubThroughput(numbered: false),
    new PubSubThroughput(numbered: true, wait: true),
    new NumberedPubSubFloor(),
    new PipelineThroughput(PipelineMode.Default),
    new PipelineThroughput(PipelineMode.Acknowledged),
    new AcknowledgedPipelineFloor(),
    new PipelineThroughput(PipelineMode.OneAtATime),
    new BrokeredCalls(),
    new RelayedCallsReference(),
    new ProxiedPubSub(),
    new GrpcUnaryReference(),
];

scenarios = Array.FindAll(scenarios, scenario => settings.Runs(scenario.Name));
if (scenarios.Length == 0)
{
    Console.Error.WriteLine($"No scenario's name contains '{settings.Scenario}'.");
    return 2;
}

Console.WriteLine($"ZmqContracts load driver: {ResultTable.Machine}; warm-up {settings.Warmup.TotalSeconds:0.##} s, measured {settings.Duration.TotalSeconds:0.##} s per run");
var table = new ResultTable();
foreach (var scenario in scenarios)
{
    try
    {
        Console.WriteLine($"  {scenario.Name}: baseline…");
        var baseline = await scenario.RunBaselineAsync(settings);
        SettleBetweenRuns();
        Console.WriteLine($"  {scenario.Name}: generated…");
        var generated = await scenario.RunGeneratedAsync(settings);
        SettleBetweenRuns();
        table.Add(scenario, baseline, generated);
    }
    catch (Exception exception)
    {
        Console.Error.WriteLine(exception);
        table.AddFailure(scenario, exception);
    }
}

table.Judge(scenarios);
Console.WriteLine();
Console.Write(table.Format());
table.WriteJson(settings.JsonPath, settings);
Console.WriteLine($"JSON: {settings.JsonPath}");
NetMQConfig.Cleanup(block: false);
return table.Failures.Count == 0 ? 0 : 1;

// Garbage from one run must not be collected during the next one's measurement.
static void SettleBetweenRuns()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
}

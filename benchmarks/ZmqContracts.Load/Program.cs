using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using NetMQ;
using ZmqContracts.Load;

// Runs every scenario's hand-written baseline and generated stubs one after the other in this process, over TCP
// loopback (alternated --rounds times, medians kept), then prints one table and writes it as JSON. See
// benchmarks/README.md for how to read it.
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
    new ConcurrentCallers(handleOnSocketThread: true),
    new ConcurrentFloor(),
    new PubSubThroughput(numbered: true),
    new PubSubThroughput(numbered: false),
    new PubSubThroughput(numbered: true, wait: true),
    new NumberedPubSubFloor(),
    new WaitModePubSubFloor(),
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
    Console.Error.WriteLine($"No scenario's name matches '{settings.Scenario}'.");
    return 2;
}

Console.WriteLine($"ZmqContracts load driver: {ResultTable.Machine}; warm-up {settings.Warmup.TotalSeconds:0.##} s, measured {settings.Duration.TotalSeconds:0.##} s per run");
var table = new ResultTable();
foreach (var scenario in scenarios)
{
    try
    {
        var baselines = new List<IReadOnlyList<Figure>>();
        var generated = new List<IReadOnlyList<Figure>>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            // Alternated as baseline, generated, generated, baseline…, so that a load that rises or falls during the
            // scenario weighs on both sides alike.
            var baselineFirst = round % 2 == 1;
            await RunAsync(baselineFirst ? "baseline" : "generated", round, baselineFirst ? baselines : generated);
            await RunAsync(baselineFirst ? "generated" : "baseline", round, baselineFirst ? generated : baselines);
        }

        table.Add(scenario, baselines, generated);

        async Task RunAsync(string side, int round, List<IReadOnlyList<Figure>> runs)
        {
            Console.WriteLine(settings.Rounds == 1 ? $"  {scenario.Name}: {side}…" : $"  {scenario.Name}: {side}, round {round} of {settings.Rounds}…");
            runs.Add(side == "baseline" ? await scenario.RunBaselineAsync(settings) : await scenario.RunGeneratedAsync(settings));
            SettleBetweenRuns();
        }
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

using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZmqContracts;

namespace HostingSample;

/// <summary>
/// Uses what the host registered, once a second until the host stops: calls both contracts of the server, sends an item
/// through the pipeline and reads its result, publishes a price to the subscription, and reports the health checks.
/// </summary>
public sealed class Demo(
    ICalculator calculator,
    IGreeter greeter,
    SquarerProducer producer,
    SquarerCollector collector,
    ZmqPublisher publisher,
    HealthCheckService health,
    ILogger<Demo> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await publisher.WaitForSubscriberAsync<Price>(stoppingToken);
        using var timer = new PeriodicTimer(System.TimeSpan.FromSeconds(1));
        for (var round = 1; await timer.WaitForNextTickAsync(stoppingToken); round++)
        {
            var sum = await calculator.Add(round, round, stoppingToken);
            var greeting = await greeter.Greet($"round {round}");
            await producer.Square(round, stoppingToken);
            await foreach (var outcome in collector.ReadOutcomesAsync(1, stoppingToken))
            {
                logger.LogInformation("round {Round}: {Round} + {Round} = {Sum}, {Greeting}, {Round} squared = {Square}", round, round, round, sum, greeting, round, outcome.Result);
            }

            await publisher.PublishAsync(new Price("ZMQ", round), stoppingToken);
            var report = await health.CheckHealthAsync(stoppingToken);
            logger.LogInformation("health: {Status}", report.Status);
        }
    }
}

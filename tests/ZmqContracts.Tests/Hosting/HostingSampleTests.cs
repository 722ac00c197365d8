using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ZmqContracts.Tests.Hosting;

/// <summary>
/// samples/Hosting as its README runs it: a worker service that serves, works and subscribes, exports its spans and
/// metrics to the console, and stops cleanly on SIGTERM.
/// </summary>
public sealed class HostingSampleTests
{
    private static readonly string Sample = typeof(HostingSampleTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "HostingSample").Value!;

    [Fact]
    public async Task TheSampleServesWorksSubscribesAndStopsCleanlyOnSigterm()
    {
        var endpoints = DistinctFreeEndpoints(4);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(Sample)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Sample);
        foreach (var (key, endpoint) in new[]
        {
            ("Server:Endpoint", endpoints[0]), ("Calculator:Endpoint", endpoints[0]), ("Greeter:Endpoint", endpoints[0]),
            ("Producer:Endpoint", endpoints[1]), ("Worker:InputEndpoint", endpoints[1]),
            ("Worker:OutputEndpoint", endpoints[2]), ("Collector:Endpoint", endpoints[2]),
            ("Publisher:Endpoint", endpoints[3]), ("Prices:Endpoint", endpoints[3]),
        })
        {
            start.ArgumentList.Add($"--Zmq:{key}={endpoint}");
        }

        using var sample = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(Within.Timeout);
            var seen = await ReadUntilAsync(sample.StandardOutput, ["round 1: 1 + 1 = 2, Hello, round 1, 1 squared = 1", "health: Healthy", "price ZMQ 1", "Calculator/Add"], timeout.Token);
            if (!seen)
            {
                Assert.Fail("the sample ended before it served a round: " + await sample.StandardError.ReadToEndAsync(timeout.Token));
            }

            using (var kill = Process.Start("kill", ["-TERM", sample.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            var rest = await sample.StandardOutput.ReadToEndAsync(timeout.Token);
            await sample.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, sample.ExitCode);
            Assert.Contains("Application is shutting down", rest, StringComparison.Ordinal);

            // The OpenTelemetry SDK exports the metrics once more as the host disposes it.
            Assert.Contains("rpc.server.call.duration", rest, StringComparison.Ordinal);
        }
        finally
        {
            if (!sample.HasExited)
            {
                sample.Kill();
            }
        }
    }

    /// <summary>Reads lines until every one of <paramref name="expected"/> has appeared in one; false when the output ends first.</summary>
    private static async Task<bool> ReadUntilAsync(StreamReader output, IEnumerable<string> expected, CancellationToken cancellationToken)
    {
        var missing = expected.ToList();
        while (missing.Count > 0 && await output.ReadLineAsync(cancellationToken) is { } line)
        {
            missing.RemoveAll(text => line.Contains(text, StringComparison.Ordinal));
        }

        return missing.Count == 0;
    }

    private static string[] DistinctFreeEndpoints(int count)
    {
        var endpoints = new HashSet<string>();
        for (var attempt = 0; attempt < 100 && endpoints.Count < count; attempt++)
        {
            endpoints.Add(Loopback.FreeEndpoint());
        }

        Assert.Equal(count, endpoints.Count);
        return [.. endpoints];
    }
}

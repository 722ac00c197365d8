using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Xunit;

namespace ZmqContracts.Tests.Interop;

/// <summary>
/// Runs the Python peers of samples/python with /usr/bin/python3 (pyzmq and msgpack from Debian). Where they are
/// missing the interop tests are skipped with how to install them, except under <c>CI=true</c>, where they fail.
/// </summary>
internal static class Python
{
    public const string Interpreter = "/usr/bin/python3";

    private static readonly string PeersDirectory = typeof(Python).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "PythonPeers").Value!;

    /// <summary>Why the peers cannot run here, or <see langword="null"/> when they can.</summary>
    public static readonly string? Missing = FindWhatIsMissing();

    public static bool MustRun => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>Starts a peer script; its standard output is read line by line.</summary>
    public static PythonPeer Start(string script, params string[] arguments) =>
        Launch(script, [Path.Combine(PeersDirectory, script), .. arguments]);

    /// <summary>
    /// Runs a test's own peer, <paramref name="program"/> (<c>python3 -c</c>), among the peer scripts, so that it can import
    /// <c>zmqc</c>; <c>sys.argv[1:]</c> is <paramref name="arguments"/>.
    /// </summary>
    public static PythonPeer Run(string program, params string[] arguments) =>
        Launch("python3 -c", ["-c", program, .. arguments]);

    private static PythonPeer Launch(string name, IEnumerable<string> arguments)
    {
        Assert.True(Missing is null, Missing);
        var start = new ProcessStartInfo(Interpreter)
        {
            WorkingDirectory = PeersDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-u");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new PythonPeer(Process.Start(start)!, name);
    }

    private static string? FindWhatIsMissing()
    {
        const string install = "install them with: sudo apt-get install -y python3-zmq python3-msgpack";
        if (!File.Exists(Interpreter))
        {
            return $"The Python interop tests need {Interpreter} with pyzmq and msgpack; {install}";
        }

        using var probe = Process.Start(new ProcessStartInfo(Interpreter, "-c \"import zmq, msgpack\"") { RedirectStandardError = true, UseShellExecute = false })!;
        return probe.WaitForExit(Within.Timeout) && probe.ExitCode == 0
            ? null
            : $"The Python interop tests need pyzmq and msgpack for {Interpreter}; {install}";
    }
}

/// <summary>A test that runs only where the Python peers can (always under <c>CI=true</c>, so that a missing install fails CI).</summary>
internal sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (Python.Missing is { } missing && !Python.MustRun)
        {
            Skip = missing;
        }
    }
}

/// <summary>A running Python peer. Disposing it kills it if it is still running.</summary>
internal sealed class PythonPeer : IDisposable
{
    private readonly Process _process;
    private readonly string _script;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _errors = [];

    public PythonPeer(Process process, string script)
    {
        _process = process;
        _script = script;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else
            {
                _lines.Writer.TryWrite(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_errors)
                {
                    _errors.Add(e.Data);
                }
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The next line the peer prints.</summary>
    public async Task<string> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(Within.Timeout);
        try
        {
            return await _lines.Reader.ReadAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is ChannelClosedException or OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{_script} printed no further line. Its errors:\n{Errors}");
        }
    }

    /// <summary>Reads lines until one starts with <paramref name="prefix"/>, and returns the rest of it.</summary>
    public Task<string> WaitForAsync(string prefix) =>
        RestOfLineAsync(line => line.StartsWith(prefix, StringComparison.Ordinal) ? prefix.Length : -1);

    /// <summary>Reads lines until one contains <paramref name="marker"/>, and returns what follows it: for a program that logs.</summary>
    public Task<string> WaitForAfterAsync(string marker) =>
        RestOfLineAsync(line => line.IndexOf(marker, StringComparison.Ordinal) is var at and >= 0 ? at + marker.Length : -1);

    /// <summary>Reads lines until <paramref name="restStarts"/> finds where the wanted rest of one starts (not -1), and returns that rest.</summary>
    private async Task<string> RestOfLineAsync(Func<string, int> restStarts)
    {
        for (var line = await ReadLineAsync(); ; line = await ReadLineAsync())
        {
            var rest = restStarts(line);
            if (rest >= 0)
            {
                return line[rest..].Trim();
            }
        }
    }

    /// <summary>Waits for the peer to exit and asserts it succeeded; returns every line it printed that was not read yet.</summary>
    public async Task<IReadOnlyList<string>> ExitedAsync()
    {
        var (exitCode, output) = await FinishedAsync();
        Assert.True(exitCode == 0, $"{_script} exited with {exitCode}. Its errors:\n{Errors}");
        return output;
    }

    /// <summary>Waits for the peer to exit; returns its exit code and every line it printed that was not read yet.</summary>
    public async Task<(int ExitCode, IReadOnlyList<string> Output)> FinishedAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(Within.Timeout);
        var rest = new List<string>();
        using var timeout = new CancellationTokenSource(Within.Timeout);
        await foreach (var line in _lines.Reader.ReadAllAsync(timeout.Token))
        {
            rest.Add(line);
        }

        return (_process.ExitCode, rest);
    }

    /// <summary>The peer's process id, for a signal.</summary>
    public int Id => _process.Id;

    /// <summary>What the peer wrote to standard error so far.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return string.Join("\n", _errors);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}

using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts;

/// <summary>
/// Joins two pipeline stages (ZeroMQ's streamer device): binds a PULL socket that the first stage's workers connect
/// their output to, and a PUSH socket that the next stage's workers connect their input to, and passes every message on
/// unchanged — results, which are the next stage's items, and failures, which travel on to the last collector.
/// </summary>
/// <remarks>
/// Workers connect and both ends of a stage need one socket that binds; between two stages this relay is that socket.
/// It takes a message only when it has room to pass it on, so a slow next stage pushes back on the stage before it.
/// Thread-safe.
/// </remarks>
public sealed class ZmqPipelineRelay : IZmqEndpoint
{
    private readonly ZmqProducerOptions _options;
    private readonly ILogger _logger;
    private readonly SocketLoop _input;
    private readonly SocketLoop _output;

    /// <summary>The messages that could not be passed on, logged as counts rather than one line each.</summary>
    private readonly RepeatedLog _undeliverable;
    private readonly ReceiveThrottle _throttle;
    private readonly CancellationTokenSource _closing = new();
    private readonly EndpointLifetime _lifetime;

    /// <summary>Binds both endpoints and starts passing messages on.</summary>
    /// <param name="inputEndpoint">The endpoint to bind for the first stage's workers' output, such as <c>tcp://127.0.0.1:*</c>.</param>
    /// <param name="outputEndpoint">The endpoint to bind for the next stage's workers' input.</param>
    /// <param name="options">
    /// High-water marks, linger and logger; <see langword="null"/> for the defaults. At most
    /// <see cref="ZmqSocketOptions.SendHighWatermark"/> messages wait in the relay for room on the output.
    /// </param>
    /// <exception cref="ZmqException">An endpoint could not be bound, or NetMQ has no room for the relay's sockets (<c>NetMQConfig.MaxSockets</c>).</exception>
    /// <exception cref="ArgumentException">The options set <see cref="ZmqProducerOptions.AcknowledgementEndpoint"/>: a relay passes ids on, it does not acknowledge.</exception>
    public ZmqPipelineRelay(string inputEndpoint, string outputEndpoint, ZmqProducerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputEndpoint);
        ArgumentException.ThrowIfNullOrEmpty(outputEndpoint);
        _options = ZmqSocketOptions.Validated(options);
        if (_options.AcknowledgementEndpoint is not null)
        {
            throw new ArgumentException("A relay passes acknowledged items' ids on unchanged; only the producer of the first stage and the last collector take part in acknowledgements. Leave AcknowledgementEndpoint null.", nameof(options));
        }

        _logger = _options.ContainedLogger();
        InputEndpoint = inputEndpoint;
        OutputEndpoint = outputEndpoint;
        _undeliverable = new RepeatedLog((error, count) => Log.RelayUndeliverable(_logger, error, InputEndpoint, OutputEndpoint, count));
        _output = new SocketLoop(nameof(ZmqPipelineRelay), _options.NewSocket(nameof(ZmqPipelineRelay), static () => new PushSocket(), _options.Linger), onReceiveReady: null, (_, error) => _undeliverable.Add(error), _options.SendHighWatermark);
        Func<ReceivedMessage, bool> passOn = PassOn;
        _input = _output.DisposeIfFails(() => new SocketLoop(nameof(ZmqPipelineRelay), _options.NewSocket(nameof(ZmqPipelineRelay), static () => new PullSocket(), linger: TimeSpan.Zero), socket => _throttle!.Receive(socket, passOn), static (_, _) => { }, logger: _logger));
        _throttle = new ReceiveThrottle(_input, _options.SendHighWatermark);
        (InputEndpoint, OutputEndpoint) = SocketLoop.BindBoth(_input, inputEndpoint, _output, outputEndpoint);

        _lifetime = new EndpointLifetime(nameof(ZmqPipelineRelay), StartLoops, StopAsync);
        _lifetime.Start();
    }

    /// <summary>The address bound for the first stage's workers' output.</summary>
    public string InputEndpoint { get; }

    /// <summary>The address bound for the next stage's workers' input.</summary>
    public string OutputEndpoint { get; }

    /// <summary>
    /// Stops taking messages, waits up to <see cref="ZmqProducerOptions.Linger"/> for those taken to be handed to the
    /// output socket, then closes; the output socket goes on delivering for the same time. Returns once both endpoints
    /// are free for another bind; calling it again returns the same task.
    /// </summary>
    public ValueTask DisposeAsync() => _lifetime.DisposeAsync();

    /// <summary>Waits until <paramref name="cancellationToken"/> is cancelled or the relay is disposed, then disposes it.</summary>
    /// <exception cref="ObjectDisposedException">The relay was disposed before the call.</exception>
    public Task RunAsync(CancellationToken cancellationToken) => _lifetime.RunAsync(cancellationToken);

    /// <summary>Does nothing more: the constructor bound the relay and started it. Every endpoint type starts the same way (docs/guide.md, "Lifecycle").</summary>
    /// <exception cref="ObjectDisposedException">The relay was disposed.</exception>
    public void Start() => _lifetime.Start();

    private void StartLoops()
    {
        _output.Start();
        _input.Start();
    }

    private async Task StopAsync()
    {
        _throttle.Stop();
        await EndpointLifetime.DrainAsync(_throttle.Drained, _options.Linger, _closing.Token, _closing.Cancel).ConfigureAwait(false);
        _closing.Cancel();
        _input.Dispose();
        await _output.CloseAsync().ConfigureAwait(false);
        _undeliverable.Close();
    }

    private bool PassOn(ReceivedMessage message)
    {
        _ = SendAsync(message);
        return true;
    }

    private async Task SendAsync(ReceivedMessage message)
    {
        try
        {
            // A message of one or two frames goes on as their bytes, as it came: the relay makes no message for it.
            await (message.Whole is { } whole
                ? _output.SendAsync(whole, _closing.Token)
                : _output.SendAsync(message.First.Buffer, message.Second, _closing.Token)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            _undeliverable.Add(exception);
        }
        finally
        {
            _throttle.Release();
        }
    }
}

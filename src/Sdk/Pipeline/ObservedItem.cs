using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;

namespace ZmqContracts.Runtime;

/// <summary>
/// What a worker reports of one item while a listener is on (docs/observability.md): the Consumer span of its processing
/// (<c>process {Contract}/{Operation}</c>), a child of the producer's send whose context the item's trace frame carried,
/// which is <see cref="Activity.Current"/> for the handler; the handler's failure; and the Producer span of the result's
/// send (<c>send {Contract}/{Operation} result</c>), a child of the processing. Made on the item's processing flow, and
/// ended there.
/// </summary>
internal sealed class ObservedItem
{
    private readonly MessagingDestination _items;
    private readonly MessagingDestination _results;
    private readonly long _started;
    private readonly Activity? _span;
    private readonly Activity? _ambient;
    private Exception? _failure;

    /// <summary>Starts the processing of <paramref name="item"/>, whose frames after the payload start at <paramref name="trailer"/>.</summary>
    public ObservedItem(MessagingDestination items, MessagingDestination results, NetMQMessage item, int trailer)
    {
        _items = items;
        _results = results;
        _started = MessagingDestination.Timestamp();
        _span = items.StartConsumer(SemanticConventions.ProcessOperation, TraceContextFrame.Read(item, trailer), default, out _ambient);
    }

    /// <summary>The processing failed: the handler threw, or the result could not be sent.</summary>
    public void Failed(Exception exception) => _failure ??= exception;

    /// <summary>Sends <paramref name="result"/> (a result or a failure) in its own Producer span, whose trace frame goes last when <paramref name="policy"/> allows.</summary>
    public async ValueTask SendAsync(SocketLoop output, NetMQMessage result, ZmqTraceContextFrame policy, CancellationToken cancellationToken)
    {
        var started = MessagingDestination.Timestamp();
        var span = _results.StartSend();
        TraceContextFrame.AppendTo(result, span, policy);
        try
        {
            await output.SendAsync(result, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _results.EndSend(span, started, exception);
            throw;
        }

        _results.EndSend(span, started, error: null);
    }

    /// <summary>Ends the processing: its span, in error if it failed, counted and timed.</summary>
    public void End() => _items.EndProcess(_span, _ambient, _started, _failure);
}

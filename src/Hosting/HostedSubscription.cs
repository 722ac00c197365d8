using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ZmqContracts.Hosting;

/// <summary>
/// A subscriber, hosted, that hands every <typeparamref name="TMessage"/> to a <typeparamref name="THandler"/> resolved
/// in a scope of its own: what <c>AddZmqSubscription</c> registers.
/// </summary>
/// <param name="optionsName">The name of its <see cref="ZmqSubscriberOptions"/>.</param>
/// <param name="services">The host's services.</param>
internal sealed class HostedSubscription<TMessage, THandler>(string optionsName, IServiceProvider services) : HostedEndpoint
    where TMessage : ITopicMessage<TMessage>
    where THandler : class, IZmqMessageHandler<TMessage>
{
    protected override IZmqEndpoint Create()
    {
        var options = ZmqOptionsRegistration.Get<ZmqSubscriberOptions>(services, optionsName, "Subscription." + typeof(TMessage).Name);
        return new Consumer(new ZmqSubscriber(options.Endpoint!, options), services, options.ContainedLogger());
    }

    /// <summary>
    /// The subscriber and the loop that reads it, as one endpoint: <see cref="Start"/> subscribes and starts the loop;
    /// <see cref="DisposeAsync"/> closes the subscriber, whose enumeration then ends after the messages it already holds,
    /// and returns once the loop has handled them, unless <see cref="AbandonHandlers"/> cancels the handler's token first.
    /// Called from the handler (which stops its host, say), it starts that and returns at once, as a server's does
    /// (<see cref="EndpointLifetime.DisposeAsync"/>): the loop waits for that handler, which would wait for itself.
    /// </summary>
    private sealed class Consumer : IZmqEndpoint, IAbandonable
    {
        private readonly CancellationTokenSource _abandoned = new();
        private readonly ZmqSubscriber _subscriber;
        private readonly IServiceProvider _services;
        private readonly ILogger _logger;
        private readonly EndpointLifetime _lifetime;
        private Task _consuming = Task.CompletedTask;

        public Consumer(ZmqSubscriber subscriber, IServiceProvider services, ILogger logger)
        {
            (_subscriber, _services, _logger) = (subscriber, services, logger);
            _lifetime = new EndpointLifetime($"{typeof(TMessage).Name} subscription", Consume, StopAsync);
        }

        public void Start() => _lifetime.Start();

        public void AbandonHandlers() => _abandoned.Cancel();

        public Task RunAsync(CancellationToken cancellationToken) => _lifetime.RunAsync(cancellationToken);

        public ValueTask DisposeAsync() => _lifetime.DisposeAsync();

        private void Consume() => _consuming = _subscriber.ConsumeAsync<TMessage>(HandleAsync, _abandoned.Token);

        /// <summary>
        /// Closes the subscriber and waits for the loop to hand over what it holds: without end while the host lets it,
        /// a second at most once <see cref="AbandonHandlers"/> has cancelled the handler's token. A handler that ignores its token
        /// is left running then (and logged), so that the host's stop stays bounded.
        /// </summary>
        private async Task StopAsync()
        {
            await _subscriber.DisposeAsync().ConfigureAwait(false);
            if (!await EndpointLifetime.DrainAsync(_consuming, Timeout.InfiniteTimeSpan, _abandoned.Token, _abandoned.Cancel).ConfigureAwait(false))
            {
                Log.SubscriptionHandlerAbandoned(_logger, typeof(TMessage).Name);
            }
        }

        private async ValueTask HandleAsync(TMessage message, CancellationToken cancellationToken)
        {
            _lifetime.EnterHandler();
            var scope = _services.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                await scope.ServiceProvider.GetRequiredService<THandler>().HandleAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Pipeline;
using ZmqContracts.Tests.PubSub;
using ZmqContracts.Tests.RequestReply;

namespace ZmqContracts.Tests.Lifetime;

/// <summary>
/// One endpoint type, as the lifecycle conformance suite sees it: how to make one at an endpoint, whether it binds that
/// endpoint, and the calls of its own that must fail once it is disposed.
/// </summary>
/// <param name="Name">The public type, as an <see cref="ObjectDisposedException"/> must name it.</param>
/// <param name="Create">Makes one at the endpoint given (the one it binds or connects to), not yet started.</param>
/// <param name="Binds">Whether it binds the endpoint given (otherwise it connects to it).</param>
/// <param name="Uses">Calls of the type's own, each of which must throw <see cref="ObjectDisposedException"/> after disposal.</param>
public sealed record EndpointKind(string Name, Func<string, IZmqEndpoint> Create, bool Binds, params Func<IZmqEndpoint, Task>[] Uses)
{
    public static readonly EndpointKind Server = new(
        "ShapesServer", endpoint => new ShapesServer(new Shapes(), endpoint), Binds: true, endpoint => Task.Run(endpoint.Start));

    public static readonly EndpointKind Client = new(
        "ShapesClient", endpoint => new ShapesClient(endpoint), Binds: false, endpoint => ((ShapesClient)endpoint).Echo("after dispose"));

    public static readonly EndpointKind Publisher = new(
        nameof(ZmqPublisher), endpoint => new ZmqPublisher(endpoint), Binds: true,
        endpoint => ((ZmqPublisher)endpoint).PublishAsync(new Client1Message("after dispose")).AsTask());

    public static readonly EndpointKind Subscriber = new(
        nameof(ZmqSubscriber), endpoint => new ZmqSubscriber(endpoint), Binds: false,
        endpoint => ReadToTheEnd(((ZmqSubscriber)endpoint).Subscribe<Client1Message>()));

    public static readonly EndpointKind Producer = new(
        "WorkStageProducer", endpoint => new WorkStageProducer(endpoint), Binds: true,
        endpoint => ((WorkStageProducer)endpoint).Process(new WorkItem(1)).AsTask());

    public static readonly EndpointKind Worker = new(
        "WorkStageWorker", endpoint => new WorkStageWorker(new TestWorkStage("conformance"), endpoint, Loopback.FreeEndpoint()), Binds: false,
        endpoint => Task.Run(endpoint.Start));

    public static readonly EndpointKind Collector = new(
        "WorkStageCollector", endpoint => new WorkStageCollector(endpoint), Binds: true,
        endpoint => Task.Run(endpoint.Start),
        endpoint => ReadToTheEnd(((WorkStageCollector)endpoint).ReadAllAsync()),
        endpoint => ReadToTheEnd(((WorkStageCollector)endpoint).ReadFailuresAsync()),
        endpoint => ReadToTheEnd(((WorkStageCollector)endpoint).ReadOutcomesAsync(0)),
        endpoint => ReadToTheEnd(((WorkStageCollector)endpoint).ReadOutcomesAsync(1)));

    public static readonly EndpointKind Relay = new(
        nameof(ZmqPipelineRelay), endpoint => new ZmqPipelineRelay(endpoint, Loopback.AnyPort), Binds: true,
        endpoint => Task.Run(endpoint.Start));

    public static readonly EndpointKind Broker = new(
        nameof(ZmqBroker), endpoint => new ZmqBroker(endpoint), Binds: true, endpoint => Task.Run(endpoint.Start));

    public static readonly EndpointKind Proxy = new(
        nameof(ZmqPubSubProxy), endpoint => new ZmqPubSubProxy(endpoint, Loopback.AnyPort), Binds: true, endpoint => Task.Run(endpoint.Start));

    private static readonly EndpointKind[] All = [Server, Client, Publisher, Subscriber, Producer, Worker, Collector, Relay, Broker, Proxy];

    /// <summary>Every type's name, for a theory (xUnit shows each case by name).</summary>
    public static TheoryData<string> Every() => [.. Array.ConvertAll(All, kind => kind.Name)];

    /// <summary>The names of the types that bind the endpoint they are given.</summary>
    public static TheoryData<string> Binding() => [.. Array.ConvertAll(Array.FindAll(All, kind => kind.Binds), kind => kind.Name)];

    /// <summary>The names of the types that connect to the endpoint they are given.</summary>
    public static TheoryData<string> Connecting() => [.. Array.ConvertAll(Array.FindAll(All, kind => !kind.Binds), kind => kind.Name)];

    public static EndpointKind Named(string name) => Array.Find(All, kind => kind.Name == name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, null);

    /// <summary>Makes one at <paramref name="endpoint"/> and starts it; disposes it when starting fails.</summary>
    public async Task<IZmqEndpoint> StartAsync(string endpoint)
    {
        var made = Create(endpoint);
        try
        {
            made.Start();
            return made;
        }
        catch
        {
            await made.DisposeAsync().AsTask().Bound();
            throw;
        }
    }

    public override string ToString() => Name;

    private static async Task ReadToTheEnd<T>(IAsyncEnumerable<T> stream)
    {
        await foreach (var _ in stream)
        {
        }
    }
}

using System;
using System.Threading.Tasks;

namespace ZmqContracts.Tests.RequestReply;

/// <summary>A <see cref="Shapes"/> server on a free loopback port and a generated client connected to it.</summary>
internal sealed class ServedShapes : IAsyncDisposable
{
    private ServedShapes(Shapes implementation, ShapesServer server, ShapesClient client)
    {
        Implementation = implementation;
        Server = server;
        Client = client;
    }

    public Shapes Implementation { get; }

    public ShapesServer Server { get; }

    public ShapesClient Client { get; }

    public static ServedShapes Start(ZmqServerOptions? serverOptions = null, ZmqClientOptions? clientOptions = null)
    {
        var implementation = new Shapes();
        var server = new ShapesServer(implementation, Loopback.AnyPort, serverOptions);
        server.Start();
        return new ServedShapes(implementation, server, new ShapesClient(server.Endpoint, clientOptions));
    }

    public async ValueTask DisposeAsync()
    {
        Implementation.Open();
        await Client.DisposeAsync();
        await Server.DisposeAsync().Bound();
    }
}

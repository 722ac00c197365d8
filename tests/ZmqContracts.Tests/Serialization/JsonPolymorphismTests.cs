using System;
using System.Globalization;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Interop;

namespace ZmqContracts.Tests.Serialization;

/// <summary>An abstract record that System.Text.Json reads back by the discriminator its JSON carries (<c>"$type"</c>).</summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(Disc), "disc")]
[JsonDerivedType(typeof(Tile), "tile")]
public abstract record Figure;

public sealed record Disc(double Radius) : Figure;

public sealed record Tile(double Side) : Figure;

[Reply(Format = ZmqFormat.Json)]
public interface IFigures
{
    Task<Figure> Grow(Figure figure, CancellationToken cancellationToken = default);
}

/// <summary>Lists the abstract record alone: the source generator takes its derived types from its attributes.</summary>
[JsonSerializable(typeof(Figure))]
internal partial class FiguresJsonContext : JsonSerializerContext;

[Reply(Format = ZmqFormat.Json, JsonContext = typeof(FiguresJsonContext))]
public interface IContextFigures
{
    Task<Figure> Grow(Figure figure, CancellationToken cancellationToken = default);
}

public sealed class Figures : IFigures, IContextFigures
{
    public Task<Figure> Grow(Figure figure, CancellationToken cancellationToken = default) => Task.FromResult<Figure>(figure switch
    {
        Disc disc => new Disc(disc.Radius * 2),
        Tile tile => new Tile(tile.Side * 2),
        _ => throw new ArgumentOutOfRangeException(nameof(figure), figure, "not a figure this test knows"),
    });
}

/// <summary>JSON contracts whose abstract types list their derived types ([JsonDerivedType]): ZMQ0007 lets them through, and they cross the wire.</summary>
public class JsonPolymorphismTests
{
    [Fact]
    public async Task A_generated_client_and_server_send_each_derived_type_of_an_abstract_record_with_and_without_a_JsonContext()
    {
        var figures = new Figures();
        await using var server = new FiguresServer(figures, Loopback.AnyPort);
        await using var contextServer = new ContextFiguresServer(figures, Loopback.AnyPort);
        server.Start();
        contextServer.Start();
        await using var client = new FiguresClient(server.Endpoint);
        await using var contextClient = new ContextFiguresClient(contextServer.Endpoint);

        Assert.Equal(new Disc(4), await client.Grow(new Disc(2)).Bound());
        Assert.Equal(new Tile(6), await client.Grow(new Tile(3)).Bound());
        Assert.Equal(new Disc(4), await contextClient.Grow(new Disc(2)).Bound());
        Assert.Equal(new Tile(6), await contextClient.Grow(new Tile(3)).Bound());
    }

    /// <summary>A pyzmq peer names the derived type with "$type", first in the object as System.Text.Json writes it, or after other keys.</summary>
    [PythonFact]
    public async Task A_pyzmq_REQ_client_sends_the_discriminator_first_or_after_other_keys_and_reads_it_back_and_an_unknown_one_is_a_bad_request()
    {
        const string Client = """
            import json
            import sys

            import zmq

            for endpoint in sys.argv[2:]:
                socket = zmq.Context.instance().socket(zmq.REQ)
                socket.rcvtimeo = socket.linger = int(sys.argv[1])
                socket.connect(endpoint)
                for figure in ({"$type": "disc", "radius": 2}, {"$type": "tile", "side": 3}, {"side": 5, "$type": "tile"}, {"$type": "star", "points": 5}):
                    socket.send_multipart([b"Grow", json.dumps(figure).encode()])
                    reply = socket.recv_multipart()
                    print(json.loads(reply[-1]).get("code") if len(reply) > 1 else reply[0].decode())
                socket.close()
            """;
        var figures = new Figures();
        await using var server = new FiguresServer(figures, Loopback.AnyPort);
        await using var contextServer = new ContextFiguresServer(figures, Loopback.AnyPort);
        server.Start();
        contextServer.Start();

        using var python = Python.Run(Client, ((int)Within.Timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), server.Endpoint, contextServer.Endpoint);

        string[] expected = ["""{"$type":"disc","radius":4}""", """{"$type":"tile","side":6}""", """{"$type":"tile","side":10}""", "bad-request"];
        Assert.Equal([.. expected, .. expected], await python.ExitedAsync());
        await using var client = new FiguresClient(server.Endpoint);
        Assert.Equal(new Disc(2), await client.Grow(new Disc(1)).Bound());
    }
}

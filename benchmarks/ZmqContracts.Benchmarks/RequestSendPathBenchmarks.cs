using BenchmarkDotNet.Attributes;
using NetMQ;
using NetMQ.Sockets;
using ZmqContracts.Benchmarks.Shared;
using ZmqContracts.Runtime;

namespace ZmqContracts.Benchmarks;

/// <summary>
/// The send path of one request: the operation frame plus the serialized argument frame.
/// Generated: exactly the expression a generated client method evaluates,
/// <c>_connection.NewRequest(Operations.Price).Argument(request)</c>, with the operation it keeps in a static field.
/// What follows it inside <see cref="ReplyClient"/> (the correlation-id frame and the empty delimiter pushed on the
/// message) is private, so it is measured end to end in <see cref="RequestReplyRoundTripBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class RequestSendPathBenchmarks
{
    private const string Endpoint = "inproc://send-path-benchmark";

    private static readonly RequestOperation Price = new("Price");

    // Nothing is sent: requests are only built. NetMQ's inproc:// needs a bound peer before a connect.
    private readonly RouterSocket _listener = new();
    private ReplyClient _connection = null!;

    [GlobalSetup]
    public void Connect()
    {
        _listener.Bind(Endpoint);
        _connection = new ReplyClient("Pricing", Endpoint, options: null, ZmqSerializers.MessagePack);
    }

    [GlobalCleanup]
    public void Disconnect()
    {
        _connection.Dispose();
        _listener.Dispose();
    }

    [Benchmark(Baseline = true)]
    public NetMQMessage HandWritten()
    {
        var message = new NetMQMessage(2);
        HandWrittenCodec.AppendRequest(message, Pricing.SampleRequest);
        return message;
    }

    [Benchmark]
    public OutgoingRequest Generated() => _connection.NewRequest(Price).Argument(Pricing.SampleRequest);
}

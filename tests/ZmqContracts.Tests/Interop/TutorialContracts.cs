using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Tests.Interop;

/// <summary>What the tutorial's REP server (samples/python/tutorial/reqrep/zmq_server.py) serves: one frame in, one frame out.</summary>
[Reply(Format = ZmqFormat.Raw, OperationFrame = false)]
public interface IPlain
{
    Task<byte[]> Send(byte[] message, CancellationToken cancellationToken = default);
}

#pragma warning disable ZMQ0103 // The publish/subscribe tests' Client1Message and Client2Message have these topics too; each test uses one pair.

/// <summary>What the tutorial's PUB server publishes under client1: plain text.</summary>
[Topic("client1", Format = ZmqFormat.Raw)]
public partial record Client1Text(string Text);

/// <summary>What the tutorial's PUB server publishes under client2: plain text.</summary>
[Topic("client2", Format = ZmqFormat.Raw)]
public partial record Client2Text(string Text);

#pragma warning restore ZMQ0103

/// <summary>The tutorial's consumer.py as a stage: <c>{"num": n}</c> in, <c>{"consumer_id": id, "num": n}</c> out.</summary>
[Pipeline(Format = ZmqFormat.Json)]
public interface ITutorialConsumer
{
    ValueTask<ConsumerResult> Consume(WorkMessage message, CancellationToken cancellationToken = default);
}

public record WorkMessage(int Num);

/// <summary>The tutorial's result: its collector reads <c>result['consumer_id']</c>, a snake_case key.</summary>
public record ConsumerResult([property: JsonPropertyName("consumer_id")] int ConsumerId, int Num);

/// <summary>The same result without a key of its own: a snake_case naming policy names it <c>consumer_id</c>.</summary>
public record WorkResultOfConsumer(int ConsumerId, int Num);

public sealed class TutorialConsumer(int consumerId) : ITutorialConsumer
{
    public ValueTask<ConsumerResult> Consume(WorkMessage message, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new ConsumerResult(consumerId, message.Num));
}

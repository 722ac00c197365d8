using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Tests.Interop;

/// <summary>The contract of samples/RequestReply, which samples/python/req_client.py and rep_server.py speak.</summary>
[Reply]
public interface IMessages
{
    Task<string> Send(string message, CancellationToken cancellationToken = default);
}

public sealed class MessageCollector : IMessages
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Received { get; } = new();

    public Task<string> Send(string message, CancellationToken cancellationToken = default)
    {
        Received.Enqueue(message);
        return Task.FromResult("new message");
    }
}

using System.Threading;
using System.Threading.Tasks;
using ZmqContracts;

namespace RequestReply;

/// <summary>
/// The typed version of the classic pyzmq REQ/REP pair: the client sends a message, the server answers it.
/// Because the contract has one operation, a plain pyzmq REQ socket can call it too (docs/protocol.md).
/// </summary>
[Reply]
public interface IMessages
{
    Task<string> Send(string message, CancellationToken cancellationToken = default);
}

/// <summary>Prints each message and answers it, as zmq_server.py does.</summary>
public sealed class MessagePrinter : IMessages
{
    public Task<string> Send(string message, CancellationToken cancellationToken = default)
    {
        System.Console.WriteLine($"Received: {message}");
        return Task.FromResult("new message");
    }
}

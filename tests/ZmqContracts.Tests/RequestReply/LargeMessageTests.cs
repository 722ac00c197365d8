using System;
using System.Threading.Tasks;
using NetMQ.Sockets;
using Xunit;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.RequestReply;

/// <summary>What large messages cost a client: the memory it allocates, counted for the whole process, so these tests run alone.</summary>
[Collection(nameof(AllocationCounting))]
public class LargeMessageTests
{
    private const int Large = 10 * 1024 * 1024;

    [Fact]
    public async Task A_10_MB_error_message_costs_the_client_a_small_multiple_of_the_reply_and_reaches_the_caller_whole()
    {
        using var server = new RouterSocket();
        var port = server.BindRandomPort("tcp://127.0.0.1");
        await using var client = new AccountsClient($"tcp://127.0.0.1:{port}");
        var remoteMessage = new string('x', Large);
        var error = Utf8($$"""{"code":"handler-failed","type":"Demo.Refusal","message":"{{remoteMessage}}"}""");
        var call = client.Withdraw(5);
        var request = server.ReceiveFrames();

        var before = GC.GetTotalAllocatedBytes(precise: true);
        server.SendFrames(request[0], request[1], [], Utf8("zmqc.error"), error);
        var failure = await Assert.ThrowsAsync<ZmqRemoteException>(() => call.Bound());
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(remoteMessage, failure.RemoteMessage);
        Assert.Equal($"Accounts.Withdraw: {client.Endpoint} replied with an error: Demo.Refusal: {remoteMessage}", failure.Message);

        // The raw server's copy of the frame and the client's read of it (10 MB each), RemoteMessage and Message (20 MB
        // each, in UTF-16): 60 MB. Each further copy of the message adds 10 to 20 MB, and a buffer grown by doubling to
        // hold it as much again.
        Assert.InRange(allocated, 0, 7L * error.Length);
    }
}

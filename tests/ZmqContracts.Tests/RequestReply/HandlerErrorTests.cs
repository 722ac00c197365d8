using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NetMQ.Sockets;
using Xunit;
using ZmqContracts.Tests.Pipeline;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.RequestReply;

[Reply]
public interface IAccounts
{
    Task<long> Withdraw(long amount);
}

/// <summary>Fails every call: deliberately (a fault for the caller) above the balance, by accident otherwise.</summary>
public sealed class Accounts : IAccounts
{
    public const string Internals = "Server=db.internal;Password=hunter2 refused the connection";

    public Task<long> Withdraw(long amount) => amount > 100
        ? throw new ZmqFaultException($"{amount} is more than the balance of 100")
        : throw new InvalidOperationException(Internals);
}

/// <summary>What a caller learns when a handler throws (docs/guide.md, "Errors").</summary>
public class HandlerErrorTests
{
    [Fact]
    public async Task By_default_an_exception_stays_on_the_server_and_the_caller_gets_the_id_it_was_logged_under()
    {
        var log = new ListLogger();
        await using var server = Serve(new ZmqServerOptions { Logger = log });
        await using var client = new AccountsClient(server.Endpoint);

        var failure = await Assert.ThrowsAsync<ZmqRemoteException>(() => client.Withdraw(5)).Bound();

        Assert.Equal(ZmqErrorCode.HandlerFailed, failure.Code);
        Assert.Null(failure.RemoteType);
        Assert.DoesNotContain("hunter2", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), failure.Message, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{16}$", failure.ErrorId);
        Assert.Contains(failure.ErrorId!, failure.RemoteMessage, StringComparison.Ordinal);
        var logged = Assert.Single(log.Entries, entry => entry.Exception is InvalidOperationException);
        Assert.Contains(failure.ErrorId!, logged.Message, StringComparison.Ordinal);
        Assert.Equal(Accounts.Internals, logged.Exception!.Message);
    }

    [Fact]
    public async Task The_exception_message_names_the_contract_the_operation_and_the_endpoint()
    {
        await using var server = Serve(new ZmqServerOptions());
        await using var client = new AccountsClient(server.Endpoint);

        var failure = await Assert.ThrowsAsync<ZmqRemoteException>(() => client.Withdraw(5)).Bound();

        Assert.StartsWith($"Accounts.Withdraw: {server.Endpoint} replied with an error: HandlerFailed: ", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith(failure.RemoteMessage, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_IncludeExceptionDetails_the_type_and_message_cross_with_the_id()
    {
        await using var server = Serve(new ZmqServerOptions { IncludeExceptionDetails = true });
        await using var client = new AccountsClient(server.Endpoint);

        var failure = await Assert.ThrowsAsync<ZmqRemoteException>(() => client.Withdraw(5)).Bound();

        Assert.Equal(ZmqErrorCode.HandlerFailed, failure.Code);
        Assert.Equal(typeof(InvalidOperationException).FullName, failure.RemoteType);
        Assert.Equal(Accounts.Internals, failure.RemoteMessage);
        Assert.NotNull(failure.ErrorId);
        Assert.Equal($"Accounts.Withdraw: {server.Endpoint} replied with an error: System.InvalidOperationException: {Accounts.Internals}", failure.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_ZmqFaultException_message_always_crosses(bool includeExceptionDetails)
    {
        var log = new ListLogger();
        await using var server = Serve(new ZmqServerOptions { IncludeExceptionDetails = includeExceptionDetails, Logger = log });
        await using var client = new AccountsClient(server.Endpoint);

        var failure = await Assert.ThrowsAsync<ZmqRemoteException>(() => client.Withdraw(500)).Bound();

        Assert.Equal(ZmqErrorCode.HandlerFailed, failure.Code);
        Assert.Equal(typeof(ZmqFaultException).FullName, failure.RemoteType);
        Assert.Equal("500 is more than the balance of 100", failure.RemoteMessage);
        Assert.Null(failure.ErrorId);
        Assert.DoesNotContain(log.Entries, entry => entry.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task On_the_wire_the_error_carries_its_id_and_no_type_so_that_a_pyzmq_peer_reads_it()
    {
        await using var server = Serve(new ZmqServerOptions());
        using var peer = new RequestSocket(server.Endpoint);

        peer.SendFrames(Utf8("Withdraw"), PayloadFrames.Serialize(ZmqSerializers.MessagePack, 5L, "amount"));
        var body = peer.ReceiveFrames();

        Assert.Equal("handler-failed", ErrorCode(body));
        using var error = JsonDocument.Parse(body[1]);
        Assert.Equal(["code", "id", "message"], error.RootElement.EnumerateObject().Select(property => property.Name));
        Assert.Contains(error.RootElement.GetProperty("id").GetString()!, error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_reply_the_client_cannot_read_fails_the_call_saying_so_briefly_not_as_a_bad_request()
    {
        using var server = new RouterSocket();
        var port = server.BindRandomPort("tcp://127.0.0.1");
        await using var client = new AccountsClient($"tcp://127.0.0.1:{port}");
        var call = client.Withdraw(5);
        var request = server.ReceiveFrames();
        server.SendFrames(request[0], request[1], [], Utf8("zmqc.error"), Utf8(new string('x', 1024 * 1024)));

        var failure = await Assert.ThrowsAsync<ZmqRemoteException>(() => call.Bound());

        Assert.Equal(ZmqErrorCode.HandlerFailed, failure.Code);
        Assert.Contains($"the error frame of {1024 * 1024} bytes is not the JSON object of docs/protocol.md", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"'{new string('x', 64)}…'", failure.Message, StringComparison.Ordinal);
        Assert.InRange(failure.Message.Length, 1, 600);
    }

    private static AccountsServer Serve(ZmqServerOptions options)
    {
        var server = new AccountsServer(new Accounts(), Loopback.AnyPort, options);
        server.Start();
        return server;
    }
}

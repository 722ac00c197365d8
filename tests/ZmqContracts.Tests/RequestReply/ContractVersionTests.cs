using System.Threading.Tasks;
using NetMQ.Sockets;
using Xunit;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.RequestReply;

/// <summary>A client and a server built from different versions of a contract (docs/protocol.md, Changing a contract).</summary>
public class ContractVersionTests
{
    [Fact]
    public async Task Calling_an_operation_the_server_no_longer_has_is_an_unknown_operation_not_a_call_of_its_only_one()
    {
        await using var server = new CounterV2Server(new CounterV2(), Loopback.AnyPort).Started();
        await using var client = new CounterV1Client(server.Endpoint);

        var failure = await Assert.ThrowsAsync<ZmqRemoteException>(() => client.Count().Bound());

        Assert.Equal(ZmqErrorCode.UnknownOperation, failure.Code);
        Assert.Contains("has no operation named 'Count'", failure.Message);
        Assert.Equal(0, await client.Reset().Bound());
    }

    [Fact]
    public async Task A_raw_peer_calls_a_one_operation_server_without_arguments_by_its_name_or_with_an_empty_frame()
    {
        await using var server = new CounterV2Server(new CounterV2(), Loopback.AnyPort).Started();
        using var request = new RequestSocket(server.Endpoint);

        request.SendFrames(Utf8("Reset"));
        var named = request.ReceiveFrames();
        request.SendFrames(System.Array.Empty<byte>());
        var bare = request.ReceiveFrames();

        Assert.Equal(0, MessagePack.MessagePackSerializer.Deserialize<int>(Assert.Single(named)));
        Assert.Equal(0, MessagePack.MessagePackSerializer.Deserialize<int>(Assert.Single(bare)));
    }

    [Fact]
    public async Task A_call_without_arguments_of_an_operation_that_now_takes_one_is_a_bad_request_not_its_name_read_as_the_argument()
    {
        await using var server = new PingV2Server(new PingV2(), Loopback.AnyPort).Started();
        await using var client = new PingV1Client(server.Endpoint);

        var failure = await Assert.ThrowsAsync<ZmqRemoteException>(() => client.Ping().Bound());

        Assert.Equal(ZmqErrorCode.BadRequest, failure.Code);
        Assert.Contains("argument 0 of Ping: 4 bytes could not be read as System.Int32", failure.Message);
    }

    [Fact]
    public async Task A_member_widened_from_int_to_long_that_overflows_the_old_server_is_a_bad_request_naming_the_member_and_why()
    {
        await using var server = new ScaleV1Server(new ScaleV1(), Loopback.AnyPort).Started();
        await using var client = new ScaleV2Client(server.Endpoint);

        var failure = await Assert.ThrowsAsync<ZmqRemoteException>(() => client.Weigh(new WideParcel(5_000_000_000)).Bound());

        Assert.Equal(ZmqErrorCode.BadRequest, failure.Code);
        Assert.Contains("argument 0 of Weigh: 16 bytes could not be read as ZmqContracts.Tests.RequestReply.Parcel with the msgpack serializer", failure.Message);
        Assert.EndsWith("Parcel: the member Grams could not be read. Arithmetic operation resulted in an overflow.", failure.Message);
        Assert.Equal(7, await client.Weigh(new WideParcel(7)).Bound());
    }
}

/// <summary>The first version of a counter: two operations without arguments.</summary>
[Reply]
public interface ICounterV1
{
    Task<int> Count();

    Task<int> Reset();
}

/// <summary>The counter's next version, which no longer has <c>Count</c>: one operation, which takes no argument.</summary>
[Reply]
public interface ICounterV2
{
    Task<int> Reset();
}

public sealed class CounterV2 : ICounterV2
{
    public Task<int> Reset() => Task.FromResult(0);
}

/// <summary>The first version of a ping: no argument.</summary>
[Reply]
public interface IPingV1
{
    Task<int> Ping();
}

/// <summary>The ping's next version: the same operation, now with an argument.</summary>
[Reply]
public interface IPingV2
{
    Task<int> Ping(int x);
}

public sealed class PingV2 : IPingV2
{
    public Task<int> Ping(int x) => Task.FromResult(x);
}

/// <summary>A parcel's weight in grams, as the first version of the scale has it.</summary>
public record Parcel(int Grams);

/// <summary>The parcel of the scale's next version: its weight widened to a long.</summary>
public record WideParcel(long Grams);

[Reply]
public interface IScaleV1
{
    Task<long> Weigh(Parcel parcel);
}

[Reply]
public interface IScaleV2
{
    Task<long> Weigh(WideParcel parcel);
}

public sealed class ScaleV1 : IScaleV1
{
    public Task<long> Weigh(Parcel parcel) => Task.FromResult((long)parcel.Grams);
}

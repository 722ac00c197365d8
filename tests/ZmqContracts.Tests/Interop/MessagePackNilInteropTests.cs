using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace ZmqContracts.Tests.Interop;

public record Sender(string Name, string? Title);

public record Letter(string Subject, Sender From, string? Note);

#nullable disable
/// <summary>A type compiled without nullable annotations: its string may be null, as it was before C# 8.</summary>
public record ObliviousLetter(string Subject);
#nullable restore

[Reply]
public interface ILetters
{
    Task<string> Post(Letter letter);

    Task<string> PostOblivious(ObliviousLetter letter);

    Task<int> Count(Dictionary<string, int> counts);
}

public sealed class Letterbox : ILetters
{
    public Task<string> Post(Letter letter) => Task.FromResult($"{letter.Subject} from {letter.From.Name}");

    public Task<string> PostOblivious(ObliviousLetter letter) => Task.FromResult(letter.Subject ?? "no subject");

    public Task<int> Count(Dictionary<string, int> counts) => Task.FromResult(counts.Values.Sum());
}

/// <summary>
/// What a pyzmq peer's MessagePack nil does where a contract declares a value not nullable, inside a value: refused as
/// <c>bad-request</c>, naming the member's path, as JSON refuses null there, while the server goes on serving.
/// </summary>
public class MessagePackNilInteropTests
{
    /// <summary>Sends each request (operation, then a Python literal of its payload) and prints each reply: <c>ok …</c> or <c>error code: message</c>.</summary>
    private const string Client = """
        import ast
        import json
        import sys

        import msgpack
        import zmq

        socket = zmq.Context.instance().socket(zmq.REQ)
        socket.rcvtimeo = socket.linger = int(sys.argv[2])
        socket.connect(sys.argv[1])
        for operation, payload in zip(sys.argv[3::2], sys.argv[4::2]):
            socket.send_multipart([operation.encode(), msgpack.packb(ast.literal_eval(payload))])
            frames = socket.recv_multipart()
            if frames[0] == b"zmqc.error":
                error = json.loads(frames[1])
                print("error", error["code"] + ":", error["message"])
            else:
                print("ok", msgpack.unpackb(frames[0]))
        """;

    [PythonFact]
    public async Task Nil_for_a_member_declared_not_nullable_is_a_bad_request_naming_its_path_and_the_server_goes_on()
    {
        var replies = await Exchange(
            ("Post", """{"Subject": None, "From": {"Name": "Ann", "Title": None}, "Note": None}"""),
            ("Post", """{"Subject": "Hi", "From": {"Name": None, "Title": None}, "Note": None}"""),
            ("Post", """{"Subject": "Hi", "From": None, "Note": None}"""),
            ("Post", """{"Subject": "Hi", "From": {"Name": "Ann", "Title": None}, "Note": None}"""),
            ("PostOblivious", """{"Subject": None}"""));

        Assert.StartsWith("error bad-request: argument 0 of Post:", replies[0]);
        Assert.Contains("Letter: the member Subject could not be read. The value is nil, and the contract declares the member not nullable.", replies[0]);
        Assert.Contains("Letter: the member From.Name could not be read. The value is nil", replies[1]);
        Assert.Contains("Letter: the member From could not be read. The value is nil", replies[2]);
        Assert.Equal(["ok Hi from Ann", "ok no subject"], replies[3..]);
    }

    [PythonFact]
    public async Task A_nil_map_key_is_a_bad_request_that_says_so_and_the_server_goes_on()
    {
        var replies = await Exchange(("Count", "{None: 1}"), ("Count", """{"a": 1, "b": 2}"""));

        Assert.StartsWith("error bad-request: argument 0 of Count:", replies[0]);
        Assert.Contains("A map's key is nil, which a dictionary cannot hold.", replies[0]);
        Assert.Equal("ok 3", replies[1]);
    }

    private static async Task<string[]> Exchange(params (string Operation, string Payload)[] requests)
    {
        await using var server = new LettersServer(new Letterbox(), Loopback.AnyPort);
        server.Start();

        using var python = Python.Run(Client, [server.Endpoint, ((int)Within.Timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), .. requests.SelectMany(request => new[] { request.Operation, request.Payload })]);

        return [.. await python.ExitedAsync()];
    }
}

using System;
using System.Collections.Generic;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using ZmqContracts;

namespace ZmqContracts.Tests.RequestReply;

[Reply]
public interface IShapes
{
    Task Ping();

    Task<string> Echo(string text);

    ValueTask Store(int key, string value, CancellationToken cancellationToken);

    ValueTask<int> Sum(int a, int b, int c);

    Task<Sum> Add(Operands operands, CancellationToken cancellationToken = default);

    Task<byte[]> Reverse(byte[] data);

    Task<string?> Maybe(string? text);

    Task<IReadOnlyList<Sum>> Totals(Dictionary<string, int[]> groups);

    Task Fail(string message);

    Task<int> Wait(int value, CancellationToken cancellationToken);
}

public record Operands(int A, int B);

public record Sum(int Value);

/// <summary>A contract with one operation: a one-frame request body calls it (the pyzmq REQ shortcut).</summary>
[Reply]
public interface IGreeter
{
    Task<string> Greet(string name);
}

public sealed class Greeter : IGreeter
{
    public Task<string> Greet(string name) => Task.FromResult($"Hello, {name}");
}

/// <summary>One operation that is safe to repeat and one that is not: what retries must tell apart.</summary>
[Reply]
public interface ILedger
{
    [Idempotent]
    Task<long> Balance(string account, CancellationToken cancellationToken = default);

    Task<long> Deposit(string account, long amount);
}

/// <summary>Raw frames in and out: each argument is the caller's own bytes, whatever they start with.</summary>
[Reply(Format = ZmqFormat.Raw)]
public interface IRawFrames
{
    Task<byte[]> Echo(byte[] data);

    Task<byte[]> Join(byte[] first, byte[] second);
}

public sealed class RawFrames : IRawFrames
{
    public Task<byte[]> Echo(byte[] data) => Task.FromResult(data);

    public Task<byte[]> Join(byte[] first, byte[] second) => Task.FromResult<byte[]>([.. first, .. second]);
}

/// <summary>Big integers as arguments and results, on their own: each payload is one MessagePack bin.</summary>
[Reply]
public interface IBigNumbers
{
    Task<BigInteger> Negate(BigInteger value);

    Task<BigInteger?> Square(BigInteger? value);
}

public sealed class BigNumbers : IBigNumbers
{
    public Task<BigInteger> Negate(BigInteger value) => Task.FromResult(-value);

    public Task<BigInteger?> Square(BigInteger? value) => Task.FromResult(value * value);
}

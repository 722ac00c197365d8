using System.Threading;
using System.Threading.Tasks;
using ZmqContracts;

namespace Quickstart;

/// <summary>The request/reply contract: the generator writes CalculatorClient and CalculatorServer from it.</summary>
[Reply]
public interface ICalculator
{
    Task<Sum> Add(Operands operands, CancellationToken cancellationToken = default);

    ValueTask<int> Negate(int value);

    Task Reset();
}

public record Operands(int A, int B);

public record Sum(int Value);

/// <summary>The implementation the server hosts.</summary>
public sealed class Calculator : ICalculator
{
    private int _calls;

    public Task<Sum> Add(Operands operands, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(new Sum(operands.A + operands.B));
    }

    public ValueTask<int> Negate(int value)
    {
        Interlocked.Increment(ref _calls);
        return ValueTask.FromResult(-value);
    }

    public Task Reset()
    {
        Interlocked.Exchange(ref _calls, 0);
        return Task.CompletedTask;
    }
}

using System.Threading;
using System.Threading.Tasks;
using ZmqContracts;

namespace HostingSample;

/// <summary>Served with <see cref="IGreeter"/> on one endpoint.</summary>
[Reply]
public interface ICalculator
{
    Task<int> Add(int a, int b, CancellationToken cancellationToken = default);
}

[Reply]
public interface IGreeter
{
    Task<string> Greet(string name);
}

/// <summary>The pipeline stage: producer → hosted workers → collector.</summary>
[Pipeline]
public interface ISquarer
{
    Task<long> Square(int value);
}

[Topic("prices")]
public partial record Price(string Symbol, decimal Value);

using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Tests.RequestReply;

/// <summary>
/// Counts how often each operation runs. Every call passes <see cref="Gate"/>, which is open unless the ledger is made
/// <c>stuck</c>; a stuck call ignores the server's cancellation, as a handler that hangs for good would, unless the ledger
/// is made <c>cancellable</c>, when a call waiting at the gate ends with the server's cancellation.
/// </summary>
public sealed class Ledger(long balance, bool stuck = false, bool cancellable = false) : ILedger
{
    public int Balances;

    public int Deposits;

    public CallGate Gate { get; } = Opened(stuck);

    public async Task<long> Balance(string account, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Balances);
        await Gate.Pass(cancellable ? cancellationToken : CancellationToken.None);
        return balance;
    }

    public async Task<long> Deposit(string account, long amount)
    {
        Interlocked.Increment(ref Deposits);
        await Gate.Pass(CancellationToken.None);
        return balance + amount;
    }

    private static CallGate Opened(bool stuck)
    {
        var gate = new CallGate();
        if (!stuck)
        {
            gate.Open();
        }

        return gate;
    }
}

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

/// <summary>Starts ledger servers on endpoints chosen beforehand, such as one that a server disposed a moment ago had bound.</summary>
internal static class LedgerServers
{
    /// <summary>
    /// Starts a server on <paramref name="endpoint"/>. The listener of a socket closed just before closes on NetMQ's I/O
    /// thread a moment after its disposal returns, so a bind that finds the port still in use is tried again. Should
    /// another program have taken the port meanwhile (rare: it was an ephemeral port), the test fails once the bound runs out.
    /// </summary>
    public static async Task<LedgerServer> StartAsync(Ledger ledger, string endpoint, ZmqServerOptions? options = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var server = new LedgerServer(ledger, endpoint, options);
            try
            {
                server.Start();
                return server;
            }
            catch (ZmqException failure) when (failure.InnerException is NetMQ.AddressAlreadyInUseException && waited.Elapsed < Within.Timeout)
            {
                await server.DisposeAsync().Bound();
            }
        }
    }
}

using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Tests.Pipeline;

/// <summary>The stage of the issue: each worker tags a result with its own id.</summary>
[Pipeline]
public interface IWorkStage
{
    ValueTask<WorkResult> Process(WorkItem item, CancellationToken cancellationToken = default);
}

/// <param name="Num">The item's number.</param>
/// <param name="Padding">Bytes that make the item big enough to fill the sockets' buffers in the back-pressure test.</param>
public record WorkItem(int Num, byte[]? Padding = null);

public record WorkResult(int Num, string WorkerId);

/// <summary>A second stage that takes the first stage's results as its items.</summary>
[Pipeline]
public interface IReviewStage
{
    Task<Review> Review(WorkResult result);
}

public record Review(int Num, string FirstWorker, string Reviewer);

/// <summary>A terminal stage: nothing goes on, so there is no collector.</summary>
[Pipeline]
public interface ITallySink
{
    Task Record(WorkItem item);
}

/// <summary>A stage of which one operation goes on and one ends there: a collector, but not for every item.</summary>
[Pipeline]
public interface IMixedStage
{
    Task<WorkResult> Score(WorkItem item);

    Task Archive(WorkItem item);
}

/// <summary>A stage whose result may be null: a worker that finds nothing for an item says so with null.</summary>
[Pipeline]
public interface ILookupStage
{
    Task<WorkResult?> Find(WorkItem item);
}

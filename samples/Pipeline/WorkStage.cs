using System;
using System.Threading;
using System.Threading.Tasks;
using ZmqContracts;

namespace PipelineSample;

/// <summary>The stage: the generator writes WorkStageProducer, WorkStageWorker and WorkStageCollector from it.</summary>
[Pipeline]
public interface IWorkStage
{
    ValueTask<WorkResult> Process(WorkItem item, CancellationToken cancellationToken = default);
}

/// <summary>What producer.py sends: <c>{"num": num}</c>.</summary>
public record WorkItem(int Num);

/// <summary>What consumer.py sends on: the number and who processed it.</summary>
public record WorkResult(int Num, string WorkerId);

/// <summary>The work: tag the item with this worker's id, as consumer.py does.</summary>
public sealed class Tagger(string workerId) : IWorkStage
{
    public ValueTask<WorkResult> Process(WorkItem item, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new WorkResult(item.Num, workerId));
}

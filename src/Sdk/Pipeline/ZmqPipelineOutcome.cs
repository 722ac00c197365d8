using System;
using System.Diagnostics.CodeAnalysis;

namespace ZmqContracts;

/// <summary>What became of one item at a collector: its result, or its failure.</summary>
/// <typeparam name="TResult">The type of the stage's result.</typeparam>
public readonly struct ZmqPipelineOutcome<TResult>
{
    private readonly TResult _result;

    internal ZmqPipelineOutcome(TResult result)
    {
        _result = result;
        Failure = null;
    }

    internal ZmqPipelineOutcome(ZmqPipelineFailure failure)
    {
        _result = default!;
        Failure = failure;
    }

    /// <summary>Whether the item has a result; otherwise <see cref="Failure"/> says why not.</summary>
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool IsSuccess => Failure is null;

    /// <summary>The item's result.</summary>
    /// <exception cref="InvalidOperationException">The item failed: read <see cref="Failure"/> instead.</exception>
    public TResult Result => IsSuccess ? _result : throw new InvalidOperationException($"The item has no result: {Failure}");

    /// <summary>Why the item failed; <see langword="null"/> when it has a result.</summary>
    public ZmqPipelineFailure? Failure { get; }

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? $"{_result}" : Failure.ToString();
}

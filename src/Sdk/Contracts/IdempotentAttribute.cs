using System;

namespace ZmqContracts;

/// <summary>
/// Marks an operation of a <see cref="ReplyAttribute">[Reply]</see> contract as safe to repeat: running it twice has
/// the same effect as running it once (a read, or a write of a value that does not depend on how often it is written).
/// A generated client sends such a call again when no reply comes within
/// <see cref="ZmqClientOptions.RequestTimeout"/>, up to <see cref="ZmqClientOptions.MaxAttempts"/> times; every other
/// operation is sent once, because the server may have run it even though its reply never came.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class IdempotentAttribute : Attribute
{
}

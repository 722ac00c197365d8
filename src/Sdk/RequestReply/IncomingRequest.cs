using System;
using System.Threading;
using System.ComponentModel;
using NetMQ;

namespace ZmqContracts.Runtime;

/// <summary>
/// A request as a generated server's handler sees it: its arguments, and the result to send back.
/// Used by generated code; not meant to be created by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class IncomingRequest
{
    private readonly NetMQMessage? _message;
    private readonly byte[][]? _frames;
    private readonly int _firstArgument;
    private readonly IZmqSerializer _serializer;

    /// <summary>1 once the request's reply is claimed (<see cref="TryClaimReply"/>).</summary>
    private int _replyClaimed;

    internal IncomingRequest(NetMQMessage message, int envelopeLength, int firstArgument, ReplyOperation operation, IZmqSerializer serializer, string method)
        : this(message, null, envelopeLength, firstArgument, operation, serializer, method)
    {
    }

    /// <summary>A request read as its frames, which are then its reply's (see <see cref="Frames"/>).</summary>
    internal IncomingRequest(byte[][] frames, int envelopeLength, int firstArgument, ReplyOperation operation, IZmqSerializer serializer, string method)
        : this(null, frames, envelopeLength, firstArgument, operation, serializer, method)
    {
    }

    private IncomingRequest(NetMQMessage? message, byte[][]? frames, int envelopeLength, int firstArgument, ReplyOperation operation, IZmqSerializer serializer, string method)
    {
        _message = message;
        _frames = frames;
        Method = method;
        EnvelopeLength = envelopeLength;
        _firstArgument = firstArgument;
        Operation = operation;
        _serializer = serializer;
    }

    /// <summary>
    /// Claims the one reply the request gets: true for the first caller, the handler's end or a server that gives up on
    /// the handler at its close, and false for the other, which then sends nothing.
    /// </summary>
    internal bool TryClaimReply() => Interlocked.Exchange(ref _replyClaimed, 1) == 0;

    /// <summary>The operation being called.</summary>
    public ReplyOperation Operation { get; }

    /// <summary>How many frames, up to and including the empty delimiter, the reply echoes.</summary>
    internal int EnvelopeLength { get; }

    /// <summary>The request read as a message; <see langword="null"/> for one read as its <see cref="Frames"/>.</summary>
    internal NetMQMessage? Message => _message;

    /// <summary>
    /// The request read as its frames, the envelope first; <see langword="null"/> for one read as a <see cref="Message"/>.
    /// The reply is written over them once the handler has run.
    /// </summary>
    internal byte[][]? Frames => _frames;

    /// <summary>The call's <c>{Contract}/{Operation}</c>, its span's name.</summary>
    internal string Method { get; }

    /// <summary>The request's span and metrics, from its read to its reply.</summary>
    internal ServerCallTelemetry Telemetry { get; set; }

    /// <summary>The reply payload the handler set; an empty frame for an operation without a result.</summary>
    internal byte[] Result { get; private set; } = [];

    /// <summary>Reads argument <paramref name="index"/>.</summary>
    /// <param name="index">The argument's position among the operation's parameters, the CancellationToken left out.</param>
    /// <param name="nullable">
    /// Whether the argument may be null: <see langword="false"/> for a parameter of a reference type that the contract
    /// declares not nullable, whose null (MessagePack nil, JSON <c>null</c>) is then refused before the handler runs.
    /// </param>
    /// <exception cref="RequestDecodingException">
    /// The frame is not a <typeparamref name="T"/>, or is null where <paramref name="nullable"/> is false; the server
    /// answers with a bad-request error.
    /// </exception>
    public T Argument<T>(int index, bool nullable = true)
    {
        var frame = _frames is { } frames ? frames[_firstArgument + index] : _message![_firstArgument + index].Memory();
        return PayloadFrames.ReadInput<T>(_serializer, frame, new("argument {2} of {0}", Operation.Name, index: index), nullable);
    }

    /// <summary>Sets the value the reply carries.</summary>
    /// <exception cref="ResultEncodingException">The format cannot write the value; the caller is told so.</exception>
    public void SetResult<T>(T value) => Result = PayloadFrames.WriteResult(_serializer, value, new("result of {0}", Operation.Name));
}

/// <summary>The result a handler set could not be written in the contract's format: the handler ran, and did not throw.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
internal sealed class ResultEncodingException : ZmqException
{
    internal ResultEncodingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An argument frame could not be read: the request, not the handler, is at fault.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
internal sealed class RequestDecodingException : ZmqException
{
    internal RequestDecodingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

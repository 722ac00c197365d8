using System;
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
    private readonly NetMQMessage _message;
    private readonly int _firstArgument;
    private readonly IZmqSerializer _serializer;

    internal IncomingRequest(NetMQMessage message, int envelopeLength, int firstArgument, ReplyOperation operation, IZmqSerializer serializer, string method)
    {
        _message = message;
        Method = method;
        EnvelopeLength = envelopeLength;
        _firstArgument = firstArgument;
        Operation = operation;
        _serializer = serializer;
    }

    /// <summary>The operation being called.</summary>
    public ReplyOperation Operation { get; }

    /// <summary>How many frames, up to and including the empty delimiter, the reply echoes.</summary>
    internal int EnvelopeLength { get; }

    internal NetMQMessage Message => _message;

    /// <summary>The call's <c>{Contract}/{Operation}</c>, its span's name.</summary>
    internal string Method { get; }

    /// <summary>The request's span and metrics, from its read to its reply.</summary>
    internal ServerCallTelemetry Telemetry { get; set; }

    /// <summary>The reply payload the handler set; an empty frame for an operation without a result.</summary>
    internal byte[] Result { get; private set; } = [];

    /// <summary>Reads argument <paramref name="index"/>.</summary>
    /// <exception cref="RequestDecodingException">The frame is not a <typeparamref name="T"/>; the server answers with a bad-request error.</exception>
    public T Argument<T>(int index)
    {
        return PayloadFrames.ReadInput<T>(_serializer, _message[_firstArgument + index].Memory(), new("argument {2} of {0}", Operation.Name, index: index));
    }

    /// <summary>Sets the value the reply carries.</summary>
    public void SetResult<T>(T value) => Result = PayloadFrames.Serialize(_serializer, value, new("result of {0}", Operation.Name));
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

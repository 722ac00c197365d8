using System;
using System.ComponentModel;
using System.Runtime.ExceptionServices;

namespace ZmqContracts.Runtime;

/// <summary>
/// A request being built by a generated client: the operation frame (unless the contract sends none), then one frame per argument.
/// Used by generated code; not meant to be created by hand.
/// </summary>
/// <remarks>
/// The frames are kept as the arrays they will be sent as, with room before them for the envelope that the client puts
/// there once it knows the call's id: <c>[correlation-id][]</c> for a direct call, <c>[][MDPC01][service]</c> through a
/// broker (docs/protocol.md). No <c>NetMQMessage</c> is made for it.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OutgoingRequest
{
    /// <summary>The slots kept before the body for the envelope: three, a brokered request's.</summary>
    private const int EnvelopeRoom = 3;

    private readonly IZmqSerializer _serializer;
    private readonly int _firstArgument;

    /// <summary>The envelope's room, then the body (<c>[operation][arguments…]</c>) and what follows it, up to <see cref="_end"/>.</summary>
    private byte[][] _frames;
    private int _end = EnvelopeRoom;

    internal OutgoingRequest(RequestOperation operation, IZmqSerializer serializer, long started)
    {
        Operation = operation;
        _serializer = serializer;
        Started = started;

        // Room for the envelope, the operation, one argument and a trailing frame (a trace context, a broker's tag).
        _frames = new byte[EnvelopeRoom + 3][];
        if (operation.NameFrame is { } nameFrame)
        {
            Append(nameFrame);
        }

        _firstArgument = _end;
    }

    /// <summary>The operation called, whose name is the first body frame unless the contract sends no operation frame.</summary>
    public RequestOperation Operation { get; }

    /// <summary>
    /// When the call started, as a timestamp of the client's clock (<see cref="ZmqClientOptions.TimeProvider"/>): before its arguments were serialized, which for a
    /// large one takes a while that the call's <see cref="ZmqClientOptions.RequestTimeout"/> and
    /// <see cref="ZmqClientOptions.CallTimeout"/> count, as the caller sees it.
    /// </summary>
    internal long Started { get; }

    /// <summary>Why an argument could not be serialized; the call fails with it instead of being sent.</summary>
    internal ExceptionDispatchInfo? Failure { get; private set; }

    /// <summary>The frames appended so far: the body, then any trailing frame.</summary>
    internal ReadOnlySpan<byte[]> Body => _frames.AsSpan(EnvelopeRoom, _end - EnvelopeRoom);

    /// <summary>Appends the next argument as its own frame. A value the serializer cannot write fails the call, not this method.</summary>
    public OutgoingRequest Argument<T>(T value)
    {
        if (Failure is null)
        {
            try
            {
                Append(PayloadFrames.Serialize(_serializer, value, new("argument {2} of {0}", Operation.Name, index: _end - _firstArgument)));
            }
            catch (ZmqPayloadException exception)
            {
                Failure = ExceptionDispatchInfo.Capture(exception);
            }
        }

        return this;
    }

    /// <summary>Appends <paramref name="frame"/> after the frames appended so far.</summary>
    internal void Append(byte[] frame)
    {
        if (_end == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
        }

        _frames[_end++] = frame;
    }

    /// <summary>
    /// Puts <paramref name="envelope"/> (at most three frames) before the body and returns the whole request, to be sent
    /// as it is by every attempt of the call: nothing writes to its frames once it is sent.
    /// </summary>
    internal ArraySegment<byte[]> Envelop(ReadOnlySpan<byte[]> envelope)
    {
        var start = EnvelopeRoom - envelope.Length;
        envelope.CopyTo(_frames.AsSpan(start));
        return new(_frames, start, _end - start);
    }
}

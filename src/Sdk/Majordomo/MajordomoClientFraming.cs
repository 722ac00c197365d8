using System;
using System.Text;
using NetMQ;
using ZmqContracts.Runtime;

namespace ZmqContracts;

/// <summary>
/// What makes a typed client's request an MDP/0.1 REQUEST (RFC 7) and its REPLY a reply again: the client's correlation
/// travels as a tag at the end of the body, which the server returns at the end of its reply, so that the MDP envelope
/// stays exactly as RFC 7 writes it and many calls can be in flight on one connection.
/// </summary>
/// <param name="service">The service called.</param>
internal sealed class MajordomoClientFraming(string service)
{
    /// <summary>The broker's answer to a <see cref="ServiceLookup"/> when a worker serves the service (RFC 8).</summary>
    private static readonly byte[] Served = "200"u8.ToArray();

    private readonly byte[] _service = Encoding.UTF8.GetBytes(service);

    /// <summary>The service called.</summary>
    public string Service => service;

    /// <summary>Makes the request body <c>[operation][arguments…]</c> the REQUEST <c>[][MDPC01][service][operation][arguments…][tag]</c>.</summary>
    public ArraySegment<byte[]> Wrap(OutgoingRequest body, ulong id)
    {
        body.Append(MajordomoFrames.Tag(id));
        return body.Envelop([[], MajordomoFrames.ClientHeader, _service]);
    }

    /// <summary>
    /// Reads the call's id from a REPLY <c>[][MDPC01][service][reply…][tag]</c> and leaves the reply body <c>[reply…]</c>;
    /// false, leaving the message as it is, when it is not a REPLY of this service that ends with a tag.
    /// </summary>
    public bool TryUnwrap(NetMQMessage reply, out ulong id)
    {
        id = 0;
        if (reply.FrameCount < 5 || !reply[0].IsEmpty || !MajordomoFrames.Is(reply[1], MajordomoFrames.ClientHeader)
            || !MajordomoFrames.Is(reply[2], _service) || !MajordomoFrames.TryReadTag(reply.Last, out id))
        {
            return false;
        }

        reply.RemoveFrame(reply.Last);
        reply.Pop();
        reply.Pop();
        reply.Pop();
        return true;
    }

    /// <summary>The REQUEST <c>[][MDPC01][mmi.service][service]</c>, which asks the broker whether a worker serves the service (RFC 8).</summary>
    public NetMQMessage ServiceLookup() => new(new[] { Array.Empty<byte>(), MajordomoFrames.ClientHeader, MajordomoFrames.ServiceLookupName, _service });

    /// <summary>
    /// Whether <paramref name="reply"/> is the broker's answer to a <see cref="ServiceLookup"/>,
    /// <c>[][MDPC01][mmi.service][code]</c>; <paramref name="served"/> when its code is <c>200</c>.
    /// </summary>
    public static bool TryReadServiceLookup(NetMQMessage reply, out bool served)
    {
        var answer = reply.FrameCount == 4 && reply[0].IsEmpty && MajordomoFrames.Is(reply[1], MajordomoFrames.ClientHeader)
            && MajordomoFrames.Is(reply[2], MajordomoFrames.ServiceLookupName);
        served = answer && MajordomoFrames.Is(reply[3], Served);
        return answer;
    }

    /// <summary>The id of the call a REQUEST made by <see cref="Wrap"/> belongs to.</summary>
    public static bool TryReadId(NetMQMessage request, out ulong id)
    {
        id = 0;
        return request.FrameCount > 0 && MajordomoFrames.TryReadTag(request.Last, out id);
    }
}

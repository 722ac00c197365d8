using System;

namespace ZmqContracts;

/// <summary>Options of a <see cref="ZmqPubSubProxy"/>.</summary>
/// <remarks>
/// <see cref="ZmqSocketOptions.SendHighWatermark"/> is how many messages the proxy queues per subscriber before ZeroMQ
/// drops that subscriber's messages, as a publisher's would; a <see cref="ZmqSubscriber"/> counts what it missed.
/// </remarks>
public sealed record ZmqPubSubProxyOptions : ZmqSocketOptions
{
    /// <summary>How long the subscriber side keeps trying to deliver the last messages once the proxy is closed. Default 1 second.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Not hosted through ZmqContracts.Hosting: the proxy takes its endpoints in its constructor (src/Broker binds them from its own configuration).</summary>
    internal override (string Name, string? Value) HostedEndpoint =>
        throw new NotSupportedException("ZmqContracts.Hosting does not host a ZmqPubSubProxy: make it with its endpoints, or run src/Broker.");

    internal override void Validate()
    {
        base.Validate();
        ThrowIfNotLinger(Linger, nameof(Linger));
    }
}

using System.Net;

namespace ZmqContracts;

/// <summary>An endpoint a socket bound (see <see cref="SocketEndpoints.Bind"/>).</summary>
/// <param name="Endpoint">What a peer connects to: the endpoint as given, with the port bound in place of <c>*</c> or <c>0</c>.</param>
/// <param name="Name">The name NetMQ keeps the binding under, which <see cref="NetMQ.NetMQSocket.Unbind"/> takes.</param>
/// <param name="Listener">
/// The TCP address NetMQ listens on (for <c>ipc://</c> too, which NetMQ carries over loopback TCP: <see cref="IpcListeners"/>),
/// whose port is free again once the binding is closed; <see langword="null"/> for <c>inproc://</c> and <c>pgm://</c>.
/// </param>
internal sealed record BoundEndpoint(string Endpoint, string Name, IPEndPoint? Listener);

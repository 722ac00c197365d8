namespace ZmqContracts.Tests;

internal static class StartedExtensions
{
    /// <summary>Starts <paramref name="endpoint"/> and returns it, so that a test can make and start one in one expression.</summary>
    public static T Started<T>(this T endpoint)
        where T : IZmqEndpoint
    {
        endpoint.Start();
        return endpoint;
    }
}

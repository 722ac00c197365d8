using System;

namespace ZmqContracts.Tests.Security;

/// <summary>What the CURVE tests share.</summary>
internal static class CurveTesting
{
    /// <summary>
    /// The CURVE setting of a client that must get nothing through: <c>none</c> speaks plain ZeroMQ, <c>wrong</c> is a
    /// CURVE client of some other server.
    /// </summary>
    public static ZmqCurve? ClientWith(string serverKey) => serverKey switch
    {
        "none" => null,
        "wrong" => ZmqCurve.Client(ZmqCurveKeyPair.Generate().PublicKey),
        _ => throw new ArgumentOutOfRangeException(nameof(serverKey), serverKey, "none or wrong"),
    };
}

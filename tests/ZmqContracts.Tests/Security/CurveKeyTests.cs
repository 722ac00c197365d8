using System;
using Xunit;

namespace ZmqContracts.Tests.Security;

/// <summary>CURVE keys in Z85 text: loaded in the form pyzmq's <c>zmq.curve_keypair()</c> writes, refused clearly when malformed, never shown when secret.</summary>
public class CurveKeyTests
{
    // zmq.curve_keypair() from pyzmq 24 (libzmq 4.3.4), printed once: a fixed pair proves the form, not just a round trip of our own.
    private const string PyzmqPublicKey = "2zuJ3WOY}:7e28&nV>*ahYjn=)+[IQn)$OwH7i.%";
    private const string PyzmqSecretKey = "Xg*.<S1%cw<vgm-mDgF*3}.A?1{g#M)O&#b)<P5E";

    [Fact]
    public void A_pyzmq_secret_key_loads_and_gives_its_public_key()
    {
        var pair = ZmqCurveKeyPair.FromSecretKey(PyzmqSecretKey);

        Assert.Equal(PyzmqPublicKey, pair.PublicKey);
        Assert.Equal(PyzmqSecretKey, pair.ExportSecretKey());
        Assert.Equal(PyzmqPublicKey, ZmqCurveKeyPair.FromKeys(PyzmqPublicKey, PyzmqSecretKey).PublicKey);
    }

    [Fact]
    public void A_generated_pair_is_new_each_time_and_loads_again_from_its_secret_key()
    {
        var pair = ZmqCurveKeyPair.Generate();

        Assert.NotEqual(pair.PublicKey, ZmqCurveKeyPair.Generate().PublicKey);
        Assert.Equal(40, pair.PublicKey.Length);
        Assert.Equal(pair.PublicKey, ZmqCurveKeyPair.FromSecretKey(pair.ExportSecretKey()).PublicKey);
    }

    [Theory]
    [InlineData("", "has 0")]
    [InlineData("2zuJ3WOY}:7e28&nV>*ahYjn=)+[IQn)$OwH7i.", "has 39")]
    [InlineData("2zuJ3WOY}:7e28&nV>*ahYjn=)+[IQn)$OwH7i.%%", "has 41")]
    [InlineData("2zuJ3WOY}:7e28&nV>*ahYjn=)+[IQn)$OwH7i.~", "character 40 of this one is not a Z85 character")]
    [InlineData("2zuJ3 OY}:7e28&nV>*ahYjn=)+[IQn)$OwH7i.%", "character 6 of this one is not a Z85 character")]
    [InlineData("#####WOY}:7e28&nV>*ahYjn=)+[IQn)$OwH7i.%", "characters 1 to 5 of this one do not encode four bytes")]
    public void Malformed_key_text_is_refused_saying_what_is_wrong_with_the_parameter_named(string text, string reason)
    {
        var asServerKey = Assert.Throws<ArgumentException>(() => ZmqCurve.Client(text));
        Assert.Equal("serverPublicKey", asServerKey.ParamName);
        Assert.Contains(reason, asServerKey.Message, StringComparison.Ordinal);

        var asSecretKey = Assert.Throws<ArgumentException>(() => ZmqCurveKeyPair.FromSecretKey(text));
        Assert.Equal("secretKey", asSecretKey.ParamName);
        Assert.Contains(reason, asSecretKey.Message, StringComparison.Ordinal);
        if (text.Length > 0)
        {
            Assert.DoesNotContain(text, asSecretKey.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_key_is_refused_with_the_parameter_named()
    {
        Assert.Equal("serverPublicKey", Assert.Throws<ArgumentNullException>(() => ZmqCurve.Client(null!)).ParamName);
        Assert.Equal("secretKey", Assert.Throws<ArgumentNullException>(() => ZmqCurveKeyPair.FromSecretKey(null!)).ParamName);
        Assert.Equal("serverKeyPair", Assert.Throws<ArgumentNullException>(() => ZmqCurve.Server(null!)).ParamName);
    }

    [Fact]
    public void A_public_key_that_is_not_the_secret_keys_is_refused()
    {
        var failure = Assert.Throws<ArgumentException>(() => ZmqCurveKeyPair.FromKeys(ZmqCurveKeyPair.Generate().PublicKey, PyzmqSecretKey));

        Assert.Equal("publicKey", failure.ParamName);
        Assert.DoesNotContain(PyzmqSecretKey, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_keys_appear_in_no_ToString_of_a_pair_a_curve_setting_or_options()
    {
        var server = ZmqCurveKeyPair.FromSecretKey(PyzmqSecretKey);
        var client = ZmqCurveKeyPair.Generate();
        var serverCurve = ZmqCurve.Server(server);
        var clientCurve = ZmqCurve.Client(server.PublicKey, client);

        string[] shown =
        [
            server.ToString(), serverCurve.ToString(), clientCurve.ToString(),
            new ZmqServerOptions { Curve = serverCurve }.ToString(), new ZmqClientOptions { Curve = clientCurve }.ToString(),
        ];

        Assert.All(shown, text => Assert.DoesNotContain(PyzmqSecretKey, text, StringComparison.Ordinal));
        Assert.All(shown, text => Assert.DoesNotContain(client.ExportSecretKey(), text, StringComparison.Ordinal));
        Assert.Contains(PyzmqPublicKey, shown[4], StringComparison.Ordinal);
        Assert.Equal($"CURVE client {client.PublicKey} of server {PyzmqPublicKey}", clientCurve.ToString());
    }

    [Fact]
    public void The_sides_hold_the_keys_they_are_given()
    {
        var server = ZmqCurveKeyPair.Generate();
        var client = ZmqCurveKeyPair.Generate();

        var serverCurve = ZmqCurve.Server(server);
        var clientCurve = ZmqCurve.Client(server.PublicKey, client);
        var anonymousCurve = ZmqCurve.Client(server.PublicKey);

        Assert.True(serverCurve.IsServer);
        Assert.Same(server, serverCurve.KeyPair);
        Assert.Equal(server.PublicKey, serverCurve.ServerPublicKey);
        Assert.False(clientCurve.IsServer);
        Assert.Same(client, clientCurve.KeyPair);
        Assert.Equal(server.PublicKey, clientCurve.ServerPublicKey);
        Assert.NotEqual(server.PublicKey, anonymousCurve.KeyPair.PublicKey);
    }
}

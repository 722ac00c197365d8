using System;
using System.Linq;
using ZmqContracts;

namespace Samples;

/// <summary>Command-line handling every sample shares, so each can be paired with any peer (samples/python).</summary>
internal static class SampleArguments
{
    /// <summary>Takes <c>--serializer NAME</c> out of <paramref name="args"/>; MessagePack when absent.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="accepted">The names this sample can use: raw carries bytes and strings, not records.</param>
    public static IZmqSerializer TakeSerializer(ref string[] args, params string[] accepted)
    {
        var index = Array.IndexOf(args, "--serializer");
        if (index < 0)
        {
            return ZmqSerializers.MessagePack;
        }

        var name = index + 1 < args.Length ? args[index + 1] : "";
        args = args.Take(index).Concat(args.Skip(index + 2)).ToArray();
        if (!accepted.Contains(name))
        {
            Console.Error.WriteLine($"--serializer takes {string.Join(" or ", accepted)} here, not '{name}'.");
            Environment.Exit(2);
        }

        return ZmqSerializers.ByName(name);
    }

    /// <summary>The positional argument at <paramref name="index"/>, or <paramref name="fallback"/>.</summary>
    public static string At(this string[] args, int index, string fallback) => index < args.Length ? args[index] : fallback;
}

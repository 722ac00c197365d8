using System;

namespace ZmqContracts.Hosting;

/// <summary>Names made unique by a number, for registrations of one kind that a host may hold several of.</summary>
internal static class UniqueNames
{
    /// <summary><paramref name="name"/>, or, when <paramref name="isTaken"/> says it is taken, it followed by the first number from 2 that is free (<c>ICalculator client 2</c>).</summary>
    public static string Next(string name, Func<string, bool> isTaken)
    {
        var unique = name;
        for (var number = 2; isTaken(unique); number++)
        {
            unique = $"{name} {number}";
        }

        return unique;
    }
}

using System;
using System.Collections.Generic;

namespace ZmqContracts;

/// <summary>
/// What is out of range in one options object: the first problem found with each option, in the order checked, so that a
/// user with several bad settings is told of them all at once (<see cref="ZmqSocketOptions.Validate"/>).
/// </summary>
internal sealed class OptionProblems
{
    private readonly List<ArgumentException> _found = [];

    public IReadOnlyList<ArgumentException> Found => _found;

    /// <summary>Runs <paramref name="check"/>, a check that throws, and notes what it throws (see <see cref="Add"/>).</summary>
    public void Check(Action check)
    {
        try
        {
            check();
        }
        catch (ArgumentException problem)
        {
            Add(problem);
        }
    }

    /// <summary>
    /// Notes <paramref name="problem"/>, unless its option has one already: a later check of the same option (a narrower
    /// range) would only say it again.
    /// </summary>
    public void Add(ArgumentException problem)
    {
        if (!Has(problem.ParamName))
        {
            _found.Add(problem);
        }
    }

    /// <summary>Whether <paramref name="option"/> has a problem already.</summary>
    public bool Has(string? option) => _found.Exists(problem => problem.ParamName == option);
}

using System.Globalization;

namespace ZmqContracts;

/// <summary>
/// What a payload is, for the message of a failure ("argument 1 of Add"): a composite format and its values, formatted
/// only when something fails, so that the per-message path builds no string.
/// </summary>
/// <param name="format">The composite format: <c>{0}</c> and <c>{1}</c> are the names, <c>{2}</c> the index.</param>
/// <param name="first">The first name, such as the operation's.</param>
/// <param name="second">The second name, if the format has one.</param>
/// <param name="index">The argument's index, if the format has one.</param>
internal readonly struct PayloadContext(string format, string first, string? second = null, int index = 0)
{
    /// <summary>A context that is a plain text, such as a type's name.</summary>
    public static implicit operator PayloadContext(string text) => new("{0}", text);

    public override string ToString() => string.Format(CultureInfo.InvariantCulture, format, first, second, index);
}

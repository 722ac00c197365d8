using System;
using System.Text;

namespace ZmqContracts.Generators;

/// <summary>Writes C# text with an indentation level that applies to every line, including each line of a multi-line string.</summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _text = new();
    private int _indentation;

    public SourceWriter WriteLine(string text = "")
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.Length > 0)
            {
                for (var i = 0; i < _indentation; i++)
                {
                    _text.Append(IndentUnit);
                }

                _text.Append(line);
            }

            _text.Append('\n');
        }

        return this;
    }

    /// <summary>Writes <paramref name="opening"/> (default a brace) and indents what follows until <see cref="CloseBlock"/>.</summary>
    public SourceWriter OpenBlock(string opening = "{")
    {
        WriteLine(opening);
        _indentation++;
        return this;
    }

    public SourceWriter CloseBlock(string closing = "}")
    {
        _indentation = Math.Max(0, _indentation - 1);
        return WriteLine(closing);
    }

    public SourceWriter Indent()
    {
        _indentation++;
        return this;
    }

    public SourceWriter Unindent()
    {
        _indentation = Math.Max(0, _indentation - 1);
        return this;
    }

    public override string ToString() => _text.ToString();
}

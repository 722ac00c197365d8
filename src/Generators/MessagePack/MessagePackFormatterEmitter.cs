using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace ZmqContracts.Generators.MessagePack;

/// <summary>
/// Writes an assembly's MessagePack formatters and the resolver that hands them out, modelled on what MessagePack v3's
/// source generator writes: keys encoded once, objects created through their constructor. The bytes are those of
/// MessagePack's contractless resolver: a map keyed by member name. Pure: a spec in, source text out.
/// </summary>
internal static class MessagePackFormatterEmitter
{
    private const string MessagePack = "global::MessagePack";
    private const string Formatter = "global::MessagePack.Formatters.IMessagePackFormatter";
    private const string Writer = "ref global::MessagePack.MessagePackWriter writer";
    private const string Reader = "ref global::MessagePack.MessagePackReader reader";
    private const string Options = "global::MessagePack.MessagePackSerializerOptions options";

    /// <summary>The formatter's method that makes the error for missing required members: no name made from a key ends as it does.</summary>
    private const string RequiredMembersMissing = "RequiredMembersMissing";

    /// <summary>
    /// How a doc comment names <paramref name="type"/>: a <c>see cref</c>, but for a constructed generic type, which a cref
    /// cannot name (its <c>&lt;</c> would break the comment's XML), as code.
    /// </summary>
    private static string DocReference(string type) => type.Contains('<')
        ? $"<c>{GeneratedFile.DocText(type)}</c>"
        : $"<see cref=\"{type}\"/>";

    public static string Emit(FormatterSetSpec spec) => GeneratedFile.Write("ZmqContracts.Generated", writer =>
    {
        writer.WriteLine($$"""
            /// <summary>
            /// Registers this assembly's MessagePack formatters with <see cref="global::ZmqContracts.ZmqSerializers.MessagePack"/>
            /// before any of the assembly's code runs, so that its contracts' types need no code generated at run time.
            /// </summary>
            {{GeneratedFile.GeneratedCodeAttribute}}
            file static class MessagePackFormatterRegistration
            {
                [global::System.Runtime.CompilerServices.ModuleInitializer]
                internal static void Register() => global::ZmqContracts.Runtime.MessagePackFormatters.Register(new GeneratedResolver());
            }

            /// <summary>Hands out the formatters of this file, and MessagePack's own for the collections and nullables of the contracts.</summary>
            {{GeneratedFile.GeneratedCodeAttribute}}
            file sealed class GeneratedResolver : {{MessagePack}}.IFormatterResolver
            {
                public {{Formatter}}<T>? GetFormatter<T>() => Cache<T>.Formatter;

                private static object? Create(global::System.Type type)
                {
            """);
        writer.Indent().Indent();
        foreach (var formatter in spec.Formatters)
        {
            var instance = formatter.Kind == FormatterKind.Library ? formatter.LibraryFormatter : formatter.Name;
            writer.WriteLine($"if (type == typeof({formatter.Type})) return new {instance}();");
        }

        writer.WriteLine("return null;");
        writer.Unindent().Unindent();
        writer.WriteLine($$"""
                }

                private static class Cache<T>
                {
                    public static readonly {{Formatter}}<T>? Formatter = ({{Formatter}}<T>?)Create(typeof(T));
                }
            }
            """);
        foreach (var formatter in spec.Formatters.Where(formatter => formatter.Kind != FormatterKind.Library))
        {
            writer.WriteLine();
            if (formatter.Kind == FormatterKind.Enum)
            {
                WriteEnumFormatter(writer, formatter);
            }
            else
            {
                WriteObjectFormatter(writer, formatter);
            }
        }
    });

    private static void WriteEnumFormatter(SourceWriter writer, FormatterSpec formatter)
    {
        var underlying = UnderlyingOf(formatter.Underlying!);
        writer.WriteLine($$"""
            /// <summary>Writes {{DocReference(formatter.Type)}} as its {{underlying}} value.</summary>
            {{GeneratedFile.GeneratedCodeAttribute}}
            file sealed class {{formatter.Name}} : {{Formatter}}<{{formatter.Type}}>
            {
                public void Serialize({{Writer}}, {{formatter.Type}} value, {{Options}}) => writer.Write(({{underlying}})value);

                public {{formatter.Type}} Deserialize({{Reader}}, {{Options}}) => ({{formatter.Type}})reader.{{formatter.Underlying}}();
            }
            """);
    }

    private static void WriteObjectFormatter(SourceWriter writer, FormatterSpec formatter)
    {
        var type = formatter.IsValueType ? formatter.Type : formatter.Type + "?";
        writer.WriteLine($$"""
            /// <summary>Writes {{DocReference(formatter.Type)}} as a map keyed by member name.</summary>
            {{GeneratedFile.GeneratedCodeAttribute}}
            file sealed class {{formatter.Name}} : {{Formatter}}<{{type}}>
            """);
        writer.OpenBlock();
        foreach (var member in formatter.Members)
        {
            writer.WriteLine($"private static global::System.ReadOnlySpan<byte> {KeyOf(member)} => new byte[] {{ {EncodedKey(member.Key)} }}; // {Literal(member.Key)}");
        }

        foreach (var member in formatter.Members.Where(member => member.OwnFormatter is not null))
        {
            writer.WriteLine($"private static readonly {Formatter}<{member.OwnFormatter!.Formats}> {FormatterOf(member)} = new {member.OwnFormatter.Type}();");
        }

        if (formatter.Members.Count > 0)
        {
            writer.WriteLine();
        }

        WriteSerialize(writer, formatter, type);
        writer.WriteLine();
        WriteDeserialize(writer, formatter, type);
        WriteRequiredMembersMissing(writer, formatter);
        foreach (var member in formatter.Members.Where(member => member.Init is { Generic: null }))
        {
            writer.WriteLine();
            WriteInitAccessor(writer, formatter, member, "private");
        }

        foreach (var accessors in formatter.Members.Where(member => member.Init?.Generic is not null).GroupBy(member => member.Init!.Generic!))
        {
            writer.WriteLine($"""

                /// <summary>The init accessors of {DocReference(accessors.First().Init!.Target)}, reached through its type parameters, as UnsafeAccessor reaches a generic type's members.</summary>
                private static class {accessors.Key.Name}<{accessors.Key.TypeParameters}>
                """);
            writer.Indent();
            foreach (var constraint in accessors.Key.Constraints)
            {
                writer.WriteLine(constraint);
            }

            writer.Unindent().OpenBlock();
            foreach (var (member, index) in accessors.Select((member, index) => (member, index)))
            {
                if (index > 0)
                {
                    writer.WriteLine();
                }

                WriteInitAccessor(writer, formatter, member, "public");
            }

            writer.CloseBlock();
        }

        writer.CloseBlock();
    }

    /// <summary>Declares the <c>UnsafeAccessor</c> that calls a member's <c>init</c> accessor, which C# allows only in an object initializer.</summary>
    private static void WriteInitAccessor(SourceWriter writer, FormatterSpec formatter, MemberSpec member, string accessibility)
    {
        var init = member.Init!;
        writer.WriteLine($"""
            [global::System.Runtime.CompilerServices.UnsafeAccessor(global::System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = "set_{member.Key}")]
            {accessibility} static extern void {InitOf(member)}({(formatter.IsValueType ? "ref " : "")}{init.Target} target, {init.Value} value);
            """);
    }

    private static void WriteSerialize(SourceWriter writer, FormatterSpec formatter, string type)
    {
        var written = formatter.Members.Where(member => member.IsWritten).ToList();
        writer.WriteLine($"public void Serialize({Writer}, {type} value, {Options})").OpenBlock();
        if (!formatter.IsValueType)
        {
            writer.WriteLine("""
                if (value is null)
                {
                    writer.WriteNil();
                    return;
                }

                """);
        }

        if (written.Any(UsesResolver))
        {
            writer.WriteLine("var resolver = options.Resolver;");
        }

        writer.WriteLine($"writer.WriteMapHeader({written.Count});");
        if (written.Count == 0)
        {
            writer.CloseBlock();
            return;
        }

        // One try around the members' writes, which costs nothing unless one throws, and the key of the member being
        // written, so that the error names it, as reading does.
        writer.WriteLine($"var key = {KeyOf(written[0])};");
        writer.WriteLine("try").OpenBlock();
        foreach (var member in written)
        {
            writer.WriteLine(member == written[0] ? "writer.WriteRaw(key);" : $"writer.WriteRaw(key = {KeyOf(member)});");
            writer.WriteLine(
                IsString(member) ? $"global::ZmqContracts.Runtime.MessagePackFormatters.WriteString(ref writer, value.{member.Name});"
                : member.Primitive is not null ? $"writer.Write(value.{member.Name});"
                : member.OwnFormatter is not null ? $"{FormatterOf(member)}.Serialize(ref writer, value.{member.Name}{(IsNullable(member.Type) && !IsNullable(member.OwnFormatter.Formats) ? "!" : "")}, options);"
                : $"{MessagePack}.FormatterResolverExtensions.GetFormatterWithVerify<{member.Type}>(resolver).Serialize(ref writer, value.{member.Name}, options);");
        }

        writer.CloseBlock();
        writer.WriteLine("catch (global::System.Exception exception)").OpenBlock();
        writer.WriteLine($"throw global::ZmqContracts.Runtime.MessagePackFormatters.MemberUnwritable({Literal(formatter.Display)}, key, exception);");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    private static void WriteDeserialize(SourceWriter writer, FormatterSpec formatter, string type)
    {
        writer.WriteLine($"public {type} Deserialize({Reader}, {Options})").OpenBlock();
        writer.WriteLine(formatter.IsValueType
            ? $"""
                if (reader.TryReadNil())
                {'{'}
                    throw new {MessagePack}.MessagePackSerializationException("typecode is null, struct not supported");
                {'}'}

                """
            : """
                if (reader.TryReadNil())
                {
                    return null;
                }

                """);
        writer.WriteLine("options.Security.DepthStep(ref reader);");
        if (formatter.Members.Any(UsesResolver))
        {
            writer.WriteLine("var resolver = options.Resolver;");
        }

        foreach (var member in formatter.Members)
        {
            writer.WriteLine($"var {ValueOf(member)} = default({member.Type}){(IsNullable(member.Type) || IsValueTypePrimitive(member) ? "" : "!")};");
            if (IsFlagged(member))
            {
                writer.WriteLine($"var {ReadOf(member)} = false;");
            }
        }

        writer.WriteLine("""
            var count = reader.ReadMapHeader();
            for (var i = 0; i < count; i++)
            """);
        writer.OpenBlock();
        writer.WriteLine($"var key = {MessagePack}.Internal.CodeGenHelpers.ReadStringSpan(ref reader);");

        // A try around the read of each member, which costs nothing unless it throws, so that the error names the member.
        writer.WriteLine("try").OpenBlock();
        var keyword = "if";
        foreach (var member in formatter.Members)
        {
            writer.WriteLine($"{keyword} (global::System.MemoryExtensions.SequenceEqual(key, {Literal(member.Key)}u8))").OpenBlock();
            writer.WriteLine($"{ValueOf(member)} = {Read(member)}{NullCheck(member)};");
            if (IsFlagged(member))
            {
                writer.WriteLine($"{ReadOf(member)} = true;");
            }

            writer.CloseBlock();
            keyword = "else if";
        }

        writer.WriteLine(formatter.Members.Count > 0 ? "else" : "").OpenBlock();
        writer.WriteLine("reader.Skip();");
        writer.CloseBlock();
        writer.CloseBlock();
        writer.WriteLine("catch (global::System.Exception exception)").OpenBlock();
        writer.WriteLine($"throw global::ZmqContracts.Runtime.MessagePackFormatters.MemberUnreadable({Literal(formatter.Display)}, key, exception);");
        writer.CloseBlock();
        writer.CloseBlock();
        writer.WriteLine();
        WriteRequiredCheck(writer, formatter);
        WriteConstruction(writer, formatter);
        writer.WriteLine("""

            reader.Depth--;
            return result;
            """);
        writer.CloseBlock();
    }

    /// <summary>
    /// Refuses a map without a required member's key, as System.Text.Json refuses such JSON, rather than give the member
    /// its type's default: a price a peer misspelled would read as 0. A map that has them all costs a test of each flag;
    /// the message is made only on failure.
    /// </summary>
    private static void WriteRequiredCheck(SourceWriter writer, FormatterSpec formatter)
    {
        var required = formatter.Members.Where(IsRequired).ToList();
        if (required.Count == 0)
        {
            return;
        }

        writer.WriteLine($"if ({string.Join(" || ", required.Select(member => $"!{ReadOf(member)}"))})").OpenBlock();
        writer.WriteLine($"throw {RequiredMembersMissing}({string.Join(", ", required.Select(ReadOf))});");
        writer.CloseBlock();
        writer.WriteLine();
    }

    /// <summary>Writes the method that makes the error for a map without required members, naming the type and each member missing.</summary>
    private static void WriteRequiredMembersMissing(SourceWriter writer, FormatterSpec formatter)
    {
        var required = formatter.Members.Where(IsRequired).ToList();
        if (required.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteLine("/// <summary>The error for a map without the keys of required members, which C# lets no object be created without.</summary>");
        writer.WriteLine($"private static {MessagePack}.MessagePackSerializationException {RequiredMembersMissing}({string.Join(", ", required.Select(member => $"bool {ReadOf(member)}"))})").OpenBlock();
        writer.WriteLine($"var missing = new global::System.Collections.Generic.List<string>({required.Count});");
        foreach (var member in required)
        {
            writer.WriteLine($"if (!{ReadOf(member)})").OpenBlock().WriteLine($"missing.Add({Literal(member.Key)});").CloseBlock();
        }

        writer.WriteLine($"""

            return new {MessagePack}.MessagePackSerializationException(missing.Count == 1
                ? {Literal($"{formatter.Display}: the required member ")} + missing[0] + " is missing"
                : {Literal($"{formatter.Display}: the required members ")} + global::System.String.Join(", ", missing) + " are missing");
            """);
        writer.CloseBlock();
    }

    /// <summary>Creates the object from the constructor's arguments and required members, then sets the members that were read.</summary>
    private static void WriteConstruction(SourceWriter writer, FormatterSpec formatter)
    {
        var arguments = string.Join(", ", formatter.Constructor.Select(argument =>
            $"{(argument.Cast is null ? "" : $"({argument.Cast})")}{ValueOf(formatter.Members[argument.Member])}{(argument.ForgivesNull ? "!" : "")}"));
        var required = formatter.Members.Where(IsRequired).ToList();
        var creation = formatter.HasConstructor ? $"new {formatter.Type}({arguments})" : $"default({formatter.Type})";
        if (required.Count > 0)
        {
            creation += $" {{ {string.Join(", ", required.Select(member => $"{member.Name} = {ValueOf(member)}"))} }}";
        }

        writer.WriteLine($"var result = {creation};");
        foreach (var member in formatter.Members.Where(IsConditional))
        {
            var assignment = member.Init is { } init
                ? $"{(init.Generic is { } generic ? $"{generic.Name}<{generic.TypeArguments}>." : "")}{InitOf(member)}({(formatter.IsValueType ? "ref " : "")}result, {ValueOf(member)});"
                : $"result.{member.Name} = {ValueOf(member)};";
            writer.WriteLine($"if ({ReadOf(member)})").OpenBlock().WriteLine(assignment).CloseBlock();
        }
    }

    /// <summary>Whether the member is written and read through the resolver: neither inline nor by a formatter of its own.</summary>
    private static bool UsesResolver(MemberSpec member) => member.Primitive is null && member.OwnFormatter is null;

    /// <summary>
    /// Whether <paramref name="type"/> is annotated nullable. A member's own formatter may be declared for the other
    /// annotation, which MessagePack does not look at: the value is passed to it, and taken from it, as it is.
    /// </summary>
    private static bool IsNullable(string type) => type.EndsWith("?");

    private static bool IsValueTypePrimitive(MemberSpec member) => member.Primitive is not null && !IsString(member);

    private static bool IsString(MemberSpec member) => member.Primitive == "ReadString";

    /// <summary>
    /// The expression that reads the member's value: a number, bool or char with the reader's own method, a string through
    /// the SDK, which refuses invalid UTF-8 where the reader's <c>ReadString</c> would put U+FFFD in its place, anything
    /// else with its own formatter or the resolver's.
    /// </summary>
    private static string Read(MemberSpec member) =>
        IsString(member) ? "global::ZmqContracts.Runtime.MessagePackFormatters.ReadString(ref reader)"
        : member.Primitive is not null ? $"reader.{member.Primitive}()"
        : member.OwnFormatter is not null ? $"{FormatterOf(member)}.Deserialize(ref reader, options)"
        : $"{MessagePack}.FormatterResolverExtensions.GetFormatterWithVerify<{member.Type}>(resolver).Deserialize(ref reader, options)";

    /// <summary>
    /// What follows the read of a member's value: for a member that refuses nil, a throw of the SDK's error when the value
    /// is null (inside the member's try, so that the error names it); for a member of a type not annotated nullable whose
    /// reader returns one that is (strings, a formatter of its own for the other annotation), <c>!</c>, since the member
    /// takes what it reads as the contractless resolver does (a contract compiled without nullable annotations).
    /// </summary>
    private static string NullCheck(MemberSpec member) =>
        member.RefusesNull ? " ?? throw global::ZmqContracts.Runtime.MessagePackFormatters.NilRefused()"
        : !IsNullable(member.Type) && (IsString(member) || member.OwnFormatter is { } own && IsNullable(own.Formats)) ? "!"
        : "";

    private static bool IsConditional(MemberSpec member) => member.Assignment is MemberAssignment.Setter or MemberAssignment.InitAccessor;

    private static bool IsRequired(MemberSpec member) => member.Assignment == MemberAssignment.Required;

    /// <summary>Whether reading notes that the member's key was present: to set it only then, or to fail without it.</summary>
    private static bool IsFlagged(MemberSpec member) => IsConditional(member) || IsRequired(member);

    // A formatter's own members are named by the member's key and a suffix, a different one for each role, none the
    // end of another: two names can then only meet for the same key and role (a prefix would not do: the init accessor
    // Set{Key} of the member AKey is the key SetAKey of the member SetA).
    private static string KeyOf(MemberSpec member) => $"{member.Key}Key";

    private static string ValueOf(MemberSpec member) => $"v_{member.Key}";

    private static string FormatterOf(MemberSpec member) => $"{member.Key}Formatter";

    private static string InitOf(MemberSpec member) => $"{member.Key}Init";

    private static string ReadOf(MemberSpec member) => $"has_{member.Key}";

    /// <summary>The key as MessagePack writes a string: its header, then its UTF-8 bytes.</summary>
    private static string EncodedKey(string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        var header = bytes.Length switch
        {
            <= 31 => new[] { (byte)(0xA0 | bytes.Length) },
            <= byte.MaxValue => new[] { (byte)0xD9, (byte)bytes.Length },
            _ => new[] { (byte)0xDA, (byte)(bytes.Length >> 8), (byte)bytes.Length },
        };
        return string.Join(", ", header.Concat(bytes).Select(value => $"0x{value:X2}"));
    }

    private static string UnderlyingOf(string reader) => reader switch
    {
        "ReadSByte" => "sbyte",
        "ReadByte" => "byte",
        "ReadInt16" => "short",
        "ReadUInt16" => "ushort",
        "ReadUInt32" => "uint",
        "ReadInt64" => "long",
        "ReadUInt64" => "ulong",
        _ => "int",
    };

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);
}

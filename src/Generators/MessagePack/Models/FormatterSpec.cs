namespace ZmqContracts.Generators.MessagePack;

/// <summary>One type the generated resolver answers for.</summary>
/// <param name="Type">The type, <c>global::</c>-qualified, without nullable annotations (as <c>typeof</c> takes it).</param>
/// <param name="Display">The type as a message names it, without namespace: <c>Customs</c>, <c>Page&lt;Shipment&gt;</c>, <c>Outer.Inner</c>.</param>
/// <param name="Kind">Whether a formatter is written for it, or one of MessagePack's own is created.</param>
/// <param name="Name">The generated formatter's name, such as <c>OrderFormatter</c>; free among the others once the set is merged.</param>
/// <param name="LibraryFormatter">For <see cref="FormatterKind.Library"/>, MessagePack's formatter, such as <c>global::MessagePack.Formatters.ListFormatter&lt;global::Demo.Line&gt;</c>.</param>
/// <param name="Underlying">For <see cref="FormatterKind.Enum"/>, the <c>MessagePackReader</c> method that reads its underlying integer, such as <c>ReadInt32</c>.</param>
/// <param name="IsValueType">Whether the type is a struct (no null to write or read).</param>
/// <param name="Members">For <see cref="FormatterKind.Object"/>, the members written, in wire order.</param>
/// <param name="Constructor">For <see cref="FormatterKind.Object"/>, the constructor's arguments, in order; empty for a parameterless constructor.</param>
/// <param name="HasConstructor">Whether the type is created by a constructor; a struct without a matching one starts as <c>default</c>.</param>
internal sealed record FormatterSpec(
    string Type,
    string Display,
    FormatterKind Kind,
    string Name,
    string? LibraryFormatter,
    string? Underlying,
    bool IsValueType,
    EquatableArray<MemberSpec> Members,
    EquatableArray<ConstructorArgumentSpec> Constructor,
    bool HasConstructor);

/// <summary>How the resolver gets a type's formatter.</summary>
internal enum FormatterKind
{
    /// <summary>A record, class or struct: a generated formatter writes a map keyed by member name.</summary>
    Object,

    /// <summary>An enum: a generated formatter writes the underlying integer.</summary>
    Enum,

    /// <summary>An array, collection or nullable: one of MessagePack's own generic formatters.</summary>
    Library,
}

/// <summary>One member of a record, class or struct, as the contractless resolver sees it.</summary>
/// <param name="Name">The member's name as C# writes it (escaped when a keyword); its key on the wire is <paramref name="Key"/>.</param>
/// <param name="Key">The map key: the member's name.</param>
/// <param name="Type">The member's type, <c>global::</c>-qualified, with its nullable annotation.</param>
/// <param name="Primitive">For a number, bool, char or string, the <c>MessagePackReader</c> method that reads it (<c>ReadInt32</c>), written and read inline (a string through the SDK's <c>MessagePackFormatters.ReadString</c>, which refuses invalid UTF-8); otherwise <see langword="null"/>.</param>
/// <param name="IsWritten">Whether its value is written (its getter is public).</param>
/// <param name="Assignment">How a value read is given to the new object.</param>
/// <param name="Init">For <see cref="MemberAssignment.InitAccessor"/>, how generated code calls the accessor; otherwise <see langword="null"/>.</param>
/// <param name="RefusesNull">
/// Whether nil read for it is refused: the contract declares it a reference type not nullable, in a nullable-enabled
/// context (for a constructor argument, the parameter's type), as System.Text.Json's <c>RespectNullableAnnotations</c>
/// refuses JSON's null.
/// </param>
/// <param name="OwnFormatter">The formatter that a [MessagePackFormatter] on the member names, which writes and reads it instead of the resolver's; otherwise <see langword="null"/>.</param>
internal sealed record MemberSpec(string Name, string Key, string Type, string? Primitive, bool IsWritten, MemberAssignment Assignment, InitAccessorSpec? Init, bool RefusesNull, OwnFormatterSpec? OwnFormatter = null);

/// <summary>The <c>extern</c> method, an <c>UnsafeAccessor</c>, through which generated code calls a member's <c>init</c> accessor.</summary>
/// <param name="Target">
/// The type that declares the accessor, <c>global::</c>-qualified: as it is for a type that is not generic; for a generic
/// one, over the type parameters of <paramref name="Generic"/> (<c>global::Demo.Page&lt;T&gt;</c>).
/// </param>
/// <param name="Value">The member's type as the accessor declares it (<c>T?</c> for <c>Page&lt;T&gt;.Item</c>), <c>global::</c>-qualified.</param>
/// <param name="Generic">For a member of a generic type, the class of the type's own type parameters that declares the method; otherwise <see langword="null"/>.</param>
internal sealed record InitAccessorSpec(string Target, string Value, GenericAccessorsSpec? Generic);

/// <summary>
/// A generic class that holds the init accessors of one generic type: the runtime finds a member of a generic type for an
/// <c>UnsafeAccessor</c> only through type parameters of the accessor's class, not through a constructed type.
/// </summary>
/// <param name="Name">The class's name, such as <c>PageAccessors</c>; free among the formatter's other members.</param>
/// <param name="TypeParameters">Its type parameters, those of the type and of the types it is nested in, outermost first: <c>T</c>.</param>
/// <param name="Constraints">Their constraint clauses, which must be the type's own: <c>where T : class</c>.</param>
/// <param name="TypeArguments">The type arguments it is used with, <c>global::</c>-qualified: <c>global::Demo.Order</c>.</param>
internal sealed record GenericAccessorsSpec(string Name, string TypeParameters, EquatableArray<string> Constraints, string TypeArguments);

/// <summary>One argument of the constructor that a formatter creates its object with.</summary>
/// <param name="Member">The index in <see cref="FormatterSpec.Members"/> of the member whose value it passes.</param>
/// <param name="Cast">
/// The parameter's type, <c>global::</c>-qualified, when the member's type is another: the cast makes overload resolution
/// pick this constructor, as the contractless resolver does, over another that takes the member's type or one like it.
/// <see langword="null"/> when the types are the same.
/// </param>
/// <param name="ForgivesNull">
/// Whether the value is passed with <c>!</c>: it may be null, or hold nulls, where the parameter's type says it does not;
/// the contractless resolver passes what it read all the same.
/// </param>
internal sealed record ConstructorArgumentSpec(int Member, string? Cast, bool ForgivesNull);

/// <summary>A member's own formatter.</summary>
/// <param name="Type">The formatter, <c>global::</c>-qualified.</param>
/// <param name="Formats">The type it formats (the argument of its <c>IMessagePackFormatter&lt;T&gt;</c>), <c>global::</c>-qualified, with its nullable annotation, which may differ from the member's.</param>
internal sealed record OwnFormatterSpec(string Type, string Formats);

/// <summary>How a member read from the wire reaches the object.</summary>
internal enum MemberAssignment
{
    /// <summary>As a constructor argument (the default of its type when the key is missing).</summary>
    Constructor,

    /// <summary>Through its setter or field, only when the key was present.</summary>
    Setter,

    /// <summary>Through its <c>init</c> accessor, only when the key was present (an accessor call, since C# allows init only in initializers).</summary>
    InitAccessor,

    /// <summary>
    /// In the object initializer, because it is <c>required</c>: the map must hold its key, or reading fails, as
    /// System.Text.Json fails. Not for a type made with a <c>[SetsRequiredMembers]</c> constructor, whose required
    /// members C# does not require either.
    /// </summary>
    Required,
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ZmqContracts.Generators.Json;

namespace ZmqContracts.Generators.MessagePack;

/// <summary>Where a type that cannot be serialized was found, and why: <c>Order.Attachment: System.IO.Stream</c>.</summary>
/// <param name="Where">The member path and type, or the type alone when it is the one declared.</param>
/// <param name="Reason">Why it cannot travel in a frame.</param>
internal sealed record WireProblem(string Where, string Reason);

/// <summary>
/// Walks a type that crosses the wire the way MessagePack's contractless resolver does: arrays, collections and
/// nullables by their type arguments, records, classes and structs by the members it writes (public, and either set by
/// the constructor or writable). One walk serves ZMQ0007, which stops at the first type that cannot be serialized, the
/// formatter generator, which collects a <see cref="FormatterSpec"/> for every type it can write a formatter for, and
/// ZMQ0019, which reports the first type it cannot (<see cref="Unwritten"/>: <c>object</c>, framework types MessagePack
/// has no built-in formatter for, types with MessagePack or data-contract attributes, custom collections), since those
/// are left to MessagePack's run-time resolvers.
/// </summary>
internal sealed class WireTypeWalker
{
    private const string MessagePackNamespace = "global::MessagePack";

    private const string Unreachable = "the generated code cannot see a private or protected type: make it internal or public";

    /// <summary>
    /// How deep types may nest in one walk (a member's type's member's type…). A generic type that holds itself with a new
    /// type argument (<c>record Node&lt;T&gt;(T Value, Node&lt;Node&lt;T&gt;&gt;? Next)</c>) nests without end: each level is a
    /// new type, so only a depth bound stops the walk.
    /// </summary>
    private const int MaxDepth = 32;

    /// <summary>How <c>typeof</c> names a type: tuples as the <c>ValueTuple</c> they are, so that one type has one name.</summary>
    private static readonly SymbolDisplayFormat TypeOfFormat =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.ExpandValueTuple);

    /// <summary>How a message names a type: with the types it is nested in and its type arguments, without namespaces or nullable annotations.</summary>
    private static readonly SymbolDisplayFormat DisplayFormat = SymbolDisplayFormat.MinimallyQualifiedFormat
        .RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>
    /// The generic types the contractless resolver writes with one of MessagePack's own formatters (the ones it creates
    /// by reflection at run time), by metadata name, with that formatter's name under <c>global::MessagePack</c>.
    /// </summary>
    private static readonly Dictionary<string, string> LibraryFormatters = WithTuples(new(StringComparer.Ordinal)
    {
        ["System.Collections.Generic.List`1"] = "Formatters.ListFormatter",
        ["System.Collections.Generic.LinkedList`1"] = "Formatters.LinkedListFormatter",
        ["System.Collections.Generic.Queue`1"] = "Formatters.QueueFormatter",
        ["System.Collections.Generic.Stack`1"] = "Formatters.StackFormatter",
        ["System.Collections.Generic.HashSet`1"] = "Formatters.HashSetFormatter",
        ["System.Collections.Generic.IList`1"] = "Formatters.InterfaceListFormatter2",
        ["System.Collections.Generic.ICollection`1"] = "Formatters.InterfaceCollectionFormatter2",
        ["System.Collections.Generic.IEnumerable`1"] = "Formatters.InterfaceEnumerableFormatter",
        ["System.Collections.Generic.IReadOnlyList`1"] = "Formatters.InterfaceReadOnlyListFormatter",
        ["System.Collections.Generic.IReadOnlyCollection`1"] = "Formatters.InterfaceReadOnlyCollectionFormatter",
        ["System.Collections.Generic.ISet`1"] = "Formatters.InterfaceSetFormatter",
        ["System.Collections.Generic.IReadOnlySet`1"] = "Formatters.InterfaceReadOnlySetFormatter",
        ["System.Collections.Generic.Dictionary`2"] = "Formatters.DictionaryFormatter",
        ["System.Collections.Generic.IDictionary`2"] = "Formatters.InterfaceDictionaryFormatter",
        ["System.Collections.Generic.IReadOnlyDictionary`2"] = "Formatters.InterfaceReadOnlyDictionaryFormatter",
        ["System.Collections.Generic.SortedDictionary`2"] = "Formatters.SortedDictionaryFormatter",
        ["System.Collections.Generic.SortedList`2"] = "Formatters.SortedListFormatter",
        ["System.Collections.Generic.KeyValuePair`2"] = "Formatters.KeyValuePairFormatter",
        ["System.Collections.ObjectModel.ReadOnlyCollection`1"] = "Formatters.ReadOnlyCollectionFormatter",
        ["System.Collections.ObjectModel.ReadOnlyDictionary`2"] = "Formatters.ReadOnlyDictionaryFormatter",
        ["System.Collections.ObjectModel.ObservableCollection`1"] = "Formatters.ObservableCollectionFormatter",
        ["System.Collections.ObjectModel.ReadOnlyObservableCollection`1"] = "Formatters.ReadOnlyObservableCollectionFormatter",
        ["System.Collections.Concurrent.ConcurrentBag`1"] = "Formatters.ConcurrentBagFormatter",
        ["System.Collections.Concurrent.ConcurrentQueue`1"] = "Formatters.ConcurrentQueueFormatter",
        ["System.Collections.Concurrent.ConcurrentStack`1"] = "Formatters.ConcurrentStackFormatter",
        ["System.Collections.Concurrent.ConcurrentDictionary`2"] = "Formatters.ConcurrentDictionaryFormatter",
        ["System.Collections.Immutable.ImmutableArray`1"] = "ImmutableCollection.ImmutableArrayFormatter",
        ["System.Collections.Immutable.ImmutableList`1"] = "ImmutableCollection.ImmutableListFormatter",
        ["System.Collections.Immutable.ImmutableDictionary`2"] = "ImmutableCollection.ImmutableDictionaryFormatter",
        ["System.Collections.Immutable.ImmutableHashSet`1"] = "ImmutableCollection.ImmutableHashSetFormatter",
        ["System.Collections.Immutable.ImmutableSortedDictionary`2"] = "ImmutableCollection.ImmutableSortedDictionaryFormatter",
        ["System.Collections.Immutable.ImmutableSortedSet`1"] = "ImmutableCollection.ImmutableSortedSetFormatter",
        ["System.Collections.Immutable.ImmutableQueue`1"] = "ImmutableCollection.ImmutableQueueFormatter",
        ["System.Collections.Immutable.ImmutableStack`1"] = "ImmutableCollection.ImmutableStackFormatter",
        ["System.Collections.Immutable.IImmutableList`1"] = "ImmutableCollection.InterfaceImmutableListFormatter",
        ["System.Collections.Immutable.IImmutableDictionary`2"] = "ImmutableCollection.InterfaceImmutableDictionaryFormatter",
        ["System.Collections.Immutable.IImmutableQueue`1"] = "ImmutableCollection.InterfaceImmutableQueueFormatter",
        ["System.Collections.Immutable.IImmutableSet`1"] = "ImmutableCollection.InterfaceImmutableSetFormatter",
        ["System.Collections.Immutable.IImmutableStack`1"] = "ImmutableCollection.InterfaceImmutableStackFormatter",
        ["System.Lazy`1"] = "Formatters.LazyFormatter",
        ["System.Nullable`1"] = "Formatters.NullableFormatter",
    });

    /// <summary>MessagePack's formatters of multi-dimensional arrays, by rank.</summary>
    private static readonly string[] MultiDimensionalArrayFormatters =
        ["", "", "TwoDimensionalArrayFormatter", "ThreeDimensionalArrayFormatter", "FourDimensionalArrayFormatter"];

    /// <summary>Types MessagePack's built-in resolver writes itself (besides the special types such as <c>int</c> and <c>string</c>).</summary>
    private static readonly HashSet<string> BuiltinTypes = new(StringComparer.Ordinal)
    {
        "System.Guid", "System.TimeSpan", "System.DateTimeOffset", "System.DateOnly", "System.TimeOnly", "System.Uri", "System.Version",
        "System.Half", "System.Text.StringBuilder", "System.Collections.BitArray", "System.Numerics.BigInteger", "System.Numerics.Complex",
        "System.Memory`1", "System.ReadOnlyMemory`1", "System.ArraySegment`1", "System.Buffers.ReadOnlySequence`1",
    };

    /// <summary>
    /// The structs of <see cref="BuiltinTypes"/> whose nullable MessagePack's built-in resolver writes too. It has no
    /// <c>Half?</c>, <c>DateOnly?</c> or <c>TimeOnly?</c>: those get MessagePack's <c>NullableFormatter</c>, which its
    /// run-time resolvers would otherwise create by reflection.
    /// </summary>
    private static readonly HashSet<string> BuiltinNullableTypes = new(StringComparer.Ordinal)
    {
        "System.Guid", "System.TimeSpan", "System.DateTimeOffset", "System.Numerics.BigInteger", "System.Numerics.Complex",
        "System.Memory`1", "System.ReadOnlyMemory`1", "System.ArraySegment`1", "System.Buffers.ReadOnlySequence`1",
    };

    /// <summary>Type attributes that make MessagePack's run-time resolvers write the type another way than contractless.</summary>
    private static readonly HashSet<string> OwnFormatAttributes = new(StringComparer.Ordinal)
    {
        "MessagePack.MessagePackObjectAttribute", "MessagePack.MessagePackFormatterAttribute", "MessagePack.UnionAttribute",
        "System.Runtime.Serialization.DataContractAttribute",
    };

    private static readonly HashSet<string> IgnoreAttributes = new(StringComparer.Ordinal)
    {
        "MessagePack.IgnoreMemberAttribute", "System.Runtime.Serialization.IgnoreDataMemberAttribute", "System.NonSerializedAttribute",
    };

    private readonly IAssemblySymbol _within;

    private readonly bool _reachesGenericTypes;

    /// <summary>Whether the walk is of a JSON contract, whose interfaces and abstract classes may list their derived types.</summary>
    private readonly bool _json;

    /// <summary>Whether a formatter is available for each type visited (written here or built into MessagePack).</summary>
    private readonly Dictionary<ITypeSymbol, bool> _handled = new(SymbolEqualityComparer.Default);

    /// <summary>How deep the walk is now in nested types.</summary>
    private int _depth;

    private readonly List<FormatterSpec> _formatters = [];

    /// <param name="within">The assembly the generated formatters are compiled into: only types it can see get one.</param>
    /// <param name="reachesGenericTypes">
    /// Whether the generated code can set the init properties of generic types (<see cref="ReachesGenericTypes"/>); a type
    /// that needs it to, without it, gets no formatter.
    /// </param>
    /// <param name="json">Whether the walk is of a JSON contract (<see cref="JsonPolymorphism"/>); the formatters are MessagePack's.</param>
    public WireTypeWalker(IAssemblySymbol within, bool reachesGenericTypes, bool json = false)
    {
        _within = within;
        _reachesGenericTypes = reachesGenericTypes;
        _json = json;
    }

    /// <summary>
    /// Whether code compiled by <paramref name="compilation"/> runs on .NET 9 or later, whose UnsafeAccessor reaches a
    /// member of a generic type through the type parameters of the accessor's class (.NET 8's does not, and no version
    /// does through a constructed type). The core library of .NET 9 is the first with <c>System.Threading.Lock</c>.
    /// </summary>
    public static bool ReachesGenericTypes(Compilation compilation) =>
        compilation.ObjectType.ContainingAssembly.GetTypeByMetadataName("System.Threading.Lock") is not null;

    /// <summary>The formatters for every type walked so far.</summary>
    public IReadOnlyList<FormatterSpec> Formatters => _formatters;

    /// <summary>
    /// What <see cref="Walk"/> returns for a type with a type in it that the compiler cannot bind: the compiler reports
    /// that, and a formatter written for it would only repeat the error.
    /// </summary>
    public static readonly WireProblem Unbound = new("", "the compiler cannot bind a type in it");

    /// <summary>
    /// The first type in <paramref name="type"/> that cannot be serialized in <paramref name="format"/> (the contract's,
    /// <see cref="ContractFormat"/>), or <see langword="null"/>; <see langword="null"/> too when a type in it is
    /// <see cref="Unbound"/>, since the compiler's error comes first.
    /// </summary>
    public static WireProblem? FindProblem(ITypeSymbol type, IAssemblySymbol within, string? format) =>
        new WireTypeWalker(within, reachesGenericTypes: false, json: format == ContractFormat.Json).Walk(type) is { } problem && problem != Unbound ? problem : null;

    /// <summary>
    /// The first type walked that gets no formatter at build time, neither generated nor built into MessagePack, so that
    /// MessagePack would make one at run time, which native AOT cannot do (ZMQ0019); or <see langword="null"/>.
    /// </summary>
    public WireProblem? Unwritten { get; private set; }

    /// <summary>
    /// Walks <paramref name="type"/>, collecting formatters; returns the first type that cannot be serialized,
    /// <see cref="Unbound"/> at a type the compiler cannot bind, or <see langword="null"/>.
    /// </summary>
    public WireProblem? Walk(ITypeSymbol type) => Visit(type, path: null, out _);

    private WireProblem? Visit(ITypeSymbol type, string? path, out bool handled)
    {
        handled = false;
        if (_handled.TryGetValue(type, out handled))
        {
            return null;
        }

        if (type.TypeKind == TypeKind.Error)
        {
            return Unbound;
        }

        if (ReasonAgainst(type) is { } reason)
        {
            return Describe(type, path, reason);
        }

        if (CannotCreate(type) is { } cannotCreate)
        {
            return _json ? VisitJsonDerivedTypes((INamedTypeSymbol)type, path, cannotCreate) : Describe(type, path, cannotCreate);
        }

        if (type.TypeKind == TypeKind.Dynamic)
        {
            // As object is: sent, but by formatters picked at run time.
            NoFormatter(type, path, "MessagePack picks a formatter for each dynamic value by its type at run time");
            return null;
        }

        if (SymbolFacts.FirstObsoleteAsError(type) is { } obsolete)
        {
            // Generated code cannot name it (CS0619); MessagePack's run-time resolver can, by reflection.
            NoFormatter(type, path, $"{(SymbolEqualityComparer.Default.Equals(obsolete, type) ? "it" : obsolete.ToDisplayString())} is [Obsolete] as an error");
            return null;
        }

        if (_depth == MaxDepth)
        {
            // Left to MessagePack's run-time resolver, which makes formatters only for the depths values reach.
            NoFormatter(type, path, $"its types nest more than {MaxDepth} deep, as a generic type that holds itself with a new type argument does");
            return null;
        }

        _depth++;
        var problem = type switch
        {
            IArrayTypeSymbol array => VisitArray(array, path, out handled),
            INamedTypeSymbol named => VisitNamed(named, path, out handled),
            _ => null,
        };
        _depth--;
        _handled[type] = handled;
        return problem;
    }

    /// <summary>
    /// For JSON, an interface or abstract class that lists its derived types, each with a type discriminator
    /// (<see cref="JsonPolymorphism"/>), is read back as the one its JSON names: those are walked instead.
    /// </summary>
    private WireProblem? VisitJsonDerivedTypes(INamedTypeSymbol type, string? path, string cannotCreate)
    {
        var derivedTypes = JsonPolymorphism.DerivedTypesOf(type, out var unreadable);
        if (derivedTypes.Count == 0)
        {
            return Describe(type, path, $"{cannotCreate}, or list its derived types with [JsonDerivedType(typeof(Derived), \"derived\")]");
        }

        if (unreadable is not null)
        {
            return Describe(type, path, unreadable);
        }

        return derivedTypes.Select(derived => Visit(derived, path, out _)).FirstOrDefault(problem => problem is not null);
    }

    private WireProblem? VisitArray(IArrayTypeSymbol array, string? path, out bool handled)
    {
        handled = false;
        if (Visit(array.ElementType, path, out var elementHandled) is { } problem)
        {
            return problem;
        }

        if (array.Rank == 1 && array.ElementType.SpecialType == SpecialType.System_Byte)
        {
            handled = true;
        }
        else if (array.Rank >= MultiDimensionalArrayFormatters.Length)
        {
            NoFormatter(array, path, "MessagePack writes arrays of up to four dimensions");
        }
        else if (elementHandled)
        {
            handled = true;
            AddLibrary(array, $"{MessagePackNamespace}.Formatters.{(array.Rank == 1 ? "ArrayFormatter" : MultiDimensionalArrayFormatters[array.Rank])}<{TypeOf(array.ElementType)}>");
        }

        return null;
    }

    private WireProblem? VisitNamed(INamedTypeSymbol type, string? path, out bool handled)
    {
        handled = false;
        var argumentsHandled = true;
        foreach (var argument in type.TypeArguments)
        {
            if (Visit(argument, path, out var argumentHandled) is { } problem)
            {
                return problem;
            }

            argumentsHandled &= argumentHandled;
        }

        var metadataName = MetadataName(type);
        if (IsBuiltin(type, metadataName))
        {
            handled = true;
        }
        else if (LibraryFormatters.TryGetValue(metadataName, out var formatter))
        {
            handled = argumentsHandled;
            if (handled)
            {
                AddLibrary(type, $"{MessagePackNamespace}.{formatter}<{string.Join(", ", type.TypeArguments.Select(TypeOf))}>");
            }
        }
        else if (HasOwnFormatter(type))
        {
            // MessagePack's attribute resolver comes before its enum and object formatters: a type whose own formatter
            // the generated resolver cannot create gets none here, rather than one that writes other bytes.
            var own = IsAccessible(type) ? OwnFormatterOf(type, type.TypeArguments) : null;
            handled = own is not null;
            if (own is not null)
            {
                AddLibrary(type, TypeOf(own));
            }
            else
            {
                NoFormatter(type, path, IsAccessible(type) ? WhyNoFormatter(type) : Unreachable);
            }
        }
        else if (type.TypeKind == TypeKind.Enum)
        {
            handled = IsAccessible(type);
            if (handled)
            {
                _formatters.Add(new FormatterSpec(TypeOf(type), DisplayOf(type), FormatterKind.Enum, type.Name + "Formatter", null, ReaderOf(type.EnumUnderlyingType!), true, default, default, true));
            }
            else
            {
                NoFormatter(type, path, Unreachable);
            }
        }
        else if (CanWriteObject(type))
        {
            _handled[type] = true;
            var problem = VisitObject(type, path, out handled);
            _handled[type] = handled;
            return problem;
        }
        else
        {
            NoFormatter(type, path, WhyNoFormatter(type));
        }

        return null;
    }

    /// <summary>Writes a record, class or struct as the contractless resolver does, unless a member cannot be written.</summary>
    private WireProblem? VisitObject(INamedTypeSymbol type, string? path, out bool handled)
    {
        handled = false;
        var members = ContractlessMembers(type);
        if (members is null)
        {
            NoFormatter(type, path, "the generator does not write a type that derives from a framework type or declares a member name twice");
            return null;
        }

        if (members.FirstOrDefault(member => member.Type.TypeKind == TypeKind.Dynamic) is { } dynamicMember)
        {
            NoFormatter(type, path, $"its member {dynamicMember.Symbol.Name} is dynamic, which MessagePack writes by each value's type at run time");
            return null;
        }

        var constructor = ChooseConstructor(type, members);
        var arguments = constructor?.Parameters.Select(parameter => members.FindIndex(member => Matches(parameter, member))).ToList() ?? [];
        var sent = members.Select((member, index) => (member, index)).Where(entry => arguments.Contains(entry.index) || entry.member.IsWritable).ToList();
        if (sent.Select(entry => (ISymbol?)entry.member.Symbol).Append(constructor).FirstOrDefault(symbol => symbol is not null && SymbolFacts.IsObsoleteAsError(symbol)) is { } forbidden)
        {
            // Generated code cannot use it at all (CS0619); MessagePack's run-time resolver can, by reflection.
            NoFormatter(type, path, $"{(forbidden is IMethodSymbol ? "the constructor it is made with" : $"its member {forbidden.Name}")} is [Obsolete] as an error");
            return null;
        }
        // A member whose type generated code cannot see, in a type it can see, is the compiler's error (CS0053, CS0050):
        // the type gets no formatter, and nothing is said of it beside that error.
        if (IsAccessible(type) && sent.Any(entry => SymbolFacts.NamesInaccessibleType(entry.member.Type)))
        {
            return null;
        }

        var owner = path ?? type.Name;
        var ownFormatters = new Dictionary<ISymbol, OwnFormatterSpec>(SymbolEqualityComparer.Default);
        foreach (var (member, _) in sent)
        {
            if (HasOwnFormatter(member.Symbol))
            {
                // MessagePack writes such a member with the formatter named, whatever its type: the type is not walked.
                if (OwnFormatterOf(member.Symbol, ImmutableArray<ITypeSymbol>.Empty) is not { } own || FormattedBy(own, member.Type) is not { } formats)
                {
                    NoFormatter(type, path, $"its member {member.Symbol.Name} has a [MessagePackFormatter] that MessagePack creates by reflection: one that takes arguments, is not public, has no public parameterless constructor or does not format {member.Type.ToDisplayString()}");
                    return null;
                }

                ownFormatters[member.Symbol] = new OwnFormatterSpec(TypeOf(own), formats.ToFullyQualified());
            }
            else if (Visit(member.Type, $"{owner}.{member.Symbol.Name}", out _) is { } problem)
            {
                return problem;
            }
        }

        // The formatter names the type and its members' types (a member of one it cannot see is a type it cannot see).
        if (!IsAccessible(type))
        {
            NoFormatter(type, path, Unreachable);
            return null;
        }

        if (constructor is null && !type.IsValueType)
        {
            NoFormatter(type, path, "it has no public constructor whose parameters all name its members");
            return null;
        }

        var setsRequired = constructor?.GetAttributes().Any(attribute => attribute.AttributeClass?.ToDisplayString() == "System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute") == true;
        if (!setsRequired && RequiredMembers(type).FirstOrDefault(required => !sent.Any(entry => entry.member.Symbol.Name == required.Name)) is { } unsent)
        {
            // C# lets no code create the type without setting it (CS9035); MessagePack's run-time resolver can, by reflection.
            NoFormatter(type, path, $"its required member {unsent.Name} is ignored or not public, so not sent, and generated code cannot create the type without setting it");
            return null;
        }

        var written = new List<MemberSpec>();
        var genericAccessors = new Dictionary<INamedTypeSymbol, GenericAccessorsSpec>(SymbolEqualityComparer.Default);
        foreach (var (member, index) in sent)
        {
            var assignment = AssignmentOf(member, arguments.Contains(index), setsRequired);
            InitAccessorSpec? init = null;
            if (assignment == MemberAssignment.InitAccessor)
            {
                init = InitAccessorOf((IPropertySymbol)member.Symbol, genericAccessors, out var unreachable);
                if (init is null)
                {
                    NoFormatter(type, path, $"generated code cannot call the init accessor of its member {member.Symbol.Name}: {unreachable}");
                    return null;
                }
            }

            written.Add(new MemberSpec(
                SymbolFacts.EscapeIdentifier(member.Symbol.Name),
                member.Symbol.Name,
                member.Type.ToFullyQualified(),
                ownFormatters.TryGetValue(member.Symbol, out var own) ? null : member.Primitive,
                member.IsReadable,
                assignment,
                init,
                RefusesNull(member, arguments.IndexOf(index) is var argument and >= 0 ? constructor!.Parameters[argument] : null),
                own));
        }

        var constructorArguments = constructor is null
            ? default
            : constructor.Parameters.Zip(arguments, (parameter, index) => new ConstructorArgumentSpec(
                written.FindIndex(member => member.Key == members[index].Symbol.Name),
                SymbolEqualityComparer.Default.Equals(members[index].Type, parameter.Type) ? null : parameter.Type.ToFullyQualified(),
                MayBreakNullability(members[index].Type, parameter.Type))).ToEquatableArray();
        handled = true;
        _formatters.Add(new FormatterSpec(
            TypeOf(type), DisplayOf(type), FormatterKind.Object, FormatterName(type), null, null, type.IsValueType, written.ToEquatableArray(), constructorArguments, constructor is not null));
        return null;
    }

    /// <summary>
    /// How generated code calls the init accessor of <paramref name="property"/>: for a generic declaring type, through the
    /// class of <paramref name="genericAccessors"/> made for that type (made now if it is the first of its members); or
    /// <see langword="null"/>, with the reason, when it cannot.
    /// </summary>
    private InitAccessorSpec? InitAccessorOf(IPropertySymbol property, Dictionary<INamedTypeSymbol, GenericAccessorsSpec> genericAccessors, out string? unreachable)
    {
        unreachable = null;
        var declaring = property.ContainingType;
        var definitions = OutermostFirst(declaring.OriginalDefinition).SelectMany(containing => containing.TypeParameters).ToList();
        if (definitions.Count == 0)
        {
            return new InitAccessorSpec(TypeOf(declaring), property.Type.ToFullyQualified(), null);
        }

        if (!_reachesGenericTypes)
        {
            unreachable = $"{declaring.OriginalDefinition.ToDisplayString()} is generic, which UnsafeAccessor reaches only from .NET 9 on";
        }
        else if (definitions.Select(parameter => parameter.Name).Distinct().Count() < definitions.Count)
        {
            unreachable = $"{declaring.OriginalDefinition.ToDisplayString()} shares a type parameter's name with a type it is nested in";
        }
        else if (!genericAccessors.TryGetValue(declaring, out var generic))
        {
            var name = declaring.Name + "Accessors";
            for (var number = 2; genericAccessors.Values.Any(other => other.Name == name); number++)
            {
                name = $"{declaring.Name}Accessors{number}";
            }

            generic = new GenericAccessorsSpec(
                name,
                string.Join(", ", definitions.Select(parameter => parameter.Name)),
                definitions.Select(ConstraintsOf).OfType<string>().ToEquatableArray(),
                string.Join(", ", OutermostFirst(declaring).SelectMany(containing => containing.TypeArguments).Select(argument => argument.ToFullyQualified())));
            genericAccessors[declaring] = generic;
        }

        return unreachable is null
            ? new InitAccessorSpec(declaring.OriginalDefinition.ToFullyQualified(), property.OriginalDefinition.Type.ToFullyQualified(), genericAccessors[declaring])
            : null;
    }

    /// <summary>The type and the types it is nested in, outermost first, as the runtime orders their type parameters.</summary>
    private static IEnumerable<INamedTypeSymbol> OutermostFirst(INamedTypeSymbol type) =>
        type.ContainingType is { } containing ? OutermostFirst(containing).Append(type) : [type];

    /// <summary>The constraint clause of a type parameter, as C# writes it (<c>where T : class, new()</c>), or <see langword="null"/> without constraints.</summary>
    private static string? ConstraintsOf(ITypeParameterSymbol parameter)
    {
        var constraints = new List<string>();
        if (parameter.HasUnmanagedTypeConstraint)
        {
            constraints.Add("unmanaged");
        }
        else if (parameter.HasValueTypeConstraint)
        {
            constraints.Add("struct");
        }
        else if (parameter.HasReferenceTypeConstraint)
        {
            constraints.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
        }
        else if (parameter.HasNotNullConstraint)
        {
            constraints.Add("notnull");
        }

        constraints.AddRange(parameter.ConstraintTypes.Select(constraint => constraint.ToFullyQualified()));
        if (parameter.HasConstructorConstraint && !parameter.HasValueTypeConstraint)
        {
            constraints.Add("new()");
        }

        return constraints.Count == 0 ? null : $"where {parameter.Name} : {string.Join(", ", constraints)}";
    }

    /// <summary>Why a type that is not written member by member gets no formatter at build time.</summary>
    private static string WhyNoFormatter(INamedTypeSymbol type) =>
        type.SpecialType == SpecialType.System_Object ? "MessagePack picks a formatter for each value by its type at run time"
        : type.GetAttributes().FirstOrDefault(attribute => OwnFormatAttributes.Contains(attribute.AttributeClass?.ToDisplayString() ?? "")) is { AttributeClass: { } attribute }
            ? attribute.Name == "MessagePackFormatterAttribute"
                ? "MessagePack creates by reflection a [MessagePackFormatter] that takes arguments, is not public or has no public parameterless constructor"
                : $"MessagePack writes a type marked [{attribute.Name.Substring(0, attribute.Name.Length - "Attribute".Length)}] with code it generates at run time"
        : type.AllInterfaces.Any(implemented => implemented.SpecialType == SpecialType.System_Collections_IEnumerable)
            ? "MessagePack makes the formatter of a collection it has none built in for at run time"
        : "MessagePack has no built-in formatter for it";

    /// <summary>
    /// The formatter that a [MessagePackFormatter(typeof(...))] without arguments on <paramref name="symbol"/> (a type, or a
    /// member) names, which the generated code creates as MessagePack's resolvers would by reflection; an open generic
    /// formatter is closed over <paramref name="typeArguments"/>, a type's. <see langword="null"/> without one it can create.
    /// </summary>
    private INamedTypeSymbol? OwnFormatterOf(ISymbol symbol, ImmutableArray<ITypeSymbol> typeArguments)
    {
        var attribute = symbol.GetAttributes().FirstOrDefault(IsOwnFormatterAttribute);
        var arguments = attribute?.ConstructorArguments ?? ImmutableArray<TypedConstant>.Empty;

        // Arguments given as null are no arguments, as MessagePack reads them.
        if (arguments.FirstOrDefault().Value is not INamedTypeSymbol named
            || arguments.Skip(1).Any(argument => argument.Kind != TypedConstantKind.Array || (!argument.IsNull && argument.Values.Length > 0)))
        {
            return null;
        }

        var formatter = named.IsUnboundGenericType && named.Arity == typeArguments.Length ? named.OriginalDefinition.Construct([.. typeArguments]) : named;
        return !formatter.IsUnboundGenericType && !formatter.IsAbstract && IsAccessible(formatter) && formatter.InstanceConstructors.Any(constructor => constructor.Parameters.IsEmpty && constructor.DeclaredAccessibility == Accessibility.Public)
            ? formatter
            : null;
    }

    /// <summary>
    /// The type argument, as declared, of the <c>IMessagePackFormatter&lt;T&gt;</c> that <paramref name="formatter"/> implements
    /// for <paramref name="type"/> (nullable annotations aside); <see langword="null"/> when it implements none.
    /// </summary>
    private static ITypeSymbol? FormattedBy(INamedTypeSymbol formatter, ITypeSymbol type) =>
        formatter.AllInterfaces
            .Where(implemented => implemented.ConstructedFrom.ToDisplayString() == "MessagePack.Formatters.IMessagePackFormatter<T>")
            .Select(implemented => implemented.TypeArguments[0])
            .FirstOrDefault(formats => SymbolEqualityComparer.Default.Equals(formats.WithNullableAnnotation(NullableAnnotation.None), type.WithNullableAnnotation(NullableAnnotation.None)));

    private static bool HasOwnFormatter(ISymbol symbol) => symbol.GetAttributes().Any(IsOwnFormatterAttribute);

    private static bool IsOwnFormatterAttribute(AttributeData attribute) => attribute.AttributeClass?.ToDisplayString() == "MessagePack.MessagePackFormatterAttribute";

    private static WireProblem Describe(ITypeSymbol type, string? path, string reason) =>
        new(path is null ? type.ToDisplayString() : $"{path}: {type.ToDisplayString()}", reason);

    private void NoFormatter(ITypeSymbol type, string? path, string reason) => Unwritten ??= Describe(type, path, reason);

    /// <summary>
    /// Whether nil read for <paramref name="member"/> is refused: as a constructor argument, when <paramref name="parameter"/>
    /// refuses null (its type is a reference type declared not nullable, and no <c>[AllowNull]</c>), since the
    /// constructor is what takes the value; otherwise when the member's type is such a type and no <c>[AllowNull]</c>
    /// lets its setter take null.
    /// </summary>
    private static bool RefusesNull(WireMember member, IParameterSymbol? parameter) =>
        parameter is not null
            ? ParameterDeclaration.RefusesNull(parameter)
            : ParameterDeclaration.RefusesNull(member.Type) && !ParameterDeclaration.AllowsNull(member.Symbol);

    private static MemberAssignment AssignmentOf(WireMember member, bool isArgument, bool setsRequired) =>
        IsRequired(member.Symbol) && !setsRequired ? MemberAssignment.Required
        : isArgument ? MemberAssignment.Constructor
        : member.Symbol is IPropertySymbol { SetMethod.IsInitOnly: true } ? MemberAssignment.InitAccessor
        : MemberAssignment.Setter;

    /// <summary>Why a value of this type cannot travel in a frame, or <see langword="null"/> when nothing known stops it (its parts are walked apart).</summary>
    private static string? ReasonAgainst(ITypeSymbol type) => type switch
    {
        IPointerTypeSymbol or IFunctionPointerTypeSymbol => "a pointer is an address in this process, not data",
        INamedTypeSymbol { IsRefLikeType: true } => "a ref struct such as Span<T> cannot be stored or sent; use an array or ReadOnlyMemory<T>",
        INamedTypeSymbol { IsStatic: true } => "a static class has no instances to send",
        INamedTypeSymbol { TypeKind: TypeKind.Delegate } => "a delegate is code, not data",
        INamedTypeSymbol named when IsAsyncType(named) => "a task or stream is not a value; send what it produces instead",
        INamedTypeSymbol named when named.IsCancellationToken() => "a CancellationToken only has meaning in this process",
        INamedTypeSymbol named when DerivesFrom(named, "System.IO", "Stream") => "a stream is a handle on data, not data; send its bytes as byte[] or ReadOnlyMemory<byte>",
        INamedTypeSymbol named when DerivesFrom(named, "System", "Type") => "a Type describes code in this process, not data: a peer in another language has none, and one loaded by a name a peer sent would let that peer choose the code; send a name or an enum that the receiver maps to the types it allows",
        _ => null,
    };

    /// <summary>Why the receiving side cannot create a value of this type, an interface or abstract class, or <see langword="null"/>.</summary>
    private static string? CannotCreate(ITypeSymbol type) => type switch
    {
        INamedTypeSymbol { TypeKind: TypeKind.Interface } named when !IsCollectionInterface(named) => "the receiving side cannot create an instance of an interface; use a concrete type",
        INamedTypeSymbol { IsAbstract: true, TypeKind: TypeKind.Class } named when named.SpecialType != SpecialType.System_Object => "the receiving side cannot create an instance of an abstract class; use a concrete type",
        _ => null,
    };

    private static bool IsAsyncType(INamedTypeSymbol type) =>
        type.IsType("System.Threading.Tasks", "Task", type.Arity)
        || type.IsType("System.Threading.Tasks", "ValueTask", type.Arity)
        || type.IsType("System.Collections.Generic", "IAsyncEnumerable", 1);

    /// <summary>Whether <paramref name="type"/> is the class named, or derives from it.</summary>
    private static bool DerivesFrom(INamedTypeSymbol type, string containingNamespace, string name)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (current.IsType(containingNamespace, name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCollectionInterface(INamedTypeSymbol type) =>
        type.ContainingNamespace?.ToDisplayString() is "System.Collections.Generic" or "System.Collections" or "System.Collections.Immutable";

    private static bool IsBuiltin(INamedTypeSymbol type, string metadataName) =>
        IsBuiltin(type, metadataName, BuiltinTypes)
        || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T && type.TypeArguments[0] is INamedTypeSymbol value && IsBuiltin(value, MetadataName(value), BuiltinNullableTypes);

    /// <summary>Whether the type is a primitive, <c>DateTime</c>, or one of <paramref name="listed"/> (a generic one of bytes).</summary>
    private static bool IsBuiltin(INamedTypeSymbol type, string metadataName, HashSet<string> listed) =>
        type.SpecialType is (>= SpecialType.System_Boolean and <= SpecialType.System_String) or SpecialType.System_DateTime
        || listed.Contains(metadataName) && (type.Arity == 0 || type.TypeArguments[0].SpecialType == SpecialType.System_Byte);

    /// <summary>Whether the type is written member by member: a concrete record, class or struct of the user's.</summary>
    private static bool CanWriteObject(INamedTypeSymbol type) =>
        type.TypeKind is TypeKind.Class or TypeKind.Struct
        && !type.IsAbstract
        && !IsFramework(type)
        && !type.AllInterfaces.Any(implemented => implemented.SpecialType == SpecialType.System_Collections_IEnumerable)
        && !type.GetAttributes().Any(attribute => OwnFormatAttributes.Contains(attribute.AttributeClass?.ToDisplayString() ?? ""));

    private static bool IsFramework(INamedTypeSymbol type) =>
        type.ContainingNamespace?.ToDisplayString() is { } name && (name == "System" || name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal));

    private bool IsAccessible(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            var visible = !current.IsFileLocal && current.DeclaredAccessibility switch
            {
                Accessibility.Public => true,
                Accessibility.Internal or Accessibility.ProtectedOrInternal =>
                    SymbolEqualityComparer.Default.Equals(current.ContainingAssembly, _within) || current.ContainingAssembly.GivesAccessTo(_within),
                _ => false,
            };
            if (!visible)
            {
                return false;
            }
        }

        return type.TypeArguments.All(argument => argument is not INamedTypeSymbol named || IsAccessible(named));
    }

    /// <summary>
    /// The members the contractless resolver sees, base types first and properties before fields within a type; or
    /// <see langword="null"/> when it would see them otherwise (a framework base type, a name declared twice).
    /// </summary>
    private static List<WireMember>? ContractlessMembers(INamedTypeSymbol type)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            if (IsFramework(current))
            {
                return null;
            }

            chain.Insert(0, current);
        }

        var members = new List<WireMember>();
        foreach (var declaring in chain)
        {
            var declared = declaring.GetMembers().Where(member => !member.IsStatic && !member.IsImplicitlyDeclared && !IsIgnored(member)).ToList();
            foreach (var property in declared.OfType<IPropertySymbol>())
            {
                if (property.IsIndexer || property.IsOverride || (declaring.IsRecord && property.Name == "EqualityContract"))
                {
                    continue;
                }

                var member = new WireMember(property, property.Type, IsPublic(property.GetMethod), IsPublic(property.SetMethod));
                if (member.IsReadable || member.IsWritable)
                {
                    members.Add(member);
                }
            }

            foreach (var field in declared.OfType<IFieldSymbol>().Where(field => field.AssociatedSymbol is null && !field.IsConst && field.DeclaredAccessibility == Accessibility.Public))
            {
                members.Add(new WireMember(field, field.Type, IsReadable: true, IsWritable: !field.IsReadOnly));
            }
        }

        return members.GroupBy(member => member.Symbol.Name).Any(group => group.Count() > 1) ? null : members;
    }

    /// <summary>The <c>required</c> properties and fields of the type and its base types, which creating it must set.</summary>
    private static IEnumerable<ISymbol> RequiredMembers(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers().Where(IsRequired))
            {
                yield return member;
            }
        }
    }

    private static bool IsRequired(ISymbol member) => member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true };

    private static bool IsPublic(IMethodSymbol? accessor) => accessor?.DeclaredAccessibility == Accessibility.Public;

    private static bool IsIgnored(ISymbol member) =>
        member.GetAttributes().Any(attribute => IgnoreAttributes.Contains(attribute.AttributeClass?.ToDisplayString() ?? ""));

    /// <summary>
    /// The constructor the contractless resolver calls: the one marked [SerializationConstructor], or else the public one
    /// with the most parameters whose every parameter names (ignoring case) a readable member of a compatible type.
    /// </summary>
    private static IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, List<WireMember> members)
    {
        var marked = type.InstanceConstructors.FirstOrDefault(constructor =>
            constructor.GetAttributes().Any(attribute => attribute.AttributeClass?.ToDisplayString() == "MessagePack.SerializationConstructorAttribute"));
        IEnumerable<IMethodSymbol> candidates = marked is not null
            ? [marked]
            : type.InstanceConstructors.Where(constructor => constructor.DeclaredAccessibility == Accessibility.Public)
                .OrderByDescending(constructor => constructor.Parameters.Length);
        return candidates.FirstOrDefault(constructor => constructor.Parameters.All(parameter => members.Any(member => Matches(parameter, member))));
    }

    private static bool Matches(IParameterSymbol parameter, WireMember member) =>
        parameter.RefKind is RefKind.None or RefKind.In
        && member.IsReadable
        && string.Equals(parameter.Name, member.Symbol.Name, StringComparison.OrdinalIgnoreCase)
        && IsAssignableTo(member.Type, parameter.Type);

    /// <summary>
    /// Whether passing a value of type <paramref name="type"/> as <paramref name="target"/> draws a nullable warning: it is
    /// annotated nullable and the target is not, or it is generic or an array and differs from the target in any
    /// annotation within (<c>List&lt;string?&gt;</c> for <c>List&lt;string&gt;</c>; a generic type that differs otherwise
    /// is counted too, since its type arguments are not compared one by one).
    /// </summary>
    private static bool MayBreakNullability(ITypeSymbol type, ITypeSymbol target) =>
        type.NullableAnnotation == NullableAnnotation.Annotated && target.NullableAnnotation != NullableAnnotation.Annotated
        || type is INamedTypeSymbol { IsGenericType: true } or IArrayTypeSymbol
            && !SymbolEqualityComparer.IncludeNullability.Equals(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), target.WithNullableAnnotation(NullableAnnotation.NotAnnotated));

    /// <summary>Whether a value of <paramref name="type"/> is a <paramref name="target"/>: the same type, one it implements or derives from, or object.</summary>
    public static bool IsAssignableTo(ITypeSymbol type, ITypeSymbol target) =>
        target.SpecialType == SpecialType.System_Object
        || SymbolEqualityComparer.Default.Equals(type, target)
        || type.AllInterfaces.Contains(target, SymbolEqualityComparer.Default)
        || (type.BaseType is { } baseType && IsAssignableTo(baseType, target));

    /// <summary>Adds the tuples of every arity MessagePack writes (the eighth argument holds the rest) to <paramref name="formatters"/>.</summary>
    private static Dictionary<string, string> WithTuples(Dictionary<string, string> formatters)
    {
        for (var arity = 1; arity <= 8; arity++)
        {
            formatters[$"System.Tuple`{arity}"] = "Formatters.TupleFormatter";
            formatters[$"System.ValueTuple`{arity}"] = "Formatters.ValueTupleFormatter";
        }

        return formatters;
    }

    private void AddLibrary(ITypeSymbol type, string formatter) =>
        _formatters.Add(new FormatterSpec(TypeOf(type), DisplayOf(type), FormatterKind.Library, "", formatter, null, type.IsValueType, default, default, true));

    private static string TypeOf(ITypeSymbol type) => type.ToDisplayString(TypeOfFormat);

    private static string DisplayOf(ITypeSymbol type) => type.ToDisplayString(DisplayFormat);

    private static string MetadataName(INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } containing ? $"{containing.ToDisplayString()}.{type.MetadataName}" : type.MetadataName;

    /// <summary>A readable name for a type's formatter: <c>OrderFormatter</c>, <c>PageOfOrderFormatter</c>.</summary>
    private static string FormatterName(INamedTypeSymbol type) =>
        type.Name + string.Concat(type.TypeArguments.Select(argument => "Of" + new string(argument.Name.Where(char.IsLetterOrDigit).ToArray()))) + "Formatter";

    /// <summary>A member the contractless resolver sees.</summary>
    private sealed record WireMember(ISymbol Symbol, ITypeSymbol Type, bool IsReadable, bool IsWritable)
    {
        /// <summary>
        /// For a number, bool, char or string, the reader method that generated code calls inline (the contractless
        /// resolver inlines the same, but strings, which MessagePack's built-in formatter writes the same way).
        /// </summary>
        public string? Primitive => Type.SpecialType == SpecialType.System_String ? "ReadString" : ReaderOf(Type);
    }

    /// <summary>The <c>MessagePackReader</c> method that reads a number, bool or char; <see langword="null"/> for other types.</summary>
    private static string? ReaderOf(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Boolean => "ReadBoolean",
        SpecialType.System_Char => "ReadChar",
        SpecialType.System_SByte => "ReadSByte",
        SpecialType.System_Byte => "ReadByte",
        SpecialType.System_Int16 => "ReadInt16",
        SpecialType.System_UInt16 => "ReadUInt16",
        SpecialType.System_Int32 => "ReadInt32",
        SpecialType.System_UInt32 => "ReadUInt32",
        SpecialType.System_Int64 => "ReadInt64",
        SpecialType.System_UInt64 => "ReadUInt64",
        SpecialType.System_Single => "ReadSingle",
        SpecialType.System_Double => "ReadDouble",
        _ => null,
    };
}

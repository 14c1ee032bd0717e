/// A `#define` as the evaluator sees it: name, parameters and body tokens.
public struct MacroDefinition: Sendable {
    public var name: String
    public var isFunctionLike: Bool
    public var parameters: [String]
    public var isVariadic: Bool
    public var body: [Token]
    /// Where the macro's name is spelled in its `#define`.
    public var position: SourcePosition

    public init(
        name: String, isFunctionLike: Bool, parameters: [String], isVariadic: Bool,
        body: [Token], position: SourcePosition
    ) {
        self.name = name
        self.isFunctionLike = isFunctionLike
        self.parameters = parameters
        self.isVariadic = isVariadic
        self.body = body
        self.position = position
    }

    /// Splits the tokens of a macro definition's extent (name, optional parameter list, body).
    public init?(tokens: [Token], isFunctionLike: Bool) {
        guard let nameToken = tokens.first, nameToken.isWord else { return nil }
        var params: [String] = []
        var variadic = false
        var i = 1
        if isFunctionLike {
            guard i < tokens.count, tokens[i].spelling == "(" else { return nil }
            i += 1
            while i < tokens.count, tokens[i].spelling != ")" {
                let t = tokens[i]
                if t.spelling == "..." {
                    variadic = true; params.append("__VA_ARGS__")
                } else if t.isWord {
                    // GNU named variadic parameter: `args...`
                    if i + 1 < tokens.count, tokens[i + 1].spelling == "..." { variadic = true; i += 1 }
                    params.append(t.spelling)
                } else if t.spelling != "," {
                    return nil
                }
                i += 1
            }
            guard i < tokens.count else { return nil }   // cut-off parameter list
            i += 1
        }
        self.init(
            name: nameToken.spelling, isFunctionLike: isFunctionLike, parameters: params,
            isVariadic: variadic, body: Array(tokens[i...]).filter { $0.kind != .comment },
            position: nameToken.position)
    }

    /// Body text with single spaces, for comparing redefinitions.
    var bodyKey: String { body.map(\.spelling).joined(separator: " ") }
}

/// A typedef the translation unit defines: its integer type, or nil when it names another
/// kind of type (a cast to it then gives an unknown value).
public struct TypedefInfo: Sendable {
    public var integerType: CIntType?
    public init(integerType: CIntType?) {
        self.integerType = integerType
    }
}

/// The macros of a translation unit, read on demand: a kernel unit defines tens of thousands
/// and an evaluation touches a few. A name with several *different* definitions
/// (`#undef`/`#define` pairs, per-config variants) resolves to nil: which one applies depends on
/// the point of use, and we do not guess.
public final class MacroTable: @unchecked Sendable {
    private var resolved: [String: MacroDefinition?] = [:]
    private let definitions: (String) -> [MacroDefinition]?

    /// `definitions(name)` returns every definition of `name`, or nil when it is no macro.
    public init(definitions: @escaping (String) -> [MacroDefinition]?) {
        self.definitions = definitions
    }

    public convenience init(_ list: [MacroDefinition] = []) {
        var byName: [String: [MacroDefinition]] = [:]
        for d in list { byName[d.name, default: []].append(d) }
        self.init { byName[$0] }
    }

    /// nil: not a macro; .some(nil): ambiguous; .some(def): the definition.
    public func lookup(_ name: String) -> MacroDefinition?? {
        if let r = resolved[name] { return .some(r) }
        guard let defs = definitions(name), let first = defs.first else { return nil }
        let unique = defs.allSatisfy { $0.bodyKey == first.bodyKey && $0.parameters == first.parameters }
        let value: MacroDefinition? = unique ? first : nil
        resolved[name] = value
        return .some(value)
    }

    public func isDefined(_ name: String) -> Bool { lookup(name) != nil }

    private var oversized = Set<String>()

    /// Records that the object-like macro `name` expands to more tokens than the expander
    /// allows: expanding it anywhere then stops at once.
    public func markOversized(_ name: String) { oversized.insert(name) }

    func isOversized(_ name: String) -> Bool { !oversized.isEmpty && oversized.contains(name) }
}

/// What the evaluator may look up: macros, typedefs and enum constants of one
/// translation unit, and its target's integer model.
public struct EvaluationContext: Sendable {
    public var target: TargetModel
    public var macros: MacroTable
    public var typedefs: [String: TypedefInfo]
    public var enumConstants: [String: CValue]
    /// Where names not in the dictionaries are looked up (the whole-tree scan's index).
    public var typedefLookup: (@Sendable (String) -> TypedefInfo?)?
    public var enumConstantLookup: (@Sendable (String) -> CValue?)?

    public func typedef(_ name: String) -> TypedefInfo? { typedefs[name] ?? typedefLookup?(name) }
    public func enumConstant(_ name: String) -> CValue? { enumConstants[name] ?? enumConstantLookup?(name) }

    public init(
        target: TargetModel, macros: MacroTable = MacroTable(),
        typedefs: [String: TypedefInfo] = [:], enumConstants: [String: CValue] = [:]
    ) {
        self.target = target
        self.macros = macros
        self.typedefs = typedefs
        self.enumConstants = enumConstants
    }
}

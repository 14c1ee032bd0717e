/// A fix a translation unit found possible for a finding; the fix planner decides after all
/// units are merged whether and how to offer it (`Fixes/FixPlanner.swift`).
public struct FixCandidate: Hashable, Sendable, Codable {
    /// Where the edit goes; `file` is the path as the user sees it.
    public enum Kind: Hashable, Sendable, Codable {
        /// Respell the left operand's literal unsigned (and wider where needed). The literal is
        /// nil when the left operand is not one (the planner then says why no fix is offered).
        case literalSuffix(IntegerLiteral?, at: SourcePosition?, uppercase: Bool, directive: Bool)
        /// Insert a cast to `unsigned int` before the left operand. `typeNames` are the unit's
        /// typedef names for `unsigned int` with how often each is spelled in the file.
        case unsignedCast(at: SourcePosition, typeNames: [String: Int])
        /// Respell the literal of a negative idiom unsigned (`~0` → `~0U`, `-1` → `-1U`). Nil
        /// when the left operand is no literal under `~` or `-` (the planner says why no fix).
        case unsignedIdiom(PrefixedLiteral?, uppercase: Bool)
    }

    public var kind: Kind
    /// The promoted operands the fix must make defined.
    public var facts: ShiftFacts
    public var target: TargetModel
    /// For a shift in code: where its value goes (nearest first), to judge whether changing
    /// its type keeps the program's meaning. Nil for shifts in macros (their uses say).
    public var flow: [FlowStep]?
    /// For a finding in a flag define (`(1 << 31)`): the other defines of its family, which
    /// `--fix-scope family` respells the same way (`Unit/DefineFamilies.swift` says which).
    public var family: [FamilyMember]
    /// For a literal fix: what other fix styles need to know (`FixStyle.kernel`, `.cast`).
    public var style: StyleContext?
    /// The function-like macro whose body the edit goes in (a fix there changes every
    /// expansion of it), for findings at an expansion.
    public var bodyMacro: String?

    public init(
        kind: Kind, facts: ShiftFacts, target: TargetModel, flow: [FlowStep]? = nil, family: [FamilyMember] = [],
        style: StyleContext? = nil
    ) {
        self.kind = kind
        self.facts = facts
        self.target = target
        self.flow = flow
        self.family = family
        self.style = style
    }
}

/// What a translation unit knows for spelling a literal fix in a style other than `suffix`.
public struct StyleContext: Hashable, Sendable, Codable {
    /// The whole shift as spelled, for `BIT(31)`; nil when it is not spelled in one place.
    public var shift: SpelledShift?
    /// The kernel's bit macros the unit defines as function-like macros in the kernel's own
    /// headers (`BIT`, `BIT_ULL` from `linux/bits.h` or `vdso/bits.h`; `_BITUL`, `_BITULL`
    /// from `linux/const.h`), with the header each comes from.
    public var bitMacros: [String: String]
    /// The literal's file is under a `uapi/` directory (user-space API headers: `_BITUL`),
    /// or under `tools/` (which has its own headers: never `BIT()`).
    public var inUapi: Bool
    public var inTools: Bool
    /// The unit's typedefs of `unsigned int` with how often each is spelled in the literal's
    /// file (the cast style's spelling: `(u32)`).
    public var typeNames: [String: Int]

    public init(
        shift: SpelledShift?, bitMacros: [String: String], inUapi: Bool, inTools: Bool, typeNames: [String: Int]
    ) {
        self.shift = shift
        self.bitMacros = bitMacros
        self.inUapi = inUapi
        self.inTools = inTools
        self.typeNames = typeNames
    }
}

/// A shift `LITERAL << COUNT` as spelled on one line, for the styles that replace all of it:
/// `[start, end)` covers the literal (with its parentheses), the operator and the count, and a
/// pair of parentheses around exactly that (`(1 << 31)` → `BIT(31)`: BIT's own expansion is
/// parenthesized), except the parentheses of a call, `sizeof` or a keyword.
public struct SpelledShift: Hashable, Sendable, Codable {
    public var start: SourcePosition
    public var end: SourcePosition
    /// The count as spelled, without a pair of parentheses around all of it (`(nr)` → `nr`).
    public var count: String

    public init(start: SourcePosition, end: SourcePosition, count: String) {
        self.start = start
        self.end = end
        self.count = count
    }
}

/// A sibling of a flag define: another object-like `#define` of the same file, adjacent to it
/// or sharing its name's prefix, whose body is a left shift of a signed integer literal of the
/// same type by a constant (`#define IOMAP_DIO_WRITE (1 << 30)`).
public struct FamilyMember: Hashable, Sendable, Codable {
    public var name: String
    /// The define's definition key (absolute path and offset of its name), as the macro uses
    /// name it: the sibling's uses are those of this key.
    public var definitionKey: String
    /// The left operand, and where it is spelled (the path as the user sees it).
    public var literal: IntegerLiteral
    public var at: SourcePosition
    /// The shift count's value.
    public var count: Int
    /// The whole shift as spelled (for `BIT(28)` next to `BIT(31)`).
    public var shift: SpelledShift?

    public init(
        name: String, definitionKey: String, literal: IntegerLiteral, at: SourcePosition, count: Int,
        shift: SpelledShift? = nil
    ) {
        self.name = name
        self.definitionKey = definitionKey
        self.literal = literal
        self.at = at
        self.count = count
        self.shift = shift
    }
}

/// How fixes are spelled (`--fix-style`, a configuration's `fix-style`).
public enum FixStyle: String, Sendable, Codable, CaseIterable {
    /// An unsigned literal: `1U << 31`, `1ULL << 40`, `~0U << n`, in the file's suffix case.
    case suffix
    /// The kernel's macros: `BIT(31)`, `BIT_ULL(40)`, `_BITUL(31)` in uapi headers, where the
    /// unit defines them (`FixPlanner` falls back to `suffix` otherwise, saying why).
    case kernel
    /// A cast to `unsigned int` spelled with the file's typedef: `(u32)1 << 31`.
    case cast
}

/// How far a fix reaches (`--fix-scope`).
public enum FixScope: String, Sendable, Codable, CaseIterable {
    /// A flag define's fix also respells its family's defined siblings (the default).
    case family
    /// Only the undefined shifts are edited.
    case minimal
}

/// One expansion of an object-like macro in the analyzed code, with its syntactic context:
/// what a fix to the macro's value would have to be safe for.
public struct MacroUse: Hashable, Sendable, Codable {
    /// The macro's definition key (absolute path and offset of its name) and name.
    public var definitionKey: String
    public var name: String
    /// Where it is expanded (absolute path and byte offset), and as the user sees it.
    public var siteKey: String
    public var site: SourcePosition
    /// The expression the expansion is an operand of: a binary or unary operator (`<`, `-`,
    /// `>>`), `call`, `return`, `init` (of a declaration), `cast`, `subscript`, `case`,
    /// `condition`, or nil when no AST node was found for it (`#if` lines, dead code).
    public var context: String?
    /// Conversions applied to the macro's value on the way there, innermost first, as type
    /// spellings (`unsigned long`, `u64`): implicit conversions, casts, the destination type of
    /// an initialization or assignment, or a parameter's type.
    public var conversions: [String]
    /// Where the value goes: the enclosing expressions from the expansion outwards, nearest
    /// first, up to the statement (what a fix that changes the value's type must be safe for).
    public var flow: [FlowStep]

    public init(
        definitionKey: String, name: String, siteKey: String, site: SourcePosition, context: String?,
        conversions: [String], flow: [FlowStep] = []
    ) {
        self.definitionKey = definitionKey
        self.name = name
        self.siteKey = siteKey
        self.site = site
        self.context = context
        self.conversions = conversions
        self.flow = flow
    }
}

/// One expression a macro's value passes through on its way up the AST.
public struct FlowStep: Hashable, Sendable, Codable {
    /// An operator's spelling (`|`, `<`, `>>`, `-` for both negation and subtraction, `~`),
    /// or `conversion` (implicit), `cast`, `paren`, `?:`, `call`, `return`, `init`,
    /// `condition`, `subscript`, `case`, `#if`, `other`.
    public var kind: String
    /// The expression's type after this step, when it is an integer type.
    public var type: CIntType?
    /// That type as spelled in the source (`u64`), for messages.
    public var spelling: String?

    public init(kind: String, type: CIntType?, spelling: String?) {
        self.kind = kind
        self.type = type
        self.spelling = spelling
    }
}

/// Whether a finding's fix keeps the meaning of every use of the value it changes
/// (`Fixes/FixSafety`). Uses outside the analyzed code are unknown: `safe` means safe in
/// the analyzed code.
public struct FixReview: Codable, Hashable, Sendable {
    public enum Verdict: String, Codable, Sendable {
        case safe
        case needsReview = "needs-review"
    }
    public var verdict: Verdict
    /// Why: `safe in the analyzed code (3 uses)`, or what the fix would change and where.
    public var reason: String
    /// The use that needs review, if the reason has a place.
    public var file: String?
    public var line: Int?
    public var column: Int?

    /// How a finding shows a fix that needs review: a note at the use it names.
    public var note: Note? {
        verdict == .needsReview
            ? Note(file: file, line: line, column: column, message: "fix needs review: \(reason)") : nil
    }

    public init(verdict: Verdict, reason: String, at site: SourcePosition? = nil) {
        self.verdict = verdict
        self.reason = reason
        file = site?.file
        line = site?.line
        column = site?.column
    }
}

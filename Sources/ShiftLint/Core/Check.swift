/// Identifies a check. The ids mirror clang's warning names so users can map them. Each
/// check declares its own id next to its rule (`Checks/`); the core only knows the spelling.
public struct CheckID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
    public static func < (a: CheckID, b: CheckID) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

public enum Severity: String, Codable, Sendable {
    case error, warning, note
}

/// What kind of fix a check's findings can take.
public enum FixKind: String, Sendable {
    /// An unsigned (and, where needed, wider) spelling of the left operand's literal: `1U << 31`.
    case literalSuffix
    /// A cast of the left operand to `unsigned int`, spelled with the file's own type name.
    case unsignedCast
    /// The high-bits mask idioms only: `~0 << n` → `~0U << n`, `-1 << n` → `-1U << n` (the
    /// literal under the `~` or `-` respelled unsigned); other negative operands get none.
    case unsignedIdiom
    /// No mechanical fix: the finding's message says what is wrong.
    case none
}

/// Everything known about a check apart from its rule: one description feeds the README table,
/// docs/checks/, the reporters (later SARIF rules), `--confirm` and the tests.
public struct CheckDescription: Sendable {
    public var id: CheckID
    /// The severity under ISO C's policy (`iso`); `Policy` (Gate/) says what other policies
    /// make of it.
    public var severity: Severity
    /// A short title, e.g. "shift count is negative".
    public var title: String
    /// When the shift is undefined, as the README's table says it (Markdown).
    public var summary: String
    /// The clause of C11 that makes it undefined.
    public var clause: String
    /// Whether the finding is certain undefined behaviour or possible (depends on run-time values).
    public var isCertain: Bool
    public var fix: FixKind
    /// The start of UBSAN's runtime message for this kind of shift (`-fsanitize=shift`):
    /// "shift exponent" for the count checks, "left shift" for the base checks.
    public var ubsanCategory: String

    /// The check's page, relative to the repository root.
    public var docPage: String { "docs/checks/\(id.rawValue).md" }

    public init(
        id: CheckID, severity: Severity, title: String, summary: String, clause: String,
        isCertain: Bool = true, fix: FixKind, ubsanCategory: String
    ) {
        self.id = id
        self.severity = severity
        self.title = title
        self.summary = summary
        self.clause = clause
        self.isCertain = isCertain
        self.fix = fix
        self.ubsanCategory = ubsanCategory
    }
}

/// A verdict of one check on one shift.
public struct Verdict: Hashable, Sendable {
    public var check: CheckID
    public var severity: Severity
    public var message: String
    /// Operands that exhibit the undefined behaviour (for `--confirm`): the shift's own facts
    /// for certain checks, the operand's largest value for possible ones.
    public var witness: ShiftFacts

    public init(check: CheckID, severity: Severity, message: String, witness: ShiftFacts) {
        self.check = check
        self.severity = severity
        self.message = message
        self.witness = witness
    }
}

/// A text edit that implements a fix: replace [line:column, endLine:endColumn) with
/// `replacement` (1-based byte columns, end exclusive).
public struct Fix: Codable, Hashable, Sendable {
    public var file: String
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    public var replacement: String
    /// Byte offsets in the file, used to apply the edit; not part of the JSON schema.
    public var offset: Int
    public var endOffset: Int
    /// For an edit to another define of the finding's family (`--fix-scope family`): that
    /// define's name. The edit does not remove an undefined shift; it keeps the block's
    /// spelling uniform, as a maintainer's patch would. Nil for the finding's own edit.
    public var sibling: String?

    enum CodingKeys: String, CodingKey { case file, line, column, endLine, endColumn, replacement, sibling }

    public init(
        file: String, line: Int, column: Int, endLine: Int, endColumn: Int, replacement: String,
        offset: Int, endOffset: Int, sibling: String? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
        self.replacement = replacement
        self.offset = offset
        self.endOffset = endOffset
        self.sibling = sibling
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        file = try c.decode(String.self, forKey: .file)
        line = try c.decode(Int.self, forKey: .line)
        column = try c.decode(Int.self, forKey: .column)
        endLine = try c.decode(Int.self, forKey: .endLine)
        endColumn = try c.decode(Int.self, forKey: .endColumn)
        replacement = try c.decode(String.self, forKey: .replacement)
        sibling = try c.decodeIfPresent(String.self, forKey: .sibling)
        offset = -1
        endOffset = -1
    }
}

/// A secondary location (macro definitions, expansion counts), clang's `note:`.
public struct Note: Codable, Hashable, Sendable {
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var message: String
    /// The source line at the note's location, for the text reporter (not in JSON).
    public var sourceLine: String?

    enum CodingKeys: String, CodingKey { case file, line, column, message }

    public init(file: String?, line: Int?, column: Int?, message: String, sourceLine: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.sourceLine = sourceLine
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
        try c.encode(message, forKey: .message)
    }
}

/// A standalone C rendering of a finding's expression: the definitions it needs, and the
/// expression (a macro name) to evaluate.
public struct Harness: Hashable, Sendable, Codable {
    public var prelude: String
    public var expression: String
}

/// `--confirm`'s outcome for one finding.
public struct Confirmation: Codable, Hashable, Sendable {
    public var confirmed: Bool
    /// UBSAN's message, or why the finding could not be confirmed.
    public var detail: String
    /// `macro` (the macro's text was evaluated) or `operands` (the derived operands were).
    public var method: String = "operands"

    public init(confirmed: Bool, detail: String, method: String = "operands") {
        self.confirmed = confirmed
        self.detail = detail
        self.method = method
    }
}

/// Where a finding was found.
public enum Origin: String, Codable, Sendable {
    /// In the body of an object-like `#define` (expanded or not).
    case define
    /// At an expansion of a function-like macro whose arguments make a shift undefined.
    case expansion
    /// In C code (expressions, initializers, enum constants, case labels, ...).
    case code
    /// In an `#if`/`#elif` line.
    case directive
}

/// One undefined shift. JSON schema version 1 (docs/json-format.md): fields are only ever
/// added, never renamed.
public struct Finding: Codable, Hashable, Sendable {
    public var file: String
    public var line: Int
    public var column: Int
    public var check: CheckID
    public var severity: Severity
    public var message: String
    public var macro: String?
    public var fixes: [Fix]
    public var notes: [Note]
    public var origin: Origin
    /// For findings in object-like `#define`s: how often the macro is expanded in the
    /// analyzed code (0: never).
    public var expansions: Int?
    /// The whole-tree scan's ABIs the shift is undefined for (`lp64`, `ilp32`); nil in
    /// compile mode, where the compiler arguments fix one target.
    public var abis: [String]?

    // Presentation only (not in JSON): the source line and operand columns for the caret line.
    public var sourceLine: String?
    /// Columns (end exclusive) to underline with `~`, on the finding's line.
    public var highlights: [Range<Int>]
    /// For findings in object-like defines: the definition's key, to sum expansions.
    public var defineKey: String?
    /// The promoted operands of the shift (for `--confirm`; not in JSON).
    public var facts: ShiftFacts?
    /// With `--confirm`: the macro's own text, to re-evaluate it under UBSAN (defines only).
    public var harness: Harness?
    /// The compiler arguments of the unit that found it (for `--confirm`; not in JSON).
    public var compileArguments: [String] = []
    /// With `--confirm`: whether UBSAN reported this shift, with its message.
    public var confirmation: Confirmation?
    /// Why no fix is offered, when a fix of the check's kind was considered and refused.
    public var fixNote: String?
    /// Whether the offered fix keeps the meaning of every use (decided by the fix planner);
    /// `--fix` skips fixes that need review unless `--fix-unsafe`.
    public var fixSafety: FixReview?
    /// What the fix planner may offer (decided after all units are merged; not in JSON).
    public var fixCandidates: [FixCandidate] = []
    /// How its file's settings spell fixes (`--fix-style`, `fix-style`; not in JSON).
    public var fixStyle: FixStyle = .suffix
    /// Absolute path and byte offset of the operator, for de-duplication across translation units.
    public var key: String
    /// The fingerprint read from a JSON report (whose findings carry no source line).
    var decodedFingerprint: String?
    /// In a shard's report (`--shard`), for define findings: where the shard's units expand
    /// the define, and the expansions (and `#if` uses) whose value they followed, as
    /// `FILE:OFFSET` with the file as shown. `shiftlint merge` counts each site once across
    /// shards; nil (and not in JSON) otherwise.
    public var expansionSites: [String]?
    public var useSites: [String]?

    /// Identity across edits that move lines (`Fingerprint`): file, check, macro and the
    /// normalized text of the finding's line.
    public var fingerprint: String {
        decodedFingerprint ?? Fingerprint.of(file: file, check: check, macro: macro, lineText: sourceLine ?? "")
    }

    enum CodingKeys: String, CodingKey {
        case file, line, column, check, severity, message, macro, fixes, notes, origin, expansions, confirmation, fixNote,
            fingerprint, fixSafety, expansionSites, useSites, abis
    }

    public init(
        file: String, line: Int, column: Int, check: CheckID, severity: Severity, message: String,
        macro: String?, fixes: [Fix], notes: [Note], origin: Origin, expansions: Int? = nil,
        sourceLine: String? = nil, highlights: [Range<Int>] = [], key: String
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.check = check
        self.severity = severity
        self.message = message
        self.macro = macro
        self.fixes = fixes
        self.notes = notes
        self.origin = origin
        self.expansions = expansions
        self.sourceLine = sourceLine
        self.highlights = highlights
        self.key = key
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        file = try c.decode(String.self, forKey: .file)
        line = try c.decode(Int.self, forKey: .line)
        column = try c.decode(Int.self, forKey: .column)
        check = try c.decode(CheckID.self, forKey: .check)
        severity = try c.decode(Severity.self, forKey: .severity)
        message = try c.decode(String.self, forKey: .message)
        macro = try c.decodeIfPresent(String.self, forKey: .macro)
        fixes = try c.decode([Fix].self, forKey: .fixes)
        notes = try c.decodeIfPresent([Note].self, forKey: .notes) ?? []
        origin = try c.decode(Origin.self, forKey: .origin)
        expansions = try c.decodeIfPresent(Int.self, forKey: .expansions)
        confirmation = try c.decodeIfPresent(Confirmation.self, forKey: .confirmation)
        fixNote = try c.decodeIfPresent(String.self, forKey: .fixNote)
        decodedFingerprint = try c.decodeIfPresent(String.self, forKey: .fingerprint)
        fixSafety = try c.decodeIfPresent(FixReview.self, forKey: .fixSafety)
        expansionSites = try c.decodeIfPresent([String].self, forKey: .expansionSites)
        useSites = try c.decodeIfPresent([String].self, forKey: .useSites)
        abis = try c.decodeIfPresent([String].self, forKey: .abis)
        highlights = []
        key = "\(file):\(line):\(column)"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
        try c.encode(check, forKey: .check)
        try c.encode(severity, forKey: .severity)
        try c.encode(message, forKey: .message)
        try c.encode(macro, forKey: .macro)   // null when not in a macro
        try c.encode(fixes, forKey: .fixes)
        try c.encode(notes, forKey: .notes)
        try c.encode(origin, forKey: .origin)
        try c.encode(expansions, forKey: .expansions)
        try c.encodeIfPresent(confirmation, forKey: .confirmation)
        try c.encodeIfPresent(fixNote, forKey: .fixNote)
        try c.encode(fingerprint, forKey: .fingerprint)
        try c.encodeIfPresent(fixSafety, forKey: .fixSafety)
        try c.encodeIfPresent(expansionSites, forKey: .expansionSites)
        try c.encodeIfPresent(useSites, forKey: .useSites)
        try c.encodeIfPresent(abis, forKey: .abis)
    }

    /// The note of a define's finding that says how often the define is expanded.
    public static func expansionNote(macro name: String, count n: Int) -> Note {
        Note(
            file: nil, line: nil, column: nil,
            message: n == 0
                ? "\(name) is never expanded in the analyzed code"
                : "\(name) is used \(n) time\(n == 1 ? "" : "s") in the analyzed code")
    }

    /// The deterministic report order: file, line, column, check.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        (a.file, a.line, a.column, a.check.rawValue) < (b.file, b.line, b.column, b.check.rawValue)
    }
}

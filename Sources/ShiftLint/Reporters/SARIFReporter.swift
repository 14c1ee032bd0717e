import Foundation

/// `--format sarif`: one SARIF 2.1.0 log (docs/sarif.md) for GitHub code scanning and other
/// SARIF viewers. A pure function of the findings like the other reporters: the checks'
/// descriptions, the tool's version and what is known of the invocation come from the caller.
public enum SARIFReporter {
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    /// The key of shiftlint's fingerprint in each result's `partialFingerprints`.
    public static let fingerprintKey = "shiftlint/v1"
    /// The base of relative artifact URIs: the run's working directory.
    public static let sourceRoot = "%SRCROOT%"

    /// The run as the command line saw it (`invocations[0]`).
    public struct Invocation: Sendable {
        /// The executable as invoked (`argv[0]`).
        public var executable: String
        /// The arguments after the executable.
        public var arguments: [String]
        /// The absolute working directory: relative paths of findings are relative to it.
        public var workingDirectory: String
        /// Tool errors (unreadable input, a crashed parse, an interrupted run): the run did not succeed.
        public var toolErrors: [String]
        /// What the run said about the C code or the inputs (`shiftlint: note:` on stderr).
        public var notes: [String]
        /// The exit status the run ends with, when known.
        public var exitCode: Int32?

        public init(
            executable: String, arguments: [String], workingDirectory: String, toolErrors: [String] = [],
            notes: [String] = [], exitCode: Int32? = nil
        ) {
            self.executable = executable
            self.arguments = arguments
            self.workingDirectory = workingDirectory
            self.toolErrors = toolErrors
            self.notes = notes
            self.exitCode = exitCode
        }
    }

    /// The log, pretty printed with sorted keys (the same findings give the same bytes).
    /// `rules`: every check's description, in the order `ruleIndex` refers to. Throws when the
    /// log cannot be encoded (a tool error, never an empty log).
    /// `uses`: the expansions of the findings' macros (the run's macro uses); a define's
    /// finding lists them as related locations (the first `maxUses`).
    /// `suppressed`: findings an in-source comment silenced, with its reason (or the comment):
    /// results with a `suppressions` entry of kind `inSource`, which code scanning shows as
    /// dismissed rather than losing them.
    public static func render(
        _ findings: [Finding], rules: [CheckDescription], toolVersion: String, invocation: Invocation,
        uses: [MacroUse] = [], suppressed: [(finding: Finding, justification: String)] = []
    ) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(
            log(findings, rules: rules, toolVersion: toolVersion, invocation: invocation, uses: uses, suppressed: suppressed))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Related locations for a define's uses, at most (a flag may be expanded thousands of times).
    static let maxUses = 100

    static func log(
        _ findings: [Finding], rules: [CheckDescription], toolVersion: String, invocation: Invocation, uses: [MacroUse] = [],
        suppressed: [(finding: Finding, justification: String)] = []
    ) -> Log {
        let usesByDefinition = Dictionary(grouping: uses, by: \.definitionKey)
        var ruleIndex: [CheckID: Int] = [:]
        for (i, d) in rules.enumerated() where ruleIndex[d.id] == nil { ruleIndex[d.id] = i }
        var occurrences: [String: Int] = [:]
        let all =
            (findings.map { ($0, String?.none) } + suppressed.map { ($0.finding, Optional($0.justification)) })
            .sorted { Finding.reportOrder($0.0, $1.0) }
        let results = all.map { f, justification -> ResultObject in
            occurrences[f.fingerprint, default: 0] += 1
            var r = result(
                f, ruleIndex: ruleIndex[f.check], occurrence: occurrences[f.fingerprint, default: 1],
                uses: f.defineKey.flatMap { usesByDefinition[$0] } ?? [])
            if let justification {
                r.suppressions = [SuppressionObject(kind: "inSource", status: "accepted", justification: justification)]
            }
            return r
        }
        let notifications =
            invocation.toolErrors.map { NotificationObject(level: "error", message: Message(text: $0)) }
            + invocation.notes.map { NotificationObject(level: "note", message: Message(text: $0)) }
        let root = directoryURI(invocation.workingDirectory)
        let run = Run(
            tool: Tool(
                driver: ToolComponent(
                    name: "shiftlint", version: toolVersion, semanticVersion: toolVersion,
                    informationUri: ProjectLinks.repository, rules: rules.map(rule))),
            invocations: [
                InvocationObject(
                    commandLine: ([invocation.executable] + invocation.arguments).map(shellQuoted).joined(separator: " "),
                    arguments: invocation.arguments,
                    executionSuccessful: invocation.toolErrors.isEmpty,
                    exitCode: invocation.exitCode.map(Int.init),
                    toolExecutionNotifications: notifications.isEmpty ? nil : notifications,
                    workingDirectory: ArtifactLocation(uri: root, uriBaseId: nil))
            ],
            originalUriBaseIds: [sourceRoot: ArtifactLocation(uri: root, uriBaseId: nil)],
            columnKind: "unicodeCodePoints",
            results: results)
        return Log(schema: schemaURI, version: "2.1.0", runs: [run])
    }

    // MARK: Rules

    static func rule(_ d: CheckDescription) -> Rule {
        let undefined: String
        if !d.isCertain, d.summary.hasPrefix("possibly: ") {
            undefined = "Possibly undefined when " + d.summary.dropFirst("possibly: ".count)
        } else {
            undefined = "Undefined when " + d.summary
        }
        let full = "\(undefined) (\(d.clause))."
        let fix: String
        switch d.fix {
        case .literalSuffix:
            fix =
                "Fix: an unsigned (and, where needed, wider) left operand, e.g. `1U << 31`, `1ULL << 40`; shiftlint suggests the literal in the suffix case the file uses."
        case .unsignedCast:
            fix =
                "Fix: cast the left operand to an unsigned type before the shift, e.g. `(u32)b << 24`; shiftlint suggests the cast."
        case .unsignedIdiom:
            fix =
                "Fix: for the high-bits mask idioms only, an unsigned literal under the `~` or `-`: `~0U << n`, `(~0ULL) << n`, `-1U << n`; other negative operands have no mechanical fix."
        case .none:
            fix = "No mechanical fix is offered: the expression itself has to change."
        }
        let certainty =
            d.isCertain
            ? "Certain undefined behaviour, whatever the values at run time."
            : "Possible undefined behaviour: it depends on the operand's value at run time."
        let markdown = """
            **\(d.title)** (`\(d.id.rawValue)`)

            \(full) \(certainty)

            \(fix)

            See [\(d.docPage)](\(d.docURL)).
            """
        return Rule(
            id: d.id.rawValue, name: camelCase(d.id.rawValue),
            shortDescription: Message(text: d.title),
            fullDescription: Message(text: plain(full), markdown: full),
            help: Message(text: plain("\(full) \(certainty) \(fix) See \(d.docURL)."), markdown: markdown),
            helpUri: d.docURL,
            defaultConfiguration: ReportingConfiguration(level: level(d.severity)),
            properties: RuleProperties(
                clause: d.clause, certainty: d.isCertain ? "certain" : "possible", fix: d.fix.rawValue,
                tags: ["correctness", "undefined-behavior", "c"], precision: d.isCertain ? "very-high" : "medium",
                problemSeverity: d.severity == .note ? "recommendation" : d.severity.rawValue))
    }

    /// `shift-sign-overflow` -> `ShiftSignOverflow`.
    static func camelCase(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// Markdown's code spans as plain text.
    static func plain(_ markdown: String) -> String {
        markdown.replacingOccurrences(of: "`", with: "")
    }

    static func level(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "note"
        }
    }

    // MARK: Results

    static func result(_ f: Finding, ruleIndex: Int?, occurrence: Int, uses: [MacroUse] = []) -> ResultObject {
        var text = f.message + (f.fixNote.map { " (no fix: \($0))" } ?? "")
        var related: [Location] = []
        for note in f.notes {
            if let file = note.file, let line = note.line {
                related.append(
                    Location(
                        id: related.count + 1,
                        physicalLocation: PhysicalLocation(
                            artifactLocation: artifactLocation(file),
                            region: Region(
                                startLine: line,
                                startColumn: note.column.map { codePointColumn($0, in: lineText(f, file, line)) }),
                            contextRegion: note.sourceLine.map { Region(startLine: line, snippet: Content(text: $0)) }),
                        message: Message(text: note.message)))
            } else {
                // A note without a place (how often a define is expanded) is part of the message.
                text += "\nnote: \(note.message)"
            }
        }
        for use in uses.prefix(maxUses) {
            var what = "'\(use.name)' expanded here"
            if let context = use.context { what += " (operand of '\(context)')" }
            if let type = use.conversions.last { what += ", converted to '\(type)'" }
            related.append(
                Location(
                    id: related.count + 1,
                    physicalLocation: PhysicalLocation(
                        artifactLocation: artifactLocation(use.site.file),
                        region: Region(startLine: use.site.line, startColumn: use.site.column), contextRegion: nil),
                    message: Message(text: what)))
        }
        if let c = f.confirmation {
            text += c.confirmed ? "\nnote: confirmed by UBSAN: \(c.detail)" : "\nnote: \(c.detail)"
        }
        let primary = Location(
            id: nil,
            physicalLocation: PhysicalLocation(
                artifactLocation: artifactLocation(f.file),
                region: Region(startLine: f.line, startColumn: codePointColumn(f.column, in: f.sourceLine)),
                contextRegion: f.sourceLine.map { Region(startLine: f.line, snippet: Content(text: $0)) }),
            message: nil)
        return ResultObject(
            ruleId: f.check.rawValue, ruleIndex: ruleIndex, level: level(f.severity), message: Message(text: text),
            locations: [primary], relatedLocations: related.isEmpty ? nil : related,
            fixes: f.fixes.isEmpty ? nil : [fix(f)],
            partialFingerprints: [fingerprintKey: "\(f.fingerprint):\(occurrence)"],
            properties: ResultProperties(
                origin: f.origin.rawValue, macro: f.macro, expansions: f.expansions, fixNote: f.fixNote,
                confirmation: f.confirmation))
    }

    /// The finding's edits as one SARIF fix: one change per file, in the order of the edits.
    static func fix(_ f: Finding) -> FixObject {
        var changes: [ArtifactChange] = []
        for edit in f.fixes {
            let region = Region(
                startLine: edit.line, startColumn: codePointColumn(edit.column, in: lineText(f, edit.file, edit.line)),
                endLine: edit.endLine, endColumn: codePointColumn(edit.endColumn, in: lineText(f, edit.file, edit.endLine)))
            let replacement = Replacement(deletedRegion: region, insertedContent: Content(text: edit.replacement))
            if let i = changes.firstIndex(where: { $0.file == edit.file }) {
                changes[i].replacements.append(replacement)
            } else {
                changes.append(
                    ArtifactChange(file: edit.file, artifactLocation: artifactLocation(edit.file), replacements: [replacement]))
            }
        }
        let description = f.fixes.map { edit in
            edit.line == edit.endLine && edit.column == edit.endColumn
                ? "insert '\(edit.replacement)'" : "replace with '\(edit.replacement)'"
        }
        return FixObject(description: Message(text: description.joined(separator: "; ")), artifactChanges: changes)
    }

    /// The text of `line` of `file` as the finding carries it (its own line, or a note's).
    static func lineText(_ f: Finding, _ file: String, _ line: Int) -> String? {
        if f.file == file && f.line == line, let text = f.sourceLine { return text }
        return f.notes.first { $0.file == file && $0.line == line && $0.sourceLine != nil }?.sourceLine
    }

    /// A 1-based byte column of `line` as a 1-based column in Unicode code points (the run's
    /// `columnKind`). Without the line's text, or past its end, each byte counts one.
    static func codePointColumn(_ byteColumn: Int, in line: String?) -> Int {
        guard let line, byteColumn > 1 else { return byteColumn }
        var bytes = 0, points = 0
        for scalar in line.unicodeScalars {
            if bytes >= byteColumn - 1 { break }
            bytes += UTF8.width(scalar)
            points += 1
        }
        return points + 1 + max(0, byteColumn - 1 - bytes)
    }

    // MARK: URIs

    /// A path as shown in findings: relative paths against `%SRCROOT%`, absolute ones as `file://` URIs.
    static func artifactLocation(_ path: String) -> ArtifactLocation {
        if path.hasPrefix("/") { return ArtifactLocation(uri: "file://" + percentEncoded(path), uriBaseId: nil) }
        var relative = Substring(path)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2).drop { $0 == "/" } }
        return ArtifactLocation(uri: percentEncoded(String(relative)), uriBaseId: sourceRoot)
    }

    /// A directory as a `file://` URI ending in `/` (SARIF requires it of a base URI).
    static func directoryURI(_ path: String) -> String {
        let uri = "file://" + percentEncoded(path.hasPrefix("/") ? path : "/" + path)
        return uri.hasSuffix("/") ? uri : uri + "/"
    }

    /// Every byte but RFC 3986's unreserved characters and `/` percent-encoded (UTF-8).
    static func percentEncoded(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    /// A word of a POSIX shell command line: as is when it needs no quoting, else in single quotes.
    static func shellQuoted(_ word: String) -> String {
        let safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./_-"
        if !word.isEmpty && word.allSatisfy({ safe.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    // MARK: The SARIF objects shiftlint writes (property names as in the schema)

    struct Log: Encodable {
        var schema: String
        var version: String
        var runs: [Run]
        enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
    }

    struct Run: Encodable {
        var tool: Tool
        var invocations: [InvocationObject]
        var originalUriBaseIds: [String: ArtifactLocation]
        var columnKind: String
        var results: [ResultObject]
    }

    struct Tool: Encodable { var driver: ToolComponent }

    struct ToolComponent: Encodable {
        var name: String
        var version: String
        var semanticVersion: String
        var informationUri: String
        var rules: [Rule]
    }

    struct Rule: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var help: Message
        var helpUri: String
        var defaultConfiguration: ReportingConfiguration
        var properties: RuleProperties
    }

    struct ReportingConfiguration: Encodable { var level: String }

    struct RuleProperties: Encodable {
        var clause: String
        var certainty: String
        var fix: String
        /// GitHub code scanning's rule metadata.
        var tags: [String]
        var precision: String
        var problemSeverity: String
        enum CodingKeys: String, CodingKey {
            case clause, certainty, fix, tags, precision, problemSeverity = "problem.severity"
        }
    }

    /// A message or a multiformat message string (both have `text` and `markdown`).
    struct Message: Encodable {
        var text: String
        var markdown: String?
    }

    struct InvocationObject: Encodable {
        var commandLine: String
        var arguments: [String]
        var executionSuccessful: Bool
        var exitCode: Int?
        var toolExecutionNotifications: [NotificationObject]?
        var workingDirectory: ArtifactLocation
    }

    struct NotificationObject: Encodable {
        var level: String
        var message: Message
    }

    struct ResultObject: Encodable {
        var ruleId: String
        var ruleIndex: Int?
        var level: String
        var message: Message
        var locations: [Location]
        var relatedLocations: [Location]?
        var fixes: [FixObject]?
        var partialFingerprints: [String: String]
        var properties: ResultProperties
        var suppressions: [SuppressionObject]? = nil
    }

    /// SARIF §3.35: a result silenced in the source (`// shiftlint: ignore[...] reason`).
    struct SuppressionObject: Encodable {
        var kind: String
        var status: String
        var justification: String
    }

    struct ResultProperties: Encodable {
        var origin: String
        var macro: String?
        var expansions: Int?
        var fixNote: String?
        var confirmation: Confirmation?
    }

    struct Location: Encodable {
        var id: Int?
        var physicalLocation: PhysicalLocation
        var message: Message?
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
        var contextRegion: Region?
    }

    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?
    }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int?
        var endLine: Int?
        var endColumn: Int?
        var snippet: Content?

        init(startLine: Int, startColumn: Int? = nil, endLine: Int? = nil, endColumn: Int? = nil, snippet: Content? = nil) {
            self.startLine = startLine
            self.startColumn = startColumn
            self.endLine = endLine
            self.endColumn = endColumn
            self.snippet = snippet
        }
    }

    struct Content: Encodable { var text: String }

    struct FixObject: Encodable {
        var description: Message
        var artifactChanges: [ArtifactChange]
    }

    struct ArtifactChange: Encodable {
        /// The path the edits apply to (not encoded: `artifactLocation` says it).
        var file: String
        var artifactLocation: ArtifactLocation
        var replacements: [Replacement]
        enum CodingKeys: String, CodingKey { case artifactLocation, replacements }
    }

    struct Replacement: Encodable {
        var deletedRegion: Region
        var insertedContent: Content
    }
}

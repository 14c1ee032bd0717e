import Foundation

/// In-source suppressions, found in C comments:
///
/// - `// shiftlint: ignore[shift-sign-overflow] reason` (several ids separated by commas, or
///   `*`): on a line with code, it silences that line; alone on its line, the next line.
/// - clang-tidy's `NOLINT(shiftlint-shift-sign-overflow)` (the line it is on) and
///   `NOLINTNEXTLINE(...)` (the next line), with clang-tidy's globs (`shiftlint-*`, `*`); a
///   bare `NOLINT`/`NOLINTNEXTLINE` silences every check, as in clang-tidy.
///
/// Only comments count (the text is lexed: a `"NOLINT"` string is not a suppression).
public struct Suppression: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case shiftlint, nolint
    }
    public var kind: Kind
    /// The file as findings name it, and where the comment starts (1-based, byte column).
    public var file: String
    public var line: Int
    public var column: Int
    /// The line it silences.
    public var target: Int
    /// `shiftlint`: check ids or `*`. `nolint`: clang-tidy globs over `shiftlint-<id>`;
    /// empty for a bare `NOLINT` (everything).
    public var patterns: [String]
    /// The text after `ignore[...]` (why it is silenced), if any.
    public var reason: String?
    /// The comment's directive as written, for messages.
    public var text: String

    /// Whether it silences this check (on its target line).
    public func silences(_ check: CheckID) -> Bool {
        switch kind {
        case .shiftlint: return patterns.contains { $0 == "*" || $0 == check.rawValue }
        case .nolint: return patterns.isEmpty || patterns.contains { Suppression.glob($0, "shiftlint-" + check.rawValue) }
        }
    }

    /// Whether shiftlint should say so when it silences nothing: its own directives, and
    /// NOLINTs that name shiftlint (a bare `NOLINT` may be for clang-tidy).
    public var isOurs: Bool {
        kind == .shiftlint || patterns.contains { $0.hasPrefix("shiftlint") }
    }

    /// clang-tidy's glob: `*` matches any run of characters.
    static func glob(_ pattern: String, _ name: String) -> Bool {
        let p = Array(pattern.utf8), n = Array(name.utf8)
        var pi = 0, ni = 0, star = -1, mark = 0
        while ni < n.count {
            if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi
                mark = ni
                pi += 1
            } else if pi < p.count, p[pi] == n[ni] {
                pi += 1
                ni += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ni = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}

public enum Suppressions {
    /// The suppressions in a file's text. `file` is the name findings use for it.
    public static func scan(_ bytes: [UInt8], file: String) -> [Suppression] {
        var out: [Suppression] = []
        for comment in comments(bytes) {
            out += directives(in: comment, file: file)
        }
        return out
    }

    /// Splits findings into those kept and those silenced, and lists the suppressions of
    /// ours that silenced nothing. `suppressions` are keyed by file as findings name it.
    public static func apply(_ findings: [Finding], _ suppressions: [String: [Suppression]]) -> (
        kept: [Finding], suppressed: [(finding: Finding, by: Suppression)], unused: [Suppression]
    ) {
        var used = Set<Suppression>()
        var kept: [Finding] = []
        var suppressed: [(finding: Finding, by: Suppression)] = []
        for f in findings {
            let matching = (suppressions[f.file] ?? []).filter { $0.target == f.line && $0.silences(f.check) }
            if let first = matching.first {
                suppressed.append((f, first))
                used.formUnion(matching)
            } else {
                kept.append(f)
            }
        }
        let unused = suppressions.values.joined().filter { $0.isOurs && !used.contains($0) }
            .sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
        return (kept, suppressed, unused)
    }

    struct Comment {
        var text: String
        var line: Int
        var column: Int
        var endLine: Int
        /// Whether code precedes the comment on its first line.
        var trailsCode: Bool
    }

    /// C comments, lexed with string and character literals and line splices in mind.
    static func comments(_ b: [UInt8]) -> [Comment] {
        var out: [Comment] = []
        var i = 0, line = 1, lineStart = 0
        var codeOnLine = false
        let n = b.count
        func at(_ k: Int) -> UInt8 { k < n ? b[k] : 0 }
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "\n") {
                line += 1
                lineStart = i + 1
                codeOnLine = false
                i += 1
            } else if c == UInt8(ascii: "/"), at(i + 1) == UInt8(ascii: "/") {
                let start = i, startLine = line
                while i < n, b[i] != UInt8(ascii: "\n") {
                    // A backslash-newline continues a // comment (C11 §5.1.1.2p1, phase 2).
                    if b[i] == UInt8(ascii: "\\"), at(i + 1) == UInt8(ascii: "\n") {
                        line += 1
                        i += 2
                        lineStart = i
                    } else {
                        i += 1
                    }
                }
                out.append(
                    Comment(
                        text: String(decoding: b[(start + 2)..<i], as: UTF8.self), line: startLine,
                        column: start - lineStartOf(start, b) + 1, endLine: line, trailsCode: codeOnLine))
            } else if c == UInt8(ascii: "/"), at(i + 1) == UInt8(ascii: "*") {
                let start = i, startLine = line, column = i - lineStart + 1, trails = codeOnLine
                i += 2
                while i < n, !(b[i] == UInt8(ascii: "*") && at(i + 1) == UInt8(ascii: "/")) {
                    if b[i] == UInt8(ascii: "\n") {
                        line += 1
                        lineStart = i + 1
                    }
                    i += 1
                }
                let end = min(i, n)
                i = min(i + 2, n)
                out.append(
                    Comment(
                        text: String(decoding: b[(start + 2)..<end], as: UTF8.self), line: startLine, column: column,
                        endLine: line, trailsCode: trails))
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                codeOnLine = true
                i += 1
                while i < n, b[i] != c, b[i] != UInt8(ascii: "\n") {
                    i += b[i] == UInt8(ascii: "\\") ? 2 : 1
                }
                i += 1
            } else {
                if c != UInt8(ascii: " ") && c != UInt8(ascii: "\t") && c != UInt8(ascii: "\r") { codeOnLine = true }
                i += 1
            }
        }
        return out
    }

    private static func lineStartOf(_ offset: Int, _ b: [UInt8]) -> Int {
        var k = offset
        while k > 0, b[k - 1] != UInt8(ascii: "\n") { k -= 1 }
        return k
    }

    static func directives(in comment: Comment, file: String) -> [Suppression] {
        var out: [Suppression] = []
        let text = comment.text
        // shiftlint: ignore[ids] reason
        if let r = text.range(of: "shiftlint:") {
            var rest = text[r.upperBound...].drop { $0 == " " || $0 == "\t" }
            if rest.hasPrefix("ignore[") {
                rest = rest.dropFirst("ignore[".count)
                if let close = rest.firstIndex(of: "]") {
                    let ids = rest[..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                        !$0.isEmpty
                    }
                    var reason = String(rest[rest.index(after: close)...]).trimmingCharacters(in: .whitespaces)
                    if reason.hasSuffix("*/") { reason = String(reason.dropLast(2)).trimmingCharacters(in: .whitespaces) }
                    let written = "shiftlint: ignore[" + rest[..<close] + "]"
                    out.append(
                        Suppression(
                            kind: .shiftlint, file: file, line: comment.line, column: comment.column,
                            target: comment.trailsCode ? comment.line : comment.endLine + 1, patterns: ids,
                            reason: reason.isEmpty ? nil : reason, text: written))
                }
            }
        }
        // NOLINT, NOLINT(globs), NOLINTNEXTLINE, NOLINTNEXTLINE(globs) (clang-tidy's spelling).
        var search = text[...]
        while let r = search.range(of: "NOLINT") {
            var after = search[r.upperBound...]
            var next = false
            if after.hasPrefix("NEXTLINE") {
                next = true
                after = after.dropFirst("NEXTLINE".count)
            } else if after.hasPrefix("BEGIN") || after.hasPrefix("END") {
                search = after
                continue
            }
            var patterns: [String] = []
            var written = next ? "NOLINTNEXTLINE" : "NOLINT"
            if after.hasPrefix("("), let close = after.firstIndex(of: ")") {
                let list = after[after.index(after: after.startIndex)..<close]
                patterns = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                written += "(" + list + ")"
                after = after[after.index(after: close)...]
            }
            out.append(
                Suppression(
                    kind: .nolint, file: file, line: comment.line, column: comment.column,
                    target: next ? comment.line + 1 : comment.line, patterns: patterns, reason: nil, text: written))
            search = after
        }
        return out
    }
}

import Foundation

/// A record of known findings (`--write-baseline`), so that a gate fails only on new ones
/// (`--baseline`), as the kernel's 0-day bot tells "new" from "old" warnings. Entries are
/// matched by fingerprint (file, check, macro, the normalized text of the line), never by
/// line number, so edits elsewhere that move a finding do not make it new. Identical lines
/// count as a multiset: a second copy of a baselined line is new.
public struct Baseline: Codable, Equatable, Sendable {
    public static let currentVersion = 1

    public struct Entry: Codable, Hashable, Sendable, Comparable {
        public var file: String
        public var check: String
        public var macro: String?
        /// The finding's line, whitespace collapsed: what the fingerprint covers, for review.
        public var text: String
        public var fingerprint: String

        public static func < (a: Entry, b: Entry) -> Bool {
            (a.file, a.check, a.macro ?? "", a.text, a.fingerprint) < (b.file, b.check, b.macro ?? "", b.text, b.fingerprint)
        }
    }

    public var version: Int
    public var findings: [Entry]

    public init(_ findings: [Finding]) {
        version = Baseline.currentVersion
        self.findings = findings.map {
            Entry(
                file: Fingerprint.normalizePath($0.file), check: $0.check.rawValue, macro: $0.macro,
                text: Fingerprint.normalize($0.sourceLine ?? ""),
                fingerprint: $0.fingerprint)
        }.sorted()
    }

    /// Sorted, pretty-printed JSON with sorted keys: one entry per finding, diff-friendly.
    public func render() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var copy = self
        copy.findings.sort()
        return String(decoding: try encoder.encode(copy), as: UTF8.self) + "\n"
    }

    /// Reads a baseline file's contents; `name` is the file's name for messages.
    public static func parse(_ data: Data, name: String) -> Result<Baseline, InputError> {
        let baseline: Baseline
        do {
            baseline = try JSONDecoder().decode(Baseline.self, from: data)
        } catch {
            return .failure(InputError("\(name): not a shiftlint baseline (\(Baseline.describe(error)))"))
        }
        guard baseline.version == currentVersion else {
            return .failure(
                InputError(
                    "\(name): baseline version \(baseline.version) is not supported (this shiftlint writes \(currentVersion))"))
        }
        return .success(baseline)
    }

    /// Splits findings into new ones and those the baseline knows.
    public func split(_ findings: [Finding]) -> (new: [Finding], known: [Finding]) {
        var remaining: [String: Int] = [:]
        for e in self.findings { remaining[e.fingerprint, default: 0] += 1 }
        var new: [Finding] = []
        var known: [Finding] = []
        for f in findings {
            if let n = remaining[f.fingerprint], n > 0 {
                remaining[f.fingerprint] = n - 1
                known.append(f)
            } else {
                new.append(f)
            }
        }
        return (new, known)
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c): return c.underlyingError.map { "\($0)" } ?? c.debugDescription
        case DecodingError.keyNotFound(let key, _): return "missing key '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let c):
            return "wrong type at '\(c.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.valueNotFound(_, let c):
            return "missing value at '\(c.codingPath.map(\.stringValue).joined(separator: "."))'"
        default: return "\(error)"
        }
    }
}

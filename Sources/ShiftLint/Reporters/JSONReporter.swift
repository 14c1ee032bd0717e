import Foundation

/// `--format json`: one document `{"version": 1, "findings": [...]}` (docs/json-format.md).
public enum JSONReporter {
    public static let schemaVersion = 1

    struct Document: Encodable {
        var version: Int
        var findings: [Finding]
        /// Present (true) only when the run was interrupted: the findings are those of the
        /// files finished before.
        var incomplete: Bool?
    }

    /// Throws when the findings cannot be encoded (a tool error, never an empty document).
    public static func render(_ findings: [Finding], incomplete: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Document(version: schemaVersion, findings: findings, incomplete: incomplete ? true : nil))
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

import Foundation

/// `--format json`: one document `{"version": 1, "findings": [...]}` (docs/json-format.md).
public enum JSONReporter {
    public static let schemaVersion = 1

    struct Document: Encodable {
        var version: Int
        var findings: [Finding]
    }

    /// Throws when the findings cannot be encoded (a tool error, never an empty document).
    public static func render(_ findings: [Finding]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Document(version: schemaVersion, findings: findings))
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

import Foundation

/// `--format json`: one document `{"version": 1, "findings": [...]}` (docs/json-format.md).
public enum JSONReporter {
    public static let schemaVersion = 1

    struct Document: Encodable {
        var version: Int
        var findings: [Finding]
    }

    public static func render(_ findings: [Finding]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(Document(version: schemaVersion, findings: findings)) else {
            return "{\"version\": 1, \"findings\": []}\n"
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

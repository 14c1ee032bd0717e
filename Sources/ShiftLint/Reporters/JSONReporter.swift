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
        /// `K/N`, only in a shard's report (`--shard`).
        var shard: String?
    }

    /// Throws when the findings cannot be encoded (a tool error, never an empty document).
    /// `shard`: the shard the report covers (`2/4`), for `shiftlint merge`.
    public static func render(_ findings: [Finding], incomplete: Bool = false, shard: String? = nil) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(
            Document(version: schemaVersion, findings: findings, incomplete: incomplete ? true : nil, shard: shard))
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

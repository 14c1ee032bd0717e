import Foundation

/// clang-tidy's `--export-fixes` document (the YAML of clang's `tooling::TranslationUnitDiagnostics`,
/// clang/Tooling/DiagnosticsYaml.h), which `clang-apply-replacements DIR` applies and editors
/// and CI tools read: one diagnostic per finding, each with its replacements as byte offsets.
public enum ReplacementsExport {
    public struct Replacement: Hashable, Sendable {
        public var filePath: String
        public var offset: Int
        public var length: Int
        public var text: String

        public init(filePath: String, offset: Int, length: Int, text: String) {
            self.filePath = filePath
            self.offset = offset
            self.length = length
            self.text = text
        }
    }

    public struct Diagnostic: Sendable {
        /// `shiftlint-<check>`, as clang-tidy names a check's diagnostics.
        public var name: String
        public var message: String
        public var filePath: String
        public var fileOffset: Int
        public var severity: Severity
        public var replacements: [Replacement]

        public init(
            name: String, message: String, filePath: String, fileOffset: Int, severity: Severity, replacements: [Replacement]
        ) {
            self.name = name
            self.message = message
            self.filePath = filePath
            self.fileOffset = fileOffset
            self.severity = severity
            self.replacements = replacements
        }
    }

    /// The document. `mainSourceFile` may be empty (a run over many files has no one main
    /// file); `buildDirectory` is where relative paths would be resolved (all paths here are
    /// absolute).
    public static func render(mainSourceFile: String, diagnostics: [Diagnostic], buildDirectory: String) -> String {
        var out = "---\nMainSourceFile:  \(scalar(mainSourceFile))\n"
        guard !diagnostics.isEmpty else { return out + "Diagnostics:     []\n...\n" }
        out += "Diagnostics:\n"
        for d in diagnostics {
            out += "  - DiagnosticName:  \(scalar(d.name))\n"
            out += "    DiagnosticMessage:\n"
            out += "      Message:         \(scalar(d.message))\n"
            out += "      FilePath:        \(scalar(d.filePath))\n"
            out += "      FileOffset:      \(d.fileOffset)\n"
            if d.replacements.isEmpty {
                out += "      Replacements:    []\n"
            } else {
                out += "      Replacements:\n"
                for r in d.replacements {
                    out += "        - FilePath:        \(scalar(r.filePath))\n"
                    out += "          Offset:          \(r.offset)\n"
                    out += "          Length:          \(r.length)\n"
                    out += "          ReplacementText: \(scalar(r.text))\n"
                }
            }
            out += "    Level:           \(level(d.severity))\n"
            out += "    BuildDirectory:  \(scalar(buildDirectory))\n"
        }
        return out + "...\n"
    }

    /// clang's `Diagnostic::Level` names: `shift-promotion`'s notes are remarks.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "Error"
        case .warning: return "Warning"
        case .note: return "Remark"
        }
    }

    /// A YAML scalar: single-quoted (`'` doubled), or double-quoted with escapes when the text
    /// holds a character a single-quoted scalar cannot keep (a line break would be folded).
    static func scalar(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
            return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7f {
                    let hex = String(u.value, radix: 16)
                    out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

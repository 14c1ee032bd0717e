/// `--format oneline`: one terse line per finding, as the kernel's
/// `scripts/checkpatch.pl --terse --show-types` prints its reports (`$prefix$level:$type: $msg`,
/// the prefix being `file:line: `), for mailing-list workflows and tools that read checkpatch:
///
///     fs/iomap/direct-io.c:26: WARNING:SHIFT_SIGN_OVERFLOW: signed shift result (0x80000000) sets the sign bit of 'int'
///
/// `ERROR`, `WARNING` or `CHECK` (checkpatch's `--strict` level) from the severity; the type is
/// the check id in checkpatch's spelling. Like `--terse`, only the first line of a report.
public enum OnelineReporter {
    public static func render(_ findings: [Finding]) -> String {
        var out = ""
        for f in findings {
            let message = f.message + (f.fixNote.map { " (no fix: \($0))" } ?? "")
            out += "\(f.file):\(f.line): \(level(f.severity)):\(type(f.check)): \(message.prefix { !$0.isNewline })\n"
        }
        return out
    }

    static func level(_ s: Severity) -> String {
        switch s {
        case .error: return "ERROR"
        case .warning: return "WARNING"
        case .note: return "CHECK"
        }
    }

    /// `shift-sign-overflow` -> `SHIFT_SIGN_OVERFLOW`, like checkpatch's message types.
    static func type(_ id: CheckID) -> String {
        String(id.rawValue.uppercased().map { $0 == "-" ? "_" : $0 })
    }
}

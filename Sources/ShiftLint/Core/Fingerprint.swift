/// A finding's identity across edits that only move it (baselines, SARIF
/// `partialFingerprints`): the file, the check, the macro and the text of the finding's line
/// with its whitespace collapsed, but not the line number. Two findings on identical lines of
/// one file share a fingerprint; users of it count occurrences (a multiset), as GitHub's
/// `primaryLocationLineHash` does.
public enum Fingerprint {
    /// The line with leading and trailing whitespace removed and every run of blanks made one
    /// space (re-indenting or re-aligning a `#define` does not make its finding new).
    public static func normalize(_ line: String) -> String {
        var out = ""
        var pendingSpace = false
        for c in line.unicodeScalars {
            if c == " " || c == "\t" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.unicodeScalars.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// The file as the user spelled it, without `.` components and repeated slashes
    /// (`./fs//x.c` and `fs/x.c` are one file to a baseline).
    public static func normalizePath(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }

    /// 16 hex digits of FNV-1a (64-bit) over the parts, NUL-separated: stable across runs,
    /// machines and versions (Swift's `Hasher` is seeded per process, so it cannot be used).
    public static func of(file: String, check: CheckID, macro: String?, lineText: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in [normalizePath(file), check.rawValue, macro ?? "", normalize(lineText)] {
            for byte in part.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            hash ^= 0
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// The lines a change added or modified, per file (absolute paths), read from a unified diff
/// (`git diff -U0`, or a patch as `patch -p1` reads it). Deleted lines leave no mark: a
/// finding exists only on lines of the new text.
public struct ChangedLines: Sendable, Equatable {
    public private(set) var lines: [String: Set<Int>] = [:]
    /// Files new as a whole (untracked files under `--changed-since`).
    public private(set) var wholeFiles: Set<String> = []

    public init() {}

    public mutating func addWholeFile(_ path: String) { wholeFiles.insert(path) }

    /// Parses a unified diff. Paths in `+++` lines lose `strip` leading components (as
    /// `patch -pN`) and are resolved against `root` (absolute).
    public static func parse(unifiedDiff text: String, root: String, strip: Int = 1) -> ChangedLines {
        var result = ChangedLines()
        var file: String?
        var newLine = 0
        var remaining = 0   // new-side lines left in the current hunk
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if remaining > 0 && !line.hasPrefix("@@") {
                if line.hasPrefix("+") {
                    if let file { result.lines[file, default: []].insert(newLine) }
                    newLine += 1
                    remaining -= 1
                } else if line.hasPrefix(" ") || line.isEmpty {
                    newLine += 1
                    remaining -= 1
                }
                // "-" lines and "\ No newline at end of file" do not advance the new side.
                continue
            }
            if line.hasPrefix("+++ ") {
                file = path(String(line.dropFirst(4)), root: root, strip: strip)
            } else if line.hasPrefix("@@"), let (start, count) = newRange(line) {
                newLine = start
                remaining = count
            }
        }
        return result
    }

    /// Whether a line of a file (absolute path) was added or changed.
    public func contains(_ file: String, _ line: Int) -> Bool {
        wholeFiles.contains(file) || lines[file]?.contains(line) == true
    }

    /// Whether a finding is on a changed line, or one of its places (the macro's definition,
    /// the expansions that lead to it) is. `absolute` maps a finding's file name to its path.
    public func touches(_ f: Finding, absolute: (String) -> String) -> Bool {
        if contains(absolute(f.file), f.line) { return true }
        return f.notes.contains { n in
            guard let file = n.file, let line = n.line else { return false }
            return contains(absolute(file), line)
        }
    }

    /// `+++ b/fs/x.c\t2024-01-01 ...` → the absolute path; nil for /dev/null.
    static func path(_ spec: String, root: String, strip: Int) -> String? {
        var p = spec
        if let tab = p.firstIndex(of: "\t") { p = String(p[..<tab]) }
        if p.hasPrefix("\""), p.hasSuffix("\""), p.count >= 2 { p = String(p.dropFirst().dropLast()) }
        guard p != "/dev/null" else { return nil }
        var parts = p.split(separator: "/", omittingEmptySubsequences: true)
        if parts.count > strip { parts.removeFirst(strip) }
        let relative = parts.joined(separator: "/")
        return InputSet.absolute(relative, in: root)
    }

    /// `@@ -a,b +c,d @@` → (c, d); d defaults to 1.
    static func newRange(_ header: Substring) -> (Int, Int)? {
        guard let plus = header.firstIndex(of: "+") else { return nil }
        let spec = header[header.index(after: plus)...].prefix { $0 != " " }
        let parts = spec.split(separator: ",", omittingEmptySubsequences: false)
        guard let start = Int(parts[0]) else { return nil }
        let count = parts.count > 1 ? Int(parts[1]) : 1
        guard let count else { return nil }
        return (start, count)
    }
}

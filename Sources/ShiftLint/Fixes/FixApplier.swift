import Foundation

/// Applies fixes to file contents. Overlapping or out-of-range edits are refused as a whole
/// rather than half-applied, and files are replaced atomically.
public enum FixApplier {
    public struct Conflict: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Applies `fixes` (all for one file) to `bytes`; fixes without byte offsets (read back
    /// from JSON) get them from their line and column.
    public static func apply(_ fixes: [Fix], to bytes: [UInt8]) throws -> [UInt8] {
        let lines = LineIndex(bytes)
        let resolved = try fixes.map { fix -> Fix in
            guard fix.offset < 0 || fix.endOffset < 0 else { return fix }
            // Read back from JSON: the offsets are not in the schema; recompute them from the
            // line and byte column against the file as it is now.
            guard let start = lines.offset(line: fix.line, column: fix.column),
                let end = lines.offset(line: fix.endLine, column: fix.endColumn)
            else {
                throw Conflict(message: "\(fix.file):\(fix.line):\(fix.column): the fix is outside the file, nothing written")
            }
            var f = fix
            f.offset = start
            f.endOffset = end
            return f
        }
        let unique = Array(Set(resolved)).sorted { $0.offset < $1.offset }
        var out: [UInt8] = []
        var cursor = 0
        for fix in unique {
            guard fix.offset >= cursor, fix.endOffset >= fix.offset, fix.endOffset <= bytes.count else {
                throw Conflict(message: "\(fix.file):\(fix.line):\(fix.column): overlapping or stale fix, nothing written")
            }
            out += bytes[cursor..<fix.offset]
            out += Array(fix.replacement.utf8)
            cursor = fix.endOffset
        }
        out += bytes[cursor...]
        return out
    }

    /// Applies fixes to files on disk (paths as in the fixes, relative to `workingDirectory`).
    /// Each file is written to a temporary sibling and renamed over the original.
    public static func applyToFiles(_ fixes: [Fix], workingDirectory: String) throws -> Int {
        var byFile: [String: [Fix]] = [:]
        for f in fixes { byFile[f.file, default: []].append(f) }
        var changed = 0
        for (file, edits) in byFile.sorted(by: { $0.key < $1.key }) {
            let path = InputSet.absolute(file, in: workingDirectory)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Conflict(message: "\(file): cannot read file to fix")
            }
            let fixed = try apply(edits, to: [UInt8](data))
            let url = URL(fileURLWithPath: path)
            try Data(fixed).write(to: url, options: .atomic)
            changed += 1
        }
        return changed
    }
}

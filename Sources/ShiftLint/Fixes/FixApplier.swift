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
    /// Every file is checked before any is written: a path that is a symbolic link is
    /// followed only to a file that is itself one of the analyzed `inputs` (and the link is
    /// kept: its target is rewritten); one that leads outside them refuses the whole run.
    /// Each file is written to a temporary sibling and renamed over the original.
    public static func applyToFiles(_ fixes: [Fix], workingDirectory: String, inputs: InputSet) throws -> Int {
        // By the file that will be written: a link and its target are one file.
        var byTarget: [String: (shown: String, fixes: [Fix])] = [:]
        for (file, edits) in Dictionary(grouping: fixes, by: \.file).sorted(by: { $0.key < $1.key }) {
            let path = InputSet.absolute(file, in: workingDirectory)
            let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardized.path
            guard target == path || inputs.contains(target) else {
                throw Conflict(message: "\(file): a symbolic link to \(target), outside the analyzed paths; nothing written")
            }
            byTarget[target, default: (file, [])].fixes += edits
        }
        var planned: [(path: String, bytes: [UInt8])] = []
        for (target, entry) in byTarget.sorted(by: { $0.key < $1.key }) {
            guard let data = FileManager.default.contents(atPath: target) else {
                throw Conflict(message: "\(entry.shown): cannot read file to fix; nothing written")
            }
            // The same edit found through a link and through its target is one edit.
            var seen = Set<[Int]>()
            let unique = entry.fixes.filter { f in
                seen.insert([f.line, f.column, f.endLine, f.endColumn] + Array(f.replacement.utf8).map(Int.init)).inserted
            }
            planned.append((target, try apply(unique, to: [UInt8](data))))
        }
        for (path, bytes) in planned {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        }
        return planned.count
    }
}

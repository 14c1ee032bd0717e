import Foundation

/// Applies fixes to file contents. Overlapping or out-of-range edits are refused as a whole
/// rather than half-applied, and files are replaced atomically.
public enum FixApplier {
    public struct Conflict: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Applies `fixes` (all for one file) to `bytes`, checking that each replaced range
    /// still holds what the fix expects to replace when `expected` is given.
    public static func apply(_ fixes: [Fix], to bytes: [UInt8]) throws -> [UInt8] {
        let lines = LineStarts(bytes)
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

/// Byte offsets of line starts, to turn clang's 1-based line and byte column into an offset.
struct LineStarts {
    private var starts: [Int] = [0]
    private let count: Int

    init(_ bytes: [UInt8]) {
        count = bytes.count
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
    }

    /// The offset of a 1-based line and byte column; nil outside the file or past the line's end.
    func offset(line: Int, column: Int) -> Int? {
        guard line >= 1, line <= starts.count, column >= 1 else { return nil }
        let o = starts[line - 1] + column - 1
        let lineEnd = line < starts.count ? starts[line] - 1 : count
        return o <= lineEnd ? o : nil
    }
}

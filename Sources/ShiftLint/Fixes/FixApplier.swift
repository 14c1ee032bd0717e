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

    /// One file's edits, ready to write: the file that will be written (a symbolic link's
    /// target), how the user named it, the edits (unique, with byte offsets), and the bytes
    /// before and after.
    public struct FileEdit: Sendable {
        public var path: String
        public var shown: String
        public var fixes: [Fix]
        public var old: [UInt8]
        public var new: [UInt8]
    }

    /// Works out every file's new bytes without writing anything (paths as in the fixes,
    /// relative to `workingDirectory`). A path that is a symbolic link is followed only to a
    /// file that is itself one of the analyzed `inputs` (the link is kept: its target is
    /// rewritten); one that leads outside them refuses the whole run. Files the edits leave as
    /// they are are left out.
    public static func prepare(_ fixes: [Fix], workingDirectory: String, inputs: InputSet) throws -> [FileEdit] {
        // By the file that will be written: a link and its target are one file.
        var byTarget: [String: (shown: String, fixes: [Fix])] = [:]
        for (file, edits) in Dictionary(grouping: fixes, by: \.file).sorted(by: { $0.key < $1.key }) {
            let path = InputSet.absolute(file, in: workingDirectory)
            let target = Self.target(of: file, workingDirectory: workingDirectory)
            guard target == path || inputs.contains(target) else {
                throw Conflict(message: "\(file): a symbolic link to \(target), outside the analyzed paths; nothing written")
            }
            byTarget[target, default: (file, [])].fixes += edits
        }
        var planned: [FileEdit] = []
        for (target, entry) in byTarget.sorted(by: { $0.key < $1.key }) {
            guard let data = FileManager.default.contents(atPath: target) else {
                throw Conflict(message: "\(entry.shown): cannot read file to fix; nothing written")
            }
            // The same edit found through a link and through its target, or carried by two
            // findings of one family, is one edit.
            var seen = Set<[Int]>()
            let unique = entry.fixes.filter { f in
                seen.insert([f.line, f.column, f.endLine, f.endColumn] + Array(f.replacement.utf8).map(Int.init)).inserted
            }
            let old = [UInt8](data)
            let new = try apply(unique, to: old)
            guard new != old else { continue }
            let lines = LineIndex(old)
            let resolved = unique.map { f -> Fix in
                var f = f
                if f.offset < 0 || f.endOffset < 0 {
                    f.offset = lines.offset(line: f.line, column: f.column) ?? 0
                    f.endOffset = lines.offset(line: f.endLine, column: f.endColumn) ?? f.offset
                }
                return f
            }.sorted { $0.offset < $1.offset }
            planned.append(FileEdit(path: target, shown: entry.shown, fixes: resolved, old: old, new: new))
        }
        return planned
    }

    /// The file a fix's path names once symbolic links are followed (absolute).
    public static func target(of file: String, workingDirectory: String) -> String {
        URL(fileURLWithPath: InputSet.absolute(file, in: workingDirectory)).resolvingSymlinksInPath().standardized.path
    }

    /// Applies fixes to files on disk (see `prepare`): every file is checked before any is
    /// written, and each is replaced atomically with its mode kept (`writeAtomically`).
    /// Returns the number of files written.
    public static func applyToFiles(_ fixes: [Fix], workingDirectory: String, inputs: InputSet) throws -> Int {
        let edits = try prepare(fixes, workingDirectory: workingDirectory, inputs: inputs)
        for edit in edits { try writeAtomically(edit.new, to: edit.path) }
        return edits.count
    }

    /// Replaces a file's contents atomically: a temporary file in the same directory (so the
    /// rename cannot cross file systems) with the original's permission bits and, where this
    /// process may set them, its owner and group, flushed, then renamed over the original. A
    /// reader sees the old bytes or the new ones, never a mix. (Foundation's `.atomic` write
    /// creates the new file with the default mode: a 0755 script or a 0640 file would change.)
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        var st = stat()
        guard stat(path, &st) == 0 else { throw Conflict(message: "\(path): cannot stat: \(errnoText())") }
        let url = URL(fileURLWithPath: path)
        var template = Array(
            url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).shiftlint-XXXXXX").path.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { p -> Int32 in
            guard let base = p.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw Conflict(message: "\(path): cannot create a temporary file beside it: \(errnoText())") }
        let temporary = String(cString: template)
        var closed = false
        defer {
            if !closed { close(fd) }
        }
        func fail(_ what: String) -> Conflict {
            let message = "\(path): \(what): \(errnoText()); the file is unchanged"   // before unlink sets errno
            unlink(temporary)
            return Conflict(message: message)
        }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw fail("cannot write") }
            written += n
        }
        // Owner first: chown clears the set-user-ID and set-group-ID bits the mode then restores.
        // Only root may give a file away; for others the owner is already this user.
        _ = fchown(fd, st.st_uid, st.st_gid)
        guard fchmod(fd, st.st_mode & 0o7777) == 0 else { throw fail("cannot set the mode") }
        guard fsync(fd) == 0 else { throw fail("cannot flush") }
        closed = true
        guard close(fd) == 0 else { throw fail("cannot close") }
        guard rename(temporary, path) == 0 else { throw fail("cannot rename the new file over it") }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

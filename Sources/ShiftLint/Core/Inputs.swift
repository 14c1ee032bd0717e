import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A problem with the tool's own input (exit code 2), as opposed to errors in the C code.
public struct InputError: Error, CustomStringConvertible, Sendable, Codable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The files the user asked about. Findings are reported only in these files (named
/// files, or `.c`/`.h` files below named directories), never in headers reached from
/// elsewhere.
public struct InputSet: Sendable, Codable {
    public private(set) var sourceFiles: [String]   // absolute, standardized; .c and .h, sorted
    public let skippedFiles: [String]   // C++ and other files named explicitly
    public let errors: [InputError]
    /// Files left out by a configuration's `exclude` (absolute, standardized): not analyzed,
    /// and nothing is reported in them.
    public private(set) var excludedFiles: Set<String> = []
    private var files: Set<String>
    private let directories: [String]
    /// How the user spelled each named file and directory (absolute path → spelling).
    private let givenFiles: [String: String]
    private let givenDirectories: [GivenDirectory]
    private struct GivenDirectory: Codable {
        var absolute: String
        var given: String
    }
    let workingDirectory: String

    static let cExtensions: Set<String> = ["c", "h"]
    static let cxxExtensions: Set<String> = ["cc", "cpp", "cxx", "c++", "hpp", "hh", "hxx", "h++", "ipp", "tcc", "m", "mm"]

    /// `headersUnder`: directories whose headers count as inputs too (findings there are
    /// reported) without being analyzed on their own: a checker called per file by kbuild
    /// reports what it finds in the tree's headers, as sparse does.
    public init(paths: [String], headersUnder: [String] = [], workingDirectory: String = FileManager.default.currentDirectoryPath)
    {
        self.workingDirectory = workingDirectory
        var found: [String] = []
        var skipped: [String] = []
        var errors: [InputError] = []
        var dirs: [String] = []
        var givenFiles: [String: String] = [:]
        var givenDirs: [(String, String)] = []
        let fm = FileManager.default
        for path in paths {
            let absolute = InputSet.absolute(path, in: workingDirectory)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
                errors.append(InputError("\(path): no such file or directory"))
                continue
            }
            if isDirectory.boolValue {
                let dir = absolute.hasSuffix("/") ? absolute : absolute + "/"
                dirs.append(dir)
                givenDirs.append((dir, path.hasSuffix("/") ? path : path + "/"))
                found += InputSet.walk(absolute, errors: &errors)
            } else {
                let ext = (absolute as NSString).pathExtension.lowercased()
                givenFiles[absolute] = path
                if InputSet.cxxExtensions.contains(ext) { skipped.append(absolute) } else { found.append(absolute) }
            }
        }
        var seen = Set<String>()
        sourceFiles = found.filter { seen.insert($0).inserted }.sorted()
        skippedFiles = skipped
        self.errors = errors
        files = Set(sourceFiles)
        directories =
            dirs
            + headersUnder.map { d in
                let a = InputSet.absolute(d, in: workingDirectory)
                return a.hasSuffix("/") ? a : a + "/"
            }
        self.givenFiles = givenFiles
        // Longest first, so a file is shown through the most specific directory named.
        givenDirectories = givenDirs.sorted { $0.0.count > $1.0.count }.map { GivenDirectory(absolute: $0.0, given: $0.1) }
    }

    /// Recursively lists `.c` and `.h` files, following no symlinked directories (so link
    /// loops cannot trap us) and reporting unreadable directories. Each directory's entries
    /// are taken in name order, directories depth-first from the last; the entry types come
    /// from `readdir` (a whole kernel tree has 86,000 entries: one `stat` each would cost
    /// seconds), with `stat` only for symbolic links and entries of unknown type.
    static func walk(_ root: String, errors: inout [InputError]) -> [String] {
        var result: [String] = []
        var stack = [URL(fileURLWithPath: root).standardized.path]
        var visited = Set<String>()
        while let dir = stack.popLast() {
            let real = dir.withCString { p -> String in
                guard let r = realpath(p, nil) else { return (dir as NSString).resolvingSymlinksInPath }
                defer { free(r) }
                return String(cString: r)
            }
            guard visited.insert(real).inserted else { continue }
            guard let handle = opendir(dir) else {
                errors.append(InputError("\(dir): cannot read directory"))
                continue
            }
            var entries: [(name: String, type: UInt8)] = []
            while let entry = readdir(handle) {
                let type = entry.pointee.d_type
                let name = withUnsafePointer(to: &entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name == "." || name == ".." { continue }
                entries.append((name, type))
            }
            closedir(handle)
            let base = dir == "/" ? "" : dir
            for (name, type) in entries.sorted(by: { $0.name < $1.name }) {
                let path = base + "/" + name
                var isDirectory = type == UInt8(DT_DIR)
                var isFile = type == UInt8(DT_REG)
                if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
                    var st = stat()
                    if lstat(path, &st) != 0 { continue }
                    let kind = st.st_mode & S_IFMT
                    if kind == S_IFLNK {
                        // A link to a directory is not followed; to anything else (even nothing), kept.
                        if stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR { continue }
                        isFile = true
                    } else {
                        isDirectory = kind == S_IFDIR
                        isFile = kind == S_IFREG
                    }
                }
                if isDirectory {
                    stack.append(path)
                } else if isFile, cExtensions.contains((name as NSString).pathExtension) {
                    result.append(path)
                }
            }
        }
        return result
    }

    public static func absolute(_ path: String, in cwd: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: cwd).appendingPathComponent(path)
        return url.standardized.path
    }

    /// These inputs without some files (absolute, standardized paths).
    public func excluding(_ excluded: Set<String>) -> InputSet {
        var copy = self
        copy.excludedFiles.formUnion(excluded)
        copy.sourceFiles.removeAll { excluded.contains($0) }
        copy.files.subtract(excluded)
        return copy
    }

    /// Whether the file (absolute, standardized) was named on the command line itself.
    public func isNamed(_ absolutePath: String) -> Bool { givenFiles[absolutePath] != nil }

    /// Whether an absolute, standardized path is one of the inputs.
    public func contains(_ absolutePath: String) -> Bool {
        if excludedFiles.contains(absolutePath) { return false }
        if files.contains(absolutePath) { return true }
        let ext = (absolutePath as NSString).pathExtension
        guard InputSet.cExtensions.contains(ext) else { return false }
        return directories.contains { absolutePath.hasPrefix($0) }
    }

    /// The named files and directories (absolute, standardized), in no particular order.
    var namedPaths: [String] { Array(givenFiles.keys) + givenDirectories.map(\.absolute) }

    /// Everything `display` depends on besides the path: how each named file and directory
    /// was spelled, and the working directory (results that show paths are kept under it).
    var displayKey: String {
        let files = givenFiles.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let dirs = givenDirectories.map { "\($0.absolute)=\($0.given)" }
        return ([workingDirectory] + files + dirs).joined(separator: "\u{0}")
    }

    /// How a path is shown: as given on the command line (a named file, or a file below a
    /// named directory), else relative to the working directory when below it, else absolute.
    public func display(_ absolutePath: String) -> String {
        if let given = givenFiles[absolutePath] { return given }
        for d in givenDirectories where absolutePath.hasPrefix(d.absolute) {
            let (dir, given) = (d.absolute, d.given)
            let rest = absolutePath.dropFirst(dir.count)
            return given == "./" ? String(rest) : given + rest
        }
        let base = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        if absolutePath.hasPrefix(base) { return String(absolutePath.dropFirst(base.count)) }
        return absolutePath
    }
}

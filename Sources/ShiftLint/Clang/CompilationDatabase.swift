import CClang
import Foundation

/// A compile database (`compile_commands.json`), read through libclang's own
/// `CXCompilationDatabase` (the reader clang-tidy's `-p` uses), copied out into value types;
/// the libclang objects are freed before `load` returns.
public enum CompilationDatabase {
    /// One entry: the directory the command runs in, the source file (absolute), and the
    /// command's words, compiler first.
    public struct Command: Sendable, Equatable {
        public var directory: String
        public var file: String
        public var words: [String]
    }

    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The entries of the database in `path`: a directory holding `compile_commands.json`, or
    /// the file itself.
    public static func load(_ path: String) -> Result<[Command], LoadError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(LoadError(description: "\(path): no such file or directory"))
        }
        let directory = isDirectory.boolValue ? path : (path as NSString).deletingLastPathComponent
        let file = isDirectory.boolValue ? (path as NSString).appendingPathComponent("compile_commands.json") : path
        guard (file as NSString).lastPathComponent == "compile_commands.json" else {
            return .failure(LoadError(description: "\(path): a compile database is named compile_commands.json"))
        }
        guard FileManager.default.isReadableFile(atPath: file) else {
            return .failure(LoadError(description: "\(file): no such file, or not readable"))
        }
        var error = CXCompilationDatabase_NoError
        guard let db = clang_CompilationDatabase_fromDirectory(directory.isEmpty ? "." : directory, &error),
            error == CXCompilationDatabase_NoError
        else {
            return .failure(LoadError(description: "\(file): not a valid compile database (libclang cannot read it)"))
        }
        defer { clang_CompilationDatabase_dispose(db) }
        guard let commands = clang_CompilationDatabase_getAllCompileCommands(db) else { return .success([]) }
        defer { clang_CompileCommands_dispose(commands) }
        var result: [Command] = []
        for i in 0..<clang_CompileCommands_getSize(commands) {
            guard let c = clang_CompileCommands_getCommand(commands, i) else { continue }
            let dir = consume(clang_CompileCommand_getDirectory(c))
            let name = consume(clang_CompileCommand_getFilename(c))
            let words = (0..<clang_CompileCommand_getNumArgs(c)).map { consume(clang_CompileCommand_getArg(c, $0)) }
            let absolute = name.hasPrefix("/") ? name : (dir as NSString).appendingPathComponent(name)
            result.append(Command(directory: dir, file: URL(fileURLWithPath: absolute).standardized.path, words: words))
        }
        return .success(result)
    }
}

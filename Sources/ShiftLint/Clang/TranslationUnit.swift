import CClang
import Foundation

/// Owns a `CXIndex`. Every translation unit keeps its index alive.
final class ClangIndex {
    let raw: CXIndex

    init?() {
        // excludeDeclarationsFromPCH = 0, displayDiagnostics = 0: we print our own.
        guard let raw = clang_createIndex(0, 0) else { return nil }
        self.raw = raw
    }

    deinit { clang_disposeIndex(raw) }
}

/// Why libclang could not give us a translation unit at all (a tool error, exit 2).
/// Errors *in* the C code are not reported this way: they become diagnostics.
public struct ParseFailure: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): cannot create a translation unit: \(reason)" }
}

/// Owns a `CXTranslationUnit`. Cursors, types and tokens hold a strong reference to it,
/// so nothing derived from it outlives it.
public final class TranslationUnit {
    let index: ClangIndex
    let raw: CXTranslationUnit
    public let mainFile: String
    private var fileNameCache: [UnsafeMutableRawPointer: String] = [:]

    /// Parses `path` with `arguments` (compiler flags, without the file).
    /// The detailed preprocessing record makes every `#define` and macro expansion visible;
    /// KeepGoing keeps the AST after errors (missing includes, syntax errors).
    public static func parse(
        path: String, arguments: [String],
        unsavedContents: String? = nil
    ) -> Result<TranslationUnit, ParseFailure> {
        guard let index = ClangIndex() else {
            return .failure(ParseFailure(path: path, reason: "clang_createIndex failed"))
        }
        let options =
            CXTranslationUnit_DetailedPreprocessingRecord.rawValue
            | CXTranslationUnit_KeepGoing.rawValue
            // Only errors are read (the C code's warnings are not shiftlint's business): warnings
            // from the headers are not kept.
            | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles.rawValue
        var tu: CXTranslationUnit?
        let code: CXErrorCode = withCStrings(arguments) { argv in
            path.withCString { cPath in
                if let contents = unsavedContents {
                    return contents.withCString { cContents in
                        var unsaved = CXUnsavedFile(
                            Filename: cPath, Contents: cContents,
                            Length: UInt(strlen(cContents)))
                        return clang_parseTranslationUnit2(
                            index.raw, cPath, argv, Int32(arguments.count), &unsaved, 1, options, &tu)
                    }
                }
                return clang_parseTranslationUnit2(
                    index.raw, cPath, argv, Int32(arguments.count), nil, 0, options, &tu)
            }
        }
        guard code == CXError_Success, let raw = tu else {
            let reason: String
            switch code {
            case CXError_Crashed: reason = "libclang crashed while parsing"
            case CXError_InvalidArguments: reason = "invalid arguments"
            case CXError_ASTReadError: reason = "AST read error"
            default: reason = "libclang could not parse it (check the compiler arguments)"
            }
            return .failure(ParseFailure(path: path, reason: reason))
        }
        return .success(TranslationUnit(index: index, raw: raw, mainFile: path))
    }

    private init(index: ClangIndex, raw: CXTranslationUnit, mainFile: String) {
        self.index = index
        self.raw = raw
        self.mainFile = mainFile
    }

    deinit { clang_disposeTranslationUnit(raw) }

    public var cursor: Cursor { Cursor(clang_getTranslationUnitCursor(raw), in: self) }

    /// The parse's diagnostics, copied out once (each `CXDiagnostic` is freed).
    public lazy var diagnostics: [ClangDiagnostic] = {
        let count = clang_getNumDiagnostics(raw)
        var result: [ClangDiagnostic] = []
        result.reserveCapacity(Int(count))
        for i in 0..<count {
            guard let diag = clang_getDiagnostic(raw, i) else { continue }
            defer { clang_disposeDiagnostic(diag) }
            let severity = ClangDiagnostic.Severity(rawValue: Int(clang_getDiagnosticSeverity(diag).rawValue)) ?? .warning
            let message = consume(clang_getDiagnosticSpelling(diag))
            let position = resolve(clang_getDiagnosticLocation(diag), .spelling)
            result.append(ClangDiagnostic(severity: severity, message: message, position: position))
        }
        return result
    }()

    /// Whether parsing produced any error (then some declarations may be invalid).
    public lazy var hasErrors: Bool = diagnostics.contains { $0.isError }

    /// The target's triple and pointer width, as the parse saw them (`-m32`, `--target=`).
    public var target: (triple: String, pointerWidth: Int)? {
        guard let info = clang_getTranslationUnitTargetInfo(raw) else { return nil }
        defer { clang_TargetInfo_dispose(info) }
        return (consume(clang_TargetInfo_getTriple(info)), Int(clang_TargetInfo_getPointerWidth(info)))
    }

    // MARK: Files and locations

    func fileName(_ file: CXFile?) -> String? {
        guard let file else { return nil }
        if let cached = fileNameCache[file] { return cached }
        let name = consume(clang_getFileName(file))
        fileNameCache[file] = name
        return name
    }

    /// The handle of a file of this unit, as an opaque key (see `Cursor.expansionFileKey`).
    public func fileKey(named path: String) -> UnsafeMutableRawPointer? { file(named: path) }

    func file(named path: String) -> CXFile? {
        path.withCString { clang_getFile(raw, $0) }
    }

    /// The raw bytes libclang holds for a file (what it parsed), or nil.
    public func contents(ofFile path: String) -> [UInt8]? {
        guard let file = file(named: path) else { return nil }
        var size = 0
        guard let base = clang_getFileContents(raw, file, &size) else { return nil }
        return base.withMemoryRebound(to: UInt8.self, capacity: size) {
            Array(UnsafeBufferPointer(start: $0, count: size))
        }
    }

    func resolve(_ location: CXSourceLocation, _ view: LocationView) -> SourcePosition? {
        var file: CXFile?
        var line: UInt32 = 0, column: UInt32 = 0, offset: UInt32 = 0
        switch view {
        case .spelling: clang_getSpellingLocation(location, &file, &line, &column, &offset)
        case .expansion: clang_getExpansionLocation(location, &file, &line, &column, &offset)
        case .file: clang_getFileLocation(location, &file, &line, &column, &offset)
        }
        guard let name = fileName(file) else { return nil }
        return SourcePosition(file: name, line: Int(line), column: Int(column), offset: Int(offset))
    }

    /// The file a location expands into, as a handle (cheap to compare).
    func expansionFile(_ location: CXSourceLocation) -> CXFile? {
        var file: CXFile?
        clang_getExpansionLocation(location, &file, nil, nil, nil)
        return file
    }

    /// Ranges the preprocessor skipped in `path` (inactive `#if` branches).
    public func skippedRanges(inFile path: String) -> [Range<Int>] {
        guard let file = file(named: path), let list = clang_getSkippedRanges(raw, file) else { return [] }
        defer { clang_disposeSourceRangeList(list) }
        var result: [Range<Int>] = []
        for i in 0..<Int(list.pointee.count) {
            guard let range = list.pointee.ranges?[i] else { continue }
            var start: UInt32 = 0, end: UInt32 = 0
            clang_getSpellingLocation(clang_getRangeStart(range), nil, nil, nil, &start)
            clang_getSpellingLocation(clang_getRangeEnd(range), nil, nil, nil, &end)
            if end >= start { result.append(Int(start)..<Int(end)) }
        }
        return result
    }

    // MARK: Tokens

    /// Lexes the given range into tokens (copied out; the `CXToken` array is freed).
    func tokens(in range: CXSourceRange) -> [Token] {
        var tokensPointer: UnsafeMutablePointer<CXToken>?
        var count: UInt32 = 0
        clang_tokenize(raw, range, &tokensPointer, &count)
        guard let tokensPointer else { return [] }
        defer { clang_disposeTokens(raw, tokensPointer, count) }
        var result: [Token] = []
        result.reserveCapacity(Int(count))
        for i in 0..<Int(count) {
            let token = tokensPointer[i]
            let kind = Token.Kind(clang_getTokenKind(token))
            let spelling = consume(clang_getTokenSpelling(raw, token))
            // Predefined and command-line (-D) macros live in a buffer with no file.
            let position =
                resolve(clang_getTokenLocation(raw, token), .spelling)
                ?? SourcePosition(file: "<built-in>", line: 0, column: 0, offset: 0)
            result.append(Token(kind: kind, spelling: spelling, position: position))
        }
        return result
    }

    /// All tokens of a whole file (used for preprocessor conditionals).
    public func tokens(ofFile path: String) -> [Token] {
        guard let file = file(named: path) else { return [] }
        var size = 0
        guard clang_getFileContents(raw, file, &size) != nil else { return [] }
        let start = clang_getLocationForOffset(raw, file, 0)
        let end = clang_getLocationForOffset(raw, file, UInt32(size))
        return tokens(in: clang_getRange(start, end))
    }
}

/// Calls `body` with a C `argv` for `strings`; the C strings live for the call only.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    let owned: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { owned.forEach { free($0) } }
    let argv: [UnsafePointer<CChar>?] = owned.map { $0.map { UnsafePointer($0) } }
    return argv.withUnsafeBufferPointer { body($0.baseAddress) }
}

extension TranslationUnit {
    /// Every file this translation unit read (the main file and all includes).
    public var includedFiles: [String] {
        final class Box { var names: [String] = [] }
        let box = Box()
        clang_getInclusions(
            raw,
            { file, _, _, data in
                guard let data, let file else { return }
                let box = Unmanaged<Box>.fromOpaque(data).takeUnretainedValue()
                box.names.append(consume(clang_getFileName(file)))
            }, Unmanaged.passUnretained(box).toOpaque())
        return withExtendedLifetime(box) { box.names }
    }
}

/// Which of clang's views of a (possibly macro-produced) location to resolve.
enum LocationView {
    /// Where the characters were written (inside a `#define` body for macro-produced code).
    case spelling
    /// Where the outermost macro was invoked, in the file being compiled.
    case expansion
    /// Where the location is in a file, following macro arguments to where they are written
    /// (`x << BIT(3)` inside another macro's argument: the `BIT` token in the argument).
    case file
}

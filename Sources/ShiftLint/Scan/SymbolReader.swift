import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file's bytes, mapped read-only (the scan reads every file of the tree once or twice;
/// copying 1.3 GB would cost more than lexing it).
final class MappedFile {
    let buffer: UnsafeBufferPointer<UInt8>
    private let base: UnsafeMutableRawPointer?
    private let length: Int

    init?(path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        length = Int(st.st_size)
        if length == 0 {
            base = nil
            buffer = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        let p = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else { return nil }
        base = p
        buffer = UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: length)
    }

    deinit {
        if let base { munmap(base, length) }
    }

    /// Whether the first 64 KiB hold a NUL byte (a binary file, not C source).
    var looksBinary: Bool {
        buffer.prefix(65536).contains(0)
    }
}

/// Reads the tree index's symbols back from their files and parses them: macro definitions,
/// typedef specifiers and enumeration values. One per thread (its caches are not shared).
final class SymbolReader {
    let index: TreeIndex
    private var macros: [Int32: MacroDefinition?] = [:]
    private var typedefWords: [Int32: [String]?] = [:]
    private var files: [Int32: MappedFile] = [:]
    private var fileOrder: [Int32] = []

    init(index: TreeIndex) { self.index = index }

    /// Which parameters of the tree's function-like macros reach a shift (cached per thread).
    lazy var taint = MacroTaint(index: index, reader: self)

    /// A file's bytes, a few kept mapped.
    func file(_ id: Int32) -> MappedFile? {
        if let f = files[id] { return f }
        guard let f = MappedFile(path: index.files[Int(id)].path) else { return nil }
        files[id] = f
        fileOrder.append(id)
        if fileOrder.count > 16 { files[fileOrder.removeFirst()] = nil }
        return f
    }

    /// The tokens of `[start, end)` of a file, with positions (`line` is the line `start` is on).
    func tokens(file id: Int32, start: Int, end: Int, line: Int, keepComments: Bool = false) -> [Token]? {
        guard let f = file(id), end <= f.buffer.count, start <= end else { return nil }
        let path = index.files[Int(id)].path
        var lexer = ByteLexer(f.buffer, from: start, to: end, atLineStart: true)
        lexer.keepComments = keepComments
        var out: [Token] = []
        var currentLine = line
        var lineStart = start
        while lineStart > 0, f.buffer[lineStart - 1] != 0x0a { lineStart -= 1 }
        var scanned = start
        while let t = lexer.next() {
            while scanned < t.start {
                if f.buffer[scanned] == 0x0a { currentLine += 1; lineStart = scanned + 1 }
                scanned += 1
            }
            let spelling = ByteLexer.spelling(f.buffer, t.start, t.end)
            out.append(
                Token(
                    kind: TokenMaker.kind(t, spelling), spelling: spelling,
                    position: SourcePosition(file: path, line: currentLine, column: t.start - lineStart + 1, offset: t.start)))
        }
        return out
    }

    private var contentKeys: [Int32: String] = [:]

    /// What tells two definitions of a name apart (a macro defined the same way in two
    /// headers is one candidate), computed once per symbol and thread.
    func contentKey(_ i: Int32) -> String? {
        if let known = contentKeys[i] { return known }
        let s = index.symbols[Int(i)]
        let key: String
        switch s.kind {
        case .objectMacro, .functionMacro:
            guard let d = macro(i) else { return nil }
            key =
                "m\(d.isFunctionLike ? "(" + d.parameters.joined(separator: ",") + ")" : "") \(d.body.map(\.spelling).joined(separator: " "))"
        case .typedef:
            key = "t " + (typedefSpecifiers(i)?.joined(separator: " ") ?? "?\(i)")
        case .enumConstant:
            key = "e\(s.file):\(s.start):\(s.line)"
        }
        if contentKeys.count > 200_000 { contentKeys.removeAll(keepingCapacity: true) }
        contentKeys[i] = key
        return key
    }

    /// The definition of a macro symbol (a bounded cache: a thread reads hundreds of
    /// thousands of the tree's definitions, and the scan's memory budget is 1 GiB).
    func macro(_ i: Int32) -> MacroDefinition? {
        if let known = macros[i] { return known }
        if macros.count > 50_000 { macros.removeAll(keepingCapacity: true) }
        let s = index.symbols[Int(i)]
        var def: MacroDefinition?
        if let tokens = tokens(file: s.file, start: Int(s.start), end: Int(s.end), line: Int(s.line)),
            let hash = tokens.firstIndex(where: { $0.spelling == "define" }), hash + 1 < tokens.count
        {
            def = MacroDefinition(tokens: Array(tokens[(hash + 1)...]), isFunctionLike: s.kind == .functionMacro)
        }
        macros[i] = def
        return def
    }

    /// The specifier words of a simple typedef (`typedef unsigned int u32;` → unsigned, int).
    func typedefSpecifiers(_ i: Int32) -> [String]? {
        if let known = typedefWords[i] { return known }
        let s = index.symbols[Int(i)]
        var words: [String]?
        if s.flag, let tokens = tokens(file: s.file, start: Int(s.start), end: Int(s.end), line: 1),
            tokens.count >= 3, tokens.first?.spelling == "typedef"
        {
            // Between `typedef` and the name, before `;`.
            let inner = tokens.dropFirst().dropLast(2)
            if inner.allSatisfy(\.isWord) { words = inner.map(\.spelling).filter { $0 != "extern" && $0 != "__extension__" } }
        }
        typedefWords[i] = words
        return words
    }

    /// The enumerators of an enumeration (the tokens between its braces, split at the
    /// top-level commas): each one's name and initializer tokens.
    func enumerators(_ i: Int32) -> [(name: String, initializer: [Token])]? {
        let s = index.symbols[Int(i)]
        guard let tokens = tokens(file: s.file, start: Int(s.start), end: Int(s.end), line: 1), tokens.count >= 2 else {
            return nil
        }
        var out: [(String, [Token])] = []
        var current: [Token] = []
        var depth = 0
        func flush() {
            guard let name = current.first, name.kind == .identifier else { return }
            let initializer = current.count > 2 && current[1].spelling == "=" ? Array(current[2...]) : []
            out.append((name.spelling, initializer))
        }
        for t in tokens.dropFirst().dropLast() {
            if t.spelling == "(" || t.spelling == "[" || t.spelling == "{" { depth += 1 }
            if t.spelling == ")" || t.spelling == "]" || t.spelling == "}" { depth -= 1 }
            if depth == 0 && t.spelling == "," {
                flush()
                current = []
            } else {
                current.append(t)
            }
        }
        flush()
        return out
    }
}

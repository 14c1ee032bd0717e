import Foundation

/// One name the scanned tree defines: a macro, a typedef or an enumeration constant. Kept
/// small (the Linux tree defines five million macros): where it is, not what it says; its text
/// is read back from the file when an evaluation asks for it.
struct TreeSymbol {
    enum Kind: UInt8 { case objectMacro, functionMacro, typedef, enumConstant }
    var hash: UInt64
    var file: Int32
    var kind: Kind
    /// Macros: whose body holds a shift operator. Typedefs: a simple declaration (specifier
    /// words and a name) that may name an integer type.
    var flag: Bool
    /// Macros: the directive's line start and logical-line end; typedefs: the declaration;
    /// enumeration constants: the enumeration's braces.
    var start: Int32
    var end: Int32
    /// Macros: the directive's 1-based line. Enumeration constants: the enumerator's index.
    var line: Int32
    /// Macros: the identifiers of the body (`TreeIndex.bodyIdentifiers`).
    var identifiersStart: Int32
    var identifiersCount: Int32
}

/// What the index knows of each scanned file.
struct TreeFile {
    var path: String
    var isHeader: Bool
    var directory: Substring
    /// `arch/<name>/...`: the architecture the file belongs to.
    var arch: Substring?
    var inTools: Bool
    /// Under a directory named `include` (a tree-wide header), else private to its directory.
    var isGlobalHeader: Bool
    /// The hashes of the last path components of its `#include`s.
    var includes: Set<UInt64>
    var size: Int
    var hashOfBasename: UInt64
}

/// Pass 1 of the scan over one file: its macros, typedefs and enumeration constants, the
/// names its `#include`s give, and whether it has a shift operator at all. `#if 0` groups
/// (and the `#else` of `#if 1`) are dead in every configuration and are left out; every other
/// group is live, since any configuration may be built (cppcheck's all-configurations view).
struct FileScan {
    var symbols: [TreeSymbol] = []
    var identifiers: [UInt64] = []
    var includes: Set<UInt64> = []
    var hasShift = false

    init(bytes: UnsafeBufferPointer<UInt8>, file: Int32) {
        var lexer = ByteLexer(bytes)
        var conditionals = ConditionalStack()
        var line = 1
        var lineCountedTo = 0
        func lineOf(_ offset: Int) -> Int {
            var i = lineCountedTo
            while i < offset {
                if bytes[i] == 0x0a { line += 1 }
                i += 1
            }
            lineCountedTo = offset
            return line
        }
        var pending: RawToken?
        while true {
            guard let t = pending ?? lexer.next() else { break }
            pending = nil
            if ByteLexer.isDirectiveStart(bytes, t) {
                let (directive, lineEnd) = lexer.directive(after: t, pending: &pending)
                guard let keyword = directive.first, keyword.kind == .identifier else { continue }
                if conditionals.directive(bytes, directive) {
                    continue
                } else if conditionals.live, ByteLexer.equals(bytes, keyword, "define"), directive.count >= 2,
                    directive[1].kind == .identifier
                {
                    let name = directive[1]
                    let functionLike = name.end < bytes.count && bytes[name.end] == 0x28
                    var lineStart = t.start
                    while lineStart > 0, bytes[lineStart - 1] != 0x0a { lineStart -= 1 }
                    let identifiersStart = identifiers.count
                    var shifts = false
                    for d in directive.dropFirst(2) {
                        if d.kind == .identifier {
                            identifiers.append(d.hash)
                        } else if ByteLexer.isShift(bytes, d) {
                            shifts = true
                        }
                    }
                    if shifts { hasShift = true }
                    symbols.append(
                        TreeSymbol(
                            hash: name.hash, file: file, kind: functionLike ? .functionMacro : .objectMacro, flag: shifts,
                            start: Int32(clamping: lineStart), end: Int32(clamping: lineEnd),
                            line: Int32(clamping: lineOf(t.start)),
                            identifiersStart: Int32(clamping: identifiersStart),
                            identifiersCount: Int32(clamping: identifiers.count - identifiersStart)))
                } else if conditionals.live,
                    ByteLexer.equals(bytes, keyword, "include") || ByteLexer.equals(bytes, keyword, "include_next")
                {
                    // The last path component: `<linux/bits.h>` and `"bits.h"` both give bits.h.
                    guard let first = directive.dropFirst().first else { continue }
                    var end = directive.last?.end ?? first.end
                    if first.kind == .string { end = first.end - 1 } else if bytes[end - 1] == 0x3e { end -= 1 }
                    var s = end
                    while s > first.start + 1, bytes[s - 1] != 0x2f, bytes[s - 1] != 0x22, bytes[s - 1] != 0x3c { s -= 1 }
                    if s < end { includes.insert(nameHash(bytes, s, end)) }
                }
                continue
            }
            guard conditionals.live else { continue }
            switch t.kind {
            case .punctuation:
                if ByteLexer.isShift(bytes, t) { hasShift = true }
            case .identifier:
                if ByteLexer.equals(bytes, t, "typedef") {
                    scanTypedef(&lexer, &pending, bytes, start: t.start, file: file)
                } else if ByteLexer.equals(bytes, t, "enum") {
                    scanEnum(&lexer, &pending, bytes, file: file)
                }
            default:
                break
            }
        }
    }

    /// `typedef specifiers name;`: recorded with its extent when simple (words only), else as
    /// a type that is not an integer (a cast to it gives an unknown value). Stops at a
    /// directive, which the main loop must see.
    private mutating func scanTypedef(
        _ lexer: inout ByteLexer, _ pending: inout RawToken?, _ bytes: UnsafeBufferPointer<UInt8>, start: Int, file: Int32
    ) {
        var simple = true
        var last: RawToken?
        var depth = 0
        var count = 0
        var previous: RawToken?
        while let t = lexer.next() {
            if t.firstOnLine, bytes[t.start] == 0x23 { pending = t; return }
            defer { previous = t }
            count += 1
            if t.kind == .punctuation {
                let b = bytes[t.start]
                if b == 0x28 || b == 0x5b || b == 0x7b { depth += 1; simple = false; continue }
                if b == 0x29 || b == 0x5d || b == 0x7d { depth -= 1; if depth < 0 { return }; continue }
                if b == 0x3b && depth == 0 {
                    // Only `... name;`: a declarator in parentheses or with brackets is
                    // left out (its last word is not its name).
                    guard let name = last, let p = previous, p.start == name.start, count <= 4096 else { return }
                    symbols.append(
                        TreeSymbol(
                            hash: name.hash, file: file, kind: .typedef, flag: simple, start: Int32(clamping: start),
                            end: Int32(clamping: t.end), line: 0, identifiersStart: 0, identifiersCount: 0))
                    return
                }
                if depth == 0 { simple = false }
                if b == 0x2c && depth == 0 { return }   // several declarators: left out
                continue
            }
            if depth == 0, t.kind == .identifier {
                if ByteLexer.equals(bytes, t, "struct") || ByteLexer.equals(bytes, t, "union")
                    || ByteLexer.equals(bytes, t, "enum")
                {
                    simple = false
                }
                last = t
            }
            if count > 4096 { return }
        }
    }

    /// `enum [tag] { A [= e], B, ... }`: each enumerator with the enumeration's braces and its
    /// index; values are computed on demand.
    private mutating func scanEnum(
        _ lexer: inout ByteLexer, _ pending: inout RawToken?, _ bytes: UnsafeBufferPointer<UInt8>, file: Int32
    ) {
        guard var t = lexer.next() else { return }
        if t.kind == .identifier { guard let n = lexer.next() else { return }; t = n }
        guard t.kind == .punctuation, bytes[t.start] == 0x7b else { pending = t; return }
        let open = t.start
        var depth = 1
        var expectName = true
        var found: [RawToken] = []
        while let u = lexer.next() {
            if u.firstOnLine, bytes[u.start] == 0x23 {
                // A directive inside an enumeration: give up on the rest of it.
                pending = u
                return
            }
            if u.kind == .punctuation {
                if ByteLexer.isShift(bytes, u) { hasShift = true }
                let b = bytes[u.start]
                if b == 0x28 || b == 0x5b || b == 0x7b { depth += 1 }
                if b == 0x29 || b == 0x5d || b == 0x7d {
                    depth -= 1
                    if depth == 0 {
                        for (i, name) in found.enumerated() {
                            symbols.append(
                                TreeSymbol(
                                    hash: name.hash, file: file, kind: .enumConstant, flag: false, start: Int32(clamping: open),
                                    end: Int32(clamping: u.end), line: Int32(clamping: i), identifiersStart: 0,
                                    identifiersCount: 0))
                        }
                        return
                    }
                }
                if b == 0x2c && depth == 1 { expectName = true }
                continue
            }
            if expectName && depth == 1 {
                guard u.kind == .identifier else { return }
                found.append(u)
                expectName = false
            }
        }
    }
}

/// The `#if` groups around a point of a file, for the scan: a group whose condition is the
/// constant 0 (`#if 0`, and the `#else` of `#if 1`) is dead in every configuration; every other
/// group is live, since any configuration may be built.
struct ConditionalStack {
    /// One group: whether this branch is live, whether an earlier branch was certainly taken;
    /// the ABIs this branch is compiled for (bit 0 LP64, bit 1 ILP32) and those of the
    /// branches before it (nil when one was not recognized).
    private struct Group {
        var live: Bool
        var taken: Bool
        var outerLive: Bool
        var abis: UInt8
        var covered: UInt8?
    }
    private var stack: [Group] = []
    private(set) var live = true
    /// The ABIs the current point is compiled for: `#if BITS_PER_LONG == 64`, `#ifdef
    /// CONFIG_64BIT` and the like restrict them (a `1UL << 40` there is no ILP32 finding).
    private(set) var abis: UInt8 = 0b11

    /// A trivially constant `#if`/`#elif` condition: `0`, `1`, `(0)`, or nil.
    static func constantCondition(_ bytes: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<RawToken>) -> Bool? {
        let inner = tokens.filter {
            !($0.kind == .punctuation && $0.end - $0.start == 1 && (bytes[$0.start] == 0x28 || bytes[$0.start] == 0x29))
        }
        guard inner.count == 1, inner[0].kind == .number, inner[0].end - inner[0].start == 1 else { return nil }
        let b = bytes[inner[0].start]
        return b == 0x30 ? false : (b == 0x31 ? true : nil)
    }

    /// Macros defined exactly where `long` is 64 bits, or 32 bits.
    static let lp64Macros: Set<String> = [
        "CONFIG_64BIT", "__LP64__", "_LP64", "__x86_64__", "CONFIG_X86_64", "__aarch64__", "CONFIG_ARM64",
        "__powerpc64__", "CONFIG_PPC64", "__s390x__", "__mips64", "__riscv_xlen_64", "__ia64__", "__alpha__",
    ]
    static let ilp32Macros: Set<String> = ["CONFIG_32BIT", "CONFIG_X86_32", "__i386__", "__ILP32__", "CONFIG_PPC32"]
    /// Macros whose value is the width of `long` in bits (or bytes, for the `__SIZEOF_` ones).
    static let longWidthMacros: [String: Int] = [
        "BITS_PER_LONG": 1, "__BITS_PER_LONG": 1, "__SIZEOF_LONG__": 8, "__SIZEOF_POINTER__": 8, "BITS_PER_TYPE_LONG": 1,
    ]

    /// The ABIs a condition holds for (bit 0 LP64, bit 1 ILP32), or nil when it is not one of
    /// the forms recognized: `[!]defined(M)`, `M` compared with a number.
    static func abiCondition(_ bytes: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<RawToken>, keyword: String) -> UInt8? {
        var words = tokens.map { ByteLexer.spelling(bytes, $0.start, $0.end) }.filter { $0 != "(" && $0 != ")" }
        var negate = keyword == "ifndef"
        if keyword == "if" || keyword == "elif" {
            if words.first == "!" { negate.toggle(); words.removeFirst() }
            if words.first == "defined" {
                words.removeFirst()
            } else if words.count == 3, let scale = longWidthMacros[words[0]],
                let n = Int(words[2])
            {
                // `BITS_PER_LONG == 64`: true for the ABIs whose width satisfies it.
                var mask: UInt8 = 0
                for (bit, width) in [(UInt8(1), 64), (UInt8(2), 32)] {
                    let w = scale == 1 ? width : width / 8
                    let holds: Bool
                    switch words[1] {
                    case "==": holds = w == n
                    case "!=": holds = w != n
                    case ">": holds = w > n
                    case ">=": holds = w >= n
                    case "<": holds = w < n
                    case "<=": holds = w <= n
                    default: return nil
                    }
                    if holds { mask |= bit }
                }
                return negate ? (~mask & 0b11) : mask
            } else {
                return nil
            }
        }
        guard words.count == 1 else { return nil }
        let mask: UInt8
        if lp64Macros.contains(words[0]) {
            mask = 0b01
        } else if ilp32Macros.contains(words[0]) {
            mask = 0b10
        } else {
            return nil
        }
        return negate ? (~mask & 0b11) : mask
    }

    /// Takes a directive (its tokens after `#`); returns whether it was a conditional one.
    mutating func directive(_ bytes: UnsafeBufferPointer<UInt8>, _ directive: [RawToken]) -> Bool {
        guard let k = directive.first else { return false }
        let keyword = ByteLexer.spelling(bytes, k.start, k.end)
        switch keyword {
        case "if", "ifdef", "ifndef":
            let value = keyword == "if" ? Self.constantCondition(bytes, directive.dropFirst()) : nil
            let abi = Self.abiCondition(bytes, directive.dropFirst(), keyword: keyword)
            stack.append(
                Group(live: live && value != false, taken: value == true, outerLive: live, abis: abi ?? 0b11, covered: abi))
        case "elif", "elifdef", "elifndef":
            guard var g = stack.popLast() else { return true }
            let value = keyword == "elif" ? Self.constantCondition(bytes, directive.dropFirst()) : nil
            g.live = g.outerLive && !g.taken && value != false
            g.taken = g.taken || value == true
            let abi = Self.abiCondition(bytes, directive.dropFirst(), keyword: keyword)
            g.abis = (abi ?? 0b11) & ~(g.covered ?? 0)
            g.covered = abi.flatMap { a in g.covered.map { $0 | a } }
            stack.append(g)
        case "else":
            guard var g = stack.popLast() else { return true }
            g.live = g.outerLive && !g.taken
            g.taken = true
            g.abis = g.covered.map { ~$0 & 0b11 } ?? 0b11
            stack.append(g)
        case "endif":
            if let g = stack.popLast() { live = g.outerLive }
            abis = stack.reduce(0b11) { $0 & $1.abis }
            return true
        default:
            return false
        }
        live = stack.last?.live ?? true
        abis = stack.reduce(0b11) { $0 & $1.abis }
        return true
    }
}

/// The index of the whole scanned tree: every macro, typedef and enumeration constant by
/// name, shared read-only by the scan's threads.
final class TreeIndex: @unchecked Sendable {
    private(set) var files: [TreeFile] = []
    private(set) var symbols: [TreeSymbol] = []
    private(set) var bodyIdentifiers: [UInt64] = []
    /// The first symbol of each name; `nextOfName` chains the others.
    private var firstOfName: [UInt64: Int32] = [:]
    private var nextOfName: [Int32] = []
    /// Names of the macros whose expansion reaches a shift operator (through other macros).
    private(set) var shifting: Set<UInt64> = []
    /// The function-like ones among them (their shifts may depend on the arguments of a use).
    private(set) var shiftingFunctionLike: Set<UInt64> = []
    /// Which files pass 1 saw a shift operator in.
    private(set) var hasShift: [Bool] = []

    /// `scans` are consumed (each is freed once merged: the index of a kernel tree is
    /// hundreds of MiB, and two copies of it would double the peak).
    init(paths: [String], scans: inout [FileScan?], sizes: [Int]) {
        files.reserveCapacity(paths.count)
        for (i, path) in paths.enumerated() {
            let components = path.split(separator: "/", omittingEmptySubsequences: true)
            var arch: Substring?
            if let a = components.firstIndex(of: "arch"), a + 2 < components.count { arch = components[a + 1] }
            let slash = path.lastIndex(of: "/") ?? path.startIndex
            let base = path[path.index(after: slash)...]
            files.append(
                TreeFile(
                    path: path, isHeader: path.hasSuffix(".h"), directory: path[..<slash], arch: arch,
                    inTools: components.contains("tools"), isGlobalHeader: components.dropLast().contains("include"),
                    includes: scans[i]?.includes ?? [], size: sizes[i], hashOfBasename: nameHash(String(base))))
            hasShift.append(scans[i]?.hasShift ?? false)
        }
        var count = 0
        for s in scans { count += s?.symbols.count ?? 0 }
        symbols.reserveCapacity(count)
        nextOfName = [Int32](repeating: -1, count: count)
        for k in scans.indices {
            guard let s = scans[k] else { continue }
            scans[k] = nil
            let base = Int32(bodyIdentifiers.count)
            bodyIdentifiers += s.identifiers
            for var symbol in s.symbols {
                symbol.identifiersStart += base
                let index = Int32(symbols.count)
                if let first = firstOfName[symbol.hash] { nextOfName[Int(index)] = first }
                firstOfName[symbol.hash] = index
                symbols.append(symbol)
            }
        }
        computeShifting()
    }

    /// Every symbol of a name (most recent file first).
    func symbols(named hash: UInt64) -> [Int32] {
        var out: [Int32] = []
        var i = firstOfName[hash] ?? -1
        while i >= 0 {
            out.append(i)
            i = nextOfName[Int(i)]
        }
        return out
    }

    func isName(_ hash: UInt64) -> Bool { firstOfName[hash] != nil }

    /// Whether `symbol`'s definition is visible from `file` without compile context: its own
    /// file, a tree-wide header (under an `include` directory), a header of the same directory
    /// or one the file includes by name. A header of `arch/a/` is not visible from `arch/b/`;
    /// `tools/`'s headers are visible from `tools/` only.
    func isVisible(_ symbol: TreeSymbol, from file: Int32) -> Bool {
        if symbol.file == file { return true }
        let d = files[Int(symbol.file)]
        let f = files[Int(file)]
        guard d.isHeader else { return false }
        if d.inTools && !f.inTools { return false }
        if let a = d.arch, let b = f.arch, a != b { return false }
        if d.isGlobalHeader || d.directory == f.directory { return true }
        return f.includes.contains(d.hashOfBasename)
    }

    /// The macros that shift, directly or through the macros their bodies name (a fixpoint
    /// over the body identifiers; visibility is ignored here, so it is a superset).
    private func computeShifting() {
        var names = Set<UInt64>()
        var pending: [Int] = []
        for (i, s) in symbols.enumerated() where s.kind == .objectMacro || s.kind == .functionMacro {
            if s.flag { names.insert(s.hash) } else if s.identifiersCount > 0 { pending.append(i) }
        }
        var changed = true
        while changed {
            changed = false
            var rest: [Int] = []
            rest.reserveCapacity(pending.count)
            for i in pending {
                let s = symbols[i]
                if names.contains(s.hash) { continue }
                let lo = Int(s.identifiersStart), hi = lo + Int(s.identifiersCount)
                var hit = false
                for k in lo..<hi where names.contains(bodyIdentifiers[k]) { hit = true; break }
                if hit { names.insert(s.hash); changed = true } else { rest.append(i) }
            }
            pending = rest
        }
        shifting = names
        // The function-like macros whose use may shift its arguments: a shift in the body, or
        // a use of another such macro. An object-like macro's shifts are its own findings, so
        // they do not count here (kernel code uses thousands of macros that reach PAGE_SIZE).
        var functions = Set<UInt64>()
        var rest: [Int] = []
        for (i, s) in symbols.enumerated() where s.kind == .functionMacro {
            if s.flag { functions.insert(s.hash) } else if s.identifiersCount > 0 { rest.append(i) }
        }
        var grew = true
        while grew {
            grew = false
            var left: [Int] = []
            for i in rest {
                let s = symbols[i]
                if functions.contains(s.hash) { continue }
                let lo = Int(s.identifiersStart), hi = lo + Int(s.identifiersCount)
                if bodyIdentifiers[lo..<hi].contains(where: { functions.contains($0) }) {
                    functions.insert(s.hash)
                    grew = true
                } else {
                    left.append(i)
                }
            }
            rest = left
        }
        shiftingFunctionLike = functions
    }
}

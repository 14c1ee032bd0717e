/// A token of the byte lexer: where it is, what kind, and for identifiers a hash of the
/// spelling. No string is made until one is asked for: a whole-tree scan lexes 1.3 GB.
struct RawToken {
    enum Kind: UInt8 {
        case identifier, number, string, character, punctuation, comment
    }
    var kind: Kind
    /// Byte offsets in the file, end exclusive.
    var start: Int
    var end: Int
    /// The first token of its logical line (a line splice does not start a new one), so
    /// `#` here begins a directive (C11 §6.10p2).
    var firstOnLine: Bool
    /// FNV-1a of an identifier's bytes (0 for other kinds).
    var hash: UInt64
}

/// FNV-1a over bytes: the key of names in the tree index.
@inline(__always)
func nameHash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    var i = start
    while i < end {
        h = (h ^ UInt64(bytes[i])) &* 0x100_0000_01b3
        i += 1
    }
    return h
}

func nameHash(_ name: String) -> UInt64 {
    var name = name
    return name.withUTF8 { nameHash($0, 0, $0.count) }
}

/// A C lexer over bytes (C11 §6.4), enough to find directives, declarations and shift
/// operators: comments, string and character literals (whose `<<` is text), pp-numbers,
/// identifiers and punctuators, with backslash-newline splices (§5.1.1.2p1, phase 2) taken as
/// whitespace between tokens. It never fails: a stray byte is a one-byte punctuator.
struct ByteLexer {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var offset: Int
    private var atLineStart = true
    let end: Int
    /// Whether to return comments as tokens (macro bodies keep them out; the scan skips them).
    var keepComments = false

    init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil, atLineStart: Bool = true) {
        self.bytes = bytes
        self.offset = start
        self.end = min(end ?? bytes.count, bytes.count)
        self.atLineStart = atLineStart
    }

    @inline(__always) private func at(_ i: Int) -> UInt8 { i < end ? bytes[i] : 0 }

    @inline(__always) static func isIdentifierByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b == 0x5f || b == 0x24
            || b >= 0x80
    }

    /// Skips whitespace and splices; returns whether a newline was crossed.
    private mutating func skipSpace() {
        while offset < end {
            let b = bytes[offset]
            if b == 0x0a {
                atLineStart = true
                offset += 1
            } else if b == 0x20 || b == 0x09 || b == 0x0d || b == 0x0c || b == 0x0b {
                offset += 1
            } else if b == 0x5c {   // backslash
                var j = offset + 1
                while j < end, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0d { j += 1 }
                if j < end, bytes[j] == 0x0a {
                    offset = j + 1   // a splice: the logical line goes on
                } else {
                    return
                }
            } else {
                return
            }
        }
    }

    /// The offset where the logical line holding `offset` ends (at its newline, splices
    /// followed), skipping over comments that span lines.
    func logicalLineEnd(from start: Int) -> Int {
        var i = start
        while i < end {
            let b = bytes[i]
            if b == 0x0a {
                var k = i - 1
                while k >= start, bytes[k] == 0x0d || bytes[k] == 0x20 || bytes[k] == 0x09 { k -= 1 }
                if k >= start, bytes[k] == 0x5c { i += 1; continue }
                return i
            }
            if b == 0x2f, i + 1 < end, bytes[i + 1] == 0x2a {   // /* ... */ may span lines
                i += 2
                while i + 1 < end, !(bytes[i] == 0x2a && bytes[i + 1] == 0x2f) { i += 1 }
                i += 2
                continue
            }
            if b == 0x2f, i + 1 < end, bytes[i + 1] == 0x2f {   // a // comment ends the line
                while i < end, bytes[i] != 0x0a { i += 1 }
                continue
            }
            if b == 0x22 || b == 0x27 {
                i = quotedEnd(i, quote: b, stopAtNewline: true)
                continue
            }
            i += 1
        }
        return end
    }

    private func quotedEnd(_ start: Int, quote: UInt8, stopAtNewline: Bool) -> Int {
        var i = start + 1
        while i < end {
            let b = bytes[i]
            if b == 0x5c { i += 2; continue }
            if b == quote { return i + 1 }
            if b == 0x0a && stopAtNewline { return i }
            i += 1
        }
        return end
    }

    mutating func next() -> RawToken? {
        while true {
            skipSpace()
            guard offset < end else { return nil }
            let start = offset
            let first = atLineStart
            let b = bytes[offset]
            // Comments.
            if b == 0x2f, at(offset + 1) == 0x2a {
                offset += 2
                while offset + 1 < end, !(bytes[offset] == 0x2a && bytes[offset + 1] == 0x2f) { offset += 1 }
                offset = min(offset + 2, end)
                if keepComments {
                    return RawToken(kind: .comment, start: start, end: offset, firstOnLine: first, hash: 0)
                }
                continue
            }
            if b == 0x2f, at(offset + 1) == 0x2f {
                while offset < end, bytes[offset] != 0x0a {
                    // A // comment continues over a splice.
                    if bytes[offset] == 0x5c, at(offset + 1) == 0x0a { offset += 2; continue }
                    offset += 1
                }
                if keepComments {
                    return RawToken(kind: .comment, start: start, end: offset, firstOnLine: first, hash: 0)
                }
                continue
            }
            atLineStart = false
            // Identifiers, and the encoding prefixes of literals (L"", u8'', U"").
            if ByteLexer.isIdentifierByte(b) && !(b >= 0x30 && b <= 0x39) {
                var i = offset + 1
                while i < end, ByteLexer.isIdentifierByte(bytes[i]) { i += 1 }
                let q = at(i)
                if q == 0x22 || q == 0x27,
                    (i - offset == 1 && (b == 0x4c || b == 0x75 || b == 0x55))
                        || (i - offset == 2 && b == 0x75 && bytes[offset + 1] == 0x38)
                {
                    offset = quotedEnd(i, quote: q, stopAtNewline: true)
                    return RawToken(
                        kind: q == 0x22 ? .string : .character, start: start, end: offset, firstOnLine: first, hash: 0)
                }
                offset = i
                return RawToken(
                    kind: .identifier, start: start, end: i, firstOnLine: first, hash: nameHash(bytes, start, i))
            }
            // pp-numbers (C11 §6.4.8).
            if (b >= 0x30 && b <= 0x39) || (b == 0x2e && at(offset + 1) >= 0x30 && at(offset + 1) <= 0x39) {
                var i = offset + 1
                while i < end {
                    let c = bytes[i]
                    let p = bytes[i - 1] | 0x20   // e E p P
                    if c == 0x2b || c == 0x2d, p == 0x65 || p == 0x70 {
                        i += 1
                    } else if ByteLexer.isIdentifierByte(c) || c == 0x2e || c == 0x27 {
                        i += 1
                    } else {
                        break
                    }
                }
                offset = i
                return RawToken(kind: .number, start: start, end: i, firstOnLine: first, hash: 0)
            }
            if b == 0x22 || b == 0x27 {
                offset = quotedEnd(offset, quote: b, stopAtNewline: true)
                return RawToken(kind: b == 0x22 ? .string : .character, start: start, end: offset, firstOnLine: first, hash: 0)
            }
            offset += punctuatorLength(b)
            return RawToken(kind: .punctuation, start: start, end: offset, firstOnLine: first, hash: 0)
        }
    }

    /// Longest-match punctuators (C11 §6.4.6), the shifts among them.
    private func punctuatorLength(_ b: UInt8) -> Int {
        let c = at(offset + 1)
        let d = at(offset + 2)
        switch b {
        case 0x3c, 0x3e:   // < >
            if c == b { return d == 0x3d ? 3 : 2 }
            return c == 0x3d ? 2 : 1
        case 0x2e:
            return c == 0x2e && d == 0x2e ? 3 : 1
        case 0x2d:
            return c == 0x3e || c == 0x2d || c == 0x3d ? 2 : 1
        case 0x2b, 0x26, 0x7c:
            return c == b || c == 0x3d ? 2 : 1
        case 0x23:
            return c == 0x23 ? 2 : 1
        case 0x2a, 0x2f, 0x25, 0x5e, 0x21, 0x3d:
            return c == 0x3d ? 2 : 1
        default:
            return 1
        }
    }

    /// At a `#` that starts a line: the directive's tokens up to the end of its logical line
    /// (splices and comments that span lines followed) and where that line ends. The first
    /// token after it is left in `pending` for the caller's loop.
    mutating func directive(after hash: RawToken, pending: inout RawToken?) -> (tokens: [RawToken], lineEnd: Int) {
        let lineEnd = logicalLineEnd(from: hash.end)
        var tokens: [RawToken] = []
        while let d = next() {
            if d.start >= lineEnd || d.firstOnLine {
                pending = d
                break
            }
            tokens.append(d)
        }
        return (tokens, lineEnd)
    }

    /// Whether a token begins a directive: `#` first on its line (C11 §6.10p2).
    static func isDirectiveStart(_ bytes: UnsafeBufferPointer<UInt8>, _ t: RawToken) -> Bool {
        t.firstOnLine && t.kind == .punctuation && t.end - t.start == 1 && bytes[t.start] == 0x23
    }

    /// Whether a punctuator is a shift operator (`<<`, `>>`, `<<=`, `>>=`).
    static func isShift(_ bytes: UnsafeBufferPointer<UInt8>, _ t: RawToken) -> Bool {
        guard t.kind == .punctuation, t.end - t.start >= 2 else { return false }
        let b = bytes[t.start]
        return (b == 0x3c || b == 0x3e) && bytes[t.start + 1] == b
    }

    static func spelling(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ t: RawToken, _ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard t.end - t.start == n else { return false }
        let p = word.utf8Start
        for i in 0..<n where bytes[t.start + i] != p[i] { return false }
        return true
    }
}

/// C keywords as libclang classifies them (the evaluator reads type names and `sizeof`).
let cKeywords: Set<String> = [
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
    "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed",
    "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Alignas",
    "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn", "_Static_assert",
    "_Thread_local", "__int128", "__signed__", "__signed", "__unsigned__", "__inline", "__inline__", "__volatile__",
    "__const", "__const__", "__typeof__", "__typeof", "typeof", "__attribute__", "__attribute", "asm", "__asm__",
    "__asm", "__extension__", "__alignof__", "__builtin_offsetof",
]

/// The keywords' name hashes, to tell a keyword from a raw token without making a string.
let cKeywordHashes = Set(cKeywords.map { nameHash($0) })

/// Turns a byte range of a file into Core tokens with positions, for the evaluator.
struct TokenMaker {
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    let lines: LineIndex

    func tokens(_ start: Int, _ end: Int) -> [Token] {
        var lexer = ByteLexer(bytes, from: start, to: end, atLineStart: false)
        var out: [Token] = []
        while let t = lexer.next() { out.append(token(t)) }
        return out
    }

    func token(_ t: RawToken) -> Token {
        let spelling = ByteLexer.spelling(bytes, t.start, t.end)
        let (line, column) = lines.lineColumn(t.start)
        return Token(
            kind: TokenMaker.kind(t, spelling), spelling: spelling,
            position: SourcePosition(file: file, line: line, column: column, offset: t.start))
    }

    /// A raw token's kind as libclang gives it (keywords told from identifiers).
    static func kind(_ t: RawToken, _ spelling: String) -> Token.Kind {
        switch t.kind {
        case .identifier: return cKeywords.contains(spelling) ? .keyword : .identifier
        case .number, .string, .character: return .literal
        case .punctuation: return .punctuation
        case .comment: return .comment
        }
    }
}

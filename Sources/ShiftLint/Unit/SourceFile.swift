/// The bytes of one source file as libclang parsed them, with a line index so that byte
/// offsets convert to clang's line and byte column.
final class SourceFile {
    let path: String
    let bytes: [UInt8]
    let lines: LineIndex
    private var lineStarts: [Int] { lines.starts }

    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        self.lines = LineIndex(bytes)
    }

    func position(_ offset: Int) -> SourcePosition {
        let (l, c) = lines.lineColumn(offset)
        return SourcePosition(file: path, line: l, column: c, offset: offset)
    }

    /// The text of a 1-based line, without its newline (invalid UTF-8 repaired).
    func line(_ n: Int) -> String? {
        guard n >= 1, n <= lineStarts.count else { return nil }
        let start = lineStarts[n - 1]
        var end = n < lineStarts.count ? lineStarts[n] - 1 : bytes.count
        if end > start, end <= bytes.count, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard start <= end, end <= bytes.count else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The end offset of the logical line containing `offset` (line splices followed).
    func logicalLineEnd(from offset: Int) -> Int {
        var i = offset
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\n") {
                var j = i - 1
                if j >= 0, bytes[j] == UInt8(ascii: "\r") { j -= 1 }
                if j >= 0, bytes[j] == UInt8(ascii: "\\") { i += 1; continue }
                return i
            }
            i += 1
        }
        return bytes.count
    }

    enum Direction: Int {
        case forward = 1, backward = -1
    }

    /// Steps from `offset` in `direction` over blanks: white space, line splices and block
    /// comments. Returns the offset of the first byte that is not blank (out of bounds when
    /// there is none).
    func skippingBlanks(from offset: Int, _ direction: Direction) -> Int {
        let step = direction.rawValue
        func isInside(_ i: Int) -> Bool { i >= 0 && i < bytes.count }
        var i = offset
        while isInside(i) {
            let b = bytes[i]
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r")
                || b == UInt8(ascii: "\\")
            {
                i += step
                continue
            }
            // A block comment: `/*` ... `*/` forward, `*/` ... `/*` backward.
            if b == UInt8(ascii: "/"), isInside(i + step), bytes[i + step] == UInt8(ascii: "*") {
                i += 2 * step
                while isInside(i + step), !(bytes[i] == UInt8(ascii: "*") && bytes[i + step] == UInt8(ascii: "/")) { i += step }
                i += 2 * step
                continue
            }
            break
        }
        return i
    }

    /// Finds a shift operator that ends right before `offset`, skipping white space, line
    /// splices and block comments. Returns the operator's start offset.
    func shiftOperator(endingBefore offset: Int, _ op: ShiftOperator) -> Int? {
        let i = skippingBlanks(from: min(offset, bytes.count) - 1, .backward)
        let text = Array(op.rawValue.utf8)
        let start = i - text.count + 1
        guard start >= 0, Array(bytes[start...i]) == text else { return nil }
        return start
    }

    /// Finds a shift operator that starts at or after `offset`, skipping white space, line
    /// splices and block comments.
    func shiftOperator(startingAt offset: Int, _ op: ShiftOperator) -> Int? {
        let i = skippingBlanks(from: max(0, offset), .forward)
        let text = Array(op.rawValue.utf8)
        guard i + text.count <= bytes.count, Array(bytes[i..<(i + text.count)]) == text else { return nil }
        // `<<` must not be the start of `<<=` when looking for `<<`.
        if i + text.count < bytes.count, bytes[i + text.count] == UInt8(ascii: "="), !op.rawValue.hasSuffix("=") { return nil }
        return i
    }

    /// The preprocessing number (an integer literal's spelling) starting at `offset`.
    func ppNumber(at offset: Int) -> String? {
        guard offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) else { return nil }
        var end = offset
        while end < bytes.count {
            let b = bytes[end]
            let isAlnum = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)
            if isAlnum || b == UInt8(ascii: "_") || b == UInt8(ascii: ".") { end += 1 } else { break }
        }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    /// Whether integer suffixes in this file are mostly lowercase (`1u`); uppercase otherwise
    /// (also when the file has none).
    lazy var prefersLowercaseSuffix: Bool = {
        func isIdent(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b == UInt8(ascii: "_")
        }
        var lower = 0, upper = 0
        var i = 0
        while i < bytes.count {
            // A token that starts with a digit is a number; look at its `u`/`U`.
            guard isIdent(bytes[i]) else { i += 1; continue }
            let start = i
            while i < bytes.count, isIdent(bytes[i]) { i += 1 }
            guard (0x30...0x39).contains(bytes[start]) else { continue }
            let token = bytes[start..<i]
            if token.contains(UInt8(ascii: "u")) { lower += 1 } else if token.contains(UInt8(ascii: "U")) { upper += 1 }
        }
        return lower > upper
    }()
}

extension SourceFile {
    /// How often each of `names` is spelled as an identifier in the file (comments and
    /// strings included: a name written there is still the file's vocabulary).
    func identifierCounts(of names: Set<String>) -> [String: Int] {
        guard !names.isEmpty else { return [:] }
        func isIdent(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b == UInt8(ascii: "_")
        }
        var counts: [String: Int] = [:]
        var i = 0
        while i < bytes.count {
            guard isIdent(bytes[i]) else { i += 1; continue }
            let start = i
            while i < bytes.count, isIdent(bytes[i]) { i += 1 }
            let word = String(decoding: bytes[start..<i], as: UTF8.self)
            if names.contains(word) { counts[word, default: 0] += 1 }
        }
        return counts
    }
}

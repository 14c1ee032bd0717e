/// Where a whole shift `LITERAL << COUNT` is spelled, for the fix styles that replace all of
/// it (`--fix-style kernel`: `(1 << 31)` → `BIT(31)`, `1 << (nr)` → `BIT(nr)`).
///
/// The count is whatever the grammar makes the right operand of `<<` (C11 §6.5.7: an
/// additive-expression), so it runs up to the first operator at its level that binds no
/// tighter than `<<`: `1 << n + 1` is `BIT(n + 1)`, `1 << n | x` stops at `|`. A pair of
/// parentheses around exactly the shift goes with it (the macros' own expansions are
/// parenthesized), unless it belongs to a call, `sizeof` or a keyword (`f(1 << 3)`,
/// `sizeof(1 << 3)`): those stay. Only shifts spelled on one line are replaced.
enum ShiftSpelling {
    /// Binary operators that end a shift's count (precedence at most that of `<<`), and the
    /// tokens that end any expression.
    private static let stops: Set<String> = [
        "<<", ">>", "<", ">", "<=", ">=", "==", "!=", "&", "^", "|", "&&", "||", "?", ":", ",", ";",
        "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "{", "}",
    ]

    /// In a `#define` body (or any token list spelled in `source`): the shift whose operator is
    /// the token at `operatorAt`, when its left operand is the literal at `literalAt`, alone or
    /// in parentheses.
    static func inTokens(_ body: [Token], operatorAt: SourcePosition, literalAt: SourcePosition, source: SourceFile)
        -> (start: SourcePosition, end: SourcePosition, count: String)?
    {
        let tokens = body.filter { $0.kind != .comment }
        guard let k = tokens.firstIndex(where: { $0.position.offset == operatorAt.offset && $0.spelling == "<<" }), k > 0
        else { return nil }
        // The left operand: the literal, or `( literal )`.
        var left = k - 1
        if tokens[left].spelling == ")" {
            guard left >= 2, tokens[left - 2].spelling == "(" else { return nil }
            left -= 1
        }
        guard tokens[left].position.offset == literalAt.offset, tokens[left].kind == .literal else { return nil }
        if left != k - 1 { left -= 1 }
        // The count: up to the first stop at its own level.
        var j = k + 1
        var depth = 0
        var last = -1
        while j < tokens.count {
            let s = tokens[j].spelling
            if depth == 0 && (stops.contains(s) || s == ")" || s == "]") { break }
            if s == "(" || s == "[" { depth += 1 }
            if s == ")" || s == "]" { depth -= 1 }
            last = j
            j += 1
        }
        guard last > k, depth == 0 else { return nil }
        var first = left
        var end = last
        // Parentheses around exactly the shift, not those of a call, `sizeof` or a keyword.
        if first > 0, end + 1 < tokens.count, tokens[first - 1].spelling == "(", tokens[end + 1].spelling == ")",
            matching(tokens, open: first - 1) == end + 1
        {
            let before = first >= 2 ? tokens[first - 2] : nil
            if !(before.map { $0.isWord || $0.spelling == ")" || $0.spelling == "]" } ?? false) {
                first -= 1
                end += 1
            }
        }
        let countStart = tokens[k + 1].position.offset
        let countEnd = tokens[last].position.offset + tokens[last].spelling.utf8.count
        let endOffset = tokens[end].position.offset + tokens[end].spelling.utf8.count
        return spelled(source, start: tokens[first].position.offset, end: endOffset, count: countStart..<countEnd)
    }

    /// In code: the shift from its left operand's start to its count's end (byte offsets in
    /// `source`), with the parentheses around it when `parenthesized` gives their offsets.
    static func inCode(source: SourceFile, start: Int, countStart: Int, countEnd: Int, parenthesized: Range<Int>?)
        -> (start: SourcePosition, end: SourcePosition, count: String)?
    {
        var range = start..<countEnd
        if let p = parenthesized, p.lowerBound < start, p.upperBound > countEnd {
            // The byte before `(`, over blanks: a word or a closing bracket makes it a call's
            // (or `sizeof`'s, or a keyword's) parentheses.
            let before = source.skippingBlanks(from: p.lowerBound - 1, .backward)
            let b = before >= 0 && before < source.bytes.count ? source.bytes[before] : UInt8(ascii: " ")
            if !(isWordByte(b) || b == UInt8(ascii: ")") || b == UInt8(ascii: "]")) { range = p }
        }
        return spelled(source, start: range.lowerBound, end: range.upperBound, count: countStart..<countEnd)
    }

    private static func spelled(_ source: SourceFile, start: Int, end: Int, count: Range<Int>)
        -> (start: SourcePosition, end: SourcePosition, count: String)?
    {
        guard start >= 0, end <= source.bytes.count, start < end, count.lowerBound >= start, count.upperBound <= end,
            !source.bytes[start..<end].contains(UInt8(ascii: "\n")), !source.bytes[start..<end].contains(UInt8(ascii: "\\"))
        else { return nil }
        var text = String(decoding: source.bytes[count], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("("), text.hasSuffix(")"), wholeParenthesized(text) {
            text = String(text.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        }
        guard !text.isEmpty, !text.contains("/*"), !text.contains("//") else { return nil }
        return (source.position(start), source.position(end), text)
    }

    /// Whether the first `(` of `text` closes at its last character.
    private static func wholeParenthesized(_ text: String) -> Bool {
        var depth = 0
        for (i, c) in text.enumerated() {
            if c == "(" { depth += 1 }
            if c == ")" {
                depth -= 1
                if depth == 0 { return i == text.count - 1 }
            }
        }
        return false
    }

    private static func matching(_ tokens: [Token], open: Int) -> Int? {
        var depth = 0
        for i in open..<tokens.count {
            if tokens[i].spelling == "(" { depth += 1 }
            if tokens[i].spelling == ")" {
                depth -= 1
                if depth == 0 { return i }
            }
        }
        return nil
    }

    private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b == UInt8(ascii: "_")
    }
}

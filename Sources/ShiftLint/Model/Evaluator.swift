/// The result of evaluating a macro body or an `#if` line.
public struct Evaluation: Sendable {
    /// Every shift evaluated in live code, defined or not, in evaluation order.
    public var sites: [ShiftSite] = []
    public var skipped: [SkipReason] = []
    /// Why running this text could do more than compute a value: a call, an assignment or
    /// increment, a memory access, `asm`, or text that is not one expression (a statement
    /// expression among them). Nil when it is one expression free of all of these: only then
    /// may `--confirm` compile and run it.
    public var impurity: String?
    /// Whether the macro expansion passed the expander's token budget.
    public var tooLarge: Bool { skipped.contains(MacroExpander.tooLarge) }
    /// The value of the whole text when it is one integer constant expression.
    public var value: CValue?
    /// Whether the expanded text may depend on the width of `long` (and of pointers and
    /// `size_t`): it names `long`, a typedef, `sizeof`/`_Alignof`, or has an `L` literal. When
    /// not, LP64 and ILP32 give the same evaluation (`int`, `short`, `char` and `long long`
    /// have the same widths on both).
    public var dependsOnLongWidth = true
}

/// An operand during evaluation: a typed value (or nil when even the type is unknown),
/// and, for fix suggestions, the literal it is when it is one.
struct Operand {
    var value: CValue?
    var literal: IntegerLiteral?
    var literalPosition: SourcePosition?
    /// `~LITERAL` or `-LITERAL` (through parentheses), for the negative idioms' fix.
    var prefixed: PrefixedLiteral?
    var first: PPToken?
    var last: PPToken?
    /// What the count ranges need of an operand that is not constant (`bit & 0x1f`, in
    /// parentheses): its masks, whatever the unknown operand's type is.
    var shape: OperandShape?

    /// The operand as a shape: its own, or a constant's; nil when unknown.
    var shapeOrConstant: OperandShape? {
        if let shape { return shape }
        guard let v = value, let x = v.value else { return nil }
        return OperandShape(kind: .other, type: v.type, constant: x, operands: [])
    }

    static func unknown(_ first: PPToken?, _ last: PPToken?) -> Operand {
        Operand(value: nil, literal: nil, literalPosition: nil, first: first, last: last)
    }
}

/// Evaluates integer constant expressions over tokens (C11 §6.6), reporting every shift it
/// evaluates as a site (the checks judge them). An undefined shift (§6.5.7) has no value:
/// what contains it is unknown. It evaluates
/// sub-expressions even where the whole is not constant (`x | (1 << 31)`), never evaluates
/// the arm of `?:`, `&&` or `||` that a known condition rules out, and treats `sizeof`
/// operands as unevaluated (§6.5.3.4p2). What it cannot evaluate becomes unknown: it never
/// guesses.
public struct Evaluator {
    public let context: EvaluationContext
    /// `#if` arithmetic: every signed type acts as intmax_t, every unsigned one as uintmax_t,
    /// and identifiers left after expansion are 0 (C11 §6.10.1p4).
    public let directiveMode: Bool

    /// The most tokens an evaluation's macro expansion may produce (the whole-tree scan,
    /// which evaluates code around every shift, sets less than a unit's define bodies need).
    public var maxExpandedTokens = MacroExpander.maxTokens
    /// Only the shift sites are wanted (the scan): text whose expansion has no shift operator
    /// is not parsed, and its `value` stays unknown.
    public var sitesOnly = false

    public init(context: EvaluationContext, directiveMode: Bool = false) {
        self.context = context
        self.directiveMode = directiveMode
    }

    /// Evaluates the body of an object-like macro (or any token sequence).
    public func evaluate(_ tokens: [Token]) -> Evaluation {
        var result = Evaluation()
        var expander = MacroExpander(macros: context.macros, directiveMode: directiveMode)
        expander.budget = maxExpandedTokens
        let expanded: [PPToken]
        do {
            expanded = try expander.expand(tokens.filter { $0.kind != .comment }.map { PPToken($0) })
        } catch let reason as SkipReason {
            result.skipped.append(reason)
            return result
        } catch {
            result.skipped.append(SkipReason("\(error)"))
            return result
        }
        guard !expanded.isEmpty else { return result }
        if sitesOnly
            && !expanded.contains(where: {
                $0.kind == .punctuation && $0.spelling.utf8.count >= 2 && ShiftOperator(rawValue: $0.spelling) != nil
            })
        {
            result.dependsOnLongWidth = false
            return result
        }
        result.dependsOnLongWidth = expanded.contains { t in
            switch t.kind {
            case .literal:
                guard let f = t.spelling.utf8.first, f >= 0x30 && f <= 0x39 else { return false }
                return t.spelling.utf8.contains { $0 == 0x6c || $0 == 0x4c }
            case .identifier, .keyword:
                let s = t.spelling
                return s == "long" || s == "sizeof" || s == "_Alignof" || s == "__alignof__" || s == "__builtin_offsetof"
                    || s == "__typeof__" || s == "typeof" || context.typedef(s) != nil
            default:
                return false
            }
        }
        var parser = Parser(tokens: expanded, range: 0..<expanded.count, evaluator: self)
        if let operand = parser.parseWhole() {
            result.sites = parser.sites
            result.value = operand.value
            result.skipped = parser.unknowns
            result.impurity = parser.impurity
            return result
        }
        result.impurity = "it is not one expression"
        // Not one expression (statements, declarations, initializer lists): evaluate the
        // expression pieces between separators and inside parentheses instead.
        result.skipped.append(SkipReason(parser.failure ?? "not an expression"))
        evaluatePieces(expanded, 0..<expanded.count, into: &result, depth: 0)
        return result
    }

    /// Per token of an expansion, what `evaluatePieces` asks at every level: whether it
    /// separates expressions, and where the bracket it opens closes (computed once: a kernel
    /// macro's statement expressions nest deep).
    private struct PieceMarks {
        var separator: [Bool]
        var close: [Int]
        /// How many shift operators precede each token (a range without one has no site).
        var shiftsBefore: [Int]

        func hasShift(_ range: Range<Int>) -> Bool { shiftsBefore[range.upperBound] > shiftsBefore[range.lowerBound] }

        static let separators: Set<String> = [
            ";", "{", "}", ",", "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
            "<<=", ">>=", "return", "if", "while", "for", "do", "else", "switch",
            "case", ":", "goto", "break", "continue",
        ]

        init(_ tokens: [PPToken]) {
            separator = tokens.map { $0.kind != .literal && PieceMarks.separators.contains($0.spelling) }
            close = [Int](repeating: -1, count: tokens.count)
            shiftsBefore = [0]
            shiftsBefore.reserveCapacity(tokens.count + 1)
            for t in tokens {
                let isShift = t.kind == .punctuation && t.spelling.utf8.count >= 2 && ShiftOperator(rawValue: t.spelling) != nil
                shiftsBefore.append(shiftsBefore[shiftsBefore.count - 1] + (isShift ? 1 : 0))
            }
            var open: [Int] = []
            for (i, t) in tokens.enumerated() {
                if t.spelling == "(" || t.spelling == "[" {
                    open.append(i)
                } else if t.spelling == ")" || t.spelling == "]", let o = open.popLast() {
                    close[o] = i
                }
            }
        }
    }

    private func evaluatePieces(_ tokens: [PPToken], _ range: Range<Int>, into result: inout Evaluation, depth: Int) {
        let marks = PieceMarks(tokens)
        evaluatePieces(tokens, range, marks, into: &result, depth: depth)
    }

    private func evaluatePieces(
        _ tokens: [PPToken], _ range: Range<Int>, _ marks: PieceMarks, into result: inout Evaluation, depth: Int
    ) {
        // Only shifts are sites: text without one is not parsed again.
        guard depth < 32, !range.isEmpty, marks.hasShift(range) else { return }
        var pieces: [Range<Int>] = []
        var start = range.lowerBound
        var i = range.lowerBound
        while i < range.upperBound {
            if marks.close[i] > i && marks.close[i] < range.upperBound {
                i = marks.close[i] + 1
                continue
            }
            if marks.separator[i] {
                if start < i { pieces.append(start..<i) }
                start = i + 1
            }
            i += 1
        }
        if start < range.upperBound { pieces.append(start..<range.upperBound) }
        for piece in pieces where marks.hasShift(piece) {
            if piece != range {
                var parser = Parser(tokens: tokens, range: piece, evaluator: self)
                if parser.parseWhole() != nil {
                    result.sites += parser.sites
                    continue
                }
            }
            // Look inside each top-level parenthesized group.
            var i = piece.lowerBound
            while i < piece.upperBound {
                if tokens[i].spelling == "(", marks.close[i] > i, marks.close[i] < piece.upperBound {
                    evaluatePieces(tokens, (i + 1)..<marks.close[i], marks, into: &result, depth: depth + 1)
                    i = marks.close[i] + 1
                } else {
                    i += 1
                }
            }
        }
    }

    // MARK: Arithmetic on typed values

    var target: TargetModel { context.target }

    /// In `#if` lines every type acts as intmax_t/uintmax_t.
    func directiveType(_ t: CIntType) -> CIntType {
        directiveMode ? (t.isSigned ? target.intmax : target.uintmax) : t
    }

    func shiftFacts(_ op: ShiftOperator, _ l: CValue, _ r: CValue) -> ShiftFacts {
        let lt = target.promote(l.type), rt = target.promote(r.type)
        return ShiftFacts(op: op, left: CValue(type: lt, value: l.value), count: CValue(type: rt, value: r.value))
    }

    /// Binary operators other than shifts, with the usual arithmetic conversions
    /// (C11 §6.3.1.8). Signed overflow and division by zero are undefined, so their result
    /// is unknown rather than a wrapped value.
    func arithmetic(_ op: String, _ l: CValue, _ r: CValue) -> CValue? {
        let comparison = ["<", ">", "<=", ">=", "==", "!="].contains(op)
        let common = directiveType(target.usualArithmetic(l.type, r.type))
        guard common.isModelled else { return nil }
        let resultType = comparison ? directiveType(target.int) : common
        guard let lv = l.value, let rv = r.value else { return CValue(type: resultType, value: nil) }
        let a = common.convert(lv), b = common.convert(rv)
        var v: Int128
        switch op {
        case "+": v = a + b
        case "-": v = a - b
        case "*":
            // Operands reach 2^64: the product may not fit Int128. Unsigned arithmetic wraps
            // (C11 §6.2.5p9); signed overflow is undefined, so the value is unknown.
            let (product, overflow) = a.multipliedReportingOverflow(by: b)
            if !overflow {
                v = product
            } else if common.isSigned {
                return CValue(type: resultType, value: nil)
            } else {
                v = Int128(
                    truncatingIfNeeded: UInt128(truncatingIfNeeded: a) &* UInt128(truncatingIfNeeded: b)
                        & ((UInt128(1) << common.width) - 1))
            }
        case "/", "%":
            guard b != 0 else { return CValue(type: resultType, value: nil) }
            v = op == "/" ? a / b : a % b
        case "&": v = a & b
        case "|": v = a | b
        case "^": v = a ^ b
        case "<": v = a < b ? 1 : 0
        case ">": v = a > b ? 1 : 0
        case "<=": v = a <= b ? 1 : 0
        case ">=": v = a >= b ? 1 : 0
        case "==": v = a == b ? 1 : 0
        case "!=": v = a != b ? 1 : 0
        default: return nil
        }
        if common.isSigned && !comparison && !common.contains(v) { return CValue(type: resultType, value: nil) }
        return CValue(type: resultType, value: v)
    }
}

/// Operator precedence for binary operators, higher binds tighter.
private let binaryPrecedence: [String: Int] = [
    "||": 1, "&&": 2, "|": 3, "^": 4, "&": 5,
    "==": 6, "!=": 6, "<": 7, ">": 7, "<=": 7, ">=": 7,
    "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
]
private let assignmentOperators: Set<String> = ["=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>="]
private let typeKeywords: Set<String> = [
    "unsigned", "signed", "__signed", "__signed__", "int", "long", "short", "char",
    "_Bool", "bool", "const", "volatile", "__const", "__volatile__", "__int128",
    "__int128_t", "__uint128_t", "float", "double", "void", "struct", "union", "enum",
    "__typeof__", "typeof", "__typeof", "_Atomic", "restrict", "__restrict",
]

private struct ParseError: Error { var message: String }

/// Recursive-descent parser that evaluates as it parses.
private struct Parser {
    let tokens: [PPToken]
    let end: Int
    var index: Int
    let evaluator: Evaluator
    var sites: [ShiftSite] = []
    var unknowns: [SkipReason] = []
    var failure: String?
    /// The first construct that would do more than compute a value (see `Evaluation.impurity`).
    var impurity: String?
    /// False inside an arm that a known condition rules out, and inside `sizeof`.
    var live = true
    var depth = 0

    init(tokens: [PPToken], range: Range<Int>, evaluator: Evaluator) {
        self.tokens = tokens
        self.end = range.upperBound
        self.index = range.lowerBound
        self.evaluator = evaluator
    }

    var target: TargetModel { evaluator.target }
    var peek: PPToken? { index < end ? tokens[index] : nil }
    func peek(_ k: Int) -> PPToken? { index + k < end ? tokens[index + k] : nil }
    mutating func next() -> PPToken? {
        guard index < end else { return nil }
        index += 1
        return tokens[index - 1]
    }
    mutating func expect(_ s: String) throws {
        guard let t = next(), t.spelling == s else { throw ParseError(message: "expected '\(s)'") }
    }

    mutating func impure(_ what: String) {
        if impurity == nil { impurity = what }
    }

    mutating func parseWhole() -> Operand? {
        do {
            let e = try parseComma()
            if let extra = peek { throw ParseError(message: "unexpected '\(extra.spelling)'") }
            return e
        } catch let e as ParseError {
            failure = e.message
            return nil
        } catch {
            failure = "\(error)"
            return nil
        }
    }

    mutating func parseComma() throws -> Operand {
        var e = try parseAssignment()
        while peek?.spelling == "," {
            _ = next()
            let r = try parseAssignment()
            // C11 §6.6p3: a comma operator makes it no constant expression, but its value is the right one.
            e = Operand(
                value: r.value.map { CValue(type: $0.type, value: nil) }, literal: nil, literalPosition: nil,
                first: e.first, last: r.last)
        }
        return e
    }

    mutating func parseAssignment() throws -> Operand {
        let l = try parseConditional()
        if let op = peek, assignmentOperators.contains(op.spelling) {
            _ = next()
            impure("an assignment ('\(op.spelling)')")
            let r = try parseAssignment()
            if op.spelling == "<<=" || op.spelling == ">>=", let lv = l.value, let rv = r.value {
                // The stored-to object is not a constant; only the count can be judged.
                let shift: ShiftOperator = op.spelling == "<<=" ? .leftAssign : .rightAssign
                record(shift, op, CValue(type: lv.type, value: nil), rv, l, r)
            }
            return Operand(
                value: l.value.map { CValue(type: $0.type, value: nil) }, literal: nil,
                literalPosition: nil, first: l.first, last: r.last)
        }
        return l
    }

    mutating func parseConditional() throws -> Operand {
        let c = try parseBinary(1)
        guard peek?.spelling == "?" else { return c }
        _ = next()
        let condition: Bool? = c.value?.value.map { $0 != 0 }
        let wasLive = live
        // GNU `a ?: b`
        var t: Operand
        if peek?.spelling == ":" {
            t = c
        } else {
            live = wasLive && condition != false
            t = try parseComma()
        }
        try expect(":")
        live = wasLive && condition != true
        let f = try parseConditional()
        live = wasLive
        var value: CValue?
        if let tv = t.value, let fv = f.value {
            let type = evaluator.directiveType(target.usualArithmetic(tv.type, fv.type))
            switch condition {
            case true?: value = CValue(type: type, value: tv.value)
            case false?: value = CValue(type: type, value: fv.value)
            case nil: value = CValue(type: type, value: nil)
            }
        }
        return Operand(value: value, literal: nil, literalPosition: nil, first: c.first, last: f.last)
    }

    mutating func parseBinary(_ minPrec: Int) throws -> Operand {
        var l = try parseUnary()
        while let op = peek, op.kind == .punctuation, let prec = binaryPrecedence[op.spelling], prec >= minPrec {
            _ = next()
            let wasLive = live
            if op.spelling == "&&" || op.spelling == "||" {
                // The right operand runs only if the left does not decide (C11 §6.5.13p4, §6.5.14p4).
                if let v = l.value?.value {
                    if (op.spelling == "&&" && v == 0) || (op.spelling == "||" && v != 0) { live = false }
                }
            }
            let r = try parseBinary(prec + 1)
            live = wasLive
            l = combine(op, l, r)
        }
        return l
    }

    mutating func combine(_ op: PPToken, _ l: Operand, _ r: Operand) -> Operand {
        var result = Operand.unknown(l.first, r.last)
        switch op.spelling {
        case "<<", ">>":
            // A count of unknown type is still a shift: `-1 << n` is undefined whatever `n`
            // is (C11 §6.5.7p4: a negative E1), so the site is recorded with an unknown count.
            guard let lv = l.value else { return result }
            let rv = r.value ?? CValue(type: evaluator.directiveType(target.int), value: nil)
            let shift: ShiftOperator = op.spelling == "<<" ? .left : .right
            let facts = evaluator.shiftFacts(shift, lv, rv)
            guard facts.left.type.isModelled else {
                unknowns.append(SkipReason("'\(facts.left.type)' is wider than 64 bits"))
                return result
            }
            record(shift, op, lv, rv, l, r)
            result.value = CValue(type: facts.left.type, value: facts.definedResult)
        case "&&", "||":
            let int = evaluator.directiveType(target.int)
            guard let lv = l.value?.value else { result.value = CValue(type: int, value: nil); return result }
            if op.spelling == "&&" && lv == 0 { result.value = CValue(type: int, value: 0); return result }
            if op.spelling == "||" && lv != 0 { result.value = CValue(type: int, value: 1); return result }
            guard let rv = r.value?.value else { result.value = CValue(type: int, value: nil); return result }
            result.value = CValue(type: int, value: rv != 0 ? 1 : 0)
        default:
            if op.spelling == "&", l.value?.value == nil || r.value?.value == nil {
                // `x & 0x1f` is 0..0x1f whatever `x` is: the count range check reads the mask.
                result.shape = OperandShape(
                    kind: .binary("&"), type: nil, constant: nil, operands: [l.shapeOrConstant, r.shapeOrConstant])
            }
            guard let lv = l.value, let rv = r.value else { return result }
            result.value = evaluator.arithmetic(op.spelling, lv, rv)
        }
        return result
    }

    /// Reports one shift as a site, when the code is live (a ruled-out arm is never evaluated).
    mutating func record(_ shift: ShiftOperator, _ op: PPToken, _ lv: CValue, _ rv: CValue, _ l: Operand, _ r: Operand) {
        guard live else { return }
        let facts = evaluator.shiftFacts(shift, lv, rv)
        sites.append(
            ShiftSite(
                facts: facts, value: CValue(type: facts.left.type, value: facts.definedResult),
                position: op.position, frames: op.frames.elements(),
                leftLiteral: l.literal, leftLiteralPosition: l.literalPosition,
                leftRange: span(l, op), rightRange: span(r, op), countOperand: rv.value == nil ? r.shape : nil,
                leftPrefixed: l.prefixed))
    }

    /// The extent of an operand when all of it is spelled where the operator is.
    func span(_ o: Operand, _ op: PPToken) -> SourceSpan? {
        guard let f = o.first, let l = o.last, f.frames === op.frames, l.frames === op.frames,
            f.position.file == op.position.file, l.position.file == op.position.file
        else { return nil }
        var end = l.position
        end.column += l.spelling.utf8.count
        end.offset += l.spelling.utf8.count
        return SourceSpan(start: f.position, end: end)
    }

    mutating func parseUnary() throws -> Operand {
        depth += 1
        defer { depth -= 1 }
        // Clang stops at 256 nested brackets (-fbracket-depth); so do we, which also bounds
        // this parser's recursion on hostile input.
        guard depth <= 256 else { throw ParseError(message: "expression nested more than 256 deep") }
        guard let t = peek else { throw ParseError(message: "unexpected end of expression") }
        switch t.spelling {
        case "+", "-", "~", "!":
            _ = next()
            let e = try parseUnary()
            guard let v = e.value else { return Operand.unknown(t, e.last) }
            let type = t.spelling == "!" ? evaluator.directiveType(target.int) : target.promote(v.type)
            guard let x = v.value else { return Operand(value: CValue(type: type, value: nil), first: t, last: e.last) }
            var r: Int128?
            switch t.spelling {
            case "+": r = x
            case "-":
                // Negating the minimum of a signed type overflows (undefined): unknown.
                r = type.isSigned && !type.contains(-x) ? nil : -x
            case "~": r = ~x
            default: r = x == 0 ? 1 : 0
            }
            var result = Operand(value: CValue(type: type, value: r), first: t, last: e.last)
            if t.spelling == "~" || t.spelling == "-", let literal = e.literal, let at = e.literalPosition {
                result.prefixed = PrefixedLiteral(op: t.spelling, literal: literal, at: at)
            }
            return result
        case "&", "*", "++", "--":
            _ = next()
            if t.spelling != "&" { impure(t.spelling == "*" ? "a memory access ('*')" : "an increment ('\(t.spelling)')") }
            let e = try parseUnary()
            return Operand.unknown(t, e.last)
        case "__extension__":
            _ = next()
            return try parseUnary()
        case "sizeof", "_Alignof", "__alignof__", "__alignof", "alignof":
            _ = next()
            return try parseSizeof(t)
        case "(":
            if let type = try castType() {
                let operand = try parseUnary()
                guard let type else { return Operand.unknown(t, operand.last) }
                guard let v = operand.value else {
                    return Operand(value: CValue(type: evaluator.directiveType(type), value: nil), first: t, last: operand.last)
                }
                // A cast converts modulo 2^N (C11 §6.3.1.3); promotion happens where the value is used.
                return Operand(value: CValue(type: type, value: v.value.map { type.convert($0) }), first: t, last: operand.last)
            }
        default:
            break
        }
        return try parsePostfix()
    }

    /// `sizeof(type)`, `sizeof expr`: the operand is not evaluated (C11 §6.5.3.4p2).
    mutating func parseSizeof(_ keyword: PPToken) throws -> Operand {
        let sizeType = evaluator.directiveType(target.size)
        let isSize = keyword.spelling == "sizeof"
        if peek?.spelling == "(" {
            let save = index
            if let type = try castType() {
                if let type, isSize {
                    return Operand(
                        value: CValue(type: sizeType, value: Int128(type.byteSize)), first: keyword, last: tokens[index - 1])
                }
                return Operand(value: CValue(type: sizeType, value: nil), first: keyword, last: tokens[index - 1])
            }
            index = save
        }
        let wasLive = live
        live = false
        let e = try parseUnary()
        live = wasLive
        guard isSize, let v = e.value else {
            return Operand(value: CValue(type: sizeType, value: nil), first: keyword, last: e.last)
        }
        return Operand(value: CValue(type: sizeType, value: Int128(v.type.byteSize)), first: keyword, last: e.last)
    }

    /// At `(`: if a type name follows, consumes `( type-name )` and returns the integer type
    /// (inner nil when it is a type but not an integer one, e.g. a pointer or struct).
    /// Returns nil, consuming nothing, when this is a parenthesized expression.
    mutating func castType() throws -> CIntType?? {
        guard peek?.spelling == "(", let first = peek(1) else { return nil }
        let isTypedef =
            first.kind == .identifier && evaluator.context.typedef(first.spelling) != nil
            && evaluator.context.enumConstant(first.spelling) == nil
        guard typeKeywords.contains(first.spelling) || isTypedef else { return nil }
        let save = index
        _ = next()
        var words: [String] = []
        var pointer = false
        var other = false
        while let t = peek, t.spelling != ")" {
            if t.spelling == "*" {
                pointer = true
            } else if t.spelling == "(" || t.spelling == "[" {
                other = true; try skipBalanced(); continue
            } else if t.isWord {
                words.append(t.spelling)
            } else {
                index = save; return nil
            }
            _ = next()
        }
        guard peek?.spelling == ")" else { index = save; return nil }
        _ = next()
        if pointer || other { return .some(nil) }
        return .some(integerType(words))
    }

    mutating func skipBalanced() throws {
        var level = 0
        while let t = next() {
            if t.spelling == "(" || t.spelling == "[" { level += 1 }
            if t.spelling == ")" || t.spelling == "]" { level -= 1; if level == 0 { return } }
        }
        throw ParseError(message: "unbalanced parentheses")
    }

    /// Resolves declaration specifiers to an integer type (C11 §6.7.2p2 lists the allowed
    /// combinations), or nil.
    func integerType(_ words: [String]) -> CIntType? {
        let ws = words.filter { !TargetModel.typeQualifiers.contains($0) }
        if ws.count == 1, let info = evaluator.context.typedef(ws[0]) { return info.integerType }
        return target.integerType(specifiers: ws)
    }

    mutating func parsePostfix() throws -> Operand {
        var e = try parsePrimary()
        while let t = peek {
            switch t.spelling {
            case "(":
                // A call: never a constant, but its arguments are evaluated.
                _ = next()
                impure("a call")
                var last = t
                if peek?.spelling != ")" {
                    _ = try parseAssignment()
                    while peek?.spelling == "," { _ = next(); _ = try parseAssignment() }
                }
                if let close = peek { last = close }
                try expect(")")
                e = Operand.unknown(e.first, last)
            case "[":
                _ = next()
                impure("a memory access ('[]')")
                _ = try parseComma()
                let close = peek
                try expect("]")
                e = Operand.unknown(e.first, close)
            case ".", "->":
                _ = next()
                impure("a memory access ('\(t.spelling)')")
                guard let member = next(), member.isWord else { throw ParseError(message: "expected a member name") }
                e = Operand.unknown(e.first, member)
            case "++", "--":
                _ = next()
                impure("an increment ('\(t.spelling)')")
                e = Operand.unknown(e.first, t)
            default:
                return e
            }
        }
        return e
    }

    mutating func parsePrimary() throws -> Operand {
        guard let t = next() else { throw ParseError(message: "unexpected end of expression") }
        switch t.kind {
        case .literal:
            if let f = t.spelling.first, f.isNumber || f == "." {
                do {
                    let lit = try target.parseIntegerLiteral(t.spelling)
                    let type = evaluator.directiveType(lit.type)
                    return Operand(
                        value: CValue(type: type, value: lit.magnitude), literal: lit,
                        literalPosition: t.position, first: t, last: t)
                } catch {
                    unknowns.append(SkipReason("\(error)"))
                    return Operand.unknown(t, t)
                }
            }
            if t.spelling.hasSuffix("'") {
                do {
                    let v = try target.parseCharacterConstant(t.spelling)
                    return Operand(value: CValue(type: evaluator.directiveType(v.type), value: v.value), first: t, last: t)
                } catch {
                    unknowns.append(SkipReason("\(error)"))
                    return Operand.unknown(t, t)
                }
            }
            // String literals (possibly concatenated).
            while let n = peek, n.kind == .literal, n.spelling.hasSuffix("\"") { _ = next() }
            return Operand.unknown(t, t)
        case .identifier, .keyword:
            if let c = evaluator.context.enumConstant(t.spelling) {
                return Operand(value: CValue(type: evaluator.directiveType(c.type), value: c.value), first: t, last: t)
            }
            if evaluator.directiveMode {
                // C11 §6.10.1p4: remaining identifiers are replaced with 0.
                return Operand(value: CValue(type: target.intmax, value: 0), first: t, last: t)
            }
            if t.spelling == "__builtin_choose_expr" || t.spelling == "__builtin_constant_p" {
                return Operand.unknown(t, t)
            }
            if typeKeywords.contains(t.spelling) { throw ParseError(message: "unexpected type name '\(t.spelling)'") }
            if t.kind == .keyword && !t.spelling.hasPrefix("__") {
                throw ParseError(message: "unexpected keyword '\(t.spelling)'")
            }
            unknowns.append(SkipReason("'\(t.spelling)' is not a constant"))
            return Operand.unknown(t, t)
        case .punctuation:
            if t.spelling == "(" {
                if peek?.spelling == "{" { throw ParseError(message: "statement expression") }
                let e = try parseComma()
                let close = peek
                try expect(")")
                var r = e
                r.first = t
                r.last = close
                if let inner = e.shape {
                    r.shape = OperandShape(kind: .parenthesized, type: nil, constant: nil, operands: [inner])
                }
                return r
            }
            throw ParseError(message: "unexpected '\(t.spelling)'")
        case .comment:
            throw ParseError(message: "unexpected comment")
        }
    }
}

extension Operand {
    init(value: CValue?, first: PPToken?, last: PPToken?) {
        self.init(value: value, literal: nil, literalPosition: nil, first: first, last: last)
    }
}

extension TargetModel {
    /// Qualifiers that do not change an integer type.
    static let typeQualifiers: Set<String> = [
        "const", "volatile", "__const", "__volatile__", "_Atomic", "restrict", "__restrict",
    ]

    /// Resolves declaration specifiers (keywords only) to an integer type (C11 §6.7.2p2 lists
    /// the allowed combinations), or nil.
    func integerType(specifiers words: [String]) -> CIntType? {
        var signedness: Bool?
        var longs = 0
        var base: String?
        for w in words where !TargetModel.typeQualifiers.contains(w) {
            switch w {
            case "unsigned": signedness = false
            case "signed", "__signed", "__signed__": signedness = true
            case "long": longs += 1
            case "int", "char", "short", "_Bool", "bool", "__int128": if base != nil { return nil }; base = w
            case "__int128_t": return int128
            case "__uint128_t": return uint128
            default: return nil
            }
        }
        switch (base, longs) {
        case ("_Bool"?, 0), ("bool"?, 0): return signedness == nil ? bool : nil
        case ("char"?, 0): return signedness == nil ? char : (signedness == true ? schar : uchar)
        case ("short"?, 0): return signedness == false ? ushort : short
        case ("__int128"?, 0): return signedness == false ? uint128 : int128
        case (nil, 0), ("int"?, 0):
            if base == nil && signedness == nil { return nil }
            return signedness == false ? uint : int
        case (nil, 1), ("int"?, 1): return signedness == false ? ulong : long
        case (nil, 2), ("int"?, 2): return signedness == false ? ulonglong : longlong
        default: return nil
        }
    }
}

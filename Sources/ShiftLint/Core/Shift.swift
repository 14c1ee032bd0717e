/// The operator of a shift expression.
public enum ShiftOperator: String, Sendable, Codable {
    case left = "<<", right = ">>", leftAssign = "<<=", rightAssign = ">>="
    public var isLeft: Bool { self == .left || self == .leftAssign }
}

/// Everything the checks need to judge one shift, after the integer promotions.
///
/// C11 §6.5.7p3: "The integer promotions are performed on each of the operands. The type of
/// the result is that of the promoted left operand." The usual arithmetic conversions are
/// *not* applied: `1 << 40ULL` is a shift of an `int`.
public struct ShiftFacts: Hashable, Sendable, Codable {
    public var op: ShiftOperator
    /// The promoted left operand's type, and its value when constant.
    public var left: CValue
    /// The promoted count, and its value when constant.
    public var count: CValue

    public init(op: ShiftOperator, left: CValue, count: CValue) {
        self.op = op
        self.left = left
        self.count = count
    }

    /// True when the count is a known value in `0..<width`.
    public var countInRange: Bool {
        guard let c = count.value else { return false }
        return c >= 0 && c < Int128(left.type.width)
    }

    /// The exact mathematical product E1 × 2^E2 for a non-negative left operand and an
    /// in-range count (fits `Int128` because modelled types are at most 64 bits wide).
    public var exactLeftShift: Int128? {
        guard op.isLeft, countInRange, let l = left.value, let c = count.value, l >= 0 else { return nil }
        return l << Int(c)
    }

    /// Number of bits needed to represent a non-negative value (0 needs 0).
    public static func bitWidth(_ v: Int128) -> Int { v <= 0 ? 0 : 128 - v.leadingZeroBitCount }

    /// Whether ISO C leaves this shift undefined (C11 §6.5.7p3–4): a count that is negative or
    /// not below the promoted left operand's width, or a signed `E1 << E2` with a negative `E1`
    /// or a product `E1 × 2^E2` that the type cannot represent. Which rule (and how to say it)
    /// is the checks' business; this is the semantics the evaluator and the AST walk need to
    /// stop computing with a value ISO C does not define.
    public var isUndefined: Bool {
        if let c = count.value, c < 0 || c >= Int128(left.type.width) { return true }
        guard op.isLeft, left.type.isSigned, let l = left.value else { return false }
        if l < 0 { return true }
        guard let exact = exactLeftShift else { return false }
        return ShiftFacts.bitWidth(exact) >= left.type.width
    }

    /// The value of the shift when it is defined; nil when undefined or not constant.
    /// Right shift of a negative value is implementation-defined (C11 §6.5.7p5); gcc and clang
    /// shift arithmetically, which `>>` on `Int128` does too.
    public var definedResult: Int128? {
        guard countInRange, let l = left.value, let c = count.value else { return nil }
        if op.isLeft {
            if left.type.isSigned {
                guard l >= 0, let exact = exactLeftShift, left.type.contains(exact) else { return nil }
                return exact
            }
            return left.type.convert(l << Int(c))
        }
        return l >> Int(c)
    }
}

/// Formats a value the way clang's shift diagnostics do: hexadecimal for results.
public func hex(_ v: Int128) -> String {
    v < 0 ? "-0x" + String(-v, radix: 16) : "0x" + String(v, radix: 16)
}

/// One step of a macro expansion chain: the macro `name` was invoked at `invocation`.
public struct ExpansionFrame: Hashable, Sendable {
    public var name: String
    public var isFunctionLike: Bool
    public var invocation: SourcePosition
    /// Where the macro is defined (its name in the `#define`).
    public var definition: SourcePosition
}

/// The syntax of a shift's operand, as far as value ranges need it (code only): its type, its
/// value when clang folds it, and for parentheses, conversions, bit-field references and binary
/// operators, their operands. `shift-promotion` computes the left operand's ranges from it,
/// `shift-count-range` the count's.
///
/// A producer that cannot tell a part leaves it out: an unknown operand is nil, an unknown type
/// is nil (a token-level evaluator knows `x & 0x1f` is `0..31` without knowing `x` or the
/// type of the `&`).
public struct OperandShape: Sendable {
    public enum Kind: Sendable, Equatable {
        case parenthesized
        case conversion
        /// A reference to a bit-field of this many bits.
        case bitField(width: Int)
        case binary(String)
        /// A value its context bounds to this range: the counter of a counted loop in the
        /// loop's body (`for (i = 0; i < 32; i++)`: `0...31`).
        case bounded(ClosedRange<Int128>)
        case other
    }
    public var kind: Kind
    /// The expression's type (integer, at most 64 bits wide); nil when the producer does not know it.
    public var type: CIntType?
    /// The value when the expression is an integer constant.
    public var constant: Int128?
    /// Operands; nil where an operand is not of a modelled integer type, or is unknown.
    public var operands: [OperandShape?]

    public init(kind: Kind, type: CIntType?, constant: Int128?, operands: [OperandShape?]) {
        self.kind = kind
        self.type = type
        self.constant = constant
        self.operands = operands
    }
}

/// An integer literal under a unary `~` or `-` (`~0`, `-1`, through parentheses): the left
/// operand of the high-bits mask idioms `~0 << n` and `-1 << n`, whose fix respells the
/// literal unsigned (`~0U << n`).
public struct PrefixedLiteral: Hashable, Sendable, Codable {
    /// `~` or `-`.
    public var op: String
    public var literal: IntegerLiteral
    /// Where the literal (not the operator) is spelled.
    public var at: SourcePosition

    public init(op: String, literal: IntegerLiteral, at: SourcePosition) {
        self.op = op
        self.literal = literal
        self.at = at
    }
}

/// One shift the evaluator or the AST walk evaluated, defined or not: what the checks judge.
public struct ShiftSite: Sendable {
    /// The promoted operands; a value is nil where it is not a constant.
    public var facts: ShiftFacts
    /// The shift's value when it is defined and constant.
    public var value: CValue?
    /// Where the operator is spelled, and the macro expansions that produced it (evaluator
    /// sites; the AST walk locates its operator only for shifts a check reports).
    public var position: SourcePosition?
    public var frames: [ExpansionFrame]
    /// The left operand when it is a single integer literal (the fix target), with the
    /// position of its spelling.
    public var leftLiteral: IntegerLiteral?
    public var leftLiteralPosition: SourcePosition?
    /// The left operand when it is `~LITERAL` or `-LITERAL` (the fix target of the negative
    /// idioms).
    public var leftPrefixed: PrefixedLiteral?
    /// The operands' spelled extents (end exclusive) when spelled with the operator.
    public var leftRange: SourceSpan?
    public var rightRange: SourceSpan?
    /// Code only: the operands' syntax, when a check asked for it (`Checks.neededShapes`).
    public var leftOperand: OperandShape?
    public var countOperand: OperandShape?
    /// Code only: whether the shift's value ends up converted to an unsigned type.
    public var usedAsUnsigned: Bool

    public var isUndefined: Bool { facts.isUndefined }

    public init(
        facts: ShiftFacts, value: CValue? = nil, position: SourcePosition? = nil, frames: [ExpansionFrame] = [],
        leftLiteral: IntegerLiteral? = nil, leftLiteralPosition: SourcePosition? = nil,
        leftRange: SourceSpan? = nil, rightRange: SourceSpan? = nil,
        leftOperand: OperandShape? = nil, countOperand: OperandShape? = nil, usedAsUnsigned: Bool = false,
        leftPrefixed: PrefixedLiteral? = nil
    ) {
        self.leftPrefixed = leftPrefixed
        self.facts = facts
        self.value = value
        self.position = position
        self.frames = frames
        self.leftLiteral = leftLiteral
        self.leftLiteralPosition = leftLiteralPosition
        self.leftRange = leftRange
        self.rightRange = rightRange
        self.leftOperand = leftOperand
        self.countOperand = countOperand
        self.usedAsUnsigned = usedAsUnsigned
    }
}

/// Why an expression was skipped (reported by `--verbose`).
public struct SkipReason: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The operator of a shift expression.
public enum ShiftOperator: String, Sendable {
    case left = "<<", right = ">>", leftAssign = "<<=", rightAssign = ">>="
    public var isLeft: Bool { self == .left || self == .leftAssign }
}

/// Everything the checks need to judge one shift, after the integer promotions.
///
/// C11 §6.5.7p3: "The integer promotions are performed on each of the operands. The type of
/// the result is that of the promoted left operand." The usual arithmetic conversions are
/// *not* applied: `1 << 40ULL` is a shift of an `int`.
public struct ShiftFacts: Hashable, Sendable {
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
    static func bitWidth(_ v: Int128) -> Int { v <= 0 ? 0 : 128 - v.leadingZeroBitCount }

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
func hex(_ v: Int128) -> String {
    v < 0 ? "-0x" + String(-v, radix: 16) : "0x" + String(v, radix: 16)
}

/// Value ranges of an operand's syntax (`OperandShape`) from types, masks, remainders, shifts,
/// casts, constants, bit-fields and bounded values (a counted loop's counter) — not from
/// paths. Tells `b << 24` (0..255, may overflow `int`) from `(b & 0x7f) << 24` (0..127, never
/// does), and `1 << (bit & 0x1f)` (count 0..31) from `1 << n`. Shared by `shift-promotion`
/// (the left operand) and `shift-count-range` (the count).
///
/// A range is what the operand can hold: its bounds are values some input gives wherever the
/// syntax and types are known. Where a part is unknown (a nil operand or type, from a producer
/// that cannot tell), a range is given only when it holds whatever the unknown part is.
struct ValueRanges {
    /// The target's `int`, for the promotion's narrow sources; nil when they are not wanted.
    let int: CIntType?
    /// Set when a range came from an unsigned type narrower than `int` (or an unsigned
    /// bit-field narrower than `int`): the values the promotion makes signed. Holds the type's
    /// name for the message.
    private(set) var narrowSource: String?

    init(int: CIntType?) { self.int = int }

    /// The largest value every integer type of rank `int` or above holds (C11 §5.2.4.2.1:
    /// `INT_MAX` is at least 32767): a non-negative result up to it cannot have wrapped,
    /// whatever the (unknown) type of the expression is.
    static let smallValues: ClosedRange<Int128> = 0...32767

    /// The largest value with the bits a value in `0...high` can have: 2^bits(high) - 1.
    static func envelope(_ high: Int128) -> Int128 {
        let bits = ShiftFacts.bitWidth(high)
        return bits >= 127 ? Int128.max : (Int128(1) << bits) - 1
    }

    mutating func range(_ e: OperandShape?) -> ClosedRange<Int128>? {
        guard let e else { return nil }
        if let x = e.constant { return x...x }
        let type = e.type
        var full = type.map { $0.minValue...$0.maxValue }
        var r: ClosedRange<Int128>?
        switch e.kind {
        case .parenthesized:
            r = e.operands.count == 1 ? range(e.operands[0]) : nil
        case .conversion:
            // Conversions keep a range that fits the new type (promotions always do).
            if let inner = e.operands.last, let ir = range(inner), let full, full.contains(ir.lowerBound),
                full.contains(ir.upperBound)
            {
                r = ir
            }
        case .bitField(let width):
            if let type, width > 0, width < type.width {
                full =
                    type.isSigned
                    ? -(Int128(1) << (width - 1))...((Int128(1) << (width - 1)) - 1)
                    : 0...((Int128(1) << width) - 1)
                if let int, !type.isSigned && width < int.width { narrowSource = "unsigned bit-field of \(width) bits" }
            }
        case .bounded(let bounds):
            r = bounds
        case .binary(let op) where e.operands.count == 2:
            r = binary(op, e.operands[0], e.operands[1], type: type)
        default:
            break
        }
        if r == nil, let type, let int, !type.isSigned && type.rank < int.rank && type.kind != .bool {
            narrowSource = "\(type)"
        }
        guard let r else { return full }
        guard let full else { return r }
        // A bound outside the type would be a producer's mistake: the type's range then.
        guard r.upperBound >= full.lowerBound, r.lowerBound <= full.upperBound else { return full }
        return max(r.lowerBound, full.lowerBound)...min(r.upperBound, full.upperBound)
    }

    /// A binary operator's range from its operands' (C11 §6.5.5–§6.5.12); `type` is the
    /// result's, after the usual arithmetic conversions of the operands.
    private mutating func binary(_ op: String, _ a: OperandShape?, _ b: OperandShape?, type: CIntType?) -> ClosedRange<Int128>? {
        // Both operands first: each may name the narrow source.
        let ra = range(a), rb = range(b)
        let bConstant = rb.flatMap { $0.lowerBound == $0.upperBound ? $0.lowerBound : nil }
        switch op {
        case "&":
            // The bits of `x & m` are among those of a non-negative `m` (two's complement,
            // C11 §6.2.6.2p2, and the conversions keep a non-negative value), so
            // 0 <= x & m <= m whatever `x` is: `x & 0x1f` is 0..31 even for an unknown `x`.
            let nonNegative = [ra, rb].compactMap { $0 }.filter { $0.lowerBound >= 0 }
            guard var high = nonNegative.map(\.upperBound).min() else { return nil }
            // And a bit of the result is set in both: a constant's bits are its own, a value in
            // 0...h has its bits among h's envelope (`(v & 7) & 0x30` is 0).
            if nonNegative.count == 2 {
                let bits = nonNegative.map {
                    $0.lowerBound == $0.upperBound ? $0.upperBound : ValueRanges.envelope($0.upperBound)
                }
                high = min(high, bits.reduce(~0, &))
            }
            return 0...high
        case ">>":
            // Arithmetic for negative values, as gcc and clang do (implementation-defined,
            // C11 §6.5.7p5); monotonic either way.
            guard let ra, let s = bConstant, s >= 0, s < 64 else { return nil }
            return (ra.lowerBound >> Int(s))...(ra.upperBound >> Int(s))
        case "%":
            // C11 §6.5.5p6: the quotient is truncated toward zero, so `a % m` has the sign of
            // `a` and a magnitude below `m`: `n % 32` is -31..31 for a signed `n`.
            guard let m = bConstant, m > 0 else { return nil }
            guard let ra else {
                // An unknown `a`: 0..m-1 are reached whatever its type; negative values only
                // if it is signed, which is unknown, so they are left out.
                return 0...(m - 1)
            }
            if ra.lowerBound >= 0 { return 0...min(ra.upperBound, m - 1) }
            return max(ra.lowerBound, -(m - 1))...min(ra.upperBound, m - 1)
        case "|", "^":
            guard let ra, let rb, ra.lowerBound >= 0, rb.lowerBound >= 0 else { return nil }
            return 0...ValueRanges.envelope(max(ra.upperBound, rb.upperBound))
        case "+", "-", "*":
            guard let ra, let rb else { return nil }
            // Exact in Int128 for the modelled types (at most 64 bits: 0..2^64-1 squared does
            // not fit); a bound past Int128 gives no range.
            let pairs: [(Int128, Int128)]
            switch op {
            case "+": pairs = [(ra.lowerBound, rb.lowerBound), (ra.upperBound, rb.upperBound)]
            case "-": pairs = [(ra.lowerBound, rb.upperBound), (ra.upperBound, rb.lowerBound)]
            default:
                pairs = [ra.lowerBound, ra.upperBound].flatMap { a in [rb.lowerBound, rb.upperBound].map { (a, $0) } }
            }
            var bounds: [Int128] = []
            for (a, b) in pairs {
                let r =
                    op == "+"
                    ? a.addingReportingOverflow(b)
                    : op == "-" ? a.subtractingReportingOverflow(b) : a.multipliedReportingOverflow(by: b)
                guard !r.overflow else { return nil }
                bounds.append(r.partialValue)
            }
            guard let low = bounds.min(), let high = bounds.max() else { return nil }
            // A result the type cannot hold wraps (unsigned) or is undefined (signed, C11
            // §6.5p5): no range then. An unknown type holds small non-negative values only.
            let holds = type.map { $0.minValue...$0.maxValue } ?? ValueRanges.smallValues
            guard holds.contains(low), holds.contains(high) else { return nil }
            return low...high
        default:
            return nil
        }
    }
}

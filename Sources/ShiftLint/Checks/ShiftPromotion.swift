extension CheckID {
    public static let shiftPromotion = CheckID("shift-promotion")
}

/// `shift-promotion` (possible UB, severity `note`): a left operand of an unsigned type
/// narrower than `int` — `unsigned char`, `unsigned short`, an unsigned bit-field narrower
/// than `int` — is promoted to *signed* `int` (C11 §6.3.1.1p2), so `u8 b; b << 24` is a signed
/// shift and undefined for `b >= 128` (§6.5.7p4): UBSAN reports "left shift of 255 by 24
/// places cannot be represented in type 'int'".
///
/// Reported when the operand's value range (from its type, masks, shifts, casts and constants;
/// not from paths) allows a result above INT_MAX: `b << 24` yes, `(b & 0x7f) << 24` no,
/// `b << 23` no, `(u32)b << 24` no (not promoted to `int`). Constant operands are left to the
/// certain checks.
public struct ShiftPromotion: ShiftCheck {
    public static let description = CheckDescription(
        id: .shiftPromotion, severity: .note, title: "narrow unsigned operand promoted to int",
        summary: "possibly: a narrow unsigned operand promoted to `int` may overflow it (`u8 b; b << 24`)",
        clause: "C11 §6.3.1.1p2, §6.5.7p4", isCertain: false, fix: .unsignedCast, ubsanCategory: "left shift")

    /// Only `<<` of a non-constant operand promoted to `int` by a constant count can be judged.
    static func applies(to facts: ShiftFacts) -> Bool {
        facts.op.isLeft && facts.left.value == nil && facts.count.value != nil && facts.left.type.kind == .int
    }

    public func verdict(for site: ShiftSite) -> Verdict? {
        let facts = site.facts
        guard ShiftPromotion.applies(to: facts), let count = facts.count.value, let operand = site.leftOperand else { return nil }
        var ranges = ValueRanges(int: facts.left.type)
        guard let r = ranges.range(operand), let source = ranges.narrowSource,
            let message = ShiftPromotion.message(range: r, typeName: source, promoted: facts.left.type, count: count)
        else { return nil }
        let suffix = site.usedAsUnsigned && facts.op == .left ? "; the result is used as unsigned" : ""
        // The witness (for --confirm) is the worst case: the largest value the operand can hold.
        let worst = ShiftFacts(op: facts.op, left: CValue(type: facts.left.type, value: r.upperBound), count: facts.count)
        let d = Self.description
        return Verdict(check: d.id, severity: d.severity, message: message + suffix, witness: worst)
    }

    /// `range`: the unpromoted operand's possible values; `typeName`: its type as written in
    /// the message; `promoted`: the promoted type (`int`); `count`: the constant count.
    public static func message(range: ClosedRange<Int128>, typeName: String, promoted: CIntType, count: Int128) -> String? {
        guard promoted.isSigned, range.lowerBound >= 0, count >= 0, count < Int128(promoted.width) else { return nil }
        guard (range.upperBound << Int(count)) > promoted.maxValue else { return nil }
        return
            "'\(typeName)' operand is promoted to '\(promoted)': \(range.lowerBound)..\(range.upperBound) << \(count) may exceed '\(promoted)'"
    }
}

/// Value ranges of an operand's syntax from types, masks, shifts, casts and constants — not
/// from paths. Tells `b << 24` (0..255, may overflow `int`) from `(b & 0x7f) << 24` (0..127,
/// never does).
struct ValueRanges {
    /// The target's `int`.
    let int: CIntType
    /// Set when a range came from an unsigned type narrower than `int` (or an unsigned
    /// bit-field narrower than `int`): the values the promotion makes signed. Holds the type's
    /// name for the message.
    private(set) var narrowSource: String?

    init(int: CIntType) { self.int = int }

    mutating func range(_ e: OperandShape?) -> ClosedRange<Int128>? {
        guard let e else { return nil }
        let type = e.type
        if let x = e.constant { return x...x }
        var full = type.minValue...type.maxValue
        var r: ClosedRange<Int128>?
        switch e.kind {
        case .parenthesized:
            r = e.operands.count == 1 ? range(e.operands[0]) : nil
        case .conversion:
            // Conversions keep a range that fits the new type (promotions always do).
            if let inner = e.operands.last, let ir = range(inner), full.contains(ir.lowerBound), full.contains(ir.upperBound) {
                r = ir
            }
        case .bitField(let width):
            if width < type.width {
                full =
                    type.isSigned
                    ? -(Int128(1) << (width - 1))...((Int128(1) << (width - 1)) - 1)
                    : 0...((Int128(1) << width) - 1)
                if !type.isSigned && width < int.width { narrowSource = "unsigned bit-field of \(width) bits" }
            }
        case .binary(let op) where e.operands.count == 2:
            r = binary(op, e.operands[0], e.operands[1])
        default:
            break
        }
        if r == nil && !type.isSigned && type.rank < int.rank && type.kind != .bool {
            narrowSource = "\(type)"
        }
        guard let r else { return full }
        return max(r.lowerBound, full.lowerBound)...min(r.upperBound, full.upperBound)
    }

    private mutating func binary(_ op: String, _ a: OperandShape?, _ b: OperandShape?) -> ClosedRange<Int128>? {
        guard let ra = range(a), let rb = range(b) else { return nil }
        let aNonNegative = ra.lowerBound >= 0, bNonNegative = rb.lowerBound >= 0
        let bConstant = rb.lowerBound == rb.upperBound ? rb.lowerBound : nil
        switch op {
        case "&":
            if aNonNegative && bNonNegative { return 0...min(ra.upperBound, rb.upperBound) }
            if aNonNegative { return 0...ra.upperBound }
            if bNonNegative { return 0...rb.upperBound }
        case ">>":
            if aNonNegative, let s = bConstant, s >= 0, s < 64 { return (ra.lowerBound >> Int(s))...(ra.upperBound >> Int(s)) }
        case "%":
            if aNonNegative, let m = bConstant, m > 0 { return 0...min(ra.upperBound, m - 1) }
        case "|", "^":
            if aNonNegative && bNonNegative {
                let high = max(ra.upperBound, rb.upperBound)
                let bits = high == 0 ? 0 : 128 - high.leadingZeroBitCount
                return 0...((Int128(1) << bits) - 1)
            }
        default:
            break
        }
        return nil
    }
}

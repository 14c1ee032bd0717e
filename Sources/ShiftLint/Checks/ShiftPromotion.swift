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

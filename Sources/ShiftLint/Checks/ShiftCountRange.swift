extension CheckID {
    public static let shiftCountRange = CheckID("shift-count-range")
}

/// `shift-count-range` (possible UB, severity `note`): a count that is not constant but whose
/// range the code bounds — a mask with a non-negative constant (`bit & 0x1f`: 0..31), a
/// remainder by a constant (`n % 32`: -31..31 for a signed `n`, C11 §6.5.5p6), a bit-field, a
/// type narrower than `int`, the counter of a counted loop in its body (`for (i = 0; i < 32;
/// i++)`: 0..31) — when some value of that range makes the shift undefined:
/// - a negative count (C11 §6.5.7p3): `1 << (n % 32)` at -31;
/// - a count not below the promoted left operand's width (§6.5.7p3): `x >> (n & 63)` on a
///   32-bit `x` at 32; a `u8 c` count of a 32-bit shift at 32;
/// - a signed constant `E1` whose `E1 × 2^E2` the type cannot represent (§6.5.7p4):
///   `1 << (bit & 0x1f)` at 31.
///
/// A count whose range is its whole (promoted) type — a plain `int` or `unsigned int`
/// variable — is not reported: the code says nothing about its values, and every variable
/// shift would be. The message gives the range and its first undefined value (the lowest);
/// the witness (for `--confirm`) shifts by that value.
public struct ShiftCountRange: ShiftCheck {
    public static let description = CheckDescription(
        id: .shiftCountRange, severity: .note, title: "shift count range includes an undefined count",
        summary:
            "possibly: the range of a bounded count (mask, remainder, bit-field, narrow type, loop counter) includes an undefined count (`1 << (bit & 0x1f)`)",
        clause: "C11 §6.5.7p3, §6.5.7p4", isCertain: false, fix: .none, ubsanCategory: "shift exponent")

    /// Only a count that is not constant can have a range.
    static func applies(to facts: ShiftFacts) -> Bool { facts.count.value == nil }

    public func verdict(for site: ShiftSite) -> Verdict? {
        let facts = site.facts
        guard ShiftCountRange.applies(to: facts), let operand = site.countOperand else { return nil }
        var ranges = ValueRanges(int: nil)
        guard let range = ranges.range(operand), let found = ShiftCountRange.firstUndefined(range: range, facts: facts)
        else { return nil }
        let witness = ShiftFacts(op: facts.op, left: facts.left, count: CValue(type: facts.count.type, value: found.count))
        let d = Self.description
        return Verdict(check: d.id, severity: d.severity, message: found.message, witness: witness)
    }

    /// The lowest count of `range` that makes a shift with these operands undefined, and the
    /// message; nil when every count of the range is defined, or when the range is the count's
    /// whole type (nothing bounds it).
    public static func firstUndefined(range: ClosedRange<Int128>, facts: ShiftFacts) -> (count: Int128, message: String)? {
        let countType = facts.count.type
        guard range.lowerBound > countType.minValue || range.upperBound < countType.maxValue else { return nil }
        let left = facts.left.type
        let width = Int128(left.width)
        let shown = "shift count \(range.lowerBound)..\(range.upperBound) reaches"
        // C11 §6.5.7p3: a negative count.
        if range.lowerBound < 0 { return (range.lowerBound, "\(shown) \(range.lowerBound): negative") }
        // C11 §6.5.7p4: for a signed constant E1 > 0, E1 × 2^E2 needs bitWidth(E1) + E2 bits
        // and the type holds width - 1 of them: undefined from E2 = width - bitWidth(E1) on.
        // A negative E1 is undefined at every count: `shift-negative-value`'s.
        var overflow: Int128?
        if facts.op.isLeft, left.isSigned, let l = facts.left.value {
            guard l >= 0 else { return nil }
            if l > 0 {
                let limit = width - Int128(ShiftFacts.bitWidth(l))
                if range.upperBound >= limit { overflow = max(limit, range.lowerBound) }
            }
        }
        if let c = overflow, c < width, let l = facts.left.value {
            return (c, "\(shown) \(c): \(l) << \(c) overflows '\(left)'")
        }
        // C11 §6.5.7p3: a count not below the width of the promoted left operand.
        if range.upperBound >= width {
            let c = max(width, range.lowerBound)
            return (c, "\(shown) \(c): >= width of type '\(left)' (\(left.width) bits)")
        }
        return nil
    }
}

extension CheckID {
    public static let shiftCountOverflow = CheckID("shift-count-overflow")
}

/// `shift-count-overflow`: C11 §6.5.7p3, "... or is greater than or equal to the width of
/// the promoted left operand, the behavior is undefined." The width is that of the
/// *promoted left* operand only: `1 << 40ULL` shifts an `int` by 40.
public struct ShiftCountOverflow: ShiftCheck {
    public static let description = CheckDescription(
        id: .shiftCountOverflow, severity: .error, title: "shift count is too large",
        summary: "the count ≥ width of the promoted left operand", clause: "C11 §6.5.7p3",
        fix: .literalSuffix, ubsanCategory: "shift exponent")

    public func verdict(for site: ShiftSite) -> Verdict? {
        let facts = site.facts
        guard let c = facts.count.value, c >= Int128(facts.left.type.width) else { return nil }
        return verdict("shift count (\(c)) is >= width of type '\(facts.left.type)' (\(facts.left.type.width) bits)", site)
    }
}

extension CheckID {
    public static let shiftCountNegative = CheckID("shift-count-negative")
}

/// `shift-count-negative`: C11 §6.5.7p3, "If the value of the right operand is negative
/// ... the behavior is undefined." Applies to `<<` and `>>` alike.
public struct ShiftCountNegative: ShiftCheck {
    public static let description = CheckDescription(
        id: .shiftCountNegative, severity: .error, title: "shift count is negative",
        summary: "the count is negative", clause: "C11 §6.5.7p3", fix: .none, ubsanCategory: "shift exponent")

    public func verdict(for site: ShiftSite) -> Verdict? {
        guard let c = site.facts.count.value, c < 0 else { return nil }
        return verdict("shift count (\(c)) is negative", site)
    }
}

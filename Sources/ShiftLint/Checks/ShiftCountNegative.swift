/// `shift-count-negative`: C11 §6.5.7p3, "If the value of the right operand is negative
/// ... the behavior is undefined." Applies to `<<` and `>>` alike.
public struct ShiftCountNegative: ShiftCheck {
    public static let id = CheckID.shiftCountNegative
    public static let severity = Severity.error

    public func verdict(for facts: ShiftFacts) -> String? {
        guard let c = facts.count.value, c < 0 else { return nil }
        return "shift count (\(c)) is negative"
    }
}

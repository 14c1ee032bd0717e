/// `shift-count-overflow`: C11 §6.5.7p3, "... or is greater than or equal to the width of
/// the promoted left operand, the behavior is undefined." The width is that of the
/// *promoted left* operand only: `1 << 40ULL` shifts an `int` by 40.
public struct ShiftCountOverflow: ShiftCheck {
    public static let id = CheckID.shiftCountOverflow
    public static let severity = Severity.error

    public func verdict(for facts: ShiftFacts) -> String? {
        guard let c = facts.count.value, c >= Int128(facts.left.type.width) else { return nil }
        return "shift count (\(c)) is >= width of type '\(facts.left.type)' (\(facts.left.type.width) bits)"
    }
}

extension CheckID {
    public static let shiftNegativeValue = CheckID("shift-negative-value")
}

/// `shift-negative-value`: C11 §6.5.7p4, for `E1 << E2`, "If E1 has a signed type and
/// nonnegative value, and E1 × 2^E2 is representable ..., that is the resulting value;
/// otherwise, the behavior is undefined." A negative E1 is therefore always undefined,
/// whatever the count (even `-1 << 0`). `>>` of a negative value is only
/// implementation-defined (§6.5.7p5) and is not reported.
public struct ShiftNegativeValue: ShiftCheck {
    public static let description = CheckDescription(
        id: .shiftNegativeValue, severity: .error, title: "left shift of a negative value",
        summary: "a signed left operand of `<<` is negative", clause: "C11 §6.5.7p4",
        fix: .unsignedIdiom, ubsanCategory: "left shift")

    public func verdict(for site: ShiftSite) -> Verdict? {
        let facts = site.facts
        guard facts.op.isLeft, facts.left.type.isSigned, let l = facts.left.value, l < 0 else { return nil }
        // Whether a fix is offered (the idioms `~0` and `-1` only) is the fix planner's
        // business, and its reason for none goes to the finding's fixNote.
        return verdict("left shift of negative value (\(l)) is undefined", site)
    }
}

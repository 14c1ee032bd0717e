extension CheckID {
    public static let shiftSignOverflow = CheckID("shift-sign-overflow")
}

/// `shift-sign-overflow`: C11 §6.5.7p4, a signed `E1 << E2` whose exact result fits the
/// type's width only as an unsigned value, i.e. the shift moves a one into the sign bit
/// (`1 << 31`, `0xff << 24` on 32-bit `int`). Undefined in ISO C; this is the common case
/// in flag `#define`s, fixed by an unsigned left operand (`1U << 31`).
public struct ShiftSignOverflow: ShiftCheck {
    public static let description = CheckDescription(
        id: .shiftSignOverflow, severity: .error, title: "signed shift sets the sign bit",
        summary: "a signed `E1 × 2^E2` fits only as an unsigned value", clause: "C11 §6.5.7p4",
        fix: .literalSuffix, ubsanCategory: "left shift")

    public func verdict(for site: ShiftSite) -> Verdict? {
        let facts = site.facts
        guard facts.left.type.isSigned, let exact = facts.exactLeftShift else { return nil }
        guard ShiftFacts.bitWidth(exact) == facts.left.type.width else { return nil }
        return verdict("signed shift result (\(hex(exact))) sets the sign bit of '\(facts.left.type)'", site)
    }
}

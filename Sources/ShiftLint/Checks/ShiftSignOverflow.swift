/// `shift-sign-overflow`: C11 §6.5.7p4, a signed `E1 << E2` whose exact result fits the
/// type's width only as an unsigned value, i.e. the shift moves a one into the sign bit
/// (`1 << 31`, `0xff << 24` on 32-bit `int`). Undefined in ISO C; this is the common case
/// in flag `#define`s, fixed by an unsigned left operand (`1U << 31`).
public struct ShiftSignOverflow: ShiftCheck {
    public static let id = CheckID.shiftSignOverflow
    public static let severity = Severity.warning

    public func verdict(for facts: ShiftFacts) -> String? {
        guard facts.left.type.isSigned, let exact = facts.exactLeftShift else { return nil }
        guard ShiftFacts.bitWidth(exact) == facts.left.type.width else { return nil }
        return "signed shift result (\(hex(exact))) sets the sign bit of '\(facts.left.type)'"
    }
}

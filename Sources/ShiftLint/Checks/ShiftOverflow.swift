/// `shift-overflow`: C11 §6.5.7p4, a signed `E1 << E2` whose exact result E1 × 2^E2 is not
/// representable and needs *more* bits than the type's width (`4 << 30` on 32-bit `int`:
/// 0x100000000 needs 33 bits). Clang splits this from `shift-sign-overflow`, where only the
/// sign bit is lost; so do we.
public struct ShiftOverflow: ShiftCheck {
    public static let id = CheckID.shiftOverflow
    public static let severity = Severity.warning

    public func verdict(for facts: ShiftFacts) -> String? {
        guard facts.left.type.isSigned, let exact = facts.exactLeftShift else { return nil }
        let bits = ShiftFacts.bitWidth(exact)
        // Signed values need one bit more than their magnitude: the sign bit.
        guard bits + 1 > facts.left.type.width + 1 else { return nil }
        return "signed shift result (\(hex(exact))) requires \(bits + 1) bits to represent, but '\(facts.left.type)' only has \(facts.left.type.width) bits"
    }
}

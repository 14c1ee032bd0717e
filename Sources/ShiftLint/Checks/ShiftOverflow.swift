extension CheckID {
    public static let shiftOverflow = CheckID("shift-overflow")
}

/// `shift-overflow`: C11 §6.5.7p4, a signed `E1 << E2` whose exact result E1 × 2^E2 is not
/// representable and needs *more* bits than the type's width (`4 << 30` on 32-bit `int`:
/// 0x100000000 needs 33 bits). Clang splits this from `shift-sign-overflow`, where only the
/// sign bit is lost; so do we.
public struct ShiftOverflow: ShiftCheck {
    public static let description = CheckDescription(
        id: .shiftOverflow, severity: .error, title: "signed shift overflows",
        summary: "a signed `E1 × 2^E2` needs more bits than the type has", clause: "C11 §6.5.7p4",
        fix: .literalSuffix, ubsanCategory: "left shift")

    public func verdict(for site: ShiftSite) -> Verdict? {
        let facts = site.facts
        guard facts.left.type.isSigned, let exact = facts.exactLeftShift else { return nil }
        let bits = ShiftFacts.bitWidth(exact)
        // Signed values need one bit more than their magnitude: the sign bit.
        guard bits + 1 > facts.left.type.width + 1 else { return nil }
        return verdict(
            "signed shift result (\(hex(exact))) requires \(bits + 1) bits to represent, but '\(facts.left.type)' only has \(facts.left.type.width) bits",
            site)
    }
}

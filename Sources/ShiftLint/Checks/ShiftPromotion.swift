/// `shift-promotion` (possible UB, severity `note`): a left operand of an unsigned type
/// narrower than `int` — `unsigned char`, `unsigned short`, an unsigned bit-field narrower
/// than `int` — is promoted to *signed* `int` (C11 §6.3.1.1p2), so `u8 b; b << 24` is a signed
/// shift and undefined for `b >= 128` (§6.5.7p4): UBSAN reports "left shift of 255 by 24
/// places cannot be represented in type 'int'".
///
/// Reported when the operand's value range (from its type, masks, shifts, casts and constants;
/// not from paths) allows a result above INT_MAX: `b << 24` yes, `(b & 0x7f) << 24` no,
/// `b << 23` no, `(u32)b << 24` no (not promoted to `int`). Constant operands are left to the
/// certain checks.
public enum ShiftPromotion {
    public static let id = CheckID.shiftPromotion
    public static let severity = Severity.note

    /// `range`: the unpromoted operand's possible values; `typeName`: its type as written in
    /// the message; `promoted`: the promoted type (`int`); `count`: the constant count.
    public static func verdict(range: ClosedRange<Int128>, typeName: String, promoted: CIntType, count: Int128) -> String? {
        guard promoted.isSigned, range.lowerBound >= 0, count >= 0, count < Int128(promoted.width) else { return nil }
        guard (range.upperBound << Int(count)) > promoted.maxValue else { return nil }
        return "'\(typeName)' operand is promoted to '\(promoted)': \(range.lowerBound)..\(range.upperBound) << \(count) may exceed '\(promoted)'"
    }
}

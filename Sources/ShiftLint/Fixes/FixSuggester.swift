/// Proposes an unsigned (and, where needed, wider) spelling of a literal left operand.
///
/// `U` when the result fits `unsigned int` (`1 << 31` → `1U << 31`, `0xff << 24` → `0xffU`),
/// `UL` for a `long` literal (`1L << 63` → `1UL`), otherwise `ULL` (a count of 32..63 on an
/// `int`: `1ULL`, which is 64 bits on ILP32 too). No fix where none is clearly right: a
/// negative or non-literal left operand, a count no type can take.
public enum FixSuggester {
    public enum Outcome: Equatable {
        case replace(with: String)
        /// A literal fix would apply to this kind of finding, but none is clearly right: the
        /// reason becomes the finding's `fixNote`.
        case none(reason: String)
        /// Not a finding a literal suffix could fix (its own message already says what is wrong).
        case notApplicable
    }

    /// `uppercase`: the suffix case the file already uses.
    /// `directive`: the shift is in an `#if` line, where every unsigned type acts as uintmax_t.
    public static func suggest(
        facts: ShiftFacts, check: CheckID, literal: IntegerLiteral?, target: TargetModel,
        uppercase: Bool, directive: Bool = false
    ) -> Outcome {
        guard Checks.description(of: check)?.fix == .literalSuffix, facts.op.isLeft else { return .notApplicable }
        guard let literal else { return .none(reason: "the left operand is not an integer literal") }
        guard let count = facts.count.value, count >= 0 else { return .none(reason: "the count is not constant") }
        let value = literal.magnitude
        func fits(_ t: CIntType) -> Bool {
            count < Int128(t.width) && ShiftFacts.bitWidth(value) + Int(count) <= t.width
        }
        let u = uppercase ? "U" : "u"
        let existingLongs = literal.suffix.filter { $0 == "l" || $0 == "L" }
        let newLongs = existingLongs.isEmpty ? (uppercase ? "LL" : "ll") : existingLongs
        var candidates: [(CIntType, String)] = []
        switch literal.longCount {
        case _ where directive: candidates = [(target.uintmax, u + existingLongs)]
        case 0: candidates = [(target.uint, u), (target.ulonglong, u + newLongs)]
        case 1: candidates = [(target.ulong, u + existingLongs), (target.ulonglong, u + (uppercase ? "LL" : "ll"))]
        default: candidates = [(target.ulonglong, u + existingLongs)]
        }
        guard let (_, suffix) = candidates.first(where: { fits($0.0) }) else {
            return .none(reason: "the result needs more than \(target.ulonglong.width) bits")
        }
        return .replace(with: String(literal.digits) + suffix)
    }

    /// The high-bits mask idioms, and only these: `~0 << n` → `~0U << n` (`~0L`, `~0LL` →
    /// `~0UL`, `~0ULL`), `-1 << n` → `-1U << n`. The literal keeps its length suffix, so the
    /// new type is the unsigned type of the same width (C11 §6.4.4.1p5; `~` and unary `-` of
    /// an unsigned operand are defined, §6.2.5p9), and the shift's bits in that width are those
    /// GCC gives the signed shift today; a use that widens it sees them zero-extended instead
    /// of sign-extended, which `FixSafety` judges. Other negative operands (`-8 << 1`,
    /// `INT_MIN << 0`) have no unsigned spelling that obviously means the same.
    public static func suggestIdiom(
        facts: ShiftFacts, check: CheckID, prefixed: PrefixedLiteral?, uppercase: Bool
    ) -> Outcome {
        guard Checks.description(of: check)?.fix == .unsignedIdiom, facts.op.isLeft else { return .notApplicable }
        let why = "a negative operand has no unsigned spelling with the same meaning (only the idioms ~0 and -1 do)"
        guard let p = prefixed, (p.op == "~" && p.literal.magnitude == 0) || (p.op == "-" && p.literal.magnitude == 1),
            !p.literal.suffix.contains(where: { $0 == "u" || $0 == "U" })
        else { return .none(reason: why) }
        // The `U` in the case of the literal's own suffix (`~0l` → `~0ul`), else the file's.
        let upper = p.literal.suffix.first.map { $0.isUppercase } ?? uppercase
        return .replace(with: String(p.literal.digits) + (upper ? "U" : "u") + p.literal.suffix)
    }

    /// A sibling's literal with another literal's new suffix (`1` with `U` → `1U`), when the
    /// shift by `count` is defined and keeps its value in the type that spelling gives
    /// (C11 §6.4.4.1p5: the first type of the suffix's list at least as wide as the old one).
    public static func respell(_ literal: IntegerLiteral, suffix: String, count: Int, target: TargetModel) -> String? {
        let longs = suffix.filter { $0 == "l" || $0 == "L" }.count
        let list =
            longs == 0
            ? [target.uint, target.ulong, target.ulonglong] : longs == 1 ? [target.ulong, target.ulonglong] : [target.ulonglong]
        guard suffix.contains(where: { $0 == "u" || $0 == "U" }),
            let type = list.first(where: { $0.width >= literal.type.width && $0.contains(literal.magnitude) }),
            count < type.width, ShiftFacts.bitWidth(literal.magnitude) + count <= type.width
        else { return nil }
        return String(literal.digits) + suffix
    }
}

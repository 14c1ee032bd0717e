/// One rule about shifts. A check judges one shift site (its promoted operands, and for
/// code the left operand's syntax) and says whether the shift breaks the rule. Checks never
/// look at libclang or at macro text: the evaluator and the AST walk reduce shifts to sites.
public protocol ShiftCheck: Sendable {
    static var description: CheckDescription { get }
    /// The message for a shift this check finds undefined (or possibly undefined), else nil.
    func verdict(for site: ShiftSite) -> Verdict?
}

extension ShiftCheck {
    /// A verdict of this check with the site's own operands as the witness.
    func verdict(_ message: String, _ site: ShiftSite) -> Verdict {
        let d = Self.description
        return Verdict(check: d.id, severity: d.severity, message: message, witness: site.facts)
    }
}

public enum Checks {
    /// All checks in UBSAN's order: a shift that breaks several rules is reported once,
    /// for the first rule UBSAN would report (exponent before base); the possible-UB checks
    /// last, in the same order (they never judge the same shift: a count range is for a count
    /// that is not constant, the promotion for one that is).
    public static let all: [any ShiftCheck] = [
        ShiftCountNegative(), ShiftCountOverflow(), ShiftNegativeValue(), ShiftOverflow(), ShiftSignOverflow(),
        ShiftCountRange(), ShiftPromotion(),
    ]

    public static let descriptions: [CheckDescription] = all.map { type(of: $0).description }

    public static func description(of id: CheckID) -> CheckDescription? {
        descriptions.first { $0.id == id }
    }

    /// The first verdict among `enabled` checks, in UBSAN's order.
    public static func judge(_ site: ShiftSite, enabled: Set<CheckID>) -> Verdict? {
        for check in all where enabled.contains(type(of: check).description.id) {
            if let v = check.verdict(for: site) { return v }
        }
        return nil
    }

    /// Which operands' syntax the enabled checks need to judge these operands (the AST walk
    /// builds it only then): the left operand's for `shift-promotion`, the count's for
    /// `shift-count-range`.
    public static func neededShapes(_ facts: ShiftFacts, enabled: Set<CheckID>) -> (left: Bool, count: Bool) {
        (
            left: enabled.contains(ShiftPromotion.description.id) && ShiftPromotion.applies(to: facts),
            count: enabled.contains(ShiftCountRange.description.id) && ShiftCountRange.applies(to: facts)
        )
    }
}

extension CheckID {
    /// Every check's id, in UBSAN's order.
    public static var allCases: [CheckID] { Checks.descriptions.map(\.id) }

    /// The id of a known check, or nil.
    public init?(rawValue: String) {
        guard let d = Checks.descriptions.first(where: { $0.id.rawValue == rawValue }) else { return nil }
        self = d.id
    }
}

/// Identifies a check. The ids mirror clang's warning names so users can map them.
public enum CheckID: String, CaseIterable, Codable, Sendable, Comparable {
    case shiftCountNegative = "shift-count-negative"
    case shiftCountOverflow = "shift-count-overflow"
    case shiftNegativeValue = "shift-negative-value"
    case shiftOverflow = "shift-overflow"
    case shiftSignOverflow = "shift-sign-overflow"
    case shiftPromotion = "shift-promotion"

    public static func < (a: CheckID, b: CheckID) -> Bool { a.rawValue < b.rawValue }
}

public enum Severity: String, Codable, Sendable {
    case error, warning, note
}

/// A verdict of one check on one shift.
public struct Verdict: Hashable, Sendable {
    public var check: CheckID
    public var severity: Severity
    public var message: String
}

/// One rule about shifts. A check looks at the promoted operands of one shift and says
/// whether that shift is undefined in its own way. Checks never look at syntax: the
/// macro evaluator and the AST walk both reduce a shift to `ShiftFacts`.
public protocol ShiftCheck: Sendable {
    static var id: CheckID { get }
    static var severity: Severity { get }
    func verdict(for facts: ShiftFacts) -> String?
}

public enum Checks {
    /// All checks in UBSAN's order: a shift that breaks several rules is reported once,
    /// for the first rule UBSAN would report (exponent before base).
    public static let all: [any ShiftCheck] = [
        ShiftCountNegative(), ShiftCountOverflow(), ShiftNegativeValue(), ShiftOverflow(), ShiftSignOverflow(),
    ]

    /// The first verdict among `enabled` checks, in UBSAN's order.
    public static func firstVerdict(for facts: ShiftFacts, enabled: Set<CheckID>) -> Verdict? {
        for check in all {
            let id = type(of: check).id
            guard enabled.contains(id), let message = check.verdict(for: facts) else { continue }
            return Verdict(check: id, severity: type(of: check).severity, message: message)
        }
        return nil
    }

    /// Whether any check (enabled or not) finds this shift undefined. Used to stop
    /// evaluating with a value that ISO C does not define.
    public static func isUndefined(_ facts: ShiftFacts) -> Bool {
        all.contains { $0.verdict(for: facts) != nil }
    }
}

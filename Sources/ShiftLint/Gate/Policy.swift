/// The dialect whose rules set a finding's severity (`--policy`, `policy:` in `.shiftlint.yml`).
///
/// The verdicts are ISO C's under every policy: a finding is reported or not whatever the
/// compiler arguments say. The policy only decides how serious it is:
///
/// | check | `iso` | `gnu-wrapv` |
/// |---|---|---|
/// | count checks (UBSAN's "shift exponent") | error | error |
/// | certain base checks (UBSAN's "left shift": negative value, overflow, sign bit) | error | warning |
/// | `shift-count-range`, `shift-promotion` (possible undefined behaviour) | note | note |
///
/// Under `-fwrapv` (or `-fno-strict-overflow`, which implies it) GNU C defines a signed left
/// shift as the two's complement bit pattern and UBSAN stops reporting the base cases; no flag
/// defines a shift count out of range.
public enum Policy: String, Sendable, Codable, CaseIterable {
    case iso
    case gnuWrapv = "gnu-wrapv"

    /// The policy the compiler arguments select: `gnu-wrapv` when they make signed overflow
    /// wrap (`wrapvFlag`), else `iso`.
    public static func detected(from arguments: [String]) -> Policy {
        wrapvFlag(in: arguments) == nil ? .iso : .gnuWrapv
    }

    /// The flag that makes signed overflow wrap in these compiler arguments (`-fwrapv` or
    /// `-fno-strict-overflow`), or nil. The last of `-fwrapv`, `-fno-wrapv`,
    /// `-fno-strict-overflow` and `-fstrict-overflow` wins, as in gcc (where
    /// `-fno-strict-overflow` means `-fwrapv -fwrapv-pointer` and `-fstrict-overflow` their
    /// negation).
    public static func wrapvFlag(in arguments: [String]) -> String? {
        var flag: String?
        for a in arguments {
            switch a {
            case "-fwrapv", "-fno-strict-overflow": flag = a
            case "-fno-wrapv", "-fstrict-overflow": flag = nil
            default: break
            }
        }
        return flag
    }

    /// Whether a check is about the left operand (UBSAN's "left shift" category: negative
    /// value, overflow, sign bit, promotion), the cases `-fwrapv` defines in GNU C.
    public static func isBaseCheck(_ check: CheckDescription) -> Bool {
        check.ubsanCategory == "left shift"
    }

    /// Whether a finding is about the left operand: its check's category, unless the check is
    /// a possible one whose witness (`Finding.facts`) says which value is undefined. A
    /// `shift-count-range` finding whose first undefined count is in range is a signed
    /// overflow (`1 << 31`, which `-fwrapv` defines); one at a negative or too large count is
    /// a count's (which it does not).
    public static func isBaseFinding(_ check: CheckDescription, witness: ShiftFacts?) -> Bool {
        guard !check.isCertain, let w = witness, let c = w.count.value else { return isBaseCheck(check) }
        return c >= 0 && c < Int128(w.left.type.width)
    }

    /// The severity of a check's findings under this policy. `CheckDescription.severity` is
    /// the `iso` one.
    public func severity(of check: CheckDescription) -> Severity {
        if self == .gnuWrapv && Policy.isBaseCheck(check) && check.isCertain { return .warning }
        return check.severity
    }

    /// The notes that say what the dialects make of a finding of `check` (`witness`: its
    /// operands, `Finding.facts`): ISO C leaves it undefined; and, when the unit's arguments
    /// make signed overflow wrap (`wrapvFlag`) or the policy is `gnu-wrapv`, whether GNU C
    /// defines it.
    public static func dialectNotes(
        for check: CheckDescription, wrapvFlag: String?, policy: Policy, witness: ShiftFacts? = nil
    ) -> [String] {
        let values = isBaseCheck(check) ? "the operand's larger values" : "some of the count's values"
        var notes = [
            check.isCertain
                ? "undefined in ISO C (\(check.clause))"
                : "undefined in ISO C for \(values) (\(check.clause))"
        ]
        if isBaseFinding(check, witness: witness) {
            if let flag = wrapvFlag {
                notes.append("defined by GNU C under -fwrapv (compiled with \(flag))")
            } else if policy == .gnuWrapv {
                notes.append("defined by GNU C only under -fwrapv, which the compiler arguments do not give (policy gnu-wrapv)")
            }
        } else if wrapvFlag != nil {
            notes.append("undefined in GNU C too: -fwrapv does not define shift counts")
        }
        return notes
    }

    /// Sets a finding's severity (an explicit `severities` entry for its check, else the
    /// policy's) and appends the dialect notes. `choice` `auto` takes the policy from the
    /// arguments of the unit that found it (`Finding.compileArguments`).
    public static func apply(
        to finding: inout Finding, check: CheckDescription, choice: PolicyChoice, severities: [CheckID: Severity] = [:]
    ) {
        let flag = wrapvFlag(in: finding.compileArguments)
        let policy = choice.policy ?? (flag == nil ? .iso : .gnuWrapv)
        finding.severity = severities[finding.check] ?? policy.severity(of: check)
        for message in dialectNotes(for: check, wrapvFlag: flag, policy: policy, witness: finding.facts) {
            finding.notes.append(Note(file: nil, line: nil, column: nil, message: message))
        }
    }

    /// Whether a finding of this severity fails the run (exit status 1) under `--fail-on`.
    public static func fails(_ severity: Severity, failOn: Severity) -> Bool {
        rank(severity) >= rank(failOn)
    }

    static func rank(_ s: Severity) -> Int {
        switch s {
        case .note: return 0
        case .warning: return 1
        case .error: return 2
        }
    }
}

/// `--policy` / `policy:`: a fixed policy, or `auto` (each finding's from the compiler
/// arguments of the unit that found it).
public enum PolicyChoice: String, Sendable, Codable, CaseIterable {
    case auto
    case iso
    case gnuWrapv = "gnu-wrapv"

    /// The fixed policy, or nil for `auto`.
    public var policy: Policy? {
        switch self {
        case .auto: return nil
        case .iso: return .iso
        case .gnuWrapv: return .gnuWrapv
        }
    }
}

/// Whether a fix that gives a shift's left operand an unsigned type (`1 << 31` → `1U << 31`,
/// or the cast of a promoted operand) keeps the meaning of every use of the value.
///
/// The fix changes the type of the shift from `int` to `unsigned int` (same width), and with
/// it the type of every expression the value flows into until something fixes the type:
///
/// - a conversion or cast to a type of the same or a narrower width keeps the bits (C11
///   §6.3.1.3: to unsigned, modulo 2^N; to signed, GCC defines the same modulo result), as do
///   `==`, `!=`, truth tests (`if`, `&&`, `!`) and assignment;
/// - a conversion to a *wider* type does not: a negative `int` is sign-extended
///   (`u64 v = 1 << 31` is 0xffffffff80000000 with GCC), an `unsigned int` zero-extended
///   (0x0000000080000000), C11 §6.3.1.3p1–2;
/// - relational comparisons, `/`, `%` and `>>` depend on the signedness of their operands'
///   common type (C11 §6.5.8p3 with §6.3.1.8, §6.5.5p6, §6.5.7p5): a value compared with a
///   negative one, or with `< 0`, changes its answer;
/// - in `#if` every signed value is `intmax_t` and every unsigned one `uintmax_t` (C11
///   §6.10.1p4): comparisons there change too.
///
/// `|`, `&`, `^`, `+`, `-`, `*`, `~`, `<<` and `?:` pass the question up: their result takes
/// the new type. Values the analyzed code never shows (uses in other files, in the
/// arguments of other macros) are unknown: `safe` is "safe in the analyzed code".
public enum FixSafety {
    /// A use's verdict: nil when the fix keeps its meaning, else why not.
    static func judge(_ flow: [FlowStep], old: CIntType, oldValue: Int128?) -> String? {
        var now = old
        // Whether the value is still the shift's own (no operator has combined it yet).
        var direct = true
        let mayBeNegative = oldValue.map { $0 < 0 } ?? true
        for step in flow {
            switch step.kind {
            case "paren":
                continue
            case "conversion", "cast":
                guard let t = step.type else {
                    // `void`: a discarded value, or libclang's typeless wrapper of a designated
                    // initializer (`.field = v`: a conversion to the field's type would have
                    // come first). To a pointer or a floating type: the value, not the bits, is
                    // converted.
                    guard let spelling = step.spelling, spelling != "void", now.isSigned, !direct || mayBeNegative
                    else { return nil }
                    return "converted to '\(spelling)'"
                }
                if t.kind == .bool || t.width <= now.width || !now.isSigned { return nil }
                if direct && !mayBeNegative { return nil }
                let name = step.spelling ?? "\(t)"
                if direct, let v = oldValue {
                    let today = Int128.wrap(v, bits: t.width)
                    let after = v & ((Int128(1) << now.width) - 1)
                    return
                        "converted to '\(name)' (\(t.width) bits): \(hexDigits(today, t.width)) today, \(hexDigits(after, t.width)) after the fix"
                }
                return "converted to '\(name)' (\(t.width) bits): sign-extended today, zero-extended after the fix"
            case "|", "&", "^", "+", "-", "*", "~", "<<", "?:", ",", "other":
                guard let t = step.type else { return nil }
                if !t.isSigned { return nil }
                if t.width > now.width {
                    // Widened without a conversion step (an expression kind not followed).
                    return "used in a '\(t)' expression: sign-extended today, zero-extended after the fix"
                }
                now = t
                direct = false
            case "<", ">", "<=", ">=":
                return now.isSigned ? "compared with '\(step.kind)' as '\(now)': unsigned after the fix" : nil
            case "/", "%", "/=", "%=":
                return now.isSigned ? "divided ('\(step.kind)') as '\(now)': unsigned after the fix" : nil
            case ">>", ">>=":
                return now.isSigned && (!direct || mayBeNegative)
                    ? "right-shifted as '\(now)': the sign bit is copied today, zeros come in after the fix" : nil
            case "subscript":
                return now.isSigned && (!direct || mayBeNegative) ? "used as an array index" : nil
            case "#if":
                return ifLine
            case "enum":
                return enumerator(now, direct: direct, oldValue: oldValue)
            default:
                // Equality, assignment, truth tests, arguments, return, initialization, case
                // labels: the bits are kept (a widening would have shown as a conversion).
                return nil
            }
        }
        return nil
    }

    /// A use's verdict when the fix also widens the value: `BIT(31)` is an `unsigned long`,
    /// 64 bits on LP64, where `1 << 31` was a 32-bit `int` (`BIT_ULL` is 64 bits everywhere).
    /// The new value is the old one's bits zero-extended (0x80000000 for INT_MIN), so:
    ///
    /// - a conversion to a type no wider than today's keeps the bits, as for `1U`;
    /// - a conversion to a wider type sees the value zero-extended where it was sign-extended
    ///   (C11 §6.3.1.3), unless the old value is known and non-negative;
    /// - in an operator with another operand, the usual arithmetic conversions (C11 §6.3.1.8)
    ///   now convert *that* operand to the wider unsigned type: a signed one is sign-extended,
    ///   so `x == BIT(31)` with `int x` = INT_MIN is false where `x == (1 << 31)` was true, and
    ///   `x | BIT(31)` gets upper bits. The value stays "clean" (its bits above today's width
    ///   are zero) through `&`, and through `|`/`^` with an operand that was converted to an
    ///   unsigned type today (so is unsigned, zero-extended); `~`, `+`, `-`, `*`, `<<` set
    ///   upper bits. A comparison, truth test, division, right shift, index or widening of a
    ///   value whose upper bits may differ changes meaning;
    /// - stores, `return`, compound assignments and `case` labels into today's type truncate
    ///   back to the same bits; an argument passed with no conversion may be variadic (it
    ///   would be passed as the wider type).
    static func judgeWidened(_ flow: [FlowStep], old: CIntType, oldValue: Int128?, new: CIntType, target: TargetModel)
        -> String?
    {
        var now = old
        var after = new
        var direct = true
        // The new value equals today's bits zero-extended.
        var clean = true
        // The operator the value reaches next converted the value to an unsigned type today:
        // its other operand is unsigned, and zero-extended after the fix.
        var otherUnsigned = false
        var value = oldValue
        let mayBeNegative = oldValue.map { $0 < 0 } ?? true
        let arithmetic: Set<String> = ["|", "&", "^", "+", "-", "*", "/", "%", "<", ">", "<=", ">=", "==", "!=", "?:"]
        let upper = "its bits above \(old.width) may differ after the fix ('\(new)')"
        for (i, step) in flow.enumerated() {
            switch step.kind {
            case "paren":
                continue
            case "conversion", "cast":
                guard let t = step.type else {
                    guard let spelling = step.spelling else { return nil }
                    if !clean || (now.isSigned && (!direct || mayBeNegative)) { return "converted to '\(spelling)'" }
                    return nil
                }
                if t.kind == .bool { return clean ? nil : "tested as a truth value: \(upper)" }
                let next = flow[(i + 1)...].first { $0.kind != "paren" }?.kind ?? ""
                let name = step.spelling ?? "\(t)"
                if t.width > now.width {
                    if direct, let v = value {
                        let today = t.convert(v)
                        let afterValue = t.convert(v & ((Int128(1) << now.width) - 1))
                        if today != afterValue {
                            return
                                "converted to '\(name)' (\(t.width) bits): \(hexDigits(today, t.width)) today, \(hexDigits(afterValue, t.width)) after the fix"
                        }
                    } else if !clean || (now.isSigned && (!direct || mayBeNegative)) {
                        return "converted to '\(name)' (\(t.width) bits): sign-extended today, zero-extended after the fix"
                    }
                }
                // Stored, passed or cast: the same value from here on (the same bits when
                // narrower); and an operator whose type is the new one's or wider.
                if step.kind == "cast" || !arithmetic.contains(next) { return nil }
                if t.width >= after.width && !t.isSigned && clean { return nil }
                // The usual arithmetic conversions of an operator: after the fix the other
                // operand is converted instead.
                otherUnsigned = !t.isSigned
                value = value.map { t.convert($0) }
                now = t
                after = target.usualArithmetic(after, t)
            case "|", "&", "^", "+", "-", "*", "~", "<<", "?:", ",", "other":
                guard let t = step.type else { return nil }
                if t.isSigned && t.width > now.width {
                    return "used in a '\(t)' expression: sign-extended today, zero-extended after the fix"
                }
                switch step.kind {
                case ",": break
                // With an operand that is unsigned (zero-extended after the fix), `&` clears
                // the upper bits whatever ours are.
                case "&": clean = clean || otherUnsigned
                case "|", "^": clean = clean && otherUnsigned
                default: clean = false
                }
                now = t
                after = target.usualArithmetic(after, t)
                direct = false
                otherUnsigned = false
                value = nil
                if clean && after.width <= now.width && !now.isSigned { return nil }
            case "<", ">", "<=", ">=", "==", "!=":
                if now.isSigned && step.kind != "==" && step.kind != "!=" {
                    return "compared with '\(step.kind)' as '\(now)': unsigned after the fix"
                }
                if !clean { return "compared with '\(step.kind)': \(upper)" }
                if !otherUnsigned {
                    return
                        "compared with '\(step.kind)' as '\(now)': a signed operand is sign-extended to '\(after)' after the fix"
                }
                return nil
            case "/", "%", "/=", "%=":
                if now.isSigned { return "divided ('\(step.kind)') as '\(now)': unsigned after the fix" }
                return clean ? nil : "divided ('\(step.kind)'): \(upper)"
            case ">>", ">>=":
                if now.isSigned && (!direct || mayBeNegative) {
                    return "right-shifted as '\(now)': the sign bit is copied today, zeros come in after the fix"
                }
                return clean ? nil : "right-shifted: \(upper)"
            case "subscript":
                return (now.isSigned && (!direct || mayBeNegative)) || !clean ? "used as an array index" : nil
            case "#if":
                return ifLine
            case "enum":
                return enumerator(now, direct: direct, oldValue: oldValue)
            case "condition", "&&", "||", "!":
                return clean ? nil : "tested as a truth value: \(upper)"
            case "call":
                return "passed as an argument with no conversion: a variadic argument would be '\(after)' after the fix"
            default:
                // Initialization, assignment (also compound), return, case labels, `defined`:
                // stored back into today's type, the same bits.
                return nil
            }
        }
        return nil
    }

    /// In `#if` every signed value is `intmax_t` and every unsigned one `uintmax_t` (C11
    /// §6.10.1p4): whatever the spelling, the type changes.
    static let ifLine = "used in an #if line, where it is intmax_t today and uintmax_t after the fix"

    /// An enumerator's value must fit `int` (C11 §6.7.2.2p2): `1U << 31` does not, and GNU C
    /// then gives the enumeration an unsigned type (`E < 0` changes).
    static func enumerator(_ now: CIntType, direct: Bool, oldValue: Int128?) -> String? {
        guard direct, let v = oldValue, v < 0 else { return nil }
        return
            "used as an enumerator: after the fix \(hexDigits(v & ((Int128(1) << now.width) - 1), now.width)) does not fit 'int' (C11 §6.7.2.2p2), and GNU C makes the enumeration unsigned"
    }

    /// A use's verdict for a fix to `newType` (nil: unsigned of today's width, `1U`), or nil
    /// when the fix keeps its meaning.
    static func verdict(_ flow: [FlowStep], old: CIntType, oldValue: Int128?, newType: CIntType?, target: TargetModel?)
        -> String?
    {
        if let new = newType, new.width > old.width, let target {
            return judgeWidened(flow, old: old, oldValue: oldValue, new: new, target: target)
        }
        return judge(flow, old: old, oldValue: oldValue)
    }

    /// The review of a finding's fixes. `uses`: the run's expansions of the finding's
    /// define (for a define finding), in site order as the report keeps them; `flow`: where a
    /// shift in code sends its value.
    /// `newType`: the type the fix gives the value when it is wider than today's
    /// (`BIT(31)`: `unsigned long`); nil for an unsigned type of the same width (`1U`).
    public static func review(_ f: Finding, flow: [FlowStep]?, uses: [MacroUse], newType: CIntType? = nil) -> FixReview? {
        guard !f.fixes.isEmpty, let facts = f.facts else { return nil }
        let old = facts.left.type
        // A negative left operand (the idioms `~0 << n`, `-1 << n`): GCC's value today is the
        // two's complement product, the bits the unsigned spelling keeps.
        let product =
            facts.exactLeftShift
            ?? (facts.countInRange ? facts.left.value.flatMap { l in facts.count.value.map { l << Int($0) } } : nil)
        let oldValue = product.map { Int128.wrap($0, bits: old.width) }
        let target = f.fixCandidates.first?.target
        func judge(_ flow: [FlowStep]) -> String? {
            verdict(flow, old: old, oldValue: oldValue, newType: newType, target: target)
        }
        switch f.origin {
        case .expansion:
            // The fix goes where the operator is spelled: the innermost macro of the chain.
            let body = f.fixCandidates.lazy.compactMap(\.bodyMacro).first ?? f.macro ?? "?"
            return FixReview(
                verdict: .needsReview,
                reason: "the fix is in the body of function-like macro '\(body)': it changes every expansion of it")
        case .directive:
            return FixReview(verdict: .needsReview, reason: "in an #if line, the expression becomes uintmax_t")
        case .code:
            guard let flow else { return nil }
            if let why = judge(flow) {
                return FixReview(
                    verdict: .needsReview, reason: "the value is \(why)",
                    at: SourcePosition(file: f.file, line: f.line, column: f.column, offset: -1))
            }
            return FixReview(verdict: .safe, reason: "safe in the analyzed code")
        case .define:
            for use in uses {
                if let why = judge(use.flow) {
                    return FixReview(verdict: .needsReview, reason: "\(use.name) is \(why)", at: use.site)
                }
            }
            return counted(macro: f.macro, followed: uses.count, expansions: f.expansions)
        }
    }

    /// A define's review when none of its followed uses changes meaning: safe if every
    /// expansion was followed, else how many were not. `followed`: the uses judged (the
    /// expansions whose value was followed, and `#if` uses); `expansions`: every expansion.
    /// (`shiftlint merge` recounts both across shards.)
    public static func counted(macro: String?, followed: Int, expansions: Int?) -> FixReview {
        let total = max(expansions ?? followed, followed)
        if total > followed {
            return FixReview(
                verdict: .needsReview,
                reason:
                    "\(total - followed) of \(macro ?? "its") \(total) uses could not be followed (in another macro's arguments, or in code libclang did not parse)"
            )
        }
        return FixReview(
            verdict: .safe,
            reason: followed == 0
                ? "safe in the analyzed code (no use there; uses elsewhere are unknown)"
                : "safe in the analyzed code (\(followed) use\(followed == 1 ? "" : "s"))")
    }

    /// A sibling define respelled with the family (`(1 << 28)` → `(1U << 28)`): its value is
    /// positive, so widening keeps it, but signed comparisons and divisions do not; a sibling
    /// whose type grows (`4 << 28` → `4ULL << 28`) needs review at any use that is not a
    /// plain test or store.
    static func reviewSibling(
        _ m: FamilyMember, replacement: String, uses: [MacroUse], target: TargetModel, newType: CIntType? = nil
    ) -> FixReview? {
        let old = target.int
        let value = Int128.wrap(Int128(m.literal.magnitude) << m.count, bits: old.width)
        // Respelled with a wider macro (`BIT(28)`): judged as the finding's own fix.
        let widened = newType.map { $0.width > old.width } ?? false
        let grows = !widened && replacement.uppercased().hasSuffix("L")
        for use in uses {
            if grows, !use.flow.isEmpty,
                !["condition", "init", "return", "=", "&&", "||", "!"].contains(use.flow.first?.kind ?? "")
            {
                if let first = use.flow.first, first.kind == "conversion" || first.kind == "cast", let t = first.type,
                    t.width <= old.width
                {
                    continue
                }
                return FixReview(
                    verdict: .needsReview, reason: "sibling \(m.name) becomes '\(replacement)', a wider type, where it is used",
                    at: use.site)
            }
            if let why = verdict(use.flow, old: old, oldValue: value, newType: newType, target: target) {
                return FixReview(verdict: .needsReview, reason: "sibling \(m.name) is \(why)", at: use.site)
            }
        }
        return nil
    }

    static func hexDigits(_ v: Int128, _ bits: Int) -> String {
        let mask: Int128 = bits >= 127 ? -1 : (Int128(1) << bits) - 1
        let s = String(v & mask, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, bits / 4 - s.count)) + s
    }
}

extension Int128 {
    /// `v` reduced to a signed `bits`-bit value (two's complement), as GCC converts.
    static func wrap(_ v: Int128, bits: Int) -> Int128 {
        guard bits < 128 else { return v }
        let m = Int128(1) << bits
        var r = v % m
        if r < 0 { r += m }
        return r >= m / 2 ? r - m : r
    }
}

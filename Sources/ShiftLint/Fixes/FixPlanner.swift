/// Decides every finding's fixes once all translation units are merged, from the candidates
/// the units found (clang-apply-replacements' order of work: units propose, one place
/// decides). A fix that is considered and refused leaves a `fixNote` with the reason.
///
/// Every edit is decided on its own (`Fix`): the finding's own edit first, then, under
/// `FixScope.family`, one edit per sibling define, so that a rule can keep or drop any one of
/// them. The macro uses are every expansion of the findings' macros across the run, with where
/// each value goes; `FixSafety` reads them (and a code shift's own flow) to mark fixes that
/// could change what the program does as needing review, siblings included.
///
/// Fixes are decided in the `suffix` style (`1U`), then respelled in the finding's file's
/// style (`Finding.fixStyle`): `kernel` replaces each whole shift with the kernel's macro
/// (`BIT(31)`, siblings too) where the unit defines it and its wider type is safe, else keeps
/// `1U` and says why (in a note when BIT() would need review and `1U` does not; under
/// `verbose` for the other reasons); `cast` inserts the file's `unsigned int` typedef
/// (`(u32)1 << 31`) where the suffix fix is `U`.
public enum FixPlanner {
    /// `usesUnknown`: why the run cannot follow where values go (the whole-tree scan has no
    /// AST): then every fix of a define or code shift needs review, for that reason.
    public static func plan(
        _ findings: [Finding], uses: [MacroUse], scope: FixScope = .family, verbose: Bool = false,
        usesUnknown: String? = nil
    ) -> [Finding] {
        let usesByDefinition = Dictionary(grouping: uses, by: \.definitionKey)
        var planned = findings.map { f in
            var f = f
            f.fixes = []
            f.fixNote = nil
            for candidate in f.fixCandidates {
                switch decide(candidate, check: f.check) {
                case .fix(let fix): f.fixes.append(fix)
                case .refused(let reason): f.fixNote = reason
                case .none: break
                }
            }
            return f
        }
        if scope == .family { addFamilyEdits(&planned) }
        // Whether the fixes keep the meaning of every use of the values they retype: the
        // finding's own, then each sibling's.
        func review(_ f: Finding, newType: CIntType? = nil) -> FixReview? {
            if let usesUnknown, !f.fixes.isEmpty, f.origin == .define || f.origin == .code {
                return FixReview(verdict: .needsReview, reason: usesUnknown)
            }
            let flow = f.fixCandidates.compactMap(\.flow).first
            var review = FixSafety.review(
                f, flow: flow, uses: f.defineKey.flatMap { usesByDefinition[$0] } ?? [], newType: newType)
            if review?.verdict == .safe {
                let members = f.fixCandidates.flatMap(\.family)
                for fix in f.fixes {
                    guard let name = fix.sibling, let member = members.first(where: { $0.name == name }) else { continue }
                    if let why = FixSafety.reviewSibling(
                        member, replacement: fix.replacement, uses: usesByDefinition[member.definitionKey] ?? [],
                        target: f.fixCandidates[0].target,
                        newType: newType)
                    {
                        review = why
                        break
                    }
                }
            }
            return review
        }
        for i in planned.indices {
            var f = planned[i]
            f.fixSafety = review(f)
            switch f.fixStyle {
            case .suffix: break
            case .cast: respellCast(&f, verbose: verbose)
            case .kernel:
                var kernel = f
                switch respellKernel(&kernel, uses: f.defineKey.flatMap { usesByDefinition[$0] } ?? []) {
                case .respelled(let macro, let type):
                    let bitReview = review(kernel, newType: type)
                    if bitReview?.verdict == .needsReview, f.fixSafety?.verdict == .safe, let own = f.fixes.first {
                        // The suffix keeps the value's width: safe where the wider macro is not.
                        f.notes.append(
                            Note(
                                file: own.file, line: own.line, column: own.column,
                                message: keptSuffix(own.replacement, macro: macro, reason: bitReview?.reason ?? "")))
                    } else {
                        kernel.fixSafety = bitReview
                        f = kernel
                    }
                case .notRespelled(let why):
                    if verbose, let own = f.fixes.first {
                        f.notes.append(
                            Note(
                                file: own.file, line: own.line, column: own.column,
                                message: "fix: spelled '\(own.replacement)' rather than with BIT(): \(why)"))
                    }
                }
            }
            if let note = f.fixSafety?.note { f.notes.append(note) }
            planned[i] = f
        }
        dropConflictingSiblings(&planned)
        return planned
    }

    /// The note of a fix that keeps its suffix because the kernel's macro would need review
    /// where the suffix does not (a use of the value that only the wider type changes).
    static func keptSuffix(_ replacement: String, macro: String, reason: String) -> String {
        "fix: spelled '\(replacement)' rather than \(macro)(): \(reason)"
    }

    /// Whether a note is `keptSuffix`'s (`shiftlint merge` prefers the shard that saw the use).
    public static func isKeptSuffix(_ note: Note) -> Bool {
        note.message.hasPrefix("fix: spelled '") && note.message.contains("' rather than ")
            && !note.message.contains("' rather than with ")
    }

    /// A sibling two findings would spell differently (one respelled `BIT(28)`, one kept
    /// `1U` because BIT() would need review there) is left alone: the edits would conflict.
    static func dropConflictingSiblings(_ findings: inout [Finding]) {
        var spellings: [String: Set<String>] = [:]
        for f in findings {
            for fix in f.fixes where fix.sibling != nil {
                spellings[place(fix.file, fix.offset), default: []].insert(fix.replacement)
            }
        }
        guard spellings.values.contains(where: { $0.count > 1 }) else { return }
        for i in findings.indices {
            findings[i].fixes.removeAll { $0.sibling != nil && (spellings[place($0.file, $0.offset)]?.count ?? 0) > 1 }
        }
    }

    // MARK: Styles

    enum Respelling: Equatable {
        case respelled(macro: String, type: CIntType)
        case notRespelled(String)
    }

    /// `--fix-style kernel`: the finding's own literal fix and its siblings' become the
    /// kernel's macro for the whole shift (`(1 << 31)` → `BIT(31)`): `BIT`, or `BIT_ULL` when
    /// the count is 32 or more (BIT() is 32 bits on ILP32 kernels, so the kernel spells
    /// 64-bit bits with BIT_ULL on every architecture) or the value is used as a 64-bit one;
    /// `_BITUL`/`_BITULL` in uapi headers. Only where the unit defines the macro in the kernel's
    /// header, the literal is `1` and the shift is spelled in one place; never under `tools/`.
    static func respellKernel(_ f: inout Finding, uses: [MacroUse]) -> Respelling {
        guard let c = f.fixCandidates.first(where: { if case .literalSuffix = $0.kind { return true } else { return false } }),
            case .literalSuffix(let literal?, let at?, _, let directive) = c.kind,
            let own = f.fixes.first(where: { $0.sibling == nil && $0.offset == at.offset && $0.file == at.file })
        else { return .notRespelled("no literal fix") }
        guard !directive else { return .notRespelled("in an #if line") }
        // A finding that is not `1 << n` (`3 << 30`) keeps its suffix; its `1 << n` siblings
        // still take the macro.
        let siblingsOnly = literal.magnitude != 1
        guard siblingsOnly || c.style?.shift != nil else {
            return .notRespelled("the shift is not spelled on one line of code or of an object-like #define")
        }
        guard let style = c.style, let count = c.facts.count.value, count >= 0 else {
            return .notRespelled("the shift is not spelled on one line of code or of an object-like #define")
        }
        guard !style.inTools else { return .notRespelled("under tools/, which does not use the kernel's BIT()") }
        let flows = (c.flow.map { [$0] } ?? []) + uses.map(\.flow)
        let wide =
            count >= 32 || own.replacement.uppercased().hasSuffix("LL") || flows.contains { usedAs64Bit($0) }
        let macro = style.inUapi ? (wide ? "_BITULL" : "_BITUL") : (wide ? "BIT_ULL" : "BIT")
        guard style.bitMacros[macro] != nil else {
            let header = style.inUapi ? "uapi/linux/const.h" : "linux/bits.h"
            return .notRespelled("\(macro)() is not defined in this translation unit (\(header) is not included)")
        }
        let type = wide ? c.target.ulonglong : c.target.ulong
        guard count < Int128(type.width) else { return .notRespelled("\(macro)() has \(type.width) bits") }
        var fixes = [own]
        if !siblingsOnly, let shift = style.shift { fixes = [replacing(shift, with: "\(macro)(\(shift.count))")] }
        for fix in f.fixes where fix.sibling != nil {
            // A sibling that is `1 << n` too takes the macro; another (`3 << 28`) keeps `3U`.
            if let m = c.family.first(where: { $0.name == fix.sibling }), m.literal.magnitude == 1, let s = m.shift,
                m.count < type.width
            {
                var edit = replacing(s, with: "\(macro)(\(s.count))")
                edit.sibling = fix.sibling
                fixes.append(edit)
            } else {
                fixes.append(fix)
            }
        }
        guard fixes != f.fixes else { return .notRespelled("BIT() spells 1 << n only") }
        f.fixes = fixes
        return .respelled(macro: macro, type: type)
    }

    /// Whether a use converts the value itself (before any operator) to a 64-bit type.
    static func usedAs64Bit(_ flow: [FlowStep]) -> Bool {
        for step in flow {
            switch step.kind {
            case "paren": continue
            case "conversion", "cast": if let t = step.type, t.width >= 64 { return true }
            default: return false
            }
        }
        return false
    }

    static func replacing(_ s: SpelledShift, with text: String) -> Fix {
        Fix(
            file: s.start.file, line: s.start.line, column: s.start.column, endLine: s.end.line, endColumn: s.end.column,
            replacement: text, offset: s.start.offset, endOffset: s.end.offset)
    }

    /// `--fix-style cast`: a literal fix to `unsigned int` (`1U`) becomes a cast spelled with
    /// the file's typedef (`(u32)1 << 31`; C11 §6.5.4: the cast binds tighter than `<<`), the
    /// same type, so the same safety. Wider fixes (`1ULL`) keep the suffix.
    static func respellCast(_ f: inout Finding, verbose: Bool) {
        guard let c = f.fixCandidates.first(where: { if case .literalSuffix = $0.kind { return true } else { return false } }),
            case .literalSuffix(let literal?, _, _, let directive) = c.kind, let style = c.style, !directive
        else { return }
        let spelling = "(\(castSpelling(style.typeNames)))"
        var skipped: String?
        f.fixes = f.fixes.map { fix in
            let digits =
                fix.sibling == nil
                ? String(literal.digits)
                : c.family.first { $0.name == fix.sibling }.map { String($0.literal.digits) } ?? ""
            guard !digits.isEmpty, fix.replacement.hasPrefix(digits),
                fix.replacement.dropFirst(digits.count).uppercased() == "U"
            else {
                if fix.sibling == nil { skipped = fix.replacement }
                return fix
            }
            var edit = fix
            edit.replacement = spelling
            edit.endColumn = fix.column
            edit.endLine = fix.line
            edit.endOffset = fix.offset
            return edit
        }
        if verbose, let kept = skipped, let own = f.fixes.first {
            f.notes.append(
                Note(
                    file: own.file, line: own.line, column: own.column,
                    message: "fix: spelled '\(kept)': the cast style spells 'unsigned int' only (\(spelling))"))
        }
    }

    /// A place in a file as the fixes name it.
    private static func place(_ file: String, _ offset: Int) -> String { "\(file):\(offset)" }

    /// Gives each fixed flag define's siblings the same spelling as its own literal
    /// (`(1 << 28)` → `(1U << 28)` next to `(1U << 31)`). A sibling is left alone when it has a
    /// finding of its own (its own fix, or its reason for none, decides), when two findings of
    /// its family would spell it differently (`1U` and `1ULL`: no spelling keeps the block
    /// uniform), or when its shift would not keep its value in the new type.
    static func addFamilyEdits(_ findings: inout [Finding]) {
        var ownLiterals = Set<String>()
        for f in findings {
            for c in f.fixCandidates {
                if case .literalSuffix(_, let at?, _, _) = c.kind { ownLiterals.insert(place(at.file, at.offset)) }
            }
        }
        var proposals: [Int: [Fix]] = [:]   // by finding index
        var spellings: [String: Set<String>] = [:]   // by sibling literal place
        for (i, f) in findings.enumerated() {
            for c in f.fixCandidates where !c.family.isEmpty {
                guard case .literalSuffix(let literal?, let at?, _, _) = c.kind,
                    let own = f.fixes.first(where: { $0.file == at.file && $0.offset == at.offset && $0.sibling == nil }),
                    own.replacement.hasPrefix(String(literal.digits))
                else { continue }
                let suffix = String(own.replacement.dropFirst(literal.digits.count))
                for m in c.family where !ownLiterals.contains(place(m.at.file, m.at.offset)) {
                    guard let text = FixSuggester.respell(m.literal, suffix: suffix, count: m.count, target: c.target)
                    else { continue }
                    let n = m.literal.spelling.utf8.count
                    proposals[i, default: []].append(
                        Fix(
                            file: m.at.file, line: m.at.line, column: m.at.column, endLine: m.at.line,
                            endColumn: m.at.column + n, replacement: text, offset: m.at.offset, endOffset: m.at.offset + n,
                            sibling: m.name))
                    spellings[place(m.at.file, m.at.offset), default: []].insert(text)
                }
            }
        }
        for (i, fixes) in proposals {
            let agreed = fixes.filter { spellings[place($0.file, $0.offset)]?.count == 1 }
            var seen = Set<String>()
            findings[i].fixes += agreed.sorted { ($0.line, $0.column) < ($1.line, $1.column) }.filter {
                seen.insert(place($0.file, $0.offset)).inserted
            }
        }
    }

    enum Decision: Equatable {
        case fix(Fix)
        case refused(String)
        case none
    }

    static func decide(_ candidate: FixCandidate, check: CheckID) -> Decision {
        switch candidate.kind {
        case .literalSuffix(let literal, let place, let uppercase, let directive):
            switch FixSuggester.suggest(
                facts: candidate.facts, check: check, literal: literal, target: candidate.target,
                uppercase: uppercase, directive: directive)
            {
            case .replace(let text):
                guard let literal, let place else { return .none }
                let n = literal.spelling.utf8.count
                return .fix(
                    Fix(
                        file: place.file, line: place.line, column: place.column, endLine: place.line,
                        endColumn: place.column + n, replacement: text, offset: place.offset, endOffset: place.offset + n))
            case .none(let reason):
                return .refused(reason)
            case .notApplicable:
                return .none
            }
        case .unsignedIdiom(let prefixed, let uppercase):
            switch FixSuggester.suggestIdiom(facts: candidate.facts, check: check, prefixed: prefixed, uppercase: uppercase) {
            case .replace(let text):
                guard let p = prefixed else { return .none }
                let n = p.literal.spelling.utf8.count
                return .fix(
                    Fix(
                        file: p.at.file, line: p.at.line, column: p.at.column, endLine: p.at.line,
                        endColumn: p.at.column + n, replacement: text, offset: p.at.offset, endOffset: p.at.offset + n))
            case .none(let reason): return .refused(reason)
            case .notApplicable: return .none
            }
        case .unsignedCast(let place, let typeNames):
            return .fix(
                Fix(
                    file: place.file, line: place.line, column: place.column, endLine: place.line,
                    endColumn: place.column, replacement: "(\(castSpelling(typeNames)))",
                    offset: place.offset, endOffset: place.offset))
        }
    }

    /// The file's own name for `unsigned int`: the typedef of it spelled most often in the file
    /// (`u32` in the kernel), else the keyword spelling.
    static func castSpelling(_ typeNames: [String: Int]) -> String {
        let used = typeNames.filter { $0.value > 0 }
        guard let best = used.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) else { return "unsigned int" }
        return best.key
    }
}

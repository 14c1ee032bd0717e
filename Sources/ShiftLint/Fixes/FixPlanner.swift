/// Decides every finding's fixes once all translation units are merged, from the candidates
/// the units found (clang-apply-replacements' order of work: units propose, one place
/// decides). A fix that is considered and refused leaves a `fixNote` with the reason.
///
/// Every edit is decided on its own (`Fix`): the finding's own edit first, then, under
/// `FixScope.family`, one edit per sibling define, so that a rule can keep or drop any one of
/// them. The macro uses are every expansion of the findings' macros across the run, with where
/// each value goes; `FixSafety` reads them (and a code shift's own flow) to mark fixes that
/// could change what the program does as needing review, siblings included.
public enum FixPlanner {
    public static func plan(_ findings: [Finding], uses: [MacroUse], scope: FixScope = .family) -> [Finding] {
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
        // finding's own, then each sibling's (found by name among the uses of its file).
        let usesByName = Dictionary(grouping: uses, by: \.name)
        for i in planned.indices {
            var f = planned[i]
            let flow = f.fixCandidates.compactMap(\.flow).first
            var review = FixSafety.review(f, flow: flow, uses: f.defineKey.flatMap { usesByDefinition[$0] } ?? [])
            if review?.verdict == .safe {
                let members = f.fixCandidates.flatMap(\.family)
                for fix in f.fixes {
                    guard let name = fix.sibling, let member = members.first(where: { $0.name == name }) else { continue }
                    let siblingUses = (usesByName[name] ?? []).filter { FixSafety.definedIn($0, file: member.at.file) }
                    if let why = FixSafety.reviewSibling(
                        member, replacement: fix.replacement, uses: siblingUses, target: f.fixCandidates[0].target)
                    {
                        review = why
                        break
                    }
                }
            }
            f.fixSafety = review
            if let review, review.verdict == .needsReview {
                f.notes.append(
                    Note(
                        file: review.file, line: review.line, column: review.column,
                        message: "fix needs review: \(review.reason)"))
            }
            planned[i] = f
        }
        return planned
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

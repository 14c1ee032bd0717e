/// Decides every finding's fixes once all translation units are merged, from the candidates
/// the units found (clang-apply-replacements' order of work: units propose, one place
/// decides). A fix that is considered and refused leaves a `fixNote` with the reason.
///
/// The macro uses are every expansion of the findings' macros across the run, with where
/// each value goes; `FixSafety` reads them (and a code shift's own flow) to mark fixes that
/// could change what the program does as needing review.
public enum FixPlanner {
    public static func plan(_ findings: [Finding], uses: [MacroUse]) -> [Finding] {
        let usesByDefinition = Dictionary(grouping: uses, by: \.definitionKey)
        return findings.map { f in
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
            // Whether the fix keeps the meaning of every use of the value it retypes.
            let flow = f.fixCandidates.compactMap(\.flow).first
            f.fixSafety = FixSafety.review(f, flow: flow, uses: f.defineKey.flatMap { usesByDefinition[$0] } ?? [])
            if let review = f.fixSafety, review.verdict == .needsReview {
                f.notes.append(
                    Note(
                        file: review.file, line: review.line, column: review.column,
                        message: "fix needs review: \(review.reason)"))
            }
            return f
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

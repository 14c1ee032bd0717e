/// Turns judged sites into findings where the user can act on them: at the operator in an
/// input file, in the object-like `#define` it is spelled in, or at the expansion of the
/// function-like macro that produced it, with notes down to the operator, the highlighted
/// operands, and the fix candidates the planner decides on after the merge.
final class FindingBuilder {
    let index: UnitIndex
    let locator: OperatorLocator
    let verbose: Bool
    private(set) var findings: [Finding] = []
    private(set) var skipped: [String] = []
    private var files: UnitFiles { index.files }
    /// How often each `unsigned int` typedef is spelled, per file (for a cast's spelling).
    private var typedefUses: [String: [String: Int]] = [:]
    /// The flag-define families, worked out for the files whose defines have findings.
    private lazy var families = DefineFamilies(index: index)
    /// The kernel's bit macros this unit defines, each as a function-like macro in the
    /// kernel's own header for it (`--fix-style kernel` spells with them only then), with that
    /// header's path.
    private lazy var bitMacros: [String: String] = {
        var known: [String: String] = [:]
        let headers = [
            "BIT": ["/linux/bits.h", "/vdso/bits.h"], "BIT_ULL": ["/linux/bits.h", "/vdso/bits.h"],
            "_BITUL": ["/linux/const.h"], "_BITULL": ["/linux/const.h"],
        ]
        for (name, suffixes) in headers {
            guard case .some(.some(let d)) = index.context.macros.lookup(name), d.isFunctionLike, d.parameters.count == 1
            else { continue }
            let path = files.display(d.position.file)
            if suffixes.contains(where: { ("/" + path).hasSuffix($0) }) { known[name] = path }
        }
        return known
    }()

    init(index: UnitIndex, verbose: Bool) {
        self.index = index
        self.locator = OperatorLocator(files: index.files, target: index.target)
        self.verbose = verbose
    }

    // MARK: Sites of the evaluator (defines and #if lines)

    /// Reports a shift the evaluator found: at the operator when it is spelled in the text
    /// evaluated, else at the invocation of the outermost macro that produced it, with notes
    /// down to the operator. `defineKey` is kept only for findings in the define itself.
    func add(
        _ site: ShiftSite, _ verdict: Verdict, macro: String?, origin: Origin, defineKey: String?,
        harness: Harness? = nil
    ) {
        guard let operatorAt = site.position else { return }
        let reportAt = site.frames.first?.invocation ?? operatorAt
        guard files.isInput(reportAt) else { return }
        let direct = site.frames.isEmpty
        var spelled: (start: SourcePosition, end: SourcePosition, count: String)?
        if direct, origin == .define, let key = defineKey, let definition = families.definitionsByKey[key],
            let literalAt = site.leftLiteralPosition, let source = files.file(operatorAt.file)
        {
            spelled = ShiftSpelling.inTokens(definition.body, operatorAt: operatorAt, literalAt: literalAt, source: source)
        }
        emit(
            at: reportAt, verdict: verdict, macro: macro, origin: origin,
            notes: direct ? [] : expansionNotes(site.frames, operatorAt: operatorAt),
            literal: site.leftLiteral, literalAt: site.leftLiteralPosition,
            prefixed: site.leftPrefixed,
            ranges: direct ? [site.leftRange, site.rightRange] : [],
            defineKey: origin == .define ? defineKey : nil, harness: harness, spelled: spelled,
            bodyMacro: site.frames.last?.name)
    }

    /// clang-style notes for a chain of expansions, innermost (the operator) first.
    private func expansionNotes(_ frames: [ExpansionFrame], operatorAt: SourcePosition) -> [Note] {
        var notes: [Note] = []
        var at = operatorAt
        for frame in frames.reversed() {
            notes.append(note(at, "expanded from macro '\(frame.name)'"))
            at = frame.invocation
        }
        return notes
    }

    private func note(_ at: SourcePosition, _ message: String) -> Note {
        Note(
            file: files.display(at.file), line: at.line, column: at.column, message: message,
            sourceLine: files.file(at.file)?.line(at.line))
    }

    // MARK: Shifts in the AST

    /// Reports a shift of the AST walk.
    func add(_ shift: CodeShift, _ verdict: Verdict) {
        let op = shift.site.facts.op
        guard let spelled = locator.locate(op, lhs: shift.lhs, rhs: shift.rhs) else {
            if verbose, let p = shift.node.expansionPosition { skipped.append("\(p): cannot locate the shift operator") }
            return
        }
        var cast: FixCandidate?
        if verdict.check == .shiftPromotion, shift.site.usedAsUnsigned && op == .left, index.enclosingMacro(spelled) == nil,
            let at = shift.lhs.extentStartFile, at.file == spelled.file, at.offset < spelled.offset
        {
            // A cast put before the left operand where the operator is spelled in code (not
            // inside a macro definition).
            cast = FixCandidate(
                kind: .unsignedCast(at: files.displayed(at), typeNames: unsignedIntTypedefUses(in: at.file)),
                facts: verdict.witness, target: index.target, flow: CodeWalker.flow(shift.ancestors, target: index.target))
        }
        let literal = locator.literal(shift.lhs)
        let prefixed = literal == nil ? locator.prefixedLiteral(shift.lhs) : nil
        if let macro = index.enclosingMacro(spelled) {
            if !macro.isFunctionLike {
                // The define's own finding (also found by evaluating its body); counted there.
                guard files.isInput(spelled) else { return }
                let key = files.key(macro.position)
                var whole: (start: SourcePosition, end: SourcePosition, count: String)?
                if let definition = families.definitionsByKey[key], let at = literal?.1, let source = files.file(spelled.file) {
                    whole = ShiftSpelling.inTokens(definition.body, operatorAt: spelled, literalAt: at, source: source)
                }
                emit(
                    at: spelled, verdict: verdict, macro: macro.name, origin: .define, notes: [],
                    literal: literal?.0, literalAt: literal?.1, prefixed: prefixed, ranges: [],
                    defineKey: key, cast: cast, spelled: whole)
                return
            }
            guard let site = shift.node.expansionPosition, let outer = index.expansionSites[files.key(site)] else { return }
            // Inside an object-like macro's expansion: that define reports it.
            guard outer.isFunctionLike, files.isInput(site) else { return }
            emit(
                at: site, verdict: verdict, macro: outer.name, origin: .expansion,
                notes: [note(spelled, "expanded from macro '\(macro.name)'")],
                literal: literal?.0, literalAt: literal?.1, prefixed: prefixed, ranges: [], defineKey: nil, cast: cast,
                bodyMacro: macro.name)
            return
        }
        guard files.isInput(spelled) else { return }
        var ranges: [SourceSpan?] = []
        if !shift.node.isInMacro {
            ranges = [shift.lhs, shift.rhs].map { e in
                guard let s = e.extentStartSpelling, let t = e.extentEndExpansion else { return nil }
                return SourceSpan(start: s, end: t)
            }
        }
        var whole: (start: SourcePosition, end: SourcePosition, count: String)?
        if !shift.node.isInMacro, let at = literal?.1, let source = files.file(spelled.file),
            let start = shift.lhs.extentStartSpelling, let countStart = shift.rhs.extentStartSpelling,
            let countEnd = shift.rhs.extentEndSpelling,
            [start.file, countStart.file, countEnd.file, at.file].allSatisfy({ $0 == spelled.file })
        {
            var parenthesized: Range<Int>?
            if let parent = shift.ancestors.first, parent.kind == .parenExpr, let open = parent.extentStartSpelling,
                let close = parent.extentEndSpelling, open.file == spelled.file, close.file == spelled.file
            {
                parenthesized = open.offset..<close.offset
            }
            whole = ShiftSpelling.inCode(
                source: source, start: start.offset, countStart: countStart.offset, countEnd: countEnd.offset,
                parenthesized: parenthesized)
        }
        emit(
            at: spelled, verdict: verdict, macro: nil, origin: .code, notes: [],
            literal: literal?.0, literalAt: literal?.1, prefixed: prefixed, ranges: ranges, defineKey: nil, cast: cast,
            flow: CodeWalker.flow(shift.ancestors, target: index.target), spelled: whole)
    }

    private func unsignedIntTypedefUses(in file: String) -> [String: Int] {
        if let known = typedefUses[file] { return known }
        let names = Set(index.unsignedIntTypedefs)
        let counts = files.file(file)?.identifierCounts(of: names) ?? [:]
        typedefUses[file] = counts
        return counts
    }

    // MARK: Findings

    private func emit(
        at p: SourcePosition, verdict: Verdict, macro: String?, origin: Origin, notes: [Note],
        literal: IntegerLiteral?, literalAt: SourcePosition?, prefixed: PrefixedLiteral? = nil, ranges: [SourceSpan?],
        defineKey: String?,
        cast: FixCandidate? = nil, harness: Harness? = nil, flow: [FlowStep]? = nil,
        spelled: (start: SourcePosition, end: SourcePosition, count: String)? = nil, bodyMacro: String? = nil
    ) {
        var candidates: [FixCandidate] = cast.map { [$0] } ?? []
        if Checks.description(of: verdict.check)?.fix == .literalSuffix {
            let uppercase = !(literalAt.flatMap { files.file($0.file)?.prefersLowercaseSuffix } ?? false)
            // A define's siblings, which --fix-scope family respells the same way.
            let family = origin == .define && literal != nil ? defineKey.map { families.members(ofDefine: $0) } ?? [] : []
            var style: StyleContext?
            if let literalAt {
                // What the kernel and cast styles need (`FixPlanner` decides with the file's style).
                let components = files.display(literalAt.file).split(separator: "/")
                style = StyleContext(
                    shift: spelled.map {
                        SpelledShift(start: files.displayed($0.start), end: files.displayed($0.end), count: $0.count)
                    },
                    bitMacros: bitMacros, inUapi: components.dropLast().contains("uapi"),
                    inTools: components.dropLast().contains("tools"), typeNames: unsignedIntTypedefUses(in: literalAt.file))
            }
            candidates.append(
                FixCandidate(
                    kind: .literalSuffix(
                        literal, at: literalAt.map { files.displayed($0) },
                        uppercase: uppercase, directive: origin == .directive),
                    facts: verdict.witness, target: index.target, flow: flow, family: family, style: style))
        } else if Checks.description(of: verdict.check)?.fix == .unsignedIdiom {
            let uppercase = !(prefixed.flatMap { files.file($0.at.file)?.prefersLowercaseSuffix } ?? false)
            let shown = prefixed.map { p in PrefixedLiteral(op: p.op, literal: p.literal, at: files.displayed(p.at)) }
            candidates.append(
                FixCandidate(
                    kind: .unsignedIdiom(shown, uppercase: uppercase), facts: verdict.witness, target: index.target,
                    flow: flow))
        }
        for i in candidates.indices { candidates[i].bodyMacro = bodyMacro }
        var finding = Finding(
            file: files.display(p.file), line: p.line, column: p.column, check: verdict.check,
            severity: verdict.severity, message: verdict.message, macro: macro, fixes: [], notes: notes,
            origin: origin, sourceLine: files.file(p.file)?.line(p.line),
            highlights: ranges.compactMap { r in
                guard let r, r.start.line == p.line, r.end.line == p.line, r.start.file == p.file,
                    r.end.column > r.start.column
                else { return nil }
                return r.start.column..<r.end.column
            },
            key: files.key(p))
        finding.defineKey = defineKey
        finding.facts = verdict.witness
        finding.harness = harness
        finding.fixCandidates = candidates
        findings.append(finding)
    }
}

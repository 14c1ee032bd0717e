import Foundation

/// A macro definition's place in its file, to tell which macro a spelled token belongs to.
struct MacroSpan {
    var name: String
    var isFunctionLike: Bool
    var range: Range<Int>       // byte offsets of the name through the end of the body
    var position: SourcePosition
}

/// The macro expanded at a site in an input file.
struct ExpandedMacro {
    var name: String
    var isFunctionLike: Bool
}

/// What one translation unit contributes to a run.
struct UnitResult {
    var findings: [Finding] = []
    /// Where each object-like macro (by definition key) is expanded in the analyzed code;
    /// sets, so a header seen by several units counts each site once.
    var expansionSites: [String: Set<String>] = [:]
    var skipped: [String] = []
    var filesSeen: [String] = []
    var timings: [(String, Double)] = []
}

/// Wall-clock laps for SHIFTLINT_TIMING=1 (a diagnostic aid, not a benchmark).
struct PhaseClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    private(set) var laps: [(String, Double)] = []
    mutating func lap(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        laps.append((name, Double(now - last) / 1e9))
        last = now
    }
}

/// Runs every check over one parsed translation unit: the bodies of object-like `#define`s
/// in input files, `#if` lines, and shifts in the AST (code, initializers, enum constants,
/// function-like macro expansions).
final class TranslationUnitAnalyzer {
    let tu: TranslationUnit
    let target: TargetModel
    let inputs: InputSet
    let enabled: Set<CheckID>
    let verbose: Bool
    private var context: EvaluationContext
    private var files: [String: SourceFile] = [:]
    private var absolutePaths: [String: String] = [:]
    private var macroSpans: [String: [MacroSpan]] = [:]            // by absolute path, sorted
    private var expansionSites: [String: ExpandedMacro] = [:]      // by "abs:offset" of the expansion
    private var defines: [(MacroDefinition, String)] = []          // input object-like defines, with key
    private var definitionsByKey: [String: MacroDefinition] = [:]  // already tokenized, by key
    private var declarations: [Cursor] = []
    private var macroCursors: [String: [Cursor]] = [:]
    private var includedFiles: [String] = []
    private var result = UnitResult()

    /// Whether to prepare `--confirm` harness sources for define findings.
    var confirm = false

    init(tu: TranslationUnit, target: TargetModel, inputs: InputSet, enabled: Set<CheckID>, verbose: Bool) {
        self.tu = tu
        self.target = target
        self.inputs = inputs
        self.enabled = enabled
        self.verbose = verbose
        self.context = EvaluationContext(target: target, enabledChecks: enabled)
        context.macros = MacroTable { [unowned self] name in self.definitions(of: name) }
    }

    /// Every definition of `name` in the unit, tokenized on first use (input defines were
    /// tokenized when collected).
    private func definitions(of name: String) -> [MacroDefinition]? {
        guard let cursors = macroCursors[name] else { return nil }
        return cursors.compactMap { c in
            if let p = c.spellingPosition, let known = definitionsByKey[key(p)] { return known }
            return MacroDefinition(tokens: c.tokens, isFunctionLike: c.isMacroFunctionLike)
        }
    }

    /// Evaluates the object-like macro `name` with everything it expands to, as if it were
    /// used in live code (for the UBSAN oracle). Call after `collectOnly()`.
    func evaluateMacro(named name: String) -> Evaluation? {
        guard let entry = context.macros.lookup(name), let def = entry else { return nil }
        return Evaluator(context: context).evaluate(def.body)
    }

    /// Only the first pass: macros, typedefs and enum constants.
    func collectOnly() { collect() }

    func run() -> UnitResult {
        var clock = PhaseClock()
        collect()
        clock.lap("collect")
        evaluateDefines()
        clock.lap("defines")
        walkCode()
        clock.lap("code")
        evaluateDirectives()
        clock.lap("directives")
        result.timings = clock.laps
        return result
    }

    // MARK: Paths and files

    func absolute(_ name: String) -> String {
        if let a = absolutePaths[name] { return a }
        let a = InputSet.absolute(name, in: inputs.workingDirectory)
        absolutePaths[name] = a
        return a
    }

    func isInput(_ position: SourcePosition) -> Bool { inputs.contains(absolute(position.file)) }

    func file(_ name: String) -> SourceFile? {
        if let f = files[name] { return f }
        guard let bytes = tu.contents(ofFile: name) else { return nil }
        let f = SourceFile(path: name, bytes: bytes)
        files[name] = f
        return f
    }

    func key(_ p: SourcePosition) -> String { "\(absolute(p.file)):\(p.offset)" }

    // MARK: Pass 1: macros, typedefs, enum constants, and the declarations to walk

    private func collect() {
        var inputFileHandles: [UnsafeMutableRawPointer: Bool] = [:]
        func inInputs(_ c: Cursor) -> Bool {
            guard let handle = c.expansionFileKey else { return false }
            if let known = inputFileHandles[handle] { return known }
            let yes = c.expansionPosition.map { isInput($0) } ?? false
            inputFileHandles[handle] = yes
            return yes
        }
        tu.cursor.visitChildren { c in
            switch c.kind {
            case .macroDefinition:
                collectMacro(c)
            case .macroExpansion:
                collectExpansion(c, isInput: inInputs(c))
            case .inclusionDirective:
                break
            default:
                collectTypes(c)
                if inInputs(c) { declarations.append(c) }
            }
            return .continue
        }
        for k in macroSpans.keys { macroSpans[k]?.sort { $0.range.lowerBound < $1.range.lowerBound } }
        includedFiles = tu.includedFiles
        result.filesSeen = includedFiles.map { absolute($0) }
    }

    private func collectMacro(_ c: Cursor) {
        guard !c.isMacroBuiltin else { return }
        // Predefined (__SIZEOF_LONG__, __x86_64__) and -D macros have no file: known to the
        // evaluator, never reported.
        macroCursors[c.spelling, default: []].append(c)
        guard let position = c.spellingPosition else { return }
        let isFunctionLike = c.isMacroFunctionLike
        let end = c.extentEndSpelling.map(\.offset) ?? position.offset
        let span = MacroSpan(name: c.spelling, isFunctionLike: isFunctionLike,
                             range: position.offset..<max(end, position.offset + 1), position: position)
        macroSpans[absolute(position.file), default: []].append(span)
        guard !isFunctionLike && isInput(position) else { return }
        guard let def = MacroDefinition(tokens: c.tokens, isFunctionLike: false) else {
            if verbose { result.skipped.append("\(position): cannot read the definition of '\(c.spelling)'") }
            return
        }
        defines.append((def, key(position)))
        definitionsByKey[key(position)] = def
    }

    private func collectExpansion(_ c: Cursor, isInput: Bool) {
        // Only expansions in input files matter (counts, and the sites of shifts in the code
        // we walk); kernel units have hundreds of thousands elsewhere.
        guard isInput, let at = c.spellingPosition else { return }
        let def = c.referenced
        guard !def.isNull, let defPosition = def.spellingPosition else { return }
        let macro = ExpandedMacro(name: def.spelling, isFunctionLike: def.isMacroFunctionLike)
        expansionSites[key(at)] = macro
        if !macro.isFunctionLike { result.expansionSites[key(defPosition), default: []].insert(key(at)) }
    }

    private func collectTypes(_ c: Cursor) {
        if c.isTypedefDecl {
            let underlying = c.typedefUnderlyingType
            // An invalid typedef (its type unknown after a missing include) is a type, but
            // not one we know: casts to it give unknown values.
            let known = !c.isInvalidDeclaration
            context.typedefs[c.spelling] = TypedefInfo(integerType: known ? underlying.integerType(on: target) : nil)
        }
        guard c.isEnumDecl || c.isTypedefDecl else { return }
        c.visitChildren { e in
            if e.isEnumConstantDecl, !e.isInvalidDeclaration, let type = e.type.integerType(on: target) {
                let v: Int128 = type.isSigned ? Int128(e.enumConstantValue) : Int128(e.enumConstantUnsignedValue)
                context.enumConstants[e.spelling] = CValue(type: type, value: v)
                return .continue
            }
            return e.isEnumDecl ? .recurse : .continue
        }
    }

    // MARK: Pass 2: object-like #define bodies

    private func evaluateDefines() {
        let evaluator = Evaluator(context: context)
        for (def, defKey) in defines {
            let evaluation = evaluator.evaluate(def.body)
            if verbose {
                for reason in Set(evaluation.skipped) {
                    result.skipped.append("\(def.position): in '\(def.name)': skipped: \(reason)")
                }
            }
            // Computed once per define, only when some finding will carry it.
            let harness = confirm && !evaluation.sites.isEmpty
                ? harnessPrelude(for: def.name).map { Harness(prelude: $0, expression: def.name) } : nil
            for site in evaluation.sites {
                // A shift inside another object-like macro is that macro's own finding.
                if let outer = site.frames.first, !outer.isFunctionLike { continue }
                emitSite(site, macro: def.name, origin: site.frames.isEmpty ? .define : .expansion,
                         defineKey: defKey, harness: harness)
            }
        }
    }

    /// Reports a shift the evaluator found: at the operator when it is spelled in the text
    /// evaluated, else at the invocation of the outermost macro that produced it, with notes
    /// down to the operator. `defineKey` is kept only for findings in the define itself.
    private func emitSite(_ site: ShiftSite, macro: String?, origin: Origin, defineKey: String?, harness: Harness? = nil) {
        let reportAt = site.frames.first?.invocation ?? site.position
        guard isInput(reportAt) else { return }
        let direct = site.frames.isEmpty
        emit(at: reportAt, facts: site.facts, verdict: site.verdict, macro: macro, origin: origin,
             notes: direct ? [] : expansionNotes(site.frames, operatorAt: site.position),
             literal: site.leftLiteral, literalAt: site.leftLiteralPosition,
             ranges: direct ? [site.leftRange, site.rightRange] : [],
             defineKey: origin == .define ? defineKey : nil, harness: harness)
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
        Note(file: inputs.display(absolute(at.file)), line: at.line, column: at.column, message: message,
             sourceLine: file(at.file)?.line(at.line))
    }

    // MARK: --confirm harness sources

    /// The definitions a standalone harness needs to expand the object-like macro `name`: the
    /// macros it reaches, and the typedefs and enum constants they name, as C text. Nil when
    /// one of them cannot be written out faithfully (an ambiguous macro, a non-integer typedef).
    func harnessPrelude(for name: String) -> String? {
        var macros: [MacroDefinition] = []
        var typedefNames = Set<String>(), enumNames = Set<String>()
        var visited = Set<String>()
        var queue = [name]
        while let n = queue.popLast() {
            guard visited.insert(n).inserted, let entry = context.macros.lookup(n) else { continue }
            guard let def = entry else { return nil }
            if def.position.file != "<built-in>" { macros.append(def) }
            for t in def.body where t.isWord {
                if context.macros.lookup(t.spelling) != nil { queue.append(t.spelling) }
                else if context.typedefs[t.spelling] != nil { typedefNames.insert(t.spelling) }
                else if context.enumConstants[t.spelling] != nil { enumNames.insert(t.spelling) }
            }
        }
        var out = ""
        for t in typedefNames.sorted() {
            guard let type = context.typedefs[t]?.integerType else { return nil }
            out += "typedef \(type) \(t);\n"
        }
        for e in enumNames.sorted() {
            guard let c = context.enumConstants[e], c.type == target.int, let v = c.value else { return nil }
            out += "enum { \(e) = \(v) };\n"
        }
        for m in macros.reversed() {
            var params = ""
            if m.isFunctionLike {
                let names = m.parameters.enumerated().map { i, p -> String in
                    guard m.isVariadic && i == m.parameters.count - 1 else { return p }
                    return p == "__VA_ARGS__" ? "..." : p + "..."
                }
                params = "(" + names.joined(separator: ", ") + ")"
            }
            out += "#define \(m.name)\(params) \(m.body.map(\.spelling).joined(separator: " "))\n"
        }
        return out
    }

    // MARK: Pass 3: shifts in the AST

    private func walkCode() {
        for decl in declarations { visit(decl, live: true) }
    }

    /// Judges the shifts in `node` and below, children first (the order they run in), and
    /// returns whether an undefined shift was found there. A shift whose operand already
    /// contains an undefined shift is not judged: its operand has no defined value (clang's
    /// folder would offer a clamped or wrapped one).
    ///
    /// Code that cannot run is not judged, as UBSAN would never see it: the arm of `?:` or the
    /// branch of `if` that a constant condition rules out, the right operand of `&&`/`||`
    /// decided by a constant left one, the body of `while (0)`, and the operand of
    /// `sizeof`/`_Alignof` (C11 §6.5.3.4p2). (`for` is left alone: libclang omits its empty
    /// clauses, so which child is the condition cannot be told reliably.)
    @discardableResult
    private func visit(_ node: Cursor, live: Bool, usedAsUnsigned: Bool = false) -> Bool {
        let kids = node.children
        // Whether the children's value ends up unsigned (for shift-promotion's fix).
        let kidsUnsigned: Bool
        switch node.kind {
        case .parenExpr: kidsUnsigned = usedAsUnsigned
        case .unexposedExpr, .cStyleCast: kidsUnsigned = node.type.integerType(on: target).map { !$0.isSigned && $0.kind != .bool } ?? false
        default: kidsUnsigned = false
        }
        var liveness = Array(repeating: live, count: kids.count)
        switch node.kind {
        case .binaryOperator:
            if let logical = node.logicalOperator, kids.count == 2, let v = constantCondition(kids[0]) {
                let decided = logical == "&&" ? !v : v
                liveness[1] = live && !decided
            }
        case .conditionalOperator, .ifStmt:
            if kids.count >= 2, let condition = constantCondition(kids[0]) {
                for i in 1..<kids.count { liveness[i] = live && condition == (i == 1) }
            }
        case .whileStmt:
            if kids.count == 2, constantCondition(kids[0]) == false { liveness[1] = false }
        case .sizeofOrAlignof:
            liveness = Array(repeating: false, count: kids.count)
        default:
            break
        }
        var undefinedBelow = false
        for (kid, kidLive) in zip(kids, liveness) where visit(kid, live: kidLive, usedAsUnsigned: kidsUnsigned) {
            undefinedBelow = true
        }
        if undefinedBelow { return true }
        if live, node.kind == .binaryOperator || node.kind == .compoundAssignOperator, let op = node.shiftOperator {
            return analyzeShift(node, op, kids, usedAsUnsigned: usedAsUnsigned)
        }
        return false
    }

    /// The truth value of a condition clang can fold, unless it depends on
    /// `__builtin_constant_p` (folded differently once inlined and optimized).
    private func constantCondition(_ c: Cursor) -> Bool? {
        guard let r = c.evaluateInteger() else { return nil }
        if c.mentionsBuiltinConstantP { return nil }
        return r.bits != 0
    }

    /// Judges one shift; returns whether it is undefined (reported or not).
    private func analyzeShift(_ c: Cursor, _ op: ShiftOperator, _ children: [Cursor], usedAsUnsigned: Bool) -> Bool {
        guard children.count == 2 else { return false }
        let lhs = children[0], rhs = children[1]
        let leftType: CIntType?
        if op == .left || op == .right { leftType = c.type.integerType(on: target) }
        else { leftType = lhs.type.integerType(on: target).map { target.promote($0) } }
        guard let lt = leftType, lt.isModelled, let countType = rhs.type.integerType(on: target).map({ target.promote($0) })
        else { return false }
        func value(_ e: Cursor) -> Int128? {
            guard let r = e.evaluateInteger() else { return nil }
            return r.isUnsigned ? Int128(r.bits) : Int128(r.value)
        }
        let leftValue = (op == .left || op == .right) ? value(lhs) : nil
        let countValue = value(rhs)
        guard leftValue != nil || countValue != nil else { return false }
        let facts = ShiftFacts(op: op, left: CValue(type: lt, value: leftValue), count: CValue(type: countType, value: countValue))
        // After errors clang types what it could not resolve as `int`: never judge those.
        func trusted() -> Bool { !(tu.hasErrors && (lhs.dependsOnInvalidDeclaration || rhs.dependsOnInvalidDeclaration)) }
        guard Checks.isUndefined(facts) else {
            checkPromotion(c, op, lhs, rhs, facts, usedAsUnsigned: usedAsUnsigned, trusted: trusted)
            return false
        }
        guard trusted() else { return false }
        guard let verdict = Checks.firstVerdict(for: facts, enabled: enabled) else { return true }
        report(c, op, lhs, rhs, facts, verdict)
        return true
    }

    /// `shift-promotion`: a narrow unsigned operand promoted to `int` whose range may overflow.
    private func checkPromotion(_ c: Cursor, _ op: ShiftOperator, _ lhs: Cursor, _ rhs: Cursor, _ facts: ShiftFacts,
                                usedAsUnsigned: Bool, trusted: () -> Bool) {
        guard enabled.contains(.shiftPromotion), op.isLeft, facts.left.value == nil, let count = facts.count.value,
              facts.left.type == target.int else { return }
        var ranges = ValueRanges(target: target)
        guard let r = ranges.range(lhs), let source = ranges.narrowSource,
              let message = ShiftPromotion.verdict(range: r, typeName: source, promoted: facts.left.type, count: count),
              trusted() else { return }
        let cast = usedAsUnsigned && op == .left
            ? (context.typedefs["u32"]?.integerType == target.uint ? "(u32)" : "(unsigned int)") : nil
        let verdict = Verdict(check: .shiftPromotion, severity: ShiftPromotion.severity,
                              message: message + (cast == nil ? "" : "; the result is used as unsigned"))
        // The facts carried with the finding (for --confirm) are the worst case: the largest value.
        let worst = ShiftFacts(op: facts.op, left: CValue(type: facts.left.type, value: r.upperBound), count: facts.count)
        report(c, op, lhs, rhs, worst, verdict, insertCast: cast)
    }

    /// Reports a shift found in the AST where the user can act on it: at the operator in code,
    /// in the object-like `#define` it is spelled in, or at the expansion of the function-like
    /// macro that produced it.
    /// `insertCast`: a cast to put before the left operand, offered where the operator is
    /// spelled in code (not inside a macro definition).
    private func report(_ c: Cursor, _ op: ShiftOperator, _ lhs: Cursor, _ rhs: Cursor, _ facts: ShiftFacts,
                        _ verdict: Verdict, insertCast: String? = nil) {
        // Where is the operator spelled? Right before the right operand's first token: where
        // that token is spelled, or, when it comes from a macro of its own (`x << BIT(3)`),
        // where that macro is invoked (in a file, or in an outer macro's argument).
        var located: SourcePosition?
        for start in [rhs.extentStartSpelling, rhs.extentStartFile, rhs.extentStartExpansion] {
            guard let start, let src = file(start.file), let at = src.shiftOperator(endingBefore: start.offset, op) else { continue }
            located = src.position(at)
            break
        }
        // Inside a macro argument (`PICK(c, x << BIT(3), y)`) the right operand's macro is
        // invoked in the argument, which libclang does not expose; the left operand's end is
        // still spelled in the argument, right before the operator.
        if located == nil, let end = lhs.extentEndSpelling, let src = file(end.file),
           let at = src.shiftOperator(startingAt: end.offset, op) {
            located = src.position(at)
        }
        guard let spelled = located else {
            if verbose, let p = c.expansionPosition { result.skipped.append("\(p): cannot locate the shift operator") }
            return
        }
        var extra: [Fix] = []
        if let cast = insertCast, enclosingMacro(spelled) == nil, let at = lhs.extentStartFile,
           at.file == spelled.file, at.offset < spelled.offset {
            extra.append(Fix(file: inputs.display(absolute(at.file)), line: at.line, column: at.column, endLine: at.line,
                             endColumn: at.column, replacement: cast, offset: at.offset, endOffset: at.offset))
        }
        let literal = leftLiteral(lhs)
        let expansion = c.expansionPosition
        if let macro = enclosingMacro(spelled) {
            if !macro.isFunctionLike {
                // The define's own finding (also found by evaluating its body); counted there.
                guard isInput(spelled) else { return }
                emit(at: spelled, facts: facts, verdict: verdict, macro: macro.name, origin: .define, notes: [],
                     literal: literal?.0, literalAt: literal?.1, ranges: [],
                     defineKey: key(macro.position), extraFixes: extra)
                return
            }
            guard let site = expansion, let outer = expansionSites[key(site)] else { return }
            // Inside an object-like macro's expansion: that define reports it.
            guard outer.isFunctionLike, isInput(site) else { return }
            let notes = [note(spelled, "expanded from macro '\(macro.name)'")]
            emit(at: site, facts: facts, verdict: verdict, macro: outer.name, origin: .expansion, notes: notes,
                 literal: literal?.0, literalAt: literal?.1, ranges: [], defineKey: nil, extraFixes: extra)
            return
        }
        guard isInput(spelled) else { return }
        var ranges: [SourceSpan?] = []
        if !c.isInMacro {
            ranges = [lhs, rhs].map { e in
                guard let s = e.extentStartSpelling, let t = e.extentEndExpansion else { return nil }
                return SourceSpan(start: s, end: t)
            }
        }
        emit(at: spelled, facts: facts, verdict: verdict, macro: nil, origin: .code, notes: [],
             literal: literal?.0, literalAt: literal?.1, ranges: ranges, defineKey: nil, extraFixes: extra)
        return
    }

    /// The left operand as an integer literal (through parentheses), with its spelling.
    private func leftLiteral(_ e: Cursor) -> (IntegerLiteral, SourcePosition)? {
        var c = e
        while c.kind == .parenExpr || c.kind == .unexposedExpr {
            let kids = c.children
            guard kids.count == 1 else { return nil }
            c = kids[0]
        }
        guard c.kind == .integerLiteral, let p = c.spellingPosition, let src = file(p.file),
              let text = src.ppNumber(at: p.offset), let lit = try? target.parseIntegerLiteral(text) else { return nil }
        return (lit, p)
    }

    /// The macro definition whose body contains a spelled position, if any.
    private func enclosingMacro(_ p: SourcePosition) -> MacroSpan? {
        guard let spans = macroSpans[absolute(p.file)] else { return nil }
        var lo = 0, hi = spans.count - 1, found: MacroSpan?
        while lo <= hi {
            let mid = (lo + hi) / 2
            if spans[mid].range.lowerBound <= p.offset { found = spans[mid]; lo = mid + 1 } else { hi = mid - 1 }
        }
        guard let span = found, span.range.contains(p.offset) else { return nil }
        return span
    }

    // MARK: Pass 4: #if and #elif lines

    private func evaluateDirectives() {
        let evaluator = Evaluator(context: context, directiveMode: true)
        var done = Set<String>()
        for name in includedFiles {
            let abs = absolute(name)
            guard inputs.contains(abs), done.insert(abs).inserted, let src = file(name) else { continue }
            let skipped = tu.skippedRanges(inFile: name)
            let tokens = tu.tokens(ofFile: name)
            var i = 0
            while i + 1 < tokens.count {
                let hash = tokens[i]
                let keyword = tokens[i + 1]
                let atLineStart = i == 0 || tokens[i - 1].position.line < hash.position.line
                guard hash.spelling == "#", atLineStart, keyword.spelling == "if" || keyword.spelling == "elif" else {
                    i += 1
                    continue
                }
                let lineEnd = src.logicalLineEnd(from: hash.position.offset)
                var j = i + 2
                var line: [Token] = []
                while j < tokens.count, tokens[j].position.offset < lineEnd {
                    if tokens[j].kind != .comment { line.append(tokens[j]) }
                    j += 1
                }
                i = j
                guard isEvaluated(hash.position.offset, lineEnd: lineEnd, isElif: keyword.spelling == "elif", skipped) else {
                    continue
                }
                for site in evaluator.evaluate(line).sites {
                    emitSite(site, macro: site.frames.first?.name, origin: .directive, defineKey: nil)
                }
            }
        }
    }

    /// Whether the preprocessor evaluated the directive at `offset`. Clang's skipped ranges
    /// start at the directive that begins skipping (an `#if` that was false, or an `#elif`
    /// after a taken group) and end inside the directive that stops it.
    private func isEvaluated(_ offset: Int, lineEnd: Int, isElif: Bool, _ skipped: [Range<Int>]) -> Bool {
        for r in skipped {
            if r.lowerBound < offset && r.upperBound > offset && r.upperBound <= lineEnd { return true }
        }
        for r in skipped {
            if r.lowerBound < offset && offset < r.upperBound { return false }
            if r.lowerBound == offset && isElif { return false }
        }
        return true
    }

    // MARK: Findings

    private func emit(at p: SourcePosition, facts: ShiftFacts, verdict: Verdict, macro: String?, origin: Origin,
                      notes: [Note], literal: IntegerLiteral?, literalAt: SourcePosition?,
                      ranges: [SourceSpan?], defineKey: String?, extraFixes: [Fix] = [], harness: Harness? = nil) {
        let display = inputs.display(absolute(p.file))
        var fixes: [Fix] = extraFixes
        var message = verdict.message
        let uppercase = !(literalAt.flatMap { file($0.file)?.prefersLowercaseSuffix } ?? false)
        switch FixSuggester.suggest(facts: facts, check: verdict.check, literal: literal, target: target, uppercase: uppercase,
                                      directive: origin == .directive) {
        case .replace(let text):
            if let literal, let at = literalAt {
                let n = literal.spelling.utf8.count
                fixes.append(Fix(file: inputs.display(absolute(at.file)), line: at.line, column: at.column,
                                 endLine: at.line, endColumn: at.column + n, replacement: text,
                                 offset: at.offset, endOffset: at.offset + n))
            }
        case .none(let reason):
            message += " (no fix: \(reason))"
        case .notApplicable:
            break
        }
        var finding = Finding(file: display, line: p.line, column: p.column, check: verdict.check, severity: verdict.severity,
                              message: message, macro: macro, fixes: fixes, notes: notes, origin: origin,
                              sourceLine: file(p.file)?.line(p.line),
                              highlights: ranges.compactMap { r in
                                  guard let r, r.start.line == p.line, r.end.line == p.line, r.start.file == p.file,
                                        r.end.column > r.start.column else { return nil }
                                  return r.start.column..<r.end.column
                              },
                              key: key(p))
        finding.defineKey = defineKey
        finding.facts = facts
        finding.harness = harness
        result.findings.append(finding)
    }
}

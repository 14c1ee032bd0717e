import Foundation

/// The ABIs a scan judges every shift for (issue: both in one run).
public enum ScanABI: String, Sendable, Codable, CaseIterable {
    /// `long` and pointers 64-bit (x86_64, arm64, ...).
    case lp64
    /// `long` and pointers 32-bit (i386, arm, ...).
    case ilp32

    public var target: TargetModel { self == .lp64 ? .lp64 : .ilp32 }

    /// The ABIs of the kernel's architectures (a file under `arch/<name>/` is judged for
    /// these only); nil: both.
    static func of(arch: Substring?) -> [ScanABI] {
        guard let arch else { return [.lp64, .ilp32] }
        switch arch {
        case "arm64", "alpha", "ia64", "s390", "loongarch": return [.lp64]
        case "x86", "riscv", "mips", "powerpc", "sparc", "parisc", "um": return [.lp64, .ilp32]
        case "arm", "arc", "csky", "h8300", "hexagon", "m68k", "microblaze", "nios2", "openrisc", "sh", "xtensa":
            return [.ilp32]
        default: return [.lp64, .ilp32]
        }
    }
}

/// What the scan of one file gave.
struct ScanUnitResult {
    var findings: [Finding] = []
    /// How often each shifting macro's name is used in the file (by name hash).
    var uses: [UInt64: Int] = [:]
    var skipped: [String] = []
    var toolErrors: [String] = []
}

/// Pass 2 of the scan over one file, without libclang: its shifting `#define`s evaluated at
/// the definition (function-like ones with their parameters unknown), its `#if` lines, and
/// the expressions around each shift operator or shifting macro in its code, each resolved
/// through the tree index for every configuration of ambiguous names and for each ABI.
/// Operands the index cannot resolve are unknown: no finding comes from missing context.
final class ScanUnit {
    let index: TreeIndex
    let reader: SymbolReader
    let file: Int32
    let enabled: Set<CheckID>
    let verbose: Bool
    let display: (String) -> String
    /// Only count the file's uses of shifting macros (a file of another shard).
    var countOnly = false
    /// `--abi`: the ABIs to judge (both by default).
    var allowedABIs: Set<ScanABI> = Set(ScanABI.allCases)
    /// The most configurations one expression is evaluated in.
    static let worldLimit = 16
    /// The most tokens one expression of the scan may expand to (kernel code around a shift
    /// rarely needs more; an expression past it is skipped, and `--verbose` says so).
    static let expansionBudget = 8192
    private let scope: ScanScope
    private var result = ScanUnitResult()
    /// Function-like macros' own findings (by definition key): operator offsets whose shift is
    /// undefined whatever the arguments, reported at the definition, not at each use.
    private var ownOperators: [String: Set<Int>] = [:]
    private var lines = LineIndex([])

    init(
        index: TreeIndex, reader: SymbolReader, file: Int32, enabled: Set<CheckID>, verbose: Bool,
        display: @escaping (String) -> String
    ) {
        self.index = index
        self.reader = reader
        self.file = file
        self.enabled = enabled
        self.verbose = verbose
        self.display = display
        self.scope = ScanScope(index: index, reader: reader, file: file)
    }

    private var path: String { index.files[Int(file)].path }

    /// The names `run()` looked up in the index (`ScanScope.consulted`), for the scan's cache.
    var consultedNames: Set<UInt64> { scope.consulted }

    func run() -> ScanUnitResult {
        guard let mapped = reader.file(file) else {
            result.toolErrors.append("\(display(path)): cannot read file")
            return result
        }
        if mapped.looksBinary {
            result.toolErrors.append("\(display(path)): binary file (contains NUL bytes), not C source")
            return result
        }
        let bytes = mapped.buffer
        lines = LineIndex(bytes)   // no copy of the file
        let maker = TokenMaker(bytes: bytes, file: path, lines: lines)
        var lexer = ByteLexer(bytes)
        var conditionals = ConditionalStack()
        var code: [RawToken] = []
        var triggers: [Int] = []
        var callTriggers: [Int] = []
        var defines: [(name: RawToken, lineStart: Int, lineEnd: Int, abis: UInt8)] = []
        var directives: [(Int, Int, UInt8)] = []
        var codeABIs: [UInt8] = []
        var pending: RawToken?
        let shifting = index.shifting
        while true {
            guard let t = pending ?? lexer.next() else { break }
            pending = nil
            if ByteLexer.isDirectiveStart(bytes, t) {
                let (directive, lineEnd) = lexer.directive(after: t, pending: &pending)
                guard let keyword = directive.first, keyword.kind == .identifier else { continue }
                let isIf = ByteLexer.equals(bytes, keyword, "if") || ByteLexer.equals(bytes, keyword, "elif")
                let wasLive = conditionals.live
                let wasABIs = conditionals.abis
                if conditionals.directive(bytes, directive) {
                    // An `#if` line is evaluated when the group it opens (or the one before) is live.
                    guard isIf && (wasLive || conditionals.live) else { continue }
                    var shifts = false
                    for (k, d) in directive.enumerated().dropFirst() {
                        if ByteLexer.isShift(bytes, d) { shifts = true }
                        guard d.kind == .identifier, shifting.contains(d.hash) else { continue }
                        // `defined(X)` asks whether X is defined: not a use of its value.
                        let before = directive[max(1, k - 2)..<k]
                        if before.contains(where: { ByteLexer.equals(bytes, $0, "defined") }) { continue }
                        result.uses[d.hash, default: 0] += 1
                        shifts = true
                    }
                    if shifts { directives.append((keyword.start, lineEnd, wasABIs)) }
                } else if conditionals.live, ByteLexer.equals(bytes, keyword, "define"), directive.count >= 2 {
                    let name = directive[1]
                    // Evaluated when its body shifts, or passes something known to a shift of a
                    // function-like macro; a define that only names shifting defines
                    // (`(REG_BASE + 4)`) has no shift of its own.
                    let body = Array(directive.dropFirst(2))
                    if name.kind == .identifier, shifting.contains(name.hash),
                        body.contains(where: { ByteLexer.isShift(bytes, $0) })
                            || body.indices.contains(where: {
                                body[$0].kind == .identifier && index.shiftingFunctionLike.contains(body[$0].hash)
                                    && passesKnown(body, call: $0, bytes)
                            })
                    {
                        var lineStart = t.start
                        while lineStart > 0, bytes[lineStart - 1] != 0x0a { lineStart -= 1 }
                        defines.append((name, lineStart, lineEnd, conditionals.abis))
                    }
                    for d in directive.dropFirst(2) where d.kind == .identifier && shifting.contains(d.hash) {
                        result.uses[d.hash, default: 0] += 1
                    }
                }
                continue
            }
            guard conditionals.live else { continue }
            if t.kind == .identifier, shifting.contains(t.hash) {
                result.uses[t.hash, default: 0] += 1
                // An object-like macro's shifts are its own findings; a function-like one's
                // may depend on the arguments given here.
                if index.shiftingFunctionLike.contains(t.hash) { callTriggers.append(code.count) }
            } else if ByteLexer.isShift(bytes, t) {
                triggers.append(code.count)
            }
            code.append(t)
            codeABIs.append(conditionals.abis)
        }
        // Another shard's file: only its uses of shifting names count (for the tree-wide counts).
        if countOnly { return result }
        let fileABIs = ScanABI.of(arch: index.files[Int(file)].arch).filter { allowedABIs.contains($0) }
        func abis(_ mask: UInt8) -> [ScanABI] { fileABIs.filter { mask & ($0 == .lp64 ? 1 : 2) != 0 } }
        for d in defines {
            guard
                let tokens = reader.tokens(
                    file: file, start: d.lineStart, end: d.lineEnd, line: lines.lineColumn(d.lineStart).line),
                let at = tokens.firstIndex(where: { $0.spelling == "define" }), at + 1 < tokens.count,
                let definition = MacroDefinition(
                    tokens: Array(tokens[(at + 1)...]), isFunctionLike: d.name.end < bytes.count && bytes[d.name.end] == 0x28)
            else { continue }
            checkDefine(definition, abis: abis(d.abis))
        }
        for (start, end, mask) in directives {
            let tokens = maker.tokens(start, end).dropFirst()   // the keyword
            judge(Array(tokens), abis: abis(mask), directive: true) { site in (site.frames.first?.name, .directive, nil) }
        }
        // A use of a function-like macro can make a shift undefined only through the arguments
        // its shifts depend on, and only when one of them names something known: a number, a
        // keyword (`sizeof(int)`, a type) or a name the tree defines. `WARN_ON(x > 0)` and
        // `F(reg->val)` give no finding at the use.
        for i in callTriggers where passesKnown(code, call: i, bytes) { triggers.append(i) }
        triggers.sort()
        let found = windows(code, triggers, bytes)
        if ProcessInfo.processInfo.environment["SHIFTLINT_TIMING"] == "1" {
            let tokens = found.reduce(0) { $0 + $1.count }
            result.skipped.append(
                "timing: \(display(path)): \(triggers.count) triggers, \(found.count) windows, \(tokens) tokens, \(defines.count) defines"
            )
            var names: [String: Int] = [:]
            for i in triggers where code[i].kind == .identifier {
                names[ByteLexer.spelling(bytes, code[i].start, code[i].end), default: 0] += 1
            }
            let top = names.sorted { $0.value > $1.value }.prefix(30).map { "\($0.key)=\($0.value)" }
            result.skipped.append("timing: \(display(path)): triggers: " + top.joined(separator: " "))
        }
        for window in found {
            let tokens = code[window].map { maker.token($0) }
            let mask = codeABIs[window].reduce(UInt8(0b11)) { $0 & $1 }
            judge(tokens, abis: abis(mask), directive: false) { site in
                guard let outer = site.frames.first else { return (nil, .code, nil) }
                // A shift inside an object-like macro is that define's own finding.
                guard outer.isFunctionLike else { return nil }
                return (outer.name, .expansion, nil)
            }
        }
        return result
    }

    /// Whether the call whose name is `tokens[call]` passes something known to a parameter
    /// that reaches a shift (`MacroTaint`).
    func passesKnown(_ tokens: [RawToken], call: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard call + 1 < tokens.count, tokens[call + 1].kind == .punctuation, bytes[tokens[call + 1].start] == 0x28 else {
            return false
        }
        let tainted = reader.taint.parameters(of: ByteLexer.spelling(bytes, tokens[call].start, tokens[call].end))
        scope.noteConsulted(reader.taint.dependencies[tokens[call].hash] ?? [tokens[call].hash])
        guard !tainted.isEmpty else { return false }
        let pastes = reader.taint.pastes.contains(tokens[call].hash)
        var argument = 0
        var depth = 0
        var j = call + 2
        while j < tokens.count, j - call < 1024 {
            let t = tokens[j]
            if t.kind == .punctuation && t.end - t.start == 1 {
                let b = bytes[t.start]
                if b == 0x28 || b == 0x5b || b == 0x7b {
                    depth += 1
                } else if b == 0x29 || b == 0x5d || b == 0x7d {
                    if depth == 0 { return false }
                    depth -= 1
                } else if b == 0x2c && depth == 0 {
                    argument += 1
                }
            } else if tainted.contains(argument) {
                if t.kind == .number || t.kind == .character { return true }
                if t.kind == .identifier {
                    // Whether the tree defines it decides: a new definition must re-analyze.
                    scope.noteConsulted([t.hash])
                    if pastes || index.isName(t.hash) || cKeywordHashes.contains(t.hash) { return true }
                }
            }
            j += 1
        }
        return false
    }

    // MARK: Jobs

    /// An object-like define's body, or a function-like one's with its parameters unknown
    /// (a shift that does not depend on them is judged here, once; one that does is judged
    /// where the macro is used).
    private func checkDefine(_ d: MacroDefinition, abis: [ScanABI]) {
        let key = "\(d.position.file):\(d.position.offset)"
        var body = d.body
        if d.isFunctionLike {
            guard let masked = ScanUnit.maskParameters(d) else {
                if verbose {
                    result.skipped.append("\(display(path)):\(d.position.line): in '\(d.name)': skipped: '#' or '##' in the body")
                }
                return
            }
            body = masked
        }
        judge(body, abis: abis, directive: false) { site in
            if let outer = site.frames.first {
                // Inside another object-like macro: that define's own finding.
                guard outer.isFunctionLike else { return nil }
                return (d.name, .expansion, nil)
            }
            return (d.name, .define, key)
        }
    }

    /// The body with every parameter replaced by an identifier no index defines (an unknown
    /// operand); nil when the body stringizes or pastes (`#`, `##`).
    static func maskParameters(_ d: MacroDefinition) -> [Token]? {
        let parameters = Set(d.parameters)
        var out: [Token] = []
        for t in d.body {
            if t.kind == .punctuation && (t.spelling == "#" || t.spelling == "##") { return nil }
            var t = t
            if t.kind == .identifier && parameters.contains(t.spelling) { t.spelling = "__shiftlint_argument" }
            out.append(t)
        }
        return out
    }

    /// The shifts a function-like macro's body makes undefined whatever its arguments.
    private func ownOperators(of frame: ExpansionFrame, target: TargetModel) -> Set<Int> {
        let key = "\(frame.definition.file):\(frame.definition.offset):\(target.long.width)"
        if let known = ownOperators[key] { return known }
        ownOperators[key] = []
        var found = Set<Int>()
        let world = ScanWorld(scope: scope, target: target, assignment: [:])
        if case .some(.some(let d)) = world.context.macros.lookup(frame.name),
            d.position.offset == frame.definition.offset, let body = ScanUnit.maskParameters(d)
        {
            for site in Evaluator(context: world.context).evaluate(body).sites
            where site.frames.isEmpty && Checks.judge(site, enabled: enabled) != nil {
                if let p = site.position { found.insert(p.offset) }
            }
        }
        ownOperators[key] = found
        return found
    }

    /// Where an evaluated site is reported: the macro it is in, its origin and the define's
    /// key; nil to leave it to another finding.
    typealias Placement = (ShiftSite) -> (macro: String?, origin: Origin, defineKey: String?)?

    /// Evaluates `tokens` in every configuration of the ambiguous names it meets, for each
    /// ABI, and reports the shifts undefined in all configurations of an ABI.
    private func judge(_ tokens: [Token], abis: [ScanABI], directive: Bool, placement: Placement) {
        struct Judged {
            var site: ShiftSite
            var verdict: Verdict
            var abis: [ScanABI]
            var ambiguous: [String: [Int32]]
        }
        var found: [String: Judged] = [:]
        var order: [String] = []
        typealias Outcome = (common: [String: (ShiftSite, Verdict)], ambiguous: [String: [Int32]], dependsOnLongWidth: Bool)
        var previous: Outcome?
        for abi in abis {
            // Text that cannot depend on the width of `long` is judged the same for both ABIs.
            let outcome: Outcome? =
                previous
                ?? explore(tokens, target: abi.target, directive: directive) { evaluation, target in
                    var here: [String: (ShiftSite, Verdict)] = [:]
                    for site in evaluation.sites {
                        guard let p = site.position, let verdict = Checks.judge(site, enabled: enabled) else { continue }
                        // A function-like macro's own finding is reported at its definition.
                        if let inner = site.frames.last, inner.isFunctionLike, p.file == inner.definition.file,
                            ownOperators(of: inner, target: target).contains(p.offset)
                        {
                            continue
                        }
                        guard placement(site) != nil else { continue }
                        let key = ([p] + site.frames.map(\.invocation)).map { "\($0.file):\($0.offset)" }.joined(separator: "|")
                        here[key] = (site, verdict)
                    }
                    return here
                }
            guard let outcome else { continue }
            if !outcome.dependsOnLongWidth { previous = outcome }
            for (key, (site, verdict)) in outcome.common {
                if var j = found[key] {
                    j.abis.append(abi)
                    found[key] = j
                } else {
                    found[key] = Judged(site: site, verdict: verdict, abis: [abi], ambiguous: outcome.ambiguous)
                    order.append(key)
                }
            }
        }
        for key in order.sorted() {
            guard let j = found[key], let placed = placement(j.site) else { continue }
            emit(j.site, j.verdict, abis: j.abis, judged: abis, ambiguous: j.ambiguous, placed)
        }
    }

    /// Evaluates `tokens` in every configuration of the ambiguous names they meet, in
    /// candidate order, and keeps the judged shifts common to all of them (`judged` gives one
    /// configuration's, by site key). Stops as soon as nothing is common: most text has no
    /// undefined shift in its first configuration and is evaluated once. Nil when there are
    /// more than `worldLimit` configurations.
    private func explore(
        _ tokens: [Token], target: TargetModel, directive: Bool,
        judged: (Evaluation, TargetModel) -> [String: (ShiftSite, Verdict)]
    ) -> (common: [String: (ShiftSite, Verdict)], ambiguous: [String: [Int32]], dependsOnLongWidth: Bool)? {
        var pending: [[UInt64: Int]] = [[:]]
        var common: [String: (ShiftSite, Verdict)]?
        var ambiguous: [String: [Int32]] = [:]
        var dependsOnLongWidth = false
        var evaluated = 0
        while !pending.isEmpty {
            let assignment = pending.removeFirst()
            evaluated += 1
            if evaluated > ScanUnit.worldLimit {
                if verbose, let p = tokens.first?.position {
                    result.skipped.append(
                        "\(display(p.file)):\(p.line): skipped: more than \(ScanUnit.worldLimit) configurations of ambiguous names"
                    )
                }
                return nil
            }
            let world = ScanWorld(scope: scope, target: target, assignment: assignment)
            var evaluator = Evaluator(context: world.context, directiveMode: directive)
            evaluator.maxExpandedTokens = ScanUnit.expansionBudget
            evaluator.sitesOnly = true
            let evaluation = evaluator.evaluate(tokens)
            if verbose, assignment.isEmpty,
                let reason = evaluation.skipped.first(where: { $0.message.hasPrefix("macro expansion exceeds") }),
                let p = tokens.first?.position
            {
                result.skipped.append("\(display(p.file)):\(p.line): skipped: \(reason)")
            }
            dependsOnLongWidth = dependsOnLongWidth || evaluation.dependsOnLongWidth
            ambiguous.merge(world.ambiguous) { a, _ in a }
            if let open = world.open {
                // The evaluation used the first candidate of `open`: it is the configuration
                // with `open` = 0; the others are evaluated after.
                let hash = nameHash(open.name)
                for k in 1..<open.count { pending.append(assignment.merging([hash: k]) { a, _ in a }) }
            }
            let here = judged(evaluation, target)
            let kept = common.map { c in c.filter { here[$0.key] != nil } } ?? here
            common = kept
            if kept.isEmpty { return (kept, ambiguous, dependsOnLongWidth) }
        }
        if verbose, evaluated > 1 {
            let names = ambiguous.keys.sorted().joined(separator: ", ")
            let first = tokens.first.map { "\(display($0.position.file)):\($0.position.line)" } ?? display(path)
            result.skipped.append("\(first): \(evaluated) configurations of \(names) evaluated for \(target.long.width)-bit long")
        }
        return (common ?? [:], ambiguous, dependsOnLongWidth)
    }

    // MARK: Windows of code

    /// The expressions around each trigger (a shift operator, a shifting macro's name): from
    /// the trigger out to the nearest separator or unmatched bracket on either side, merged
    /// where they overlap.
    func windows(_ code: [RawToken], _ triggers: [Int], _ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        func isSeparator(_ t: RawToken) -> Bool {
            if t.kind == .punctuation {
                let n = t.end - t.start
                let b = bytes[t.start]
                if n == 1 { return b == 0x3b || b == 0x7b || b == 0x7d || b == 0x2c || b == 0x3d }
                // Compound assignments (`|=`, `<<=`, ...), not comparisons.
                if bytes[t.end - 1] == 0x3d {
                    let c = bytes[t.start]
                    return !(n == 2 && (c == 0x3d || c == 0x21 || c == 0x3c || c == 0x3e))
                }
                return false
            }
            if t.kind == .identifier {
                return ByteLexer.equals(bytes, t, "return") || ByteLexer.equals(bytes, t, "case")
                    || ByteLexer.equals(bytes, t, "else") || ByteLexer.equals(bytes, t, "do")
                    || ByteLexer.equals(bytes, t, "goto")
            }
            return false
        }
        func isOpen(_ t: RawToken) -> Bool {
            t.kind == .punctuation && t.end - t.start == 1 && (bytes[t.start] == 0x28 || bytes[t.start] == 0x5b)
        }
        func isClose(_ t: RawToken) -> Bool {
            t.kind == .punctuation && t.end - t.start == 1 && (bytes[t.start] == 0x29 || bytes[t.start] == 0x5d)
        }
        var out: [Range<Int>] = []
        for i in triggers {
            if let last = out.last, last.contains(i) { continue }
            var lo = i
            var depth = 0
            while lo > 0, i - lo < 512 {
                let t = code[lo - 1]
                if isClose(t) {
                    depth += 1
                } else if isOpen(t) {
                    if depth == 0 { break }
                    depth -= 1
                } else if isSeparator(t)
                    && (depth == 0 || bytes[t.start] == 0x3b || bytes[t.start] == 0x7b || bytes[t.start] == 0x7d)
                {
                    break
                }
                lo -= 1
            }
            var hi = i + 1
            depth = 0
            while hi < code.count, hi - i < 512 {
                let t = code[hi]
                if isOpen(t) {
                    depth += 1
                } else if isClose(t) {
                    if depth == 0 { break }
                    depth -= 1
                } else if isSeparator(t)
                    && (depth == 0 || bytes[t.start] == 0x3b || bytes[t.start] == 0x7b || bytes[t.start] == 0x7d)
                {
                    break
                }
                hi += 1
            }
            if let last = out.last, last.upperBound > lo {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, hi)
            } else {
                out.append(lo..<hi)
            }
        }
        return out
    }

    // MARK: Findings

    private func emit(
        _ site: ShiftSite, _ verdict: Verdict, abis: [ScanABI], judged: [ScanABI], ambiguous: [String: [Int32]],
        _ placed: (macro: String?, origin: Origin, defineKey: String?)
    ) {
        guard let operatorAt = site.position else { return }
        let at = site.frames.first?.invocation ?? operatorAt
        guard at.file == path else { return }
        var notes: [Note] = []
        var from = operatorAt
        for frame in site.frames.reversed() {
            notes.append(note(from, "expanded from macro '\(frame.name)'"))
            from = frame.invocation
        }
        // Said when the shift, not the file's architecture or an `#if`, makes it one ABI's.
        if abis == [.ilp32] && judged.count > 1 {
            notes.append(Note(file: nil, line: nil, column: nil, message: "only where 'long' is 32 bits (ILP32)"))
        } else if abis == [.lp64] && judged.count > 1 {
            notes.append(Note(file: nil, line: nil, column: nil, message: "only where 'long' is 64 bits (LP64)"))
        }
        for (name, candidates) in ambiguous.sorted(by: { $0.key < $1.key }) {
            let places = candidates.prefix(4).map { i -> String in
                let s = index.symbols[Int(i)]
                let where_ = display(index.files[Int(s.file)].path)
                return s.kind == .objectMacro || s.kind == .functionMacro ? "\(where_):\(s.line)" : where_
            }
            let more = candidates.count > 4 ? ", ..." : ""
            notes.append(
                Note(
                    file: nil, line: nil, column: nil,
                    message:
                        "'\(name)' has \(candidates.count) definitions (\(places.joined(separator: ", "))\(more)): undefined with each"
                ))
        }
        let direct = site.frames.isEmpty
        var candidates: [FixCandidate] = []
        let target = (abis.first ?? .lp64).target
        if Checks.description(of: verdict.check)?.fix == .literalSuffix {
            candidates.append(
                FixCandidate(
                    kind: .literalSuffix(
                        site.leftLiteral, at: site.leftLiteralPosition.map(shown), uppercase: true,
                        directive: placed.origin == .directive),
                    facts: verdict.witness, target: target))
        } else if Checks.description(of: verdict.check)?.fix == .unsignedIdiom {
            let p = site.leftPrefixed.map { PrefixedLiteral(op: $0.op, literal: $0.literal, at: shown($0.at)) }
            candidates.append(FixCandidate(kind: .unsignedIdiom(p, uppercase: true), facts: verdict.witness, target: target))
        }
        if !direct { for i in candidates.indices { candidates[i].bodyMacro = site.frames.last?.name } }
        let lineText = reader.file(file).flatMap { f -> String? in
            guard at.line - 1 < lines.starts.count else { return nil }
            let s = lines.starts[at.line - 1]
            var e = s
            while e < f.buffer.count, f.buffer[e] != 0x0a { e += 1 }
            return ByteLexer.spelling(f.buffer, s, e)
        }
        var highlights: [Range<Int>] = []
        if direct {
            for r in [site.leftRange, site.rightRange] {
                guard let r, r.start.line == at.line, r.end.line == at.line, r.end.column > r.start.column else { continue }
                highlights.append(r.start.column..<r.end.column)
            }
        }
        var finding = Finding(
            file: display(path), line: at.line, column: at.column, check: verdict.check, severity: verdict.severity,
            message: verdict.message, macro: placed.macro, fixes: [], notes: notes, origin: placed.origin,
            sourceLine: lineText, highlights: highlights, key: "\(path):\(at.offset)")
        finding.defineKey = placed.defineKey
        finding.facts = verdict.witness
        finding.fixCandidates = candidates
        finding.abis = abis.map(\.rawValue)
        result.findings.append(finding)
    }

    private func shown(_ p: SourcePosition) -> SourcePosition {
        SourcePosition(file: display(p.file), line: p.line, column: p.column, offset: p.offset)
    }

    private func note(_ at: SourcePosition, _ message: String) -> Note {
        Note(file: display(at.file), line: at.line, column: at.column, message: message)
    }
}

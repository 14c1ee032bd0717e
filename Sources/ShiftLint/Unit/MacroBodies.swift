/// Pass 2 and 4: the text the preprocessor owns, evaluated by shiftlint's own evaluator —
/// the bodies of the input files' object-like `#define`s (expanded or not) and the `#if` and
/// `#elif` lines the preprocessor evaluated. Every shift is a site; the checks judge them.
struct MacroBodies {
    let index: UnitIndex
    let builder: FindingBuilder
    let enabled: Set<CheckID>
    let verbose: Bool
    /// Whether to write `--confirm` harness sources for define findings.
    let confirm: Bool
    private var files: UnitFiles { index.files }

    func checkDefines() -> [String] {
        var skipped: [String] = []
        let evaluator = Evaluator(context: index.context)
        for (def, defKey) in index.defines {
            let evaluation = evaluator.evaluate(def.body)
            if evaluation.tooLarge { index.context.macros.markOversized(def.name) }
            if verbose {
                for reason in Set(evaluation.skipped) { skipped.append("\(def.position): in '\(def.name)': skipped: \(reason)") }
            }
            // A shift inside another object-like macro is that macro's own finding.
            let judged = evaluation.sites.compactMap { site -> (ShiftSite, Verdict)? in
                if let outer = site.frames.first, !outer.isFunctionLike { return nil }
                return Checks.judge(site, enabled: enabled).map { (site, $0) }
            }
            // Computed once per define, only when some finding will carry it, and only for
            // text that computes a value and nothing else: --confirm compiles and runs it.
            var harness: Harness?
            if confirm && !judged.isEmpty {
                if let impurity = evaluation.impurity {
                    if verbose {
                        skipped.append("\(def.position): --confirm does not run '\(def.name)': it contains \(impurity)")
                    }
                } else {
                    harness = HarnessWriter.prelude(for: def.name, context: index.context).map {
                        Harness(prelude: $0, expression: def.name)
                    }
                }
            }
            for (site, verdict) in judged {
                builder.add(
                    site, verdict, macro: def.name, origin: site.frames.isEmpty ? .define : .expansion,
                    defineKey: defKey, harness: harness)
            }
        }
        return skipped
    }

    /// Judges the evaluated `#if`/`#elif` lines; returns the uses of shifting input defines
    /// there (a fix's type change changes what `#if` compares: C11 §6.10.1p4).
    func checkDirectives() -> [MacroUse] {
        var uses: [MacroUse] = []
        let evaluator = Evaluator(context: index.context, directiveMode: true)
        var done = Set<String>()
        for name in index.includedFiles {
            let abs = files.absolute(name)
            guard files.inputs.contains(abs), !index.done.contains(abs), done.insert(abs).inserted, let src = files.file(name)
            else { continue }
            let skipped = files.tu.skippedRanges(inFile: name)
            let tokens = files.tu.tokens(ofFile: name)
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
                    guard let verdict = Checks.judge(site, enabled: enabled) else { continue }
                    builder.add(site, verdict, macro: site.frames.first?.name, origin: .directive, defineKey: nil)
                }
                for (k, token) in line.enumerated() where token.kind == .identifier {
                    guard let key = index.shiftingDefinesByName[token.spelling] else { continue }
                    // `defined(FLAG)` asks whether it is defined, not its value (a use that
                    // no fix changes; recorded so that every counted expansion is accounted for).
                    let before = line[max(0, k - 2)..<k].map(\.spelling)
                    let kind = before.last == "defined" || before == ["defined", "("] ? "defined" : "#if"
                    uses.append(
                        MacroUse(
                            definitionKey: key, name: token.spelling, siteKey: files.key(token.position),
                            site: files.displayed(token.position), context: kind, conversions: [],
                            flow: [FlowStep(kind: kind, type: nil, spelling: nil)]))
                }
            }
        }
        return uses
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
}

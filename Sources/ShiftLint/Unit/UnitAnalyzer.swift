import Foundation

/// What one translation unit contributes to a run.
struct UnitResult {
    var findings: [Finding] = []
    /// Where each object-like macro (by definition key) is expanded in the analyzed code;
    /// sets, so a header seen by several units counts each site once.
    var expansionSites: [String: Set<String>] = [:]
    /// Expansions of the input files' shifting defines, with their context.
    var macroUses: [MacroUse] = []
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

/// Runs every check over one parsed translation unit, in four passes: the index (macros,
/// typedefs, enum constants, expansions, declarations), the input files' object-like
/// `#define` bodies, the shifts in the AST (code, initializers, enum constants, function-like
/// macro expansions), and the `#if` lines.
struct UnitAnalyzer {
    let tu: TranslationUnit
    let target: TargetModel
    let inputs: InputSet
    let enabled: Set<CheckID>
    let verbose: Bool
    /// Whether to write `--confirm` harness sources for define findings.
    var confirm = false
    /// Input headers an earlier unit already evaluated (see `UnitIndex.done`).
    var done: Set<String> = []

    init(tu: TranslationUnit, target: TargetModel, inputs: InputSet, enabled: Set<CheckID>, verbose: Bool) {
        self.tu = tu
        self.target = target
        self.inputs = inputs
        self.enabled = enabled
        self.verbose = verbose
    }

    func run() -> UnitResult {
        var clock = PhaseClock()
        var result = UnitResult()
        let files = UnitFiles(tu: tu, inputs: inputs)
        let index = UnitIndex(
            files: files, target: target, verbose: verbose, done: done.subtracting([files.absolute(tu.mainFile)]))
        result.filesSeen = index.includedFiles.map { files.absolute($0) }
        result.expansionSites = index.expansionsByDefinition
        clock.lap("collect")
        let builder = FindingBuilder(index: index, verbose: verbose)
        let bodies = MacroBodies(index: index, builder: builder, enabled: enabled, verbose: verbose, confirm: confirm)
        let skippedInDefines = bodies.checkDefines()
        clock.lap("defines")
        let walker = CodeWalker(index: index, enabled: enabled)
        walker.verbose = verbose
        walker.walk()
        for var shift in walker.shifts {
            guard let verdict = Checks.judge(shift.site, enabled: enabled) else { continue }
            if shift.trusted == nil { shift.trusted = walker.isTrusted(shift) }
            if shift.trusted == true { builder.add(shift, verdict) }
        }
        clock.lap("code")
        let directiveUses = bodies.checkDirectives()
        clock.lap("directives")
        result.findings = builder.findings
        result.macroUses = walker.uses + directiveUses
        result.skipped = index.skipped + skippedInDefines + builder.skipped + walker.untrusted
        result.timings = clock.laps
        return result
    }
}

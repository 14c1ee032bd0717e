import Foundation

/// What to analyze and how.
public struct AnalysisOptions: Sendable, Codable {
    public var compilerArguments: [String]
    /// Compiler arguments of particular files (absolute paths), as a compile database gives
    /// them; the other files are parsed with `compilerArguments`.
    public var fileArguments: [String: [String]] = [:]
    public var enabledChecks: Set<CheckID>
    public var verbose: Bool
    /// Translation units analyzed at once.
    public var jobs: Int
    /// Confirm every finding with a UBSAN harness (`--confirm`).
    public var confirm = false
    /// The `shiftlint` executable to run as worker processes (`--worker`), one per job: a
    /// crash, hang or memory blow-up on one file then costs that file only. Nil: analyze in
    /// this process.
    public var workerExecutable: String?
    /// With workers: seconds one file may take, and resident memory one worker may use.
    public var fileTimeout: Double = 60
    public var memoryLimitMiB: Int = 2048
    /// How far fixes reach (`--fix-scope`): a flag define's family, or only the undefined shifts.
    public var fixScope: FixScope = .family
    /// `--fix-unsafe`: apply fixes that need review too.
    public var fixUnsafe = false
    /// The whole-tree scan (`--scan`): every file analyzed without its includes, names
    /// resolved through an index of the whole tree, for both ABIs; no libclang.
    public var scan = false
    /// `--abi`: the ABIs the scan judges (both by default).
    public var scanABIs: Set<ScanABI> = Set(ScanABI.allCases)
    /// The scan was chosen because no compile context was given (not by `--scan`): a
    /// configuration's `compiler-arguments` then give context, and the per-file mode runs.
    public var scanByDefault = false
    /// `--shard K/N`: analyze only this shard's files (`Sharding`); findings are still
    /// reported in every input file its units see, and define findings carry their expansion
    /// and use sites so that `shiftlint merge` can count them across shards.
    public var shard: Shard?
    /// Where the scan keeps what it found for the next run (`--cache-dir`, docs/cache.md):
    /// each file's index entries and results, re-used while nothing they depend on changed.
    /// Nil: no cache (`--no-cache`; the library's default).
    public var cacheDirectory: String?

    public init(
        compilerArguments: [String] = [], enabledChecks: Set<CheckID> = Set(CheckID.allCases), verbose: Bool = false,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.compilerArguments = compilerArguments
        self.enabledChecks = enabledChecks
        self.verbose = verbose
        self.jobs = max(1, jobs)
    }
}

extension AnalysisOptions {
    func arguments(for file: String) -> [String] { fileArguments[file] ?? compilerArguments }
}

/// The outcome of a run: findings in report order, and what the user should be told on
/// standard error (notes about the C code, tool errors).
public struct AnalysisReport: Sendable {
    public var findings: [Finding] = []
    public var notes: [String] = []
    public var toolErrors: [String] = []
    public var translationUnits = 0
    public var target: String = ""
    /// Every expansion of the findings' candidate macros (shifting input defines) in the
    /// analyzed code, with its context, once per site.
    public var macroUses: [MacroUse] = []
    /// Why the run stopped before every file was analyzed (an interrupt), or nil.
    public var incomplete: String?
    /// The shard the run analyzed (`--shard`), or nil for the whole input.
    public var shard: Shard?
    /// Problems in configuration files (`.shiftlint.yml`): the run stops before analyzing.
    public var configurationErrors: [ConfigurationProblem] = []
    /// The keys of the findings whose severity reaches their file's `--fail-on`/`fail-on`.
    public var failing: Set<String> = []
    /// The errors in the C code of each translation unit (by the unit's file as shown), as
    /// `file:line: message`: `--fix` checks that its edits add none.
    public var codeErrors: [String: [String]] = [:]

    /// Whether a finding fails the run (exit status 1).
    public func fails(_ finding: Finding) -> Bool { failing.contains(finding.key) }

    /// 0 clean (or no finding reaches `--fail-on`), 1 findings, 2 tool or configuration error.
    public var exitCode: Int32 {
        !toolErrors.isEmpty || incomplete != nil || !configurationErrors.isEmpty ? 2 : (findings.contains(where: fails) ? 1 : 0)
    }
}

/// Drives a run: probes the target, parses every translation unit, runs the checks and
/// merges what they found (one finding per shift, however many units include its file).
public final class Analyzer {
    /// The options of the run: as given, with what the configurations add (`prepare`).
    public internal(set) var options: AnalysisOptions
    /// The options as given to `init`.
    let requested: AnalysisOptions
    /// The configuration files and the command line's policy options that apply to each file
    /// (Driver/Configuration). By default none: every check of `options`, policy `auto`,
    /// every finding fails the run.
    public var configurations = Configurations()
    /// Cancel it (from a signal handler's queue) to end the run early: files under way are
    /// abandoned, the finished ones reported, the report marked incomplete.
    public let cancellation = Cancellation()
    /// Told, on the thread that called `analyze`, of each unit merged (`AnalysisProgress`:
    /// units done, the total as known so far, findings so far, the unit's file).
    public var progress: ((AnalysisProgress) -> Void)?

    public init(options: AnalysisOptions) {
        self.options = options
        self.requested = options
    }

    public func analyze(_ inputs: InputSet) -> AnalysisReport {
        // Recursive descent over hostile input (and libclang over deeply nested code) needs
        // more stack than a main thread's 8 MiB in debug builds; the pages are only reserved.
        withLargeStack { self.analyzeOnThisThread(inputs) }
    }

    private func analyzeOnThisThread(_ given: InputSet) -> AnalysisReport {
        var report = AnalysisReport()
        guard let inputs = prepare(given, report: &report) else { return report }
        report.toolErrors += inputs.errors.map(\.message)
        for f in inputs.skippedFiles {
            report.notes.append("\(inputs.display(f)): skipped: shiftlint analyzes C only, not C++ or Objective-C")
        }
        if let language = Analyzer.nonCLanguage(options.compilerArguments) {
            report.notes.append("the compiler arguments select \(language): shiftlint analyzes C only; nothing analyzed")
            return report
        }
        if options.scan && options.scanByDefault && !options.fileArguments.isEmpty { options.scan = false }
        if options.scan { return scan(inputs, report: report) }
        var targets = TargetCache(verbose: options.verbose)
        let timing = ProcessInfo.processInfo.environment["SHIFTLINT_TIMING"] == "1"
        let manyFiles = inputs.sourceFiles.count > 10
        // Under --shard, this shard's files only (the others are still inputs: findings in
        // them are reported when this shard's units see them).
        let mine = options.shard.map { Set(Analyzer.files(of: $0, in: inputs)) }
        report.shard = options.shard
        // .c files first: headers they include are analyzed in their context (typedefs,
        // enum constants); headers no .c file included are then parsed on their own.
        let sources = inputs.sourceFiles.filter { $0.hasSuffix(".c") && mine?.contains($0) ?? true }.map {
            CompileJob(file: $0, arguments: options.arguments(for: $0))
        }
        // The headers still to be parsed on their own if no .c file includes them (for the
        // progress total).
        var pendingHeaders = Set(inputs.sourceFiles.filter { !$0.hasSuffix(".c") && mine?.contains($0) ?? true })
        // Merge in input order as units finish, so the output does not depend on scheduling
        // and only a few units' results are alive at once.
        var unitsWithErrors = 0
        var merged: [String: Finding] = [:]
        var expansionSites: [String: Set<String>] = [:]
        var uses: [String: MacroUse] = [:]
        var seen = Set<String>()
        var interrupted = 0
        let evaluated = DoneHeaders()
        func merge(_ outcome: UnitOutcome) {
            if outcome.interrupted { interrupted += 1 }
            report.toolErrors += outcome.toolErrors
            report.notes += outcome.notes
            guard let unit = outcome.unit else { return }
            report.translationUnits += 1
            if outcome.hadErrors { unitsWithErrors += 1 }
            report.codeErrors[inputs.display(outcome.file)] = outcome.codeErrors
            seen.formUnion(unit.filesSeen)
            if outcome.file.hasSuffix(".c") { pendingHeaders.subtract(unit.filesSeen) }
            // Its input headers are evaluated: later units only count their expansions.
            evaluated.insert(unit.filesSeen.filter { !$0.hasSuffix(".c") && inputs.contains($0) })
            for f in unit.findings where merged[f.key] == nil {
                var f = f
                f.compileArguments = outcome.arguments
                merged[f.key] = f
            }
            for (k, sites) in unit.expansionSites { expansionSites[k, default: []].formUnion(sites) }
            for u in unit.macroUses where uses[u.siteKey] == nil { uses[u.siteKey] = u }
        }
        // Worker processes when the executable is known: one file's crash, hang or memory
        // blow-up then costs that file only.
        var pool: WorkerPool?
        if let executable = options.workerExecutable {
            do {
                pool = try WorkerPool(
                    executable: executable,
                    setup: WorkerSetup(options: options, inputs: inputs, manyFiles: manyFiles, timing: timing),
                    jobs: options.jobs, timeout: options.fileTimeout, memoryLimitMiB: options.memoryLimitMiB)
            } catch {
                report.toolErrors.append("cannot set up worker processes: \(error)")
                return report
            }
        }
        if let pool { cancellation.onCancel { pool.cancelAll() } }
        defer { pool?.shutDown() }
        var done = 0
        func run(_ jobs: [CompileJob]) {
            // The target of each distinct argument list is probed once, before the workers start.
            let prepared = jobs.map { job in (job, targets.target(for: job.arguments, report: &report)) }
            inOrder(
                prepared, jobs: options.jobs, cancellation: cancellation,
                notRun: { _ in
                    var o = UnitOutcome()
                    o.interrupted = true
                    return o
                },
                { slot, item in
                    let (job, target) = item
                    var outcome: UnitOutcome
                    if let pool {
                        outcome = pool.run(
                            WorkerJob(file: job.file, arguments: target.arguments, target: target.model, done: []),
                            slot: slot, evaluated: evaluated,
                            display: inputs.display(job.file))
                    } else {
                        outcome = self.analyzeUnit(
                            job.file, arguments: target.arguments, target: target.model, inputs: inputs,
                            timing: timing, manyFiles: manyFiles, done: evaluated.current)
                    }
                    outcome.arguments = job.arguments
                    outcome.file = job.file
                    return outcome
                },
                then: { outcome in
                    merge(outcome)
                    done += 1
                    self.progress?(
                        AnalysisProgress(
                            done: done, total: sources.count + pendingHeaders.count, findings: merged.count,
                            file: inputs.display(outcome.file)))
                })
        }
        run(sources)
        let headers = inputs.sourceFiles.filter { !$0.hasSuffix(".c") && !seen.contains($0) && mine?.contains($0) ?? true }
        pendingHeaders = Set(headers)
        run(headers.map { CompileJob(file: $0, arguments: options.arguments(for: $0)) })
        if let reason = cancellation.reason {
            report.incomplete = reason
            report.toolErrors.append(
                "interrupted (\(reason)): \(report.translationUnits) translation unit\(report.translationUnits == 1 ? "" : "s") analyzed, \(interrupted) not; the report is incomplete"
            )
        }

        if unitsWithErrors > 0 && manyFiles && !options.verbose {
            report.notes.append(
                "\(unitsWithErrors) of \(report.translationUnits) translation units have errors in the C code (missing includes or compiler flags?); their macros were still checked. --verbose lists them"
            )
        }
        let findings = merged.values.map { f in
            var f = f
            if let k = f.defineKey, let name = f.macro {
                let n = expansionSites[k]?.count ?? 0
                f.expansions = n
                f.notes.append(Finding.expansionNote(macro: name, count: n))
            }
            return f
        }.sorted(by: Finding.reportOrder)
        report.macroUses = uses.values.sorted { ($0.site.file, $0.site.offset) < ($1.site.file, $1.site.offset) }
        finish(findings, inputs: inputs, report: &report)
        if options.shard != nil {
            // What `shiftlint merge` needs to count a define's expansions and uses once across
            // shards whose units share a header.
            let usesByDefinition = Dictionary(grouping: report.macroUses, by: \.definitionKey)
            for i in report.findings.indices {
                guard let k = report.findings[i].defineKey else { continue }
                report.findings[i].expansionSites = (expansionSites[k] ?? []).map { Analyzer.shownSite($0, inputs) }.sorted()
                report.findings[i].useSites = (usesByDefinition[k] ?? []).map { Analyzer.shownSite($0.siteKey, inputs) }.sorted()
            }
        }
        return report
    }

    /// After the merge: each finding under its file's settings, the fixes planned and judged,
    /// and with `--confirm` each finding run under UBSAN.
    func finish(_ findings: [Finding], inputs: InputSet, report: inout AnalysisReport, usesUnknown: String? = nil) {
        report.findings = FixPlanner.plan(
            gate(findings, inputs: inputs, report: &report), uses: report.macroUses, scope: options.fixScope,
            verbose: options.verbose, usesUnknown: usesUnknown)
        // A fix never edits a file outside the analyzed paths (a macro from a header elsewhere:
        // `PIOCPARM_MASK` of include/uapi/linux/coda.h, reported in fs/coda): it is shown, marked,
        // and `FixRun` leaves it out even under --fix-unsafe.
        for i in report.findings.indices {
            guard let outside = FixRun.outsideInputs(report.findings[i], inputs: inputs) else { continue }
            let review = FixReview(
                verdict: .needsReview, reason: "the fix edits \(outside), outside the analyzed paths (analyze it too to fix it)")
            report.findings[i].fixSafety = review
            if let note = review.note { report.findings[i].notes.append(note) }
        }
        if options.confirm && report.incomplete == nil {
            // One harness per argument list: the target decides what a type is.
            let groups = Dictionary(grouping: report.findings.indices) { report.findings[$0].compileArguments }
            for (arguments, indices) in groups.sorted(by: { $0.value[0] < $1.value[0] }) {
                let confirmations = Confirmer.confirm(indices.map { report.findings[$0] }, compilerArguments: arguments)
                for (i, c) in zip(indices, confirmations) { report.findings[i].confirmation = c }
            }
        }
    }

    /// What one translation unit gave: its results, or why there are none.
    struct UnitOutcome {
        var unit: UnitResult?
        /// Not analyzed because the run was interrupted.
        var interrupted = false
        /// The signal a crashed worker died of.
        var crashStatus: Int32?
        /// The compile job's file and arguments (as given, before gcc-only flags are dropped).
        var file = ""
        var arguments: [String] = []
        var toolErrors: [String] = []
        var notes: [String] = []
        var hadErrors = false
        /// The errors in the C code, as `file:line: message` (no column: a fix may move it).
        var codeErrors: [String] = []
    }

    /// Parses and analyzes one file (safe to run on several threads: each unit has its own
    /// libclang index).
    func analyzeUnit(
        _ path: String, arguments: [String], target: TargetModel, inputs: InputSet,
        timing: Bool, manyFiles: Bool, done: Set<String> = []
    ) -> UnitOutcome {
        var outcome = UnitOutcome()
        let display = inputs.display(path)
        if let problem = Analyzer.unreadable(path) {
            outcome.toolErrors.append("\(display): \(problem)")
            return outcome
        }
        var clock = PhaseClock()
        let tu: TranslationUnit
        switch TranslationUnit.parse(path: path, arguments: arguments) {
        case .failure(let failure):
            outcome.toolErrors.append("\(display): cannot create a translation unit: \(failure.reason)")
            return outcome
        case .success(let t):
            tu = t
        }
        clock.lap("parse")
        let errors = tu.diagnostics.filter { $0.isError && !TargetProbe.isArgumentDiagnostic($0.message) }
        outcome.hadErrors = !errors.isEmpty
        outcome.codeErrors = errors.map { e in
            let at = e.position.map { "\(inputs.display(InputSet.absolute($0.file, in: inputs.workingDirectory))):\($0.line): " }
            return (at ?? "") + e.message
        }
        // One note per file for small runs; a summary for whole trees (unless --verbose).
        if let first = errors.first, options.verbose || !manyFiles {
            let at =
                first.position.map {
                    "\(inputs.display(InputSet.absolute($0.file, in: inputs.workingDirectory))):\($0.line):\($0.column): "
                } ?? ""
            outcome.notes.append(
                "\(display): \(errors.count) error\(errors.count == 1 ? "" : "s") in the C code (first: \(at)\(first.message)); analysis continues"
            )
            if options.verbose {
                for e in errors.dropFirst() { outcome.notes.append("\(display): \(e.message)") }
            }
        }
        var analyzer = UnitAnalyzer(
            tu: tu, target: target, inputs: inputs, enabled: options.enabledChecks,
            verbose: options.verbose)
        analyzer.confirm = options.confirm
        analyzer.done = done
        let unit = analyzer.run()
        outcome.notes += unit.skipped
        if timing {
            let laps = (clock.laps + unit.timings).map { "\($0.0) \(String(format: "%.3f", $0.1))s" }
            outcome.notes.append("\(display): timing: " + laps.joined(separator: ", "))
        }
        outcome.unit = unit
        return outcome
    }

    /// The input files (absolute) of one shard: split by size, keyed by their paths as shown
    /// (as given on the command line), so that the split is the same in every checkout.
    static func files(of shard: Shard, in inputs: InputSet) -> [String] {
        var absoluteOf: [String: String] = [:]
        var sizes: [String: Int] = [:]
        for f in inputs.sourceFiles {
            var shown = inputs.display(f)
            if absoluteOf[shown] != nil { shown += "\u{0}" + f }   // two spellings of one path: never in practice
            absoluteOf[shown] = f
            let size = (try? FileManager.default.attributesOfItem(atPath: f)[.size] as? NSNumber)?.intValue
            sizes[shown] = size ?? 0
        }
        let keys = Array(absoluteOf.keys)
        return Sharding.select(files: keys, sizes: sizes, shard: shard).compactMap { absoluteOf[$0] }
    }

    /// A site key (absolute path and byte offset) with the path as shown: the same in every
    /// checkout of the tree when the paths are given the same way.
    static func shownSite(_ key: String, _ inputs: InputSet) -> String {
        guard let colon = key.lastIndex(of: ":") else { return key }
        return inputs.display(String(key[..<colon])) + key[colon...]
    }

    /// A language other than C selected by the compiler arguments (`-x c++`, `-std=c++17`,
    /// `-ObjC`), or nil.
    static func nonCLanguage(_ args: [String]) -> String? {
        for (i, a) in args.enumerated() {
            let x =
                a == "-x" && i + 1 < args.count ? args[i + 1] : (a.hasPrefix("-x") && a.count > 2 ? String(a.dropFirst(2)) : nil)
            if let x, x != "c", x != "c-header", x != "cpp-output" { return "'-x \(x)'" }
            if a.hasPrefix("-std=c++") || a.hasPrefix("-std=gnu++") || a.hasPrefix("--std=c++") { return "'\(a)'" }
            if a == "-ObjC" || a == "-ObjC++" || a == "--driver-mode=g++" || a == "--driver-mode=cl" { return "'\(a)'" }
        }
        return nil
    }

    /// A reason the file cannot be analyzed (a tool error), or nil.
    static func unreadable(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "cannot read file" }
        defer { try? handle.close() }
        let head = handle.readData(ofLength: 65536)
        if head.contains(0) { return "binary file (contains NUL bytes), not C source" }
        return nil
    }
}

/// The input headers units of the run have evaluated (filled as units are merged, read as
/// jobs start on the workers' threads): the same header's defines, declarations and `#if`
/// lines are evaluated once per run.
final class DoneHeaders: @unchecked Sendable {
    private let lock = NSLock()
    private var files = Set<String>()
    /// The same files in the order they were added, so that a worker is told only what is new.
    private var log: [String] = []

    var current: Set<String> {
        lock.lock()
        defer { lock.unlock() }
        return files
    }

    func insert<S: Sequence>(_ more: S) where S.Element == String {
        lock.lock()
        for f in more where files.insert(f).inserted { log.append(f) }
        lock.unlock()
    }

    /// The files added after the first `count`, and the new count.
    func since(_ count: Int) -> (files: [String], count: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (Array(log[min(count, log.count)...]), log.count)
    }
}

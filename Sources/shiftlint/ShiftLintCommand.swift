import ArgumentParser
import Foundation
import ShiftLint

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, github, oneline
}

extension FixScope: ExpressibleByArgument {}
extension FixStyle: ExpressibleByArgument {}

struct ShiftLintCommand: ParsableCommand {
    static let version = ShiftLintVersion.current

    static let configuration = CommandConfiguration(
        commandName: "shiftlint",
        abstract: "Finds undefined C shifts (C11 §6.5.7) in macro definitions and code, and suggests fixes.",
        discussion: """
            Compiler arguments for libclang go after `--`, e.g.
              shiftlint fs/iomap/direct-io.c -- -I include -D__KERNEL__
            Exit status: 0 no findings (none reaching --fail-on), 1 findings, 2 usage, configuration or tool error.
            shiftlint merge REPORT.json... joins JSON reports (the shards of --shard K/N): see shiftlint merge --help.
            Checks: \(CheckID.allCases.map(\.rawValue).joined(separator: ", ")).
            """
    )

    @Argument(help: "C files and directories (searched recursively for .c and .h files).")
    var paths: [String] = []

    @Option(
        name: .customShort("p"),
        help: "A compile database (compile_commands.json, or the build directory holding it): each file gets its own arguments.")
    var buildPath: String?

    @Flag(help: "Derive kbuild's compiler arguments from the configured kernel tree the paths are in.")
    var kernel = false

    @Flag(
        help:
            "Whole-tree scan: every .c/.h file without its includes, names resolved through an index of the whole tree, both ABIs (the default without compile arguments, -p or --kernel; -I directories are indexed too)."
    )
    var scan = false

    @Option(
        help: ArgumentHelp(
            "Where --scan keeps each file's index entries and results for the next run (default: $XDG_CACHE_HOME/shiftlint, else ~/.cache/shiftlint; one subdirectory per set of scanned paths).",
            valueName: "DIR"))
    var cacheDir: String?

    @Flag(help: "With --scan: neither read nor write the cache; every file is indexed and analyzed.")
    var noCache = false

    @Flag(help: "Parse each file on its own with libclang (the mode before --scan became the default without compile context).")
    var perFile = false

    @Option(help: "With --scan: the ABIs to judge, 'lp64' (long 64-bit), 'ilp32' (long 32-bit) or 'both' (the default).")
    var abi: String = "both"

    @Option(help: "Output format: text, json, sarif (SARIF 2.1.0), github (workflow commands) or oneline (checkpatch --terse).")
    var format: OutputFormat = .text

    @Option(
        help: "Comma-separated check ids to enable or disable, clang-tidy style: '-*,shift-sign-overflow', '-shift-overflow'.")
    var checks: String?

    @Option(help: "A configuration file for every file, instead of the nearest .shiftlint.yml at or above each file.")
    var config: String?

    @Flag(help: "Read no .shiftlint.yml.")
    var noConfig = false

    @Option(
        help:
            "Severity policy: iso (certain undefined shifts are errors), gnu-wrapv (the base cases are warnings), auto (gnu-wrapv when the compiler arguments say -fwrapv or -fno-strict-overflow; the default)."
    )
    var policy: String?

    @Option(help: "The least severity that makes the exit status 1: error, warning or note (the default: every finding).")
    var failOn: String?

    @Flag(help: "Say what was skipped and why (expressions the evaluator cannot evaluate, parse errors).")
    var verbose = false

    @Option(name: [.short, .long], help: "Translation units to analyze at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Seconds one file may take before it is skipped as a tool error.")
    var fileTimeout: Double = 60

    @Option(help: "MiB of resident memory one worker may use before its file is skipped as a tool error.")
    var memoryLimit: Int = 2048

    @Flag(help: .hidden)
    var inProcess = false

    @Flag(help: "Confirm each finding: run its shift in a harness built with clang-19 -fsanitize=shift and show UBSAN's report.")
    var confirm = false

    @Flag(
        help:
            "Apply the suggested fixes in place (atomically, modes kept); the changed files are analyzed again and restored if a fixed finding remains or a new error appears. Fixes that need review are skipped."
    )
    var fix = false

    @Flag(help: "With --fix, --diff or --export-fixes: include fixes that need review (a use of the value may change meaning).")
    var fixUnsafe = false

    @Flag(help: "Print the fixes as a unified diff for git apply or patch -p1, instead of the report; nothing is written.")
    var diff = false

    @Option(
        help:
            "How far fixes reach: 'family' (a flag define's fix also respells its sibling flag defines, so the block stays uniform; the default) or 'minimal' (only the undefined shifts)."
    )
    var fixScope: FixScope = .family

    @Option(
        help:
            "How fixes are spelled: 'suffix' (1U << 31; the default), 'kernel' (BIT(31), BIT_ULL(40), _BITUL(31) in uapi headers, where the unit defines them) or 'cast' ((u32)1 << 31). Over a configuration's fix-style."
    )
    var fixStyle: FixStyle?

    @Option(help: "Write the fixes to FILE in clang-tidy's export format (YAML), for clang-apply-replacements.")
    var exportFixes: String?

    @Flag(help: "Print shiftlint's version and the libclang actually loaded.")
    var version = false

    @Flag(inversion: .prefixedNo, help: "Colour the text output (default: only on a terminal).")
    var color: Bool?

    @Option(help: "Report only findings not recorded in this baseline (written by --write-baseline).")
    var baseline: String?

    @Option(help: "Record this run's findings (after suppressions) in FILE, sorted JSON, and exit 0.")
    var writeBaseline: String?

    @Option(help: "Report only findings on lines added or changed since this git revision (or whose macro's lines are).")
    var changedSince: String?

    @Option(help: "Report only findings on lines this patch adds (the patch applied to the tree; paths as patch -p1 reads them).")
    var patch: String?

    @Flag(help: "Report 'shiftlint: ignore[...]' and NOLINT(shiftlint-...) comments that silence nothing.")
    var reportUnusedSuppressions = false

    @Flag(help: "As a kbuild checker (make C=1 CHECK=shiftlint): exit 1 on findings, failing the build.")
    var werror = false

    @Option(
        help: ArgumentHelp(
            "Analyze only shard K of N (1-based, e.g. 2/4), for parallel CI jobs: the files are split by size, the same way on every machine; 'shiftlint merge' joins the shards' JSON reports.",
            valueName: "K/N"))
    var shard: String?

    @Flag(name: [.short, .long], help: "No progress line and no summary line on standard error (shown only on a terminal).")
    var quiet = false

    /// The compiler arguments after `--` (not parsed by ArgumentParser: see `splitAtTerminator`).
    var compilerArguments: [String] = []
    /// Called by kbuild as its checker (`KbuildChecker`): gcc-style lines, headers' findings
    /// once per build, and the build never fails unless `--werror`.
    var kbuildChecker = false

    mutating func run() throws {
        if version {
            print("shiftlint \(Self.version)")
            print("libclang: \(loadedLibclangVersion) (\(loadedLibclangPath))")
            return
        }
        var commands: [CompilationDatabase.Command] = []
        if let buildPath {
            switch CompilationDatabase.load(buildPath) {
            case .success(let c): commands = c
            case .failure(let error):
                FileHandle.standardError.write(Data("shiftlint: error: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
        // With a database and no paths: every C file it compiles.
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let given =
            paths.isEmpty
            ? commands.map(\.file).filter { $0.hasSuffix(".c") }.map { $0.hasPrefix(cwd) ? String($0.dropFirst(cwd.count)) : $0 }
            : paths
        guard !given.isEmpty else {
            throw ValidationError(
                buildPath == nil ? "give at least one C file or directory" : "the compile database lists no C file")
        }
        let enabled = try Self.parseChecks(checks)
        let shard = try parseShard()
        let configurations = try makeConfigurations()
        // As kbuild's checker, the tree's headers count as inputs too (sparse reports there).
        let inputs = InputSet(paths: given, headersUnder: kbuildChecker ? ["."] : [])
        var options = AnalysisOptions(
            compilerArguments: compilerArguments, enabledChecks: enabled,
            verbose: verbose, jobs: jobs)
        // Entries outside the analyzed paths are skipped; the first entry of a file counts.
        for command in commands where inputs.contains(command.file) && options.fileArguments[command.file] == nil {
            options.fileArguments[command.file] = CompileJob(command: command).arguments
        }
        if kernel {
            guard let first = inputs.sourceFiles.first else { throw ValidationError("no C file to analyze") }
            let tree: KernelTree
            switch KernelTree.find(above: first) {
            case .success(let t): tree = t
            case .failure(let error):
                FileHandle.standardError.write(Data("shiftlint: error: \(error)\n".utf8))
                throw ExitCode(2)
            }
            if verbose {
                let flags = tree.arguments.joined(separator: " ")
                FileHandle.standardError.write(
                    Data(
                        "shiftlint: note: kernel tree \(tree.root) (\(tree.architecture), \(tree.is64Bit ? 64 : 32)-bit): \(flags)\n"
                            .utf8))
            }
            for f in inputs.sourceFiles where options.fileArguments[f] == nil {
                options.fileArguments[f] = tree.arguments(for: f) + compilerArguments
            }
        }
        if buildPath != nil, verbose {
            let missing = inputs.sourceFiles.filter { $0.hasSuffix(".c") && options.fileArguments[$0] == nil }
            for f in missing {
                FileHandle.standardError.write(
                    Data(
                        "shiftlint: note: \(inputs.display(f)): no entry in the compile database; parsed with the arguments after --\n"
                            .utf8))
            }
        }
        let gate = try gateOptions(paths: given)
        if diff && fix { throw ValidationError("--diff prints the fixes and --fix writes them: give one of them") }
        if diff && format == .json {
            throw ValidationError("--diff prints a patch on standard output, not a report: drop --format json")
        }
        options.fixScope = fixScope
        options.fixUnsafe = fixUnsafe
        if scan && perFile { throw ValidationError("--scan and --per-file exclude each other") }
        if scan && (buildPath != nil || kernel) {
            throw ValidationError("--scan analyzes without compile context: drop -p and --kernel")
        }
        // Without compile context (no arguments after --, no -p, no --kernel), the scan: except
        // for what needs the AST's view of every use (--fix, --diff, --export-fixes, --confirm).
        let needsAST = fix || diff || exportFixes != nil || confirm
        options.scan =
            scan || (!perFile && !needsAST && buildPath == nil && !kernel && !kbuildChecker && compilerArguments.isEmpty)
        options.scanByDefault = options.scan && !scan
        switch abi {
        case "both": break
        case "lp64": options.scanABIs = [.lp64]
        case "ilp32": options.scanABIs = [.ilp32]
        default: throw ValidationError("unknown --abi '\(abi)' (known: lp64, ilp32, both)")
        }
        if abi != "both" && !options.scan {
            throw ValidationError("--abi applies to the scan; with compile context the target decides")
        }
        if scan && (confirm || fix) {
            throw ValidationError(
                "--confirm and --fix need the AST (compile context, or --per-file): the scan does not follow where values go")
        }
        if noCache && cacheDir != nil { throw ValidationError("--no-cache and --cache-dir exclude each other") }
        if options.scan && !noCache { options.cacheDirectory = cacheDir ?? ScanCache.defaultDirectory() }
        options.confirm = confirm
        guard fileTimeout > 0, memoryLimit > 0 else {
            throw ValidationError("--file-timeout and --memory-limit must be positive")
        }
        options.fileTimeout = fileTimeout
        options.memoryLimitMiB = memoryLimit
        options.shard = shard
        // Each file is analyzed in a worker process running this executable (--in-process,
        // for debugging, analyzes here).
        if !inProcess { options.workerExecutable = Self.ownExecutable }
        let analyzer = Analyzer(options: options)
        analyzer.configurations = configurations
        // Progress on a terminal, for long runs: one line, rewritten, erased at the end, then a
        // summary line.
        let showProgress = isatty(STDERR_FILENO) != 0 && !kbuildChecker && !quiet && inputs.sourceFiles.count > 1
        let start = DispatchTime.now()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
        if showProgress {
            let width = Self.terminalWidth()
            analyzer.progress = { p in
                FileHandle.standardError.write(
                    Data("\r\u{1B}[K\(ProgressLine.render(p, elapsed: elapsed(), width: width.map { $0 - 1 }))".utf8))
            }
        }
        // SIGINT and SIGTERM end the run early with what is finished, marked incomplete.
        let interrupts = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")].map { signo, name in
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: .global())
            source.setEventHandler { analyzer.cancellation.cancel(name) }
            source.resume()
            return source
        }
        var report = analyzer.analyze(inputs)
        interrupts.forEach { $0.cancel() }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let seconds = elapsed()
        for problem in report.configurationErrors { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
        if !report.configurationErrors.isEmpty { throw ExitCode(2) }
        // After the report, however the run ends: what the gate left is what was shown.
        defer {
            if showProgress {
                let line = ProgressLine.summary(files: report.translationUnits, elapsed: seconds, findings: report.findings.count)
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
        }
        // Under kbuild the notes about the C code would repeat for every file: --verbose only.
        if !kbuildChecker || verbose {
            for note in report.notes { FileHandle.standardError.write(Data("shiftlint: note: \(note)\n".utf8)) }
        }
        for error in report.toolErrors { FileHandle.standardError.write(Data("shiftlint: error: \(error)\n".utf8)) }
        if let writeBaseline {
            return try self.writeBaseline(report, inputs: inputs, to: writeBaseline)
        }
        let gated = Gate.apply(gate, to: &report, inputs: inputs)
        if kbuildChecker { return try reportAsChecker(report, inputs: inputs) }
        // Before --fix writes anything: the export's offsets are into the files as analyzed.
        if let exportFixes { try writeExport(report, inputs: inputs, to: exportFixes) }
        if diff {
            try printDiff(report, inputs: inputs)
            if report.exitCode != 0 { throw ExitCode(report.exitCode) }
            return
        }
        switch format {
        case .json:
            let json: String
            do {
                json = try JSONReporter.render(
                    report.findings, incomplete: report.incomplete != nil, shard: report.shard?.description)
            } catch {
                FileHandle.standardError.write(Data("shiftlint: error: cannot encode the JSON report: \(error)\n".utf8))
                throw ExitCode(2)
            }
            print(json, terminator: "")
        case .sarif:
            let invocation = SARIFReporter.Invocation(
                executable: CommandLine.arguments.first ?? "shiftlint", arguments: Array(CommandLine.arguments.dropFirst()),
                workingDirectory: FileManager.default.currentDirectoryPath, toolErrors: report.toolErrors, notes: report.notes,
                exitCode: report.exitCode)
            let sarif: String
            do {
                sarif = try SARIFReporter.render(
                    report.findings, rules: Checks.descriptions, toolVersion: Self.version, invocation: invocation,
                    uses: report.macroUses,
                    suppressed: gated.silenced.map { ($0.finding, $0.by.reason ?? $0.by.text) })
            } catch {
                FileHandle.standardError.write(Data("shiftlint: error: cannot encode the SARIF log: \(error)\n".utf8))
                throw ExitCode(2)
            }
            print(sarif, terminator: "")
        case .github:
            print(GitHubReporter.render(report.findings), terminator: "")
        case .oneline:
            print(OnelineReporter.render(report.findings), terminator: "")
        case .text:
            let useColor = color ?? (isatty(STDOUT_FILENO) != 0)
            print(TextReporter.render(report.findings, color: useColor), terminator: "")
            let left = gated.text
            if !report.findings.isEmpty || !left.isEmpty {
                let n = report.findings.count
                let units = "\(report.translationUnits) translation unit\(report.translationUnits == 1 ? "" : "s")"
                print(
                    (n == 0 ? "No new findings" : "\(n) finding\(n == 1 ? "" : "s")") + " in \(units)"
                        + (left.isEmpty ? "." : " (\(left)).")
                )
            }
        }
        if fix {
            // A fix whose value flows somewhere its new type changes the program waits for a
            // human (--fix-unsafe), as the finding's note and `fixSafety` say.
            reportSkippedUnsafe(report)
            let outcome: FixRun.Outcome
            do { outcome = try FixRun.apply(report, inputs: inputs, options: options) } catch {
                FileHandle.standardError.write(Data("shiftlint: error: \(error)\n".utf8))
                throw ExitCode(2)
            }
            if !outcome.undone.isEmpty {
                for problem in outcome.undone { FileHandle.standardError.write(Data("shiftlint: error: \(problem)\n".utf8)) }
                FileHandle.standardError.write(
                    Data("shiftlint: error: the fixes were undone: every file is as it was before --fix\n".utf8))
                throw ExitCode(2)
            }
            let checked = outcome.files == 0 ? "" : "; analyzed again: no fixed finding left, nothing new"
            FileHandle.standardError.write(
                Data("shiftlint: applied \(outcome.edits) edit(s) in \(outcome.files) file(s)\(checked)\n".utf8))
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    /// Says on standard error how many fixes were left out because they need review.
    func reportSkippedUnsafe(_ report: AnalysisReport) {
        let unsafe = report.findings.filter { $0.fixSafety?.verdict == .needsReview && !$0.fixes.isEmpty }
        guard !unsafe.isEmpty, !fixUnsafe else { return }
        FileHandle.standardError.write(
            Data("shiftlint: skipped \(unsafe.count) fix(es) that need review (see the notes; --fix-unsafe applies them)\n".utf8))
    }

    /// `--diff`: the patch on standard output, a line about it on standard error.
    func printDiff(_ report: AnalysisReport, inputs: InputSet) throws {
        do {
            let (patch, files) = try FixRun.diff(report, inputs: inputs, unsafe: fixUnsafe)
            FileHandle.standardOutput.write(Data(patch))
            let n = report.findings.count
            let fixed = report.findings.filter { !$0.fixes.isEmpty }.count
            FileHandle.standardError.write(
                Data(
                    "shiftlint: \(n) finding\(n == 1 ? "" : "s"); the diff fixes \(fixed) in \(files) file\(files == 1 ? "" : "s")\n"
                        .utf8))
        } catch {
            FileHandle.standardError.write(Data("shiftlint: error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// `--export-fixes FILE`: clang-tidy's YAML, written atomically.
    func writeExport(_ report: AnalysisReport, inputs: InputSet, to file: String) throws {
        do {
            let yaml = try FixRun.exportFixes(report, inputs: inputs, unsafe: fixUnsafe)
            try Data(yaml.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            FileHandle.standardError.write(Data("shiftlint: error: cannot export the fixes to \(file): \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// The CI gate's options; a bad baseline, revision or patch is a tool error (exit 2).
    func gateOptions(paths: [String]) throws -> GateOptions {
        var gate = GateOptions()
        gate.reportUnusedSuppressions = reportUnusedSuppressions
        if let failOn, let s = Severity(rawValue: failOn) { gate.failOn = s }
        let cwd = FileManager.default.currentDirectoryPath
        func fail(_ message: String) -> ExitCode {
            FileHandle.standardError.write(Data("shiftlint: error: \(message)\n".utf8))
            return ExitCode(2)
        }
        if let baseline {
            guard let data = FileManager.default.contents(atPath: InputSet.absolute(baseline, in: cwd)) else {
                throw fail("\(baseline): cannot read the baseline")
            }
            switch Baseline.parse(data, name: baseline) {
            case .success(let b): gate.baseline = b
            case .failure(let e): throw fail(e.message)
            }
        }
        if changedSince != nil && patch != nil { throw ValidationError("give --changed-since or --patch, not both") }
        if let changedSince {
            switch GitChanges.since(changedSince, in: cwd, paths: paths) {
            case .success(let c): gate.changedLines = c
            case .failure(let e): throw fail(e.message)
            }
        }
        if let patch {
            switch GitChanges.patch(patch, in: cwd) {
            case .success(let c): gate.changedLines = c
            case .failure(let e): throw fail(e.message)
            }
        }
        return gate
    }

    /// `--write-baseline`: today's findings (suppressed ones left out), written atomically.
    func writeBaseline(_ report: AnalysisReport, inputs: InputSet, to file: String) throws {
        var report = report
        var options = GateOptions()
        options.reportUnusedSuppressions = false
        _ = Gate.apply(options, to: &report, inputs: inputs)
        do {
            let text = try Baseline(report.findings).render()
            try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            FileHandle.standardError.write(Data("shiftlint: error: cannot write the baseline \(file): \(error)\n".utf8))
            throw ExitCode(2)
        }
        let n = report.findings.count
        FileHandle.standardError.write(Data("shiftlint: wrote \(n) finding\(n == 1 ? "" : "s") to \(file)\n".utf8))
        if !report.toolErrors.isEmpty || report.incomplete != nil { throw ExitCode(2) }
    }

    /// Output for kbuild: one gcc-style line per finding not yet reported in this build.
    func reportAsChecker(_ report: AnalysisReport, inputs: InputSet) throws {
        let checked = Set(paths.map { InputSet.absolute($0, in: FileManager.default.currentDirectoryPath) })
        let findings = CheckerState.unreported(report.findings, state: ".shiftlint-checked", build: KbuildChecker.buildID) { f in
            checked.contains(InputSet.absolute(f.file, in: FileManager.default.currentDirectoryPath))
                ? nil : "\(f.file):\(f.line):\(f.column):\(f.check)"
        }
        var out = ""
        for f in findings {
            out +=
                "\(f.file):\(f.line):\(f.column): \(f.severity.rawValue): \(f.message)"
                + (f.fixNote.map { " (no fix: \($0))" } ?? "") + " [\(f.check)]\n"
        }
        print(out, terminator: "")
        if werror && findings.contains(where: report.fails) { throw ExitCode(1) }
    }

    /// This process's executable, for the worker processes.
    static var ownExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Splits the command line at the first `--`: shiftlint's own arguments before it, the
    /// compiler arguments after it. (Not `@Argument(parsing: .postTerminator)`: ArgumentParser's
    /// debug-build validator rejects any positional argument after the `paths` array.)
    static func splitAtTerminator(_ arguments: [String]) -> (own: [String], compilerArguments: [String]) {
        guard let dash = arguments.firstIndex(of: "--") else { return (arguments, []) }
        return (Array(arguments[..<dash]), Array(arguments[(dash + 1)...]))
    }

    /// `--shard K/N`, and the options a shard cannot take: fixes and baselines are decided
    /// from the whole run's findings and uses.
    func parseShard() throws -> Shard? {
        guard let shard else { return nil }
        let parsed: Shard
        switch Shard.parse(shard) {
        case .success(let s): parsed = s
        case .failure(let e): throw ValidationError(e.message)
        }
        let whole = [
            (fix, "--fix"), (diff, "--diff"), (exportFixes != nil, "--export-fixes"), (writeBaseline != nil, "--write-baseline"),
            (reportUnusedSuppressions, "--report-unused-suppressions"),
        ]
        if let (_, name) = whole.first(where: \.0) {
            throw ValidationError(
                "--shard and \(name) exclude each other: \(name) needs the whole run (the uses of every define, every finding); run it without --shard"
            )
        }
        return parsed
    }

    /// The terminal's width in columns (standard error's), or nil when unknown.
    static func terminalWidth() -> Int? {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
    }

    static func parseChecks(_ spec: String?) throws -> Set<CheckID> {
        do { return try CheckSelection.apply(CheckSelection.terms(spec ?? ""), to: Set(CheckID.allCases)) } catch {
            throw ValidationError("\(error)")
        }
    }

    /// `.shiftlint.yml` discovery (or `--config`, `--no-config`) with the command line's
    /// `--checks`, `--policy`, `--fail-on` and `--fix-style` over every configuration.
    func makeConfigurations() throws -> Configurations {
        guard !(noConfig && config != nil) else { throw ValidationError("--config and --no-config exclude each other") }
        var overrides = Configurations.Overrides(checks: CheckSelection.terms(checks ?? ""), fixStyle: fixStyle)
        if let policy {
            guard let p = PolicyChoice(rawValue: policy) else {
                throw ValidationError("unknown policy '\(policy)' (known: iso, gnu-wrapv, auto)")
            }
            overrides.policy = p
        }
        if let failOn {
            guard let s = Severity(rawValue: failOn) else {
                throw ValidationError("unknown --fail-on severity '\(failOn)' (known: error, warning, note)")
            }
            overrides.failOn = s
        }
        return Configurations(source: noConfig ? .none : config.map { .file($0) } ?? .discover, overrides: overrides)
    }
}

@main
enum Main {
    static func main() {
        if CommandLine.arguments.dropFirst().first == "--worker" { Foundation.exit(Worker.serve()) }
        let all = Array(CommandLine.arguments.dropFirst())
        // `shiftlint merge REPORT...` (a path named `merge` is `./merge`).
        if all.first == "merge" { Foundation.exit(MergeCommand.run(Array(all.dropFirst()))) }
        let checker = KbuildChecker.parse(all)
        let (args, compilerArguments) =
            checker.map { ($0.own + $0.files, $0.compilerArguments) } ?? ShiftLintCommand.splitAtTerminator(all)
        do {
            var command = try ShiftLintCommand.parse(args)
            command.compilerArguments = compilerArguments
            command.kbuildChecker = checker != nil
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = ShiftLintCommand.exitCode(for: error)
            if code == .success {
                ShiftLintCommand.exit(withError: error)
            }
            // Usage errors exit 2, like other linters (ArgumentParser would use 64).
            FileHandle.standardError.write(Data((ShiftLintCommand.fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

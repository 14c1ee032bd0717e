import Foundation

/// What to analyze and how.
public struct AnalysisOptions: Sendable {
    public var compilerArguments: [String]
    public var enabledChecks: Set<CheckID>
    public var verbose: Bool

    public init(compilerArguments: [String] = [], enabledChecks: Set<CheckID> = Set(CheckID.allCases), verbose: Bool = false) {
        self.compilerArguments = compilerArguments
        self.enabledChecks = enabledChecks
        self.verbose = verbose
    }
}

/// The outcome of a run: findings in report order, and what the user should be told on
/// standard error (notes about the C code, tool errors).
public struct AnalysisReport: Sendable {
    public var findings: [Finding] = []
    public var notes: [String] = []
    public var toolErrors: [String] = []
    public var translationUnits = 0
    public var target: String = ""

    /// 0 clean, 1 findings, 2 tool error.
    public var exitCode: Int32 { !toolErrors.isEmpty ? 2 : (findings.isEmpty ? 0 : 1) }
}

/// Drives a run: probes the target, parses every translation unit, runs the checks and
/// merges what they found (one finding per shift, however many units include its file).
public final class Analyzer {
    public let options: AnalysisOptions

    public init(options: AnalysisOptions) {
        self.options = options
    }

    public func analyze(_ inputs: InputSet) -> AnalysisReport {
        // Recursive descent over hostile input (and libclang over deeply nested code) needs
        // more stack than a main thread's 8 MiB in debug builds; the pages are only reserved.
        withLargeStack { self.analyzeOnThisThread(inputs) }
    }

    private func analyzeOnThisThread(_ inputs: InputSet) -> AnalysisReport {
        var report = AnalysisReport()
        report.toolErrors += inputs.errors.map(\.message)
        for f in inputs.skippedFiles {
            report.notes.append("\(inputs.display(f)): skipped: shiftlint analyzes C only, not C++ or Objective-C")
        }
        // Warning flags only gcc knows (kbuild has many) must not turn into errors under -Werror.
        var args = options.compilerArguments + ["-Wno-unknown-warning-option", "-Wno-ignored-optimization-argument"]
        let target: TargetModel
        if let probe = TargetProbe.probe(arguments: args) {
            target = probe.model
            report.target = probe.triple
            if !probe.rejectedArguments.isEmpty {
                // Like clangd: drop what clang's driver does not know (gcc-only flags).
                args = args.filter { !probe.rejectedArguments.contains($0) }
                if options.verbose {
                    report.notes.append("ignoring arguments clang does not support: \(probe.rejectedArguments.sorted().joined(separator: " "))")
                }
            }
        } else {
            target = .lp64
            report.notes.append("could not probe the target with the given arguments; assuming LP64")
        }

        var unitsWithErrors: [String] = []
        let timing = ProcessInfo.processInfo.environment["SHIFTLINT_TIMING"] == "1"
        var merged: [String: Finding] = [:]
        var expansionCounts: [String: Int] = [:]
        var seen = Set<String>()
        // .c files first: headers they include are analyzed in their context (typedefs,
        // enum constants); headers nobody included are then parsed on their own.
        let ordered = inputs.sourceFiles.filter { $0.hasSuffix(".c") } + inputs.sourceFiles.filter { !$0.hasSuffix(".c") }
        for path in ordered {
            if !path.hasSuffix(".c") && seen.contains(path) { continue }
            let display = inputs.display(path)
            if let problem = Analyzer.unreadable(path) {
                report.toolErrors.append("\(display): \(problem)")
                continue
            }
            var clock = PhaseClock()
            let parsed = TranslationUnit.parse(path: path, arguments: args)
            clock.lap("parse")
            let tu: TranslationUnit
            switch parsed {
            case .failure(let failure):
                report.toolErrors.append("\(display): cannot create a translation unit: \(failure.reason)")
                continue
            case .success(let t):
                tu = t
            }
            report.translationUnits += 1
            let errors = tu.diagnostics.filter { $0.isError && !Analyzer.isArgumentDiagnostic($0.message) }
            if !errors.isEmpty {
                unitsWithErrors.append(display)
            }
            // One note per file for small runs; a summary for whole trees (unless --verbose).
            if !errors.isEmpty && (options.verbose || inputs.sourceFiles.count <= 10) {
                let first = errors[0]
                let at = first.position.map { "\(inputs.display(InputSet.absolute($0.file, in: inputs.workingDirectory))):\($0.line):\($0.column): " } ?? ""
                report.notes.append("\(display): \(errors.count) error\(errors.count == 1 ? "" : "s") in the C code (first: \(at)\(first.message)); analysis continues")
                if options.verbose {
                    for e in errors.dropFirst() { report.notes.append("\(display): \(e.message)") }
                }
            }
            let unit = TranslationUnitAnalyzer(tu: tu, target: target, inputs: inputs, enabled: options.enabledChecks,
                                               verbose: options.verbose).run()
            seen.formUnion(unit.filesSeen)
            for f in unit.findings where merged[f.key] == nil { merged[f.key] = f }
            for (k, n) in unit.expansionCounts { expansionCounts[k, default: 0] += n }
            report.notes += unit.skipped
            if timing {
                let laps = (clock.laps + unit.timings).map { "\($0.0) \(String(format: "%.3f", $0.1))s" }
                report.notes.append("\(display): timing: " + laps.joined(separator: ", "))
            }
        }

        if !unitsWithErrors.isEmpty && !(options.verbose || inputs.sourceFiles.count <= 10) {
            report.notes.append("\(unitsWithErrors.count) of \(report.translationUnits) translation units have errors in the C code (missing includes or compiler flags?); their macros were still checked. --verbose lists them")
        }
        report.findings = merged.values.map { f in
            var f = f
            if let k = f.defineKey, let name = f.macro {
                let n = expansionCounts[k] ?? 0
                f.expansions = n
                f.notes.append(Note(file: nil, line: nil, column: nil,
                                    message: n == 0 ? "\(name) is never expanded in the analyzed code"
                                        : "\(name) is used \(n) time\(n == 1 ? "" : "s") in the analyzed code"))
            }
            return f
        }.sorted(by: Finding.reportOrder)
        return report
    }

    static func isArgumentDiagnostic(_ message: String) -> Bool {
        message.hasPrefix("unknown argument") || message.hasPrefix("unsupported option")
            || message.hasPrefix("unknown warning option") || message.hasPrefix("optimization flag")
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

/// Runs `body` on a thread with a large stack and waits for it.
func withLargeStack<T>(bytes: Int = 1 << 30, _ body: @escaping () -> T) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.value = body()
        done.signal()
    }
    thread.stackSize = bytes
    thread.start()
    done.wait()
    return box.value ?? body()
}

private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

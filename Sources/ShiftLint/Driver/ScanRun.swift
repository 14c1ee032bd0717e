import Foundation

/// Work handed out to the scan's threads one item at a time, with the results kept under a lock.
final class ScanQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var nextItem = 0
    let count: Int

    init(count: Int) { self.count = count }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextItem < count else { return nil }
        nextItem += 1
        return nextItem - 1
    }

    func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}

/// What pass 2's threads merge, under `ScanQueue.locked`.
final class ScanMerged: @unchecked Sendable {
    var findings: [String: Finding] = [:]
    var uses: [UInt64: Int] = [:]
    var skipped: [String] = []
    var toolErrors: [String] = []
    var done = 0
    var slowest: [(Double, String)] = []
}

extension Analyzer {
    /// The whole-tree scan: pass 1 indexes every file's macros, typedefs and enumeration
    /// constants (and those of `-I` directories outside the paths, index only); pass 2 judges
    /// each file through the index (`Scan/ScanUnit`). Both passes run on `jobs` threads
    /// sharing the index read-only.
    func scan(_ inputs: InputSet, report given: AnalysisReport) -> AnalysisReport {
        var report = given
        let clock = DispatchTime.now().uptimeNanoseconds
        // Every input file is indexed; a shard (`--shard K/N`) judges its own files only, so
        // the uses it counts are its files' and `shiftlint merge` sums them.
        let analyzed = options.shard.map { Analyzer.files(of: $0, in: inputs) } ?? inputs.sourceFiles
        report.shard = options.shard
        let analyzedSet = Set(inputs.sourceFiles)
        var indexOnly: [String] = []
        var walkErrors: [InputError] = []
        for dir in Analyzer.includeDirectories(options.compilerArguments, in: inputs.workingDirectory) {
            for f in InputSet.walk(dir, errors: &walkErrors) where f.hasSuffix(".h") && !analyzedSet.contains(f) {
                indexOnly.append(f)
            }
        }
        let paths = inputs.sourceFiles + indexOnly
        let position = Dictionary(paths.enumerated().map { ($1, Int32($0)) }) { a, _ in a }
        // Pass 1: the index.
        var scans = [FileScan?](repeating: nil, count: paths.count)
        var sizes = [Int](repeating: 0, count: paths.count)
        let queue1 = ScanQueue(count: paths.count)
        let jobs = options.jobs
        scans.withUnsafeMutableBufferPointer { scansOut in
            sizes.withUnsafeMutableBufferPointer { sizesOut in
                nonisolated(unsafe) let scansOut = scansOut
                nonisolated(unsafe) let sizesOut = sizesOut
                onLargeStackThreads(jobs) { _ in
                    while let i = queue1.next() {
                        guard let mapped = MappedFile(path: paths[i]), !mapped.looksBinary else { continue }
                        sizesOut[i] = mapped.buffer.count
                        scansOut[i] = FileScan(bytes: mapped.buffer, file: Int32(i))
                    }
                }
            }
        }
        let index = TreeIndex(paths: paths, scans: &scans, sizes: sizes)
        scans = []
        let indexed = DispatchTime.now().uptimeNanoseconds
        if options.verbose {
            report.notes.append(
                "scan: indexed \(paths.count) files (\(indexOnly.count) index only), \(index.symbols.count) names (\(index.shifting.count) shifting macro names, \(index.shiftingFunctionLike.count) function-like), in \(String(format: "%.1f", Double(indexed - clock) / 1e9)) s"
            )
        }
        // Pass 2: every analyzed file, through the index.
        let merged2 = ScanMerged()
        let queue2 = ScanQueue(count: analyzed.count)
        let enabled = options.enabledChecks
        let allowedABIs = options.scanABIs
        let verbose = options.verbose
        let cancellation = self.cancellation
        let progress = self.progress
        let timing = ProcessInfo.processInfo.environment["SHIFTLINT_TIMING"] == "1"
        onLargeStackThreads(jobs) { _ in
            let reader = SymbolReader(index: index)
            while cancellation.reason == nil, let i = queue2.next() {
                guard let file = position[analyzed[i]] else { continue }
                let unit = ScanUnit(
                    index: index, reader: reader, file: file, enabled: enabled, verbose: verbose,
                    display: { inputs.display($0) })
                let started = DispatchTime.now().uptimeNanoseconds
                unit.allowedABIs = allowedABIs
                let result = unit.run()
                let took = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                queue2.locked {
                    let m = merged2
                    if timing { m.slowest.append((took, analyzed[i])) }
                    for f in result.findings where m.findings[f.key] == nil { m.findings[f.key] = f }
                    for (k, n) in result.uses { m.uses[k, default: 0] += n }
                    m.skipped += result.skipped
                    m.toolErrors += result.toolErrors
                    m.done += 1
                    progress?(
                        AnalysisProgress(
                            done: m.done, total: analyzed.count, findings: m.findings.count, file: inputs.display(analyzed[i])))
                }
            }
        }
        let (findings, uses, skipped, toolErrors, done, slowest) = (
            merged2.findings, merged2.uses, merged2.skipped, merged2.toolErrors, merged2.done, merged2.slowest
        )
        report.translationUnits = done
        for (took, file) in slowest.sorted(by: { $0.0 > $1.0 }).prefix(25) {
            report.notes.append("timing: \(inputs.display(file)) \(String(format: "%.3f", took)) s")
        }
        if timing {
            report.notes.append(
                "timing: pass 2 total \(String(format: "%.1f", slowest.reduce(0) { $0 + $1.0 })) s of thread time")
        }
        report.toolErrors += toolErrors
        report.notes += skipped
        if let reason = cancellation.reason {
            report.incomplete = reason
            report.toolErrors.append(
                "interrupted (\(reason)): \(done) of \(analyzed.count) files scanned; the report is incomplete")
        }
        // Uses across the whole tree (the index saw every one), so "never used" is true.
        let merged = findings.values.map { f -> Finding in
            var f = f
            if f.origin == .define, let name = f.macro {
                let n = uses[nameHash(name)] ?? 0
                f.expansions = n
                f.notes.append(
                    Note(
                        file: nil, line: nil, column: nil,
                        message: n == 0
                            ? "\(name) is never used in the scanned tree"
                            : "\(name) is used \(n) time\(n == 1 ? "" : "s") in the scanned tree"))
            }
            return f
        }.sorted(by: Finding.reportOrder)
        // The scan does not follow where a value goes: a fix that changes a type waits for a
        // human (or for compile mode, which follows every use).
        finish(
            merged, inputs: inputs, report: &report,
            usesUnknown:
                "the scan does not follow the value's uses; run with compile context (-p, --kernel or -- flags) to judge this fix"
        )
        if options.verbose {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e9
            report.notes.append("scan: \(analyzed.count) files in \(String(format: "%.1f", seconds)) s")
        }
        return report
    }

    /// The `-I` directories of the compiler arguments (index-only sources for the scan).
    static func includeDirectories(_ arguments: [String], in cwd: String) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "-I" || a == "-isystem" || a == "-iquote", i + 1 < arguments.count {
                out.append(InputSet.absolute(arguments[i + 1], in: cwd))
                i += 2
                continue
            }
            if a.hasPrefix("-I"), a.count > 2 { out.append(InputSet.absolute(String(a.dropFirst(2)), in: cwd)) }
            i += 1
        }
        return out
    }
}

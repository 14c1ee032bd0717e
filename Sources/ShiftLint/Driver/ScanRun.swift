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

/// What pass 2's threads count, under `ScanQueue.locked` (with `uses`, the uses in other
/// shards' files).
final class ScanMerged: @unchecked Sendable {
    var uses: [UInt64: Int] = [:]
    var done = 0
    var found = 0
    var slowest: [(Double, String)] = []
}

extension Analyzer {
    /// The whole-tree scan: pass 1 indexes every file's macros, typedefs and enumeration
    /// constants (and those of `-I` directories outside the paths, index only); pass 2 judges
    /// each file through the index (`Scan/ScanUnit`). Both passes run on `jobs` threads
    /// sharing the index read-only. With a cache (`options.cacheDirectory`, `ScanCache`),
    /// unchanged files' index entries and still valid results come from it.
    func scan(_ inputs: InputSet, report given: AnalysisReport) -> AnalysisReport {
        var report = given
        let clock = DispatchTime.now().uptimeNanoseconds
        // Every input file is indexed; a shard (`--shard K/N`) judges its own files only, so
        // the uses it counts are its files' and `shiftlint merge` sums them.
        let analyzed = options.shard.map { Analyzer.files(of: $0, in: inputs) } ?? inputs.sourceFiles
        report.shard = options.shard
        var indexed = Set(inputs.sourceFiles)
        var indexOnly: [String] = []
        var walkErrors: [InputError] = []
        for dir in Analyzer.includeDirectories(options.compilerArguments, in: inputs.workingDirectory) {
            for f in InputSet.walk(dir, errors: &walkErrors) where f.hasSuffix(".h") && indexed.insert(f).inserted {
                indexOnly.append(f)
            }
        }
        let paths = inputs.sourceFiles + indexOnly
        let position = Dictionary(paths.enumerated().map { ($1, Int32($0)) }) { a, _ in a }
        // Positions of the analyzed files in `paths` (every analyzed file is an input).
        let slots = analyzed.map { Int(position[$0] ?? -1) }
        let jobs = options.jobs
        // A shard (a CI matrix job) runs without the cache: it also reads the other shards'
        // files, for the tree-wide use counts, which the cache does not track.
        let cache = (options.shard == nil ? options.cacheDirectory : nil).flatMap {
            ScanCache(base: $0, inputs: inputs, options: options, notes: &report.notes)
        }
        // Pass 1: the index (each file's entry from the cache while the file is unchanged).
        var files = ScanCache.pass1(paths, jobs: jobs, cache: cache)
        var plan = cache?.plan(paths, &files, analyzed: slots.filter { $0 >= 0 }, jobs: jobs)
        let contentHashes = cache.map { c in files.map { c.contentHash($0) } } ?? []
        var index: TreeIndex?
        if let cache, let p = plan { cache.saveIndex(paths, files, plan: p) }
        if plan?.needsIndex ?? true {
            var scans: [FileScan?]
            var sizes: [Int]
            if let cache {
                (scans, sizes) = cache.scans(files)
            } else {
                scans = files.map { if case .scanned(let s, _, _) = $0 { return s } else { return nil } }
                sizes = files.map { if case .scanned(_, let size, _) = $0 { return size } else { return 0 } }
            }
            files = []
            let built = TreeIndex(paths: paths, scans: &scans, sizes: sizes)
            scans = []
            index = built
            if let cache, var p = plan {
                cache.checkShifting(&p, index: built, paths: paths, analyzed: Set(slots))
                cache.decode(&p, analyzed: slots.filter { $0 >= 0 }, jobs: jobs)
                plan = p
            }
            if options.verbose {
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e9
                report.notes.append(
                    "scan: indexed \(paths.count) files (\(indexOnly.count) index only), \(built.symbols.count) names (\(built.shifting.count) shifting macro names, \(built.shiftingFunctionLike.count) function-like), in \(String(format: "%.1f", seconds)) s, peak RSS so far \(Analyzer.peakRSSMiB()) MiB"
                )
            }
        } else {
            files = []
            if options.verbose {
                report.notes.append("scan: no file changed since the cached run: the index is not rebuilt")
            }
        }
        // Pass 2: every analyzed file without a valid cached result, through the index.
        var results = [ScanUnitResult?](repeating: nil, count: analyzed.count)
        var fresh = [FreshResult?](repeating: nil, count: analyzed.count)
        for (k, i) in slots.enumerated() where i >= 0 { results[k] = plan?.decoded[i] }
        let fromCache = results.count { $0 != nil }
        let todo = analyzed.indices.filter { results[$0] == nil }
        var done = fromCache
        var found = results.reduce(0) { $0 + ($1?.findings.count ?? 0) }
        if fromCache > 0, let last = analyzed.indices.last(where: { results[$0] != nil }) {
            progress?(AnalysisProgress(done: done, total: analyzed.count, findings: found, file: inputs.display(analyzed[last])))
        }
        let queue2 = ScanQueue(count: todo.count)
        let enabled = options.enabledChecks
        let allowedABIs = options.scanABIs
        let verbose = options.verbose
        let cancellation = self.cancellation
        let progress = self.progress
        let timing = ProcessInfo.processInfo.environment["SHIFTLINT_TIMING"] == "1"
        let counters = ScanMerged()
        counters.done = done
        counters.found = found
        if let index, !todo.isEmpty {
            results.withUnsafeMutableBufferPointer { resultsOut in
                fresh.withUnsafeMutableBufferPointer { freshOut in
                    nonisolated(unsafe) let resultsOut = resultsOut
                    nonisolated(unsafe) let freshOut = freshOut
                    // Threads with large stacks: the evaluator recurses over hostile nesting.
                    onLargeStackThreads(jobs) { _ in
                        let reader = SymbolReader(index: index)
                        let encoder = JSONEncoder()
                        while cancellation.reason == nil, let t = queue2.next() {
                            let k = todo[t]
                            guard slots[k] >= 0 else { continue }
                            let unit = ScanUnit(
                                index: index, reader: reader, file: Int32(slots[k]), enabled: enabled, verbose: verbose,
                                display: { inputs.display($0) })
                            let started = DispatchTime.now().uptimeNanoseconds
                            unit.allowedABIs = allowedABIs
                            let result = unit.run()
                            let took = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                            if cache != nil, let hash = contentHashes[slots[k]] {
                                freshOut[k] = ScanCache.fresh(
                                    result, consulted: unit.consultedNames, path: analyzed[k], contentHash: hash,
                                    encoder: encoder)
                            }
                            resultsOut[k] = result
                            queue2.locked {
                                let c = counters
                                if timing { c.slowest.append((took, analyzed[k])) }
                                c.done += 1
                                c.found += result.findings.count
                                progress?(
                                    AnalysisProgress(
                                        done: c.done, total: analyzed.count, findings: c.found, file: inputs.display(analyzed[k]))
                                )
                            }
                        }
                    }
                }
            }
        }
        done = counters.done
        let slowest = counters.slowest
        // Merged in input order, whatever order the threads finished in.
        var findings: [String: Finding] = [:]
        var uses: [UInt64: Int] = [:]
        var skipped: [String] = []
        var toolErrors: [String] = []
        for result in results {
            guard let result else { continue }
            for f in result.findings where findings[f.key] == nil { findings[f.key] = f }
            for (k, n) in result.uses { uses[k, default: 0] += n }
            skipped += result.skipped
            toolErrors += result.toolErrors
        }
        // Under --shard, the uses in the other shards' files count too: a define's finding is
        // reported by its file's shard only, with the whole tree's count.
        if let index, options.shard != nil {
            let mine = Set(slots)
            let others = inputs.sourceFiles.indices.filter { !mine.contains($0) }
            let queue3 = ScanQueue(count: others.count)
            let counted = ScanMerged()
            onLargeStackThreads(jobs) { _ in
                let reader = SymbolReader(index: index)
                while cancellation.reason == nil, let t = queue3.next() {
                    let unit = ScanUnit(
                        index: index, reader: reader, file: Int32(others[t]), enabled: enabled, verbose: false,
                        display: { inputs.display($0) })
                    unit.countOnly = true
                    let result = unit.run()
                    queue3.locked { for (k, n) in result.uses { counted.uses[k, default: 0] += n } }
                }
            }
            for (k, n) in counted.uses { uses[k, default: 0] += n }
        }
        if let cache, let plan {
            if let index {
                var stored: [Int: FreshResult] = [:]
                for (k, f) in fresh.enumerated() { if let f { stored[slots[k]] = f } }
                cache.saveResults(paths, plan: plan, fresh: stored, index: index)
            }
            if options.verbose {
                report.notes += ScanCache.summary(
                    plan, fromCache: fromCache, of: analyzed.count, paths: paths, display: inputs.display)
            }
            report.notes += cache.notes
        }
        report.translationUnits = results.count { $0 != nil }
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
            report.notes.append(
                "scan: \(analyzed.count) files in \(String(format: "%.1f", seconds)) s, peak RSS \(Analyzer.peakRSSMiB()) MiB")
        }
        return report
    }

    /// This process's peak resident set so far (Linux: VmHWM), in MiB; 0 when unknown.
    static func peakRSSMiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
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

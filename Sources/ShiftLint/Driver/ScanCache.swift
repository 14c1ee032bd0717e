import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Pass 1's view of one file of the tree (`ScanCache.scan`).
enum ScannedFile {
    /// Not a readable regular file now: nothing indexed, nothing cached.
    case unreadable
    /// Unchanged since the stored index: its entry `record` there. `stamp` is the file's stamp
    /// now; `restamped`: it differs from the stored one while the content does not.
    case stored(record: Int, stamp: FileStamp, restamped: Bool)
    /// Scanned in this run (nil for a binary file); `facts` only when a cache is kept.
    case scanned(FileScan?, size: Int, facts: ScannedFacts?)
}

/// What the cache keeps of a file scanned in this run besides its `FileScan`.
struct ScannedFacts {
    var stamp: FileStamp
    var contentHash: UInt64
    /// One per symbol of the scan: what the definition is (`ScanCache.definitionHash`).
    var definitions: [UInt64]
    var binary: Bool
}

/// One file of a stored index. Every field is 8 bytes: the table is written and read as is.
struct StoredFileRecord {
    var pathStart: UInt64 = 0
    var pathLength: UInt64 = 0
    var size: Int64 = 0
    var mtimeSeconds: Int64 = 0
    var mtimeNanoseconds: Int64 = 0
    var ctimeSeconds: Int64 = 0
    var ctimeNanoseconds: Int64 = 0
    var inode: UInt64 = 0
    var device: UInt64 = 0
    var contentHash: UInt64 = 0
    var flags: UInt64 = 0
    var symbolsStart: UInt64 = 0
    var symbolsCount: UInt64 = 0
    var identifiersStart: UInt64 = 0
    var identifiersCount: UInt64 = 0
    var includesStart: UInt64 = 0
    var includesCount: UInt64 = 0

    static let hasShift: UInt64 = 1
    /// Changed so shortly before it was read that its stamp alone cannot be trusted.
    static let racy: UInt64 = 2
    static let binary: UInt64 = 4

    var stamp: FileStamp {
        FileStamp(
            size: size, mtime: (mtimeSeconds, mtimeNanoseconds), ctime: (ctimeSeconds, ctimeNanoseconds), inode: inode,
            device: device)
    }

    mutating func set(_ s: FileStamp, racyBefore: Int64) {
        size = s.size
        (mtimeSeconds, mtimeNanoseconds) = (s.mtimeSeconds, s.mtimeNanoseconds)
        (ctimeSeconds, ctimeNanoseconds) = (s.ctimeSeconds, s.ctimeNanoseconds)
        inode = s.inode
        device = s.device
        flags &= ~StoredFileRecord.racy
        if s.isRacy(since: racyBefore) { flags |= StoredFileRecord.racy }
    }
}

/// One symbol of a stored index (`TreeSymbol` without its file, with its definition's hash).
struct StoredSymbol {
    var name: UInt64
    var definition: UInt64
    var start: Int32
    var end: Int32
    var line: Int32
    var identifiersStart: Int32
    var identifiersCount: Int32
    var kind: UInt8
    var flag: UInt8
    var padding: UInt16 = 0
}

/// One file's result in a stored results file.
struct StoredResultRecord {
    var pathStart: UInt64 = 0
    var pathLength: UInt64 = 0
    var contentHash: UInt64 = 0
    var consultedStart: UInt64 = 0
    var consultedCount: UInt64 = 0
    var bloomStart: UInt64 = 0
    var bloomCount: UInt64 = 0
    var usesStart: UInt64 = 0
    var usesCount: UInt64 = 0
    var payloadStart: UInt64 = 0
    var payloadLength: UInt64 = 0
}

extension FileScan {
    /// A file's scan read back from the cache.
    init(symbols: [TreeSymbol], identifiers: [UInt64], includes: Set<UInt64>, hasShift: Bool) {
        self.symbols = symbols
        self.identifiers = identifiers
        self.includes = includes
        self.hasShift = hasShift
    }
}

/// What pass 2 gave for one file, as the results file keeps it (JSON: findings carry nested
/// values; `WireFinding` keeps every field the merge and the fix planner read).
struct CachedOutcome: Codable {
    var findings: [WireOutcome.WireFinding]
    var skipped: [String]
    var toolErrors: [String]
}

/// A result computed in this run, ready to be stored.
struct FreshResult {
    var path: String
    var contentHash: UInt64
    var consulted: [UInt64]
    var bloom: [UInt64]
    var usesNames: [UInt64]
    var usesCounts: [Int64]
    var payload: [UInt8]
}

/// The names of an identifier set, as a Bloom filter: a power-of-two number of bits, about 8
/// per name, 4 probes (about 2% false positives, which only cost a look at the file).
enum NameBloom {
    @inline(__always) private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    static func make(_ names: Set<UInt64>) -> [UInt64] {
        var bits = 64
        while bits < names.count * 8 { bits <<= 1 }
        var words = [UInt64](repeating: 0, count: bits / 64)
        for n in names {
            let x = mix(n)
            let a = x & 0xffff_ffff, b = (x >> 32) | 1
            for k in 0..<4 {
                let p = Int((a &+ UInt64(k) &* b) & UInt64(bits - 1))
                words[p >> 6] |= 1 << UInt64(p & 63)
            }
        }
        return words
    }

    /// True when the filter may hold the name (always for a filter that is not well-formed).
    static func mayContain(_ words: UnsafeBufferPointer<UInt64>, _ name: UInt64) -> Bool {
        let count = words.count
        guard count > 0, count & (count - 1) == 0 else { return true }
        let bits = UInt64(count * 64)
        let x = mix(name)
        let a = x & 0xffff_ffff, b = (x >> 32) | 1
        for k in 0..<4 {
            let p = Int((a &+ UInt64(k) &* b) & (bits - 1))
            if words[p >> 6] & (1 << UInt64(p & 63)) == 0 { return false }
        }
        return true
    }
}

/// The previous run's index, read back: each file's stamp and content hash, and (verified
/// on demand) its symbols, body identifiers and include names.
final class StoredIndex {
    static let magic = "SLSCANIX"
    let generation: UInt64
    let records: [StoredFileRecord]
    let positions: [String: Int]
    private let reader: CacheFileReader
    private(set) var symbols = UnsafeBufferPointer<StoredSymbol>(start: nil, count: 0)
    private(set) var identifiers = UnsafeBufferPointer<UInt64>(start: nil, count: 0)
    private(set) var includes = UnsafeBufferPointer<UInt64>(start: nil, count: 0)
    private var loaded: Bool?

    init(_ reader: CacheFileReader) throws {
        self.reader = reader
        generation = reader.generation
        guard reader.sectionCount == 5, let records = reader.array(0, of: StoredFileRecord.self), let paths = reader.section(1)
        else { throw CacheProblem("damaged file table") }
        var positions = [String: Int](minimumCapacity: records.count)
        for (r, e) in records.enumerated() {
            guard e.pathStart <= UInt64(paths.count), e.pathLength <= UInt64(paths.count) - e.pathStart else {
                throw CacheProblem("damaged file table")
            }
            let bytes = UnsafeRawBufferPointer(rebasing: paths[Int(e.pathStart)..<Int(e.pathStart + e.pathLength)])
            let path = String(decoding: bytes, as: UTF8.self)
            if positions[path] == nil { positions[path] = r }
        }
        self.records = records
        self.positions = positions
    }

    /// Verifies the symbols, identifiers and includes (their checksums, and every range and
    /// symbol kind); false when damaged. Call before sharing the index between threads.
    func load() -> Bool {
        if let loaded { return loaded }
        loaded = false
        guard let s = reader.section(2), s.count % MemoryLayout<StoredSymbol>.stride == 0,
            let ids = reader.section(3), ids.count % 8 == 0, let inc = reader.section(4), inc.count % 8 == 0
        else { return false }
        let symbols = s.bindMemory(to: StoredSymbol.self)
        let identifiers = ids.bindMemory(to: UInt64.self)
        let includes = inc.bindMemory(to: UInt64.self)
        func fits(_ start: UInt64, _ count: UInt64, _ total: Int) -> Bool {
            start <= UInt64(total) && count <= UInt64(total) - start
        }
        for e in records {
            guard fits(e.symbolsStart, e.symbolsCount, symbols.count),
                fits(e.identifiersStart, e.identifiersCount, identifiers.count),
                fits(e.includesStart, e.includesCount, includes.count)
            else { return false }
            for k in Int(e.symbolsStart)..<Int(e.symbolsStart + e.symbolsCount) {
                let sym = symbols[k]
                guard TreeSymbol.Kind(rawValue: sym.kind) != nil, sym.flag <= 1, sym.identifiersStart >= 0,
                    sym.identifiersCount >= 0,
                    Int(sym.identifiersStart) + Int(sym.identifiersCount) <= Int(e.identifiersCount)
                else { return false }
            }
        }
        self.symbols = symbols
        self.identifiers = identifiers
        self.includes = includes
        loaded = true
        return true
    }

    /// The file's scan (nil for a binary file) and size; after `load()`.
    func fileScan(_ r: Int, file: Int32) -> (FileScan?, Int) {
        let e = records[r]
        if e.flags & StoredFileRecord.binary != 0 { return (nil, 0) }
        var out: [TreeSymbol] = []
        out.reserveCapacity(Int(e.symbolsCount))
        for k in Int(e.symbolsStart)..<Int(e.symbolsStart + e.symbolsCount) {
            let s = symbols[k]
            out.append(
                TreeSymbol(
                    hash: s.name, file: file, kind: TreeSymbol.Kind(rawValue: s.kind) ?? .objectMacro, flag: s.flag != 0,
                    start: s.start, end: s.end, line: s.line, identifiersStart: s.identifiersStart,
                    identifiersCount: s.identifiersCount))
        }
        let ids = Array(identifiers[Int(e.identifiersStart)..<Int(e.identifiersStart + e.identifiersCount)])
        let inc = Set(includes[Int(e.includesStart)..<Int(e.includesStart + e.includesCount)])
        return (
            FileScan(symbols: out, identifiers: ids, includes: inc, hasShift: e.flags & StoredFileRecord.hasShift != 0),
            Int(e.size)
        )
    }

    /// The file's symbols as (name, definition hash), in order; after `load()`.
    func definitions(_ r: Int) -> [(UInt64, UInt64)] {
        let e = records[r]
        return symbols[Int(e.symbolsStart)..<Int(e.symbolsStart + e.symbolsCount)].map { ($0.name, $0.definition) }
    }

    /// The file's include names, sorted; after `load()`.
    func includeNames(_ r: Int) -> [UInt64] {
        let e = records[r]
        return Array(includes[Int(e.includesStart)..<Int(e.includesStart + e.includesCount)])
    }
}

/// The previous run's results for one set of options, read back.
final class StoredResults {
    static let magic = "SLSCANRS"
    static let sections = 9
    let generation: UInt64
    let records: [StoredResultRecord]
    let positions: [String: Int]
    let reader: CacheFileReader

    init(_ reader: CacheFileReader) throws {
        self.reader = reader
        generation = reader.generation
        guard reader.sectionCount == StoredResults.sections, let records = reader.array(0, of: StoredResultRecord.self),
            let paths = reader.section(1)
        else { throw CacheProblem("damaged file table") }
        var positions = [String: Int](minimumCapacity: records.count)
        for (r, e) in records.enumerated() {
            guard e.pathStart <= UInt64(paths.count), e.pathLength <= UInt64(paths.count) - e.pathStart else {
                throw CacheProblem("damaged file table")
            }
            let bytes = UnsafeRawBufferPointer(rebasing: paths[Int(e.pathStart)..<Int(e.pathStart + e.pathLength)])
            positions[String(decoding: bytes, as: UTF8.self)] = r
        }
        self.records = records
        self.positions = positions
    }

    /// Section `i` as `T`s, checked to hold every record's range (`range` gives it); nil when
    /// damaged. Call before sharing between threads.
    func checked<T>(_ i: Int, as type: T.Type, _ range: (StoredResultRecord) -> (UInt64, UInt64)) -> UnsafeBufferPointer<T>? {
        guard let raw = reader.section(i), raw.count % MemoryLayout<T>.stride == 0 else { return nil }
        let typed = raw.bindMemory(to: T.self)
        for e in records {
            let (start, count) = range(e)
            guard start <= UInt64(typed.count), count <= UInt64(typed.count) - start else { return nil }
        }
        return typed
    }

    /// The names the stored results were computed with in the index's shifting sets.
    func shiftingSets() -> (Set<UInt64>, Set<UInt64>)? {
        guard let a = reader.array(7, of: UInt64.self), let b = reader.array(8, of: UInt64.self) else { return nil }
        return (Set(a), Set(b))
    }
}

/// The whole-tree scan's cache (docs/cache.md): in one directory per set of scanned roots, the
/// index entries of every file (valid while the file's stamp, or else its content, is
/// unchanged) and, per set of options, every file's pass-2 result with the names its
/// evaluation looked up. A result is re-used when the file is unchanged and none of those
/// names has a changed definition anywhere in the tree (nor a changed shifting status, for
/// the file's identifiers): it is then what a fresh run would compute.
public final class ScanCache {
    /// The directory of this set of roots.
    let directory: String
    let base: String
    let verbose: Bool
    /// Wall-clock second from which a file's times make its entry racy.
    let racyBefore: Int64
    private let identity: String
    private let resultsKey: String
    private(set) var previous: StoredIndex?
    private var stored: StoredResults?
    private(set) var notes: [String] = []
    private var writeFailed = false
    private var swept = false

    /// The version of shiftlint and of the executable itself: a rebuilt binary may index or
    /// judge differently, so its caches are not shared.
    static var identity: String {
        let exe =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? "?"
        let stamp = FileStamp(path: exe)
        return
            "shiftlint \(ShiftLintVersion.current); \(exe) \(stamp?.size ?? 0) \(stamp?.mtimeSeconds ?? 0).\(stamp?.mtimeNanoseconds ?? 0); layout \(MemoryLayout<StoredFileRecord>.stride) \(MemoryLayout<StoredSymbol>.stride) \(MemoryLayout<StoredResultRecord>.stride)"
    }

    /// The default directory: `$XDG_CACHE_HOME/shiftlint`, else `~/.cache/shiftlint`; nil when
    /// neither is known.
    public static func defaultDirectory(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/shiftlint" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/shiftlint" }
        return nil
    }

    /// Opens (creating it) the directory of this run's roots under `base`; nil, with a note,
    /// when it cannot be written: the run then goes on uncached.
    init?(base: String, inputs: InputSet, options: AnalysisOptions, notes: inout [String]) {
        let absoluteBase = InputSet.absolute(base, in: inputs.workingDirectory)
        self.base = absoluteBase
        let roots = inputs.namedPaths.sorted()
        let key = String(ContentHasher.hash(roots.joined(separator: "\n")), radix: 16)
        directory = absoluteBase + "/scan-" + String(repeating: "0", count: max(0, 16 - key.count)) + key
        verbose = options.verbose
        racyBefore = Int64(Date().timeIntervalSince1970) - 2
        if let problem = ScanCache.makeDirectory(directory) {
            notes.append("scan cache: cannot use \(directory) (\(problem)); the run continues uncached")
            return nil
        }
        // The roots, for people and for the sweep of unused directories (its time is the
        // last use); writing it also tells whether the directory can be written.
        let rootsFile = directory + "/roots"
        let text = Array((roots.joined(separator: "\n") + "\n").utf8)
        let fd = open(rootsFile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            notes.append(
                "scan cache: cannot write in \(directory) (\(String(cString: strerror(errno)))); the run continues uncached")
            return nil
        }
        _ = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        identity = ScanCache.identity
        let timing = ProcessInfo.processInfo.environment["SHIFTLINT_TIMING"] == "1"
        resultsKey = [
            identity,
            "checks " + options.enabledChecks.map(\.rawValue).sorted().joined(separator: ","),
            "abis " + options.scanABIs.map(\.rawValue).sorted().joined(separator: ","),
            "verbose \(options.verbose)", "timing \(timing)",
            "arguments " + options.compilerArguments.joined(separator: "\u{0}"),
            "display " + inputs.displayKey,
        ].joined(separator: "\n")
        switch CacheFileReader.open(path: indexPath, magic: StoredIndex.magic, key: identity) {
        case .success(let reader):
            do { previous = try StoredIndex(reader) } catch { note("\(indexPath) ignored: \(error)") }
        case .failure(let problem): note("\(indexPath) ignored: \(problem)")
        case nil: break
        }
        if let previous {
            switch CacheFileReader.open(path: resultsPath, magic: StoredResults.magic, key: resultsKey) {
            case .success(let reader) where reader.generation == previous.generation:
                do { stored = try StoredResults(reader) } catch { note("\(resultsPath) ignored: \(error)") }
            case .success: note("\(resultsPath) ignored: written against another index")
            case .failure(let problem): note("\(resultsPath) ignored: \(problem)")
            case nil: break
            }
        }
    }

    var indexPath: String { directory + "/index.bin" }
    var resultsPath: String { directory + "/results-" + String(ContentHasher.hash(resultsKey), radix: 16) + ".bin" }

    /// A verbose note (cache files ignored): a damaged cache only costs time.
    private func note(_ text: String) {
        if verbose { notes.append("scan cache: \(text)") }
    }

    /// The note for a cache that cannot be written (once a run).
    private func writeProblem(_ problem: Error) {
        if !writeFailed { notes.append("scan cache: \(problem); the next run cannot use this run's results") }
        writeFailed = true
    }

    static func makeDirectory(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            return isDirectory.boolValue ? nil : "not a directory"
        }
        let parent = (path as NSString).deletingLastPathComponent
        if parent != path, !parent.isEmpty, let problem = makeDirectory(parent) { return problem }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { return String(cString: strerror(errno)) }
        return nil
    }

    // MARK: Pass 1

    /// Pass 1 over every path on `jobs` threads: each file's scan, or its stored entry when
    /// the file is unchanged.
    static func pass1(_ paths: [String], jobs: Int, cache: ScanCache?) -> [ScannedFile] {
        var files = [ScannedFile](repeating: .unreadable, count: paths.count)
        let queue = ScanQueue(count: paths.count)
        let previous = cache?.previous
        let racyBefore = cache?.racyBefore
        files.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: jobs) { _ in
                while let i = queue.next() {
                    if let racyBefore {
                        out[i] = scan(paths[i], file: Int32(i), previous: previous, racyBefore: racyBefore)
                    } else if let mapped = MappedFile(path: paths[i]), !mapped.looksBinary {
                        out[i] = .scanned(FileScan(bytes: mapped.buffer, file: Int32(i)), size: mapped.buffer.count, facts: nil)
                    }
                }
            }
        }
        return files
    }

    /// One file of pass 1: its stored entry while its stamp (and, for an entry marked racy or
    /// a changed stamp, its content) is unchanged; else a fresh scan.
    static func scan(_ path: String, file: Int32, previous: StoredIndex?, racyBefore: Int64) -> ScannedFile {
        guard let stamp = FileStamp(path: path) else { return .unreadable }
        let record = previous?.positions[path]
        if let previous, let r = record {
            let e = previous.records[r]
            if e.stamp == stamp && e.flags & StoredFileRecord.racy == 0 {
                return .stored(record: r, stamp: stamp, restamped: false)
            }
        }
        guard let mapped = MappedFile(path: path) else { return .unreadable }
        let hash = ContentHasher.hash(UnsafeRawBufferPointer(mapped.buffer))
        if let previous, let r = record, previous.records[r].contentHash == hash,
            previous.records[r].size == Int64(mapped.buffer.count)
        {
            return .stored(record: r, stamp: stamp, restamped: previous.records[r].stamp != stamp)
        }
        if mapped.looksBinary {
            return .scanned(nil, size: 0, facts: ScannedFacts(stamp: stamp, contentHash: hash, definitions: [], binary: true))
        }
        let scan = FileScan(bytes: mapped.buffer, file: file)
        var definitions: [UInt64] = []
        definitions.reserveCapacity(scan.symbols.count)
        var lastRange = (Int32(-1), Int32(-1), UInt64(0))
        for s in scan.symbols {
            // Enumeration constants share their enumeration's range: hashed once.
            if (s.start, s.end) != (lastRange.0, lastRange.1) {
                lastRange = (s.start, s.end, rangeHash(mapped.buffer, Int(s.start), Int(s.end)))
            }
            definitions.append(definitionHash(s, range: lastRange.2))
        }
        return .scanned(
            scan, size: mapped.buffer.count,
            facts: ScannedFacts(stamp: stamp, contentHash: hash, definitions: definitions, binary: false))
    }

    static func rangeHash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        let lo = max(0, min(start, bytes.count))
        let hi = max(lo, min(end, bytes.count))
        return ContentHasher.hash(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[lo..<hi]))
    }

    /// What a symbol's definition is, as far as another file's evaluation can tell: the text
    /// of its range (a macro's logical line from its start, a typedef's declaration, an
    /// enumeration's braces) and where it is (lines and offsets show in findings and notes).
    static func definitionHash(_ s: TreeSymbol, range: UInt64) -> UInt64 {
        var h = ContentHasher()
        h.update(range)
        h.update(s.kind.rawValue)
        h.update(s.flag)
        h.update(s.start)
        h.update(s.end)
        h.update(s.line)
        h.update(s.identifiersCount)
        return h.value
    }

    // MARK: What changed

    /// What the cache gives this run, decided after pass 1.
    struct Plan {
        /// The index must be built: the tree changed, or some analyzed file has no result.
        var needsIndex = true
        /// The tree's content differs from the stored index's (a new index generation).
        var treeChanged = true
        /// Files whose content is unchanged but whose stamp changed.
        var restamped = 0
        /// Names whose definitions changed anywhere in the tree.
        var changedNames = Set<UInt64>()
        /// Per file of the run (paths' order): its stored result that is still valid.
        var resultOf: [Int?] = []
        /// The valid stored results of the analyzed files, decoded (by paths' index).
        var decoded: [Int: ScanUnitResult] = [:]
        /// Why an analyzed file's stored result is not used (by paths' index).
        var reasons: [Int: Reason] = [:]
        var storedResults = 0
    }

    enum Reason: String, CaseIterable {
        case added = "new"
        case changed = "changed"
        case definitions = "through changed definitions"
        case shifting = "through a changed shifting macro"
        case uncached = "not in the cache"
    }

    /// After pass 1: what changed since the stored index, which stored results are still
    /// valid (before the shifting names are known: `checkShifting`), and when nothing changed
    /// and every analyzed file has one, the results themselves (no index is then built). May
    /// scan again (when the stored index turns out damaged).
    func plan(_ paths: [String], _ files: inout [ScannedFile], analyzed: [Int], jobs: Int) -> Plan {
        var plan = Plan()
        plan.resultOf = [Int?](repeating: nil, count: paths.count)
        var present = [Bool](repeating: false, count: previous?.records.count ?? 0)
        var treeChanged = previous == nil
        for (i, f) in files.enumerated() {
            switch f {
            case .stored(let r, _, let restamped):
                present[r] = true
                if restamped { plan.restamped += 1 }
            case .scanned:
                treeChanged = true
                if let r = previous?.positions[paths[i]] { present[r] = true }
            case .unreadable: break
            }
        }
        if present.contains(false) { treeChanged = true }
        plan.treeChanged = treeChanged
        if let stored, let previous {
            plan.storedResults = stored.records.count
            for (i, f) in files.enumerated() {
                guard case .stored(let r, _, _) = f, let e = stored.positions[paths[i]],
                    stored.records[e].contentHash == previous.records[r].contentHash
                else { continue }
                plan.resultOf[i] = e
            }
        }
        for i in analyzed where plan.resultOf[i] == nil {
            switch files[i] {
            case .stored, .unreadable: plan.reasons[i] = .uncached
            case .scanned:
                plan.reasons[i] = previous?.positions[paths[i]] == nil ? (previous == nil ? .uncached : .added) : .changed
            }
        }
        if !treeChanged && plan.reasons.isEmpty {
            decode(&plan, analyzed: analyzed, jobs: jobs)
            if plan.reasons.isEmpty {
                plan.needsIndex = false
                return plan
            }
        }
        // The stored symbols are needed: unchanged files' scans and changed files' old names.
        if let previous, !previous.load() {
            note("\(indexPath) ignored: damaged symbols")
            self.previous = nil
            stored = nil
            files = ScanCache.pass1(paths, jobs: jobs, cache: self)
            var fresh = Plan()
            fresh.resultOf = [Int?](repeating: nil, count: paths.count)
            for i in analyzed { fresh.reasons[i] = .uncached }
            return fresh
        }
        guard let previous else { return plan }
        var changed = Set<UInt64>()
        for (i, f) in files.enumerated() {
            guard case .scanned(let scan, _, let facts) = f else { continue }
            let newDefinitions = zip(scan?.symbols ?? [], facts?.definitions ?? []).map { ($0.hash, $1) }
            guard let r = previous.positions[paths[i]] else {
                changed.formUnion(newDefinitions.map(\.0))
                continue
            }
            let oldDefinitions = previous.definitions(r)
            if previous.includeNames(r) != (scan?.includes ?? []).sorted() {
                // What the file's enumerations see changed: all its names.
                changed.formUnion(oldDefinitions.map(\.0))
                changed.formUnion(newDefinitions.map(\.0))
                continue
            }
            let before = Dictionary(grouping: oldDefinitions, by: \.0).mapValues { $0.map(\.1) }
            let after = Dictionary(grouping: newDefinitions, by: \.0).mapValues { $0.map(\.1) }
            for (name, d) in before where after[name] != d { changed.insert(name) }
            for (name, d) in after where before[name] != d { changed.insert(name) }
        }
        for (r, seen) in present.enumerated() where !seen { changed.formUnion(previous.definitions(r).map(\.0)) }
        plan.changedNames = changed
        guard !changed.isEmpty, let stored else { return plan }
        guard let consulted = stored.checked(2, as: UInt64.self, { ($0.consultedStart, $0.consultedCount) }) else {
            dropStored(&plan, analyzed: Set(analyzed))
            return plan
        }
        let analyzedSet = Set(analyzed)
        let few = changed.count <= 16 ? Array(changed) : nil
        for i in plan.resultOf.indices {
            guard let e = plan.resultOf[i] else { continue }
            let rec = stored.records[e]
            let names = UnsafeBufferPointer(
                rebasing: consulted[Int(rec.consultedStart)..<Int(rec.consultedStart + rec.consultedCount)])
            let hit: Bool
            if let few {
                hit = few.contains { ScanCache.sortedContains(names, $0) }
            } else {
                hit = names.contains { changed.contains($0) }
            }
            if hit {
                plan.resultOf[i] = nil
                plan.decoded[i] = nil
                if analyzedSet.contains(i) { plan.reasons[i] = .definitions }
            }
        }
        return plan
    }

    /// A damaged results file: none of its results is used (or kept).
    private func dropStored(_ plan: inout Plan, analyzed: Set<Int>) {
        note("\(resultsPath) ignored: damaged")
        stored = nil
        plan.decoded = [:]
        for i in plan.resultOf.indices where plan.resultOf[i] != nil {
            plan.resultOf[i] = nil
            if analyzed.contains(i) { plan.reasons[i] = .uncached }
        }
    }

    static func sortedContains(_ names: UnsafeBufferPointer<UInt64>, _ x: UInt64) -> Bool {
        var lo = 0, hi = names.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if names[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo < names.count && names[lo] == x
    }

    /// The scans of every file for the index: this run's, or the stored ones.
    func scans(_ files: [ScannedFile]) -> ([FileScan?], [Int]) {
        var scans = [FileScan?](repeating: nil, count: files.count)
        var sizes = [Int](repeating: 0, count: files.count)
        for (i, f) in files.enumerated() {
            switch f {
            case .scanned(let s, let size, _): (scans[i], sizes[i]) = (s, size)
            case .stored(let r, _, _): (scans[i], sizes[i]) = previous?.fileScan(r, file: Int32(i)) ?? (nil, 0)
            case .unreadable: break
            }
        }
        return (scans, sizes)
    }

    /// With the index built: drops the stored results of files that name a macro whose
    /// shifting status changed (pass 2 looks for those names among the file's own tokens).
    func checkShifting(_ plan: inout Plan, index: TreeIndex, paths: [String], analyzed: Set<Int>) {
        guard let stored, plan.resultOf.contains(where: { $0 != nil }) else { return }
        guard let (shifting, functionLike) = stored.shiftingSets(),
            let blooms = stored.checked(3, as: UInt64.self, { ($0.bloomStart, $0.bloomCount) })
        else { return dropStored(&plan, analyzed: analyzed) }
        var delta = shifting.symmetricDifference(index.shifting)
        delta.formUnion(functionLike.symmetricDifference(index.shiftingFunctionLike))
        guard !delta.isEmpty else { return }
        for i in plan.resultOf.indices {
            guard let e = plan.resultOf[i] else { continue }
            let rec = stored.records[e]
            let words = UnsafeBufferPointer(rebasing: blooms[Int(rec.bloomStart)..<Int(rec.bloomStart + rec.bloomCount)])
            // The filter says which files may hold a name; the file's tokens say whether one does.
            guard delta.contains(where: { NameBloom.mayContain(words, $0) }), ScanCache.mentions(paths[i], delta) != false
            else { continue }
            plan.resultOf[i] = nil
            plan.decoded[i] = nil
            if analyzed.contains(i) { plan.reasons[i] = .shifting }
        }
    }

    /// Whether the file's tokens include one of the names; nil when it cannot be read.
    static func mentions(_ path: String, _ names: Set<UInt64>) -> Bool? {
        guard let mapped = MappedFile(path: path) else { return nil }
        var lexer = ByteLexer(mapped.buffer)
        while let t = lexer.next() {
            if t.kind == .identifier && names.contains(t.hash) { return true }
        }
        return false
    }

    /// The hashes of every identifier the file's tokens hold, as a Bloom filter.
    static func identifierBloom(_ path: String) -> [UInt64]? {
        guard let mapped = MappedFile(path: path) else { return nil }
        var names = Set<UInt64>()
        var lexer = ByteLexer(mapped.buffer)
        while let t = lexer.next() {
            if t.kind == .identifier { names.insert(t.hash) }
        }
        return NameBloom.make(names)
    }

    // MARK: Results

    /// Decodes the valid stored results of the analyzed files not decoded yet, on `jobs`
    /// threads; one that cannot be decoded is dropped (the file is analyzed again).
    func decode(_ plan: inout Plan, analyzed: [Int], jobs: Int) {
        let wanted = analyzed.filter { plan.resultOf[$0] != nil && plan.decoded[$0] == nil }
        guard !wanted.isEmpty, let stored else { return }
        guard let names = stored.checked(4, as: UInt64.self, { ($0.usesStart, $0.usesCount) }),
            let counts = stored.checked(5, as: Int64.self, { ($0.usesStart, $0.usesCount) }),
            let payloads = stored.checked(6, as: UInt8.self, { ($0.payloadStart, $0.payloadLength) })
        else { return dropStored(&plan, analyzed: Set(analyzed)) }
        var out = [ScanUnitResult?](repeating: nil, count: wanted.count)
        let records = wanted.map { plan.resultOf[$0] ?? 0 }
        let queue = ScanQueue(count: wanted.count)
        out.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, wanted.count))) { _ in
                let decoder = JSONDecoder()
                while let k = queue.next() {
                    let e = stored.records[records[k]]
                    var result = ScanUnitResult()
                    for u in Int(e.usesStart)..<Int(e.usesStart + e.usesCount) { result.uses[names[u]] = Int(counts[u]) }
                    if e.payloadLength > 0 {
                        let bytes = UnsafeBufferPointer(
                            rebasing: payloads[Int(e.payloadStart)..<Int(e.payloadStart + e.payloadLength)])
                        guard let outcome = try? decoder.decode(CachedOutcome.self, from: Data(bytes)) else { continue }
                        result.findings = outcome.findings.map(\.finding)
                        result.skipped = outcome.skipped
                        result.toolErrors = outcome.toolErrors
                    }
                    out[k] = result
                }
            }
        }
        for (k, i) in wanted.enumerated() {
            if let r = out[k] {
                plan.decoded[i] = r
            } else {
                plan.resultOf[i] = nil
                plan.reasons[i] = .uncached
            }
        }
    }

    /// What to store of a result computed in this run; nil when it cannot be stored, or
    /// should not be (a tool error, such as a file gone between the passes, is not kept).
    static func fresh(
        _ result: ScanUnitResult, consulted: Set<UInt64>, path: String, contentHash: UInt64, encoder: JSONEncoder
    ) -> FreshResult? {
        guard result.toolErrors.isEmpty, let bloom = identifierBloom(path) else { return nil }
        var payload: [UInt8] = []
        if !result.findings.isEmpty || !result.skipped.isEmpty || !result.toolErrors.isEmpty {
            let outcome = CachedOutcome(
                findings: result.findings.map(WireOutcome.WireFinding.init), skipped: result.skipped,
                toolErrors: result.toolErrors)
            guard let data = try? encoder.encode(outcome) else { return nil }
            payload = Array(data)
        }
        let uses = result.uses.sorted { $0.key < $1.key }
        return FreshResult(
            path: path, contentHash: contentHash, consulted: consulted.sorted(), bloom: bloom, usesNames: uses.map(\.key),
            usesCounts: uses.map { Int64($0.value) }, payload: payload)
    }

    /// The content hash of a file as pass 1 saw it (what its stored result is valid for).
    func contentHash(_ f: ScannedFile) -> UInt64? {
        switch f {
        case .stored(let r, _, _): return previous?.records[r].contentHash
        case .scanned(_, _, let facts): return facts?.contentHash
        case .unreadable: return nil
        }
    }

    /// The verbose notes: how many results came from the cache, and why the others did not.
    static func summary(
        _ plan: Plan, fromCache: Int, of total: Int, paths: [String], display: (String) -> String
    ) -> [String] {
        var out = ["scan: \(fromCache) of \(total) files from the cache"]
        if !plan.changedNames.isEmpty {
            let n = plan.changedNames.count
            out.append("scan: \(n) name\(n == 1 ? "" : "s") with changed definitions")
        }
        let again = plan.reasons.keys.map { display(paths[$0]) }.sorted()
        guard !again.isEmpty else { return out }
        let counts = Reason.allCases.compactMap { r -> String? in
            let n = plan.reasons.values.filter { $0 == r }.count
            return n > 0 ? "\(n) \(r.rawValue)" : nil
        }
        if plan.reasons.values.allSatisfy({ $0 == .uncached }) {
            out.append("scan: \(again.count) file\(again.count == 1 ? "" : "s") not in the cache")
        } else {
            let shown = again.prefix(20).joined(separator: ", ") + (again.count > 20 ? ", and \(again.count - 20) more" : "")
            out.append(
                "scan: re-analyzed \(again.count) file\(again.count == 1 ? "" : "s") (\(counts.joined(separator: ", "))): \(shown)"
            )
        }
        return out
    }

    // MARK: Writing

    /// The generation the stored results of this run belong to (set by `saveIndex`).
    private(set) var generation: UInt64?

    /// Stores the index of this run's files when the tree changed (or many stamps did); keeps
    /// the stored generation when only stamps changed. Before the index is built (the scans
    /// are still whole).
    func saveIndex(_ paths: [String], _ files: [ScannedFile], plan: Plan) {
        let write = plan.treeChanged || plan.restamped >= 64
        guard write else {
            generation = previous?.generation
            return
        }
        if !plan.treeChanged, previous?.load() != true {
            generation = previous?.generation
            return
        }
        let newGeneration = plan.treeChanged ? UInt64.random(in: 1...UInt64.max) : (previous?.generation ?? 1)
        var records: [StoredFileRecord] = []
        var pathBytes: [UInt8] = []
        var written: [Int] = []   // paths' index of each record
        var symbolCount: UInt64 = 0, identifierCount: UInt64 = 0, includeCount: UInt64 = 0
        for (i, f) in files.enumerated() {
            var e = StoredFileRecord()
            switch f {
            case .unreadable: continue
            case .stored(let r, let stamp, _):
                guard let previous else { continue }
                let old = previous.records[r]
                e.contentHash = old.contentHash
                e.flags = old.flags
                e.set(stamp, racyBefore: racyBefore)
                e.symbolsCount = old.symbolsCount
                e.identifiersCount = old.identifiersCount
                e.includesCount = old.includesCount
            case .scanned(let scan, _, let facts):
                guard let facts else { continue }
                e.contentHash = facts.contentHash
                e.flags = (facts.binary ? StoredFileRecord.binary : 0) | (scan?.hasShift == true ? StoredFileRecord.hasShift : 0)
                e.set(facts.stamp, racyBefore: racyBefore)
                e.symbolsCount = UInt64(scan?.symbols.count ?? 0)
                e.identifiersCount = UInt64(scan?.identifiers.count ?? 0)
                e.includesCount = UInt64(scan?.includes.count ?? 0)
            }
            let path = Array(paths[i].utf8)
            e.pathStart = UInt64(pathBytes.count)
            e.pathLength = UInt64(path.count)
            pathBytes += path
            e.symbolsStart = symbolCount
            e.identifiersStart = identifierCount
            e.includesStart = includeCount
            symbolCount += e.symbolsCount
            identifierCount += e.identifiersCount
            includeCount += e.includesCount
            records.append(e)
            written.append(i)
        }
        do {
            let w = try CacheFileWriter(
                path: indexPath, magic: StoredIndex.magic, key: identity, generation: newGeneration, sections: 5)
            w.beginSection()
            w.append(records)
            w.endSection()
            w.beginSection()
            w.append(pathBytes)
            w.endSection()
            w.beginSection()
            for i in written {
                switch files[i] {
                case .stored(let r, _, _):
                    guard let previous else { continue }
                    let e = previous.records[r]
                    w.append(
                        UnsafeRawBufferPointer(
                            rebasing: UnsafeRawBufferPointer(previous.symbols)[
                                range(e.symbolsStart, e.symbolsCount, of: StoredSymbol.self)]))
                case .scanned(let scan, _, let facts):
                    guard let scan, let facts else { continue }
                    let symbols = zip(scan.symbols, facts.definitions).map { s, d in
                        StoredSymbol(
                            name: s.hash, definition: d, start: s.start, end: s.end, line: s.line,
                            identifiersStart: s.identifiersStart, identifiersCount: s.identifiersCount, kind: s.kind.rawValue,
                            flag: s.flag ? 1 : 0)
                    }
                    w.append(symbols)
                case .unreadable: continue
                }
            }
            w.endSection()
            w.beginSection()
            for i in written {
                switch files[i] {
                case .stored(let r, _, _):
                    guard let previous else { continue }
                    let e = previous.records[r]
                    w.append(
                        UnsafeRawBufferPointer(
                            rebasing: UnsafeRawBufferPointer(previous.identifiers)[
                                range(e.identifiersStart, e.identifiersCount, of: UInt64.self)]))
                case .scanned(let scan, _, _): if let scan { w.append(scan.identifiers) }
                case .unreadable: continue
                }
            }
            w.endSection()
            w.beginSection()
            for i in written {
                switch files[i] {
                case .stored(let r, _, _):
                    guard let previous else { continue }
                    let e = previous.records[r]
                    w.append(
                        UnsafeRawBufferPointer(
                            rebasing: UnsafeRawBufferPointer(previous.includes)[
                                range(e.includesStart, e.includesCount, of: UInt64.self)]))
                case .scanned(let scan, _, _): if let scan { w.append(scan.includes.sorted()) }
                case .unreadable: continue
                }
            }
            w.endSection()
            try w.commit()
            generation = newGeneration
            if plan.treeChanged {
                // Results of other options were computed against the index just replaced.
                for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
                where name.hasPrefix("results-") && name.hasSuffix(".bin") && directory + "/" + name != resultsPath {
                    unlink(directory + "/" + name)
                }
            }
            sweep()
        } catch {
            writeProblem(error)
            generation = nil
        }
    }

    private func range<T>(_ start: UInt64, _ count: UInt64, of: T.Type) -> Range<Int> {
        let stride = MemoryLayout<T>.stride
        return (Int(start) * stride)..<(Int(start + count) * stride)
    }

    /// Stores every valid result: the stored ones still valid (whatever shard analyzed them)
    /// and this run's. Needs the built index (its shifting names are part of the results).
    func saveResults(_ paths: [String], plan: Plan, fresh: [Int: FreshResult], index: TreeIndex) {
        guard let generation, !writeFailed else { return }
        let kept = plan.resultOf.compactMap { $0 }.count
        guard !fresh.isEmpty || stored == nil || kept != plan.storedResults || generation != stored?.generation else { return }
        var sources: [(Int, Int?, FreshResult?)] = []   // paths' index, stored record, fresh
        for i in paths.indices {
            if let f = fresh[i] {
                sources.append((i, nil, f))
            } else if let e = plan.resultOf[i] {
                sources.append((i, e, nil))
            }
        }
        let consulted = stored?.checked(2, as: UInt64.self, { ($0.consultedStart, $0.consultedCount) })
        let blooms = stored?.checked(3, as: UInt64.self, { ($0.bloomStart, $0.bloomCount) })
        let names = stored?.checked(4, as: UInt64.self, { ($0.usesStart, $0.usesCount) })
        let counts = stored?.checked(5, as: Int64.self, { ($0.usesStart, $0.usesCount) })
        let payloads = stored?.checked(6, as: UInt8.self, { ($0.payloadStart, $0.payloadLength) })
        if stored != nil && (consulted == nil || blooms == nil || names == nil || counts == nil || payloads == nil) {
            sources.removeAll { $0.1 != nil }
        }
        var records: [StoredResultRecord] = []
        var pathBytes: [UInt8] = []
        var at = (consulted: UInt64(0), bloom: UInt64(0), uses: UInt64(0), payload: UInt64(0))
        for (i, e, f) in sources {
            var r = StoredResultRecord()
            let path = Array(paths[i].utf8)
            r.pathStart = UInt64(pathBytes.count)
            r.pathLength = UInt64(path.count)
            pathBytes += path
            if let f {
                r.contentHash = f.contentHash
                r.consultedCount = UInt64(f.consulted.count)
                r.bloomCount = UInt64(f.bloom.count)
                r.usesCount = UInt64(f.usesNames.count)
                r.payloadLength = UInt64(f.payload.count)
            } else if let e, let old = stored?.records[e] {
                r.contentHash = old.contentHash
                r.consultedCount = old.consultedCount
                r.bloomCount = old.bloomCount
                r.usesCount = old.usesCount
                r.payloadLength = old.payloadLength
            }
            r.consultedStart = at.consulted
            r.bloomStart = at.bloom
            r.usesStart = at.uses
            r.payloadStart = at.payload
            at.consulted += r.consultedCount
            at.bloom += r.bloomCount
            at.uses += r.usesCount
            at.payload += r.payloadLength
            records.append(r)
        }
        func copy<T>(_ w: CacheFileWriter, _ section: UnsafeBufferPointer<T>?, _ start: UInt64, _ count: UInt64) {
            guard let section else { return }
            w.append(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(section)[range(start, count, of: T.self)]))
        }
        do {
            let w = try CacheFileWriter(
                path: resultsPath, magic: StoredResults.magic, key: resultsKey, generation: generation,
                sections: StoredResults.sections)
            w.beginSection()
            w.append(records)
            w.endSection()
            w.beginSection()
            w.append(pathBytes)
            w.endSection()
            // One section per per-file array: this run's, or the stored run's bytes copied.
            func section<T>(
                _ fresh: (FreshResult) -> [T], _ old: UnsafeBufferPointer<T>?,
                _ extent: (StoredResultRecord) -> (start: UInt64, count: UInt64)
            ) {
                w.beginSection()
                for (_, e, f) in sources {
                    if let f {
                        w.append(fresh(f))
                    } else if let e, let record = stored?.records[e] {
                        let (start, count) = extent(record)
                        copy(w, old, start, count)
                    }
                }
                w.endSection()
            }
            section({ $0.consulted }, consulted) { ($0.consultedStart, $0.consultedCount) }
            section({ $0.bloom }, blooms) { ($0.bloomStart, $0.bloomCount) }
            section({ $0.usesNames }, names) { ($0.usesStart, $0.usesCount) }
            section({ $0.usesCounts }, counts) { ($0.usesStart, $0.usesCount) }
            section({ $0.payload }, payloads) { ($0.payloadStart, $0.payloadLength) }
            w.beginSection()
            w.append(index.shifting.sorted())
            w.endSection()
            w.beginSection()
            w.append(index.shiftingFunctionLike.sorted())
            w.endSection()
            try w.commit()
            sweep()
        } catch {
            writeProblem(error)
        }
    }

    /// Removes what no run will read: temporary files of runs that died, and the directories
    /// of roots not scanned for 30 days.
    private func sweep() {
        guard !swept else { return }
        swept = true
        let fm = FileManager.default
        let now = Date()
        for name in (try? fm.contentsOfDirectory(atPath: directory)) ?? [] where name.contains(".tmp-") {
            let path = directory + "/" + name
            if let m = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date, now.timeIntervalSince(m) > 3600 {
                try? fm.removeItem(atPath: path)
            }
        }
        for name in (try? fm.contentsOfDirectory(atPath: base)) ?? [] where name.hasPrefix("scan-") {
            let dir = base + "/" + name
            guard dir != directory else { continue }
            let used = (try? fm.attributesOfItem(atPath: dir + "/roots"))?[.modificationDate] as? Date
            if let used, now.timeIntervalSince(used) > 30 * 86400 { try? fm.removeItem(atPath: dir) }
        }
    }
}

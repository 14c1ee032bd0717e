import Foundation
import XCTest
@testable import ShiftLint

/// The scan's cache (`--cache-dir`, docs/cache.md), on synthetic trees run for real: a re-run
/// gives the same report from the cache; an edit re-analyzes exactly the files whose results
/// depend on what changed, and the report equals an uncached run's; a damaged cache, other
/// options or an unwritable directory never change the report.
final class ScanCacheTests: XCTestCase {
    /// a.c uses WIDTH, d.h's define uses WIDTH, b.c uses OTHER, c.c shifts by a local only
    /// (and has a finding of its own),
    /// e.c calls MUL (not shifting yet) and uses SHIFTY (defined nowhere yet).
    static let tree: [String: String] = [
        "include/defs.h": "#define WIDTH 30\n#define OTHER 7\n#define MUL(x) ((x) * 2)\n",
        "a.c": "#include <defs.h>\nint a(void) { return 1 << WIDTH; }\n",
        "b.c": "#include <defs.h>\nint b(void) { return 1 << OTHER; }\n",
        "c.c": "int c(int x, int n) { return (x << n) | (1 << 31); }\n",
        "d.h": "#define USES_WIDTH (1U << WIDTH)\n",
        "e.c": "int e(int y) { return MUL(y) + (1 << SHIFTY); }\n",
    ]

    var directories: [URL] = []

    override func tearDown() {
        for d in directories { try? FileManager.default.removeItem(at: d) }
        directories = []
    }

    func makeDirectory(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        directories.append(dir)
        return dir
    }

    func makeTree(_ files: [String: String] = ScanCacheTests.tree) throws -> URL {
        let dir = try makeDirectory("cache-tree")
        for (path, text) in files { try write(text, to: dir.appendingPathComponent(path)) }
        return dir
    }

    func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func scan(_ dir: URL, cache: URL?, checks: Set<CheckID> = Set(CheckID.allCases), jobs: Int = 2) -> AnalysisReport {
        var options = AnalysisOptions(enabledChecks: checks, verbose: true, jobs: jobs)
        options.scan = true
        options.cacheDirectory = cache?.path
        return Analyzer(options: options).analyze(InputSet(paths: ["."], workingDirectory: dir.path))
    }

    func json(_ report: AnalysisReport) throws -> String { try JSONReporter.render(report.findings) }

    /// The note saying how many files came from the cache, as (from, of).
    func fromCache(_ report: AnalysisReport, file: StaticString = #filePath, line: UInt = #line) -> (Int, Int)? {
        for note in report.notes {
            guard note.hasPrefix("scan: "), note.hasSuffix(" files from the cache") else { continue }
            let words = note.split(separator: " ")
            if words.count == 8, let a = Int(words[1]), let b = Int(words[3]) { return (a, b) }
        }
        XCTFail("no cache note in \(report.notes)", file: file, line: line)
        return nil
    }

    /// The files the run re-analyzed, from its verbose note.
    func reanalyzed(_ report: AnalysisReport) -> [String] {
        guard let note = report.notes.first(where: { $0.hasPrefix("scan: re-analyzed ") }),
            let colon = note.range(of: "): ")
        else { return [] }
        return note[colon.upperBound...].components(separatedBy: ", ")
    }

    /// A run from the cache must give what an uncached run gives, to the byte.
    func assertSameAsUncached(_ report: AnalysisReport, _ dir: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let fresh = scan(dir, cache: nil)
        XCTAssertEqual(try json(report), try json(fresh), file: file, line: line)
        XCTAssertEqual(report.findings, fresh.findings, file: file, line: line)
        XCTAssertEqual(report.toolErrors, fresh.toolErrors, file: file, line: line)
        let skipped = { (r: AnalysisReport) in r.notes.filter { !$0.hasPrefix("scan") } }
        XCTAssertEqual(skipped(report), skipped(fresh), file: file, line: line)
    }

    func findingLines(_ report: AnalysisReport) -> Set<String> {
        Set(report.findings.map { "\($0.file):\($0.line)" })
    }

    // MARK: (a) a re-run

    func testRerunIsIdenticalAndComesFromTheCache() throws {
        let dir = try makeDirectory("scan-tree")
        for (path, text) in ScanTests.tree { try write(text, to: dir.appendingPathComponent(path)) }
        let cache = try makeDirectory("cache")
        let first = scan(dir, cache: cache)
        XCTAssertEqual(first.toolErrors, [])
        XCTAssertFalse(first.findings.isEmpty)
        let n = ScanTests.tree.count
        XCTAssertEqual(fromCache(first)?.0, 0)
        let second = scan(dir, cache: cache)
        XCTAssertEqual(fromCache(second)?.0, n)
        XCTAssertEqual(fromCache(second)?.1, n)
        XCTAssertTrue(second.notes.contains("scan: no file changed since the cached run: the index is not rebuilt"))
        XCTAssertEqual(reanalyzed(second), [])
        XCTAssertEqual(try json(second), try json(first))
        // Every field, the ones JSON leaves out too (source lines, fix candidates, facts).
        XCTAssertEqual(second.findings, first.findings)
        XCTAssertEqual(second.findings.map(\.sourceLine), first.findings.map(\.sourceLine))
        try assertSameAsUncached(second, dir)
    }

    /// The command line: `--format json` twice gives the same bytes, the second time from
    /// the cache; `--no-cache` writes nothing.
    func testCommandLineRerun() throws {
        let dir = try makeTree()
        let cache = try makeDirectory("cli-cache")
        let arguments = ["--scan", "--format", "json", "--verbose", "--cache-dir", cache.path, "."]
        let first = try runProgram(Repo.executable.path, arguments, cwd: dir.path)
        XCTAssertEqual(first.status, 1, first.stderr)
        XCTAssertTrue(first.stderr.contains("scan: 0 of 6 files from the cache"), first.stderr)
        let second = try runProgram(Repo.executable.path, arguments, cwd: dir.path)
        XCTAssertEqual(second.status, 1, second.stderr)
        XCTAssertTrue(second.stderr.contains("scan: 6 of 6 files from the cache"), second.stderr)
        XCTAssertEqual(second.stdout, first.stdout)
        let other = try makeDirectory("no-cache")
        let uncached = try runProgram(
            Repo.executable.path, ["--scan", "--format", "json", "--no-cache", "."], cwd: dir.path,
            environment: ["XDG_CACHE_HOME": other.path])
        XCTAssertEqual(uncached.stdout, first.stdout)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: other.path), [])
        let both = try runProgram(
            Repo.executable.path, ["--scan", "--no-cache", "--cache-dir", cache.path, "."], cwd: dir.path)
        XCTAssertNotEqual(both.status, 0)
        XCTAssertTrue(both.stderr.contains("--no-cache and --cache-dir exclude each other"), both.stderr)
    }

    // MARK: (b) an edited header

    func testEditedDefineReanalyzesExactlyItsUsers() throws {
        let dir = try makeTree()
        let cache = try makeDirectory("cache")
        let first = scan(dir, cache: cache)
        XCTAssertFalse(findingLines(first).contains("a.c:2"))
        // The same length: only WIDTH's definition changes (OTHER and MUL keep their places).
        try write(
            "#define WIDTH 32\n#define OTHER 7\n#define MUL(x) ((x) * 2)\n", to: dir.appendingPathComponent("include/defs.h"))
        let second = scan(dir, cache: cache)
        XCTAssertEqual(reanalyzed(second), ["a.c", "d.h", "include/defs.h"], "\(second.notes)")
        XCTAssertEqual(fromCache(second)?.0, 3)
        XCTAssertTrue(
            second.notes.contains { $0.hasPrefix("scan: re-analyzed 3 files (1 changed, 2 through changed definitions)") },
            "\(second.notes)")
        XCTAssertTrue(findingLines(second).isSuperset(of: ["a.c:2", "d.h:1"]), "\(findingLines(second))")
        try assertSameAsUncached(second, dir)
        // Shorter: OTHER and MUL move too (their places show in findings and notes), so b.c is
        // analyzed again; c.c and e.c, which look up none of the header's names, are not.
        try write(
            "#define WIDTH 3\n#define OTHER 7\n#define MUL(x) ((x) * 2)\n", to: dir.appendingPathComponent("include/defs.h"))
        let third = scan(dir, cache: cache)
        XCTAssertEqual(reanalyzed(third), ["a.c", "b.c", "d.h", "include/defs.h"], "\(third.notes)")
        XCTAssertEqual(fromCache(third)?.0, 2)
        try assertSameAsUncached(third, dir)
        // Nothing changed: everything from the cache again.
        let fourth = scan(dir, cache: cache)
        XCTAssertEqual(fromCache(fourth)?.0, 6)
        try assertSameAsUncached(fourth, dir)
    }

    /// A define that starts to shift: e.c, whose result did not look MUL up (it was no
    /// shifting macro), is analyzed again because its tokens name it: its use of MUL counts.
    func testMacroThatStartsToShiftReanalyzesTheFilesNamingIt() throws {
        let dir = try makeTree()
        let cache = try makeDirectory("cache")
        _ = scan(dir, cache: cache)
        try write(
            "#define WIDTH 30\n#define OTHER 7\n#define MUL(x) ((x) + (1 << 32))\n",
            to: dir.appendingPathComponent("include/defs.h"))
        let second = scan(dir, cache: cache)
        XCTAssertEqual(reanalyzed(second), ["e.c", "include/defs.h"], "\(second.notes)")
        XCTAssertTrue(second.notes.contains { $0.contains("1 through a changed shifting macro") }, "\(second.notes)")
        let mul = try XCTUnwrap(second.findings.first { $0.macro == "MUL" })
        XCTAssertEqual(mul.expansions, 1)
        try assertSameAsUncached(second, dir)
    }

    /// Touching a file (a new stamp, the same content) re-analyzes nothing.
    func testTouchedFileIsNotReanalyzed() throws {
        let dir = try makeTree()
        let cache = try makeDirectory("cache")
        _ = scan(dir, cache: cache)
        let header = dir.appendingPathComponent("include/defs.h").path
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: header)
        let second = scan(dir, cache: cache)
        XCTAssertEqual(fromCache(second)?.0, 6)
        XCTAssertEqual(reanalyzed(second), [])
        try assertSameAsUncached(second, dir)
    }

    // MARK: (c) a new header

    func testNewHeaderDefiningAnUnknownNameChangesItsUsers() throws {
        let dir = try makeTree()
        let cache = try makeDirectory("cache")
        let first = scan(dir, cache: cache)
        XCTAssertFalse(findingLines(first).contains("e.c:1"), "SHIFTY is unknown: no finding")
        try write("#define SHIFTY 40\n", to: dir.appendingPathComponent("include/shifty.h"))
        let second = scan(dir, cache: cache)
        XCTAssertEqual(reanalyzed(second), ["e.c", "include/shifty.h"], "\(second.notes)")
        XCTAssertTrue(second.notes.contains { $0.contains("(1 new, 1 through changed definitions)") }, "\(second.notes)")
        XCTAssertTrue(findingLines(second).contains("e.c:1"), "\(findingLines(second))")
        try assertSameAsUncached(second, dir)
        // And removed again: the finding goes.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("include/shifty.h"))
        let third = scan(dir, cache: cache)
        XCTAssertEqual(reanalyzed(third), ["e.c"], "\(third.notes)")
        XCTAssertFalse(findingLines(third).contains("e.c:1"))
        try assertSameAsUncached(third, dir)
    }

    // MARK: (d) a damaged cache

    func cacheFiles(_ cache: URL) throws -> [URL] {
        var out: [URL] = []
        for sub in try FileManager.default.contentsOfDirectory(atPath: cache.path) {
            let dir = cache.appendingPathComponent(sub)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".bin") {
                out.append(dir.appendingPathComponent(name))
            }
        }
        return out.sorted { $0.path < $1.path }
    }

    /// Each cache file damaged in several ways: the report is the uncached run's, on the
    /// unchanged tree and after an edit (which reads the rest of the cache); a damage found
    /// when the file is opened is said under --verbose, and the run writes the cache again.
    func testDamagedCacheIsIgnored() throws {
        let dir = try makeTree()
        let cache = try makeDirectory("cache")
        _ = scan(dir, cache: cache)
        let files = try cacheFiles(cache)
        XCTAssertEqual(files.map(\.lastPathComponent).filter { $0 == "index.bin" }.count, 1)
        XCTAssertEqual(files.count, 2, "\(files)")
        let damages: [(String, Bool, (Data) -> Data)] =
            [
                ("truncated", true, { $0.prefix($0.count / 2) }),
                ("empty", true, { _ in Data() }),
                ("garbage", true, { d in Data((0..<d.count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }) }),
                (
                    "a byte of the header", true,
                    { d in
                        var d = d
                        d[20] ^= 0x01
                        return d
                    }
                ),
                // Still well-formed: only the checksum tells (a finding's message would change).
                (
                    "a letter of a stored message", false,
                    { d in
                        var d = d
                        if let r = d.range(of: Data("\"message\"".utf8)), r.upperBound + 8 < d.count {
                            d[r.upperBound + 8] ^= 0x01
                        }
                        return d
                    }
                ),
            ]
            + (1...7).map { k in
                (
                    "byte \(k)/8 of the data", false,
                    { (d: Data) -> Data in
                        var d = d
                        d[d.count * k / 8] ^= 0x40
                        return d
                    }
                )
            }
        var width = 30
        let header = dir.appendingPathComponent("include/defs.h")
        for file in files {
            for (what, atOpen, damage) in damages {
                let label = "\(file.lastPathComponent), \(what)"
                _ = scan(dir, cache: cache)   // a whole cache again
                let damaged = damage(try Data(contentsOf: file))
                try damaged.write(to: file)
                let unchanged = scan(dir, cache: cache)
                XCTAssertEqual(unchanged.toolErrors, [], label)
                if atOpen {
                    XCTAssertTrue(unchanged.notes.contains { $0.hasPrefix("scan cache: ") && $0.contains("ignored") }, label)
                    XCTAssertEqual(fromCache(scan(dir, cache: cache))?.0, 6, label)
                }
                try assertSameAsUncached(unchanged, dir)
                // An edit: the stored symbols, names and filters are read (damaged again if
                // the run wrote the file anew).
                let now = try Data(contentsOf: file)
                if now != damaged { try damage(now).write(to: file) }
                width = width == 30 ? 32 : 30
                try write("#define WIDTH \(width)\n#define OTHER 7\n#define MUL(x) ((x) * 2)\n", to: header)
                let edited = scan(dir, cache: cache)
                XCTAssertEqual(edited.toolErrors, [], label)
                try assertSameAsUncached(edited, dir)
            }
        }
    }

    /// Another file in the cache's place, and leftovers of a run that died.
    func testStrangeFilesInTheCacheDirectory() throws {
        let dir = try makeTree()
        let cache = try makeDirectory("cache")
        let first = scan(dir, cache: cache)
        let sub = try XCTUnwrap(try cacheFiles(cache).first).deletingLastPathComponent()
        try FileManager.default.removeItem(at: sub.appendingPathComponent("index.bin"))
        try FileManager.default.createDirectory(at: sub.appendingPathComponent("index.bin"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: sub.appendingPathComponent("index.bin.tmp-1-2"))
        let second = scan(dir, cache: cache)
        XCTAssertEqual(second.findings, first.findings)
        XCTAssertTrue(second.notes.contains { $0.hasPrefix("scan cache: ") }, "\(second.notes)")
    }

    // MARK: (e) other options

    func testOtherOptionsAreNotServedFromTheCache() throws {
        let dir = try makeTree()
        let cache = try makeDirectory("cache")
        _ = scan(dir, cache: cache)
        let some: Set<CheckID> = [.shiftCountOverflow]
        let other = scan(dir, cache: cache, checks: some)
        XCTAssertEqual(fromCache(other)?.0, 0)
        var options = AnalysisOptions(enabledChecks: some, verbose: true, jobs: 2)
        options.scan = true
        let fresh = Analyzer(options: options).analyze(InputSet(paths: ["."], workingDirectory: dir.path))
        XCTAssertEqual(other.findings, fresh.findings)
        XCTAssertTrue(other.findings.allSatisfy { $0.check == .shiftCountOverflow })
        // Each set of options keeps its results while the tree is unchanged.
        XCTAssertEqual(fromCache(scan(dir, cache: cache))?.0, 6)
        XCTAssertEqual(fromCache(scan(dir, cache: cache, checks: some))?.0, 6)
        // Compiler arguments (-I directories are indexed) are options too.
        var withInclude = AnalysisOptions(verbose: true, jobs: 2)
        withInclude.compilerArguments = ["-I", dir.appendingPathComponent("include").path]
        withInclude.scan = true
        withInclude.cacheDirectory = cache.path
        let included = Analyzer(options: withInclude).analyze(InputSet(paths: ["."], workingDirectory: dir.path))
        XCTAssertEqual(fromCache(included)?.0, 0)
    }

    // MARK: An unwritable directory

    func testUnwritableCacheDirectoryGivesOneNote() throws {
        let dir = try makeTree()
        let blocker = try makeDirectory("blocker").appendingPathComponent("file")
        try Data("not a directory".utf8).write(to: blocker)
        let report = scan(dir, cache: blocker.appendingPathComponent("cache"))
        let notes = report.notes.filter { $0.hasPrefix("scan cache:") }
        XCTAssertEqual(notes.count, 1, "\(report.notes)")
        XCTAssertTrue(notes.first?.hasSuffix("the run continues uncached") ?? false, "\(notes)")
        XCTAssertEqual(report.toolErrors, [])
        try assertSameAsUncached(report, dir)
    }

    // MARK: Concurrent runs

    func testConcurrentRunsShareTheCache() throws {
        let dir = try makeTree()
        let cache = try makeDirectory("cache")
        let expected = scan(dir, cache: nil).findings
        let reports = ReportBox()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in reports.add(self.scan(dir, cache: cache, jobs: 1)) }
        for r in reports.all { XCTAssertEqual(r.findings, expected) }
        let after = scan(dir, cache: cache)
        XCTAssertEqual(after.findings, expected)
        XCTAssertEqual(fromCache(after)?.0, 6)
    }

    final class ReportBox: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var all: [AnalysisReport] = []
        func add(_ r: AnalysisReport) {
            lock.lock()
            all.append(r)
            lock.unlock()
        }
    }

    // MARK: Pieces

    func testDefaultDirectory() {
        XCTAssertEqual(ScanCache.defaultDirectory(["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"]), "/x/cache/shiftlint")
        XCTAssertEqual(ScanCache.defaultDirectory(["HOME": "/home/u"]), "/home/u/.cache/shiftlint")
        XCTAssertEqual(ScanCache.defaultDirectory(["XDG_CACHE_HOME": "relative", "HOME": "/h"]), "/h/.cache/shiftlint")
        XCTAssertNil(ScanCache.defaultDirectory([:]))
    }

    /// Fed in pieces or at once, the same hash; any change of a byte, another hash.
    func testContentHasher() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let whole = bytes.withUnsafeBytes { ContentHasher.hash($0) }
        for cut in [0, 1, 7, 15, 16, 17, 333, 999, 1000] {
            var h = ContentHasher()
            bytes[..<cut].withUnsafeBytes { h.update($0) }
            bytes[cut...].withUnsafeBytes { h.update($0) }
            XCTAssertEqual(h.value, whole, "cut at \(cut)")
        }
        var seen = Set([whole])
        for i in stride(from: 0, to: 1000, by: 37) {
            var changed = bytes
            changed[i] ^= 1
            XCTAssertTrue(seen.insert(changed.withUnsafeBytes { ContentHasher.hash($0) }).inserted, "byte \(i)")
        }
        XCTAssertNotEqual(ContentHasher.hash(""), ContentHasher.hash("\u{0}"))
    }

    func testNameBloom() {
        let names = Set((0..<500).map { nameHash("name\($0)") })
        let words = NameBloom.make(names)
        XCTAssertEqual(words.count & (words.count - 1), 0)
        words.withUnsafeBufferPointer { w in
            for n in names { XCTAssertTrue(NameBloom.mayContain(w, n)) }
            let misses = (0..<10000).filter { NameBloom.mayContain(w, nameHash("other\($0)")) }.count
            XCTAssertLessThan(misses, 600, "false positives")
        }
    }

    /// The cache is exact only while pass 2 reaches the index through what it records: the
    /// names it looks up (`ScanScope.candidates`) and the shifting sets it tests the file's
    /// own tokens against. Another use of the index by pass 2 needs the cache to know of it
    /// (docs/cache.md).
    func testPassTwoUsesOnlyWhatTheCacheTracks() throws {
        // `isName` (whether a macro use's argument names something the tree defines) is
        // recorded with `ScanScope.noteConsulted`, as `MacroTaint`'s answers are.
        let known: Set<String> = ["files", "symbols", "shifting", "shiftingFunctionLike", "isVisible", "isName"]
        let scanFolder = Repo.root.appendingPathComponent("Sources/ShiftLint/Scan")
        let regex = try NSRegularExpression(pattern: #"\bindex\.([A-Za-z_]+)"#)
        for name in ["ScanUnit.swift", "ScanNames.swift", "SymbolReader.swift", "MacroTaint.swift"] {
            let text = try String(contentsOf: scanFolder.appendingPathComponent(name), encoding: .utf8)
            let ns = text as NSString
            let used = Set(
                regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map {
                    ns.substring(with: $0.range(at: 1))
                })
            XCTAssertFalse(used.isEmpty, name)
            XCTAssertEqual(used.subtracting(known), [], "\(name) uses more of the index than the scan's cache tracks")
        }
    }
}

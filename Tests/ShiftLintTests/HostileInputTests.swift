import Foundation
import XCTest

/// Hostile but legal C, generated at test time, through the real binary and its worker
/// processes: whatever one file does (overflow libclang's stack, expand a macro bomb, crash,
/// hang), the run completes within its limits, the other files' findings are reported, the
/// bad file is named, and the run's peak memory stays bounded.
final class HostileInputTests: XCTestCase {
    var exe: String { Repo.executable.path }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
        /// Peak resident memory of the run (the driver and every worker), in MiB.
        var peakMiB: Int
    }

    /// Runs shiftlint on a directory holding two good files and `bad`, measuring the peak
    /// resident memory of the whole process tree (wait4 reports the largest descendant).
    func run(
        _ bad: [String: String], _ options: [String] = [], environment: [String: String] = [:],
        interruptAfter: Double? = nil
    ) throws -> Run {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "#define OK_A (1 << 31)\n".write(to: dir.appendingPathComponent("a.c"), atomically: true, encoding: .utf8)
        try "#define OK_B (1 << 31)\n".write(to: dir.appendingPathComponent("b.c"), atomically: true, encoding: .utf8)
        for (name, text) in bad { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let measure = """
            import os, subprocess, sys, time
            start = time.monotonic()
            p = subprocess.Popen(sys.argv[3:], cwd=sys.argv[1])
            interrupt = float(sys.argv[2])
            if interrupt > 0:
                time.sleep(interrupt)
                p.send_signal(2)
            _, status, usage = os.wait4(p.pid, 0)
            print(os.waitstatus_to_exitcode(status), time.monotonic() - start, usage.ru_maxrss // 1024, file=sys.stderr)
            """
        let start = Date()
        let r = try runProgram(
            "/usr/bin/env",
            ["python3", "-c", measure, dir.path, String(interruptAfter ?? 0), exe, "--per-file", "--no-color"] + options + ["."],
            environment: environment, timeout: 300)
        let last = r.stderr.split(separator: "\n").last.map(String.init) ?? ""
        let fields = last.split(separator: " ")
        let status = fields.count == 3 ? Int32(fields[0]) ?? -1 : -1
        let peak = fields.count == 3 ? Int(fields[2]) ?? -1 : -1
        return Run(status: status, stdout: r.stdout, stderr: r.stderr, seconds: Date().timeIntervalSince(start), peakMiB: peak)
    }

    func assertOthersReported(_ r: Run, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(
            r.stdout.contains("a.c:1:17: error"), "a.c's finding: \(r.stdout.prefix(300)) \(r.stderr.suffix(500))", file: file,
            line: line)
        XCTAssertTrue(r.stdout.contains("b.c:1:17: error"), "b.c's finding", file: file, line: line)
    }

    static func chain(_ terms: Int) -> String { "int x = " + Array(repeating: "1", count: terms).joined(separator: "+") + ";\n" }

    static func bomb(_ levels: Int) -> String {
        "#define a0 1\n" + (1...levels).map { "#define a\($0) (a\($0 - 1)+a\($0 - 1))\n" }.joined()
    }

    /// `1+1+…+1`: libclang recurses once per term. Before, 10^5 terms overflowed libclang's
    /// stack and killed the whole run (exit 139, no output); workers parse on a large stack.
    func testLongBinaryChains() throws {
        for terms in [100_000, 1_000_000] {
            let r = try run(["chain.c": Self.chain(terms) + "int y = 1 << 31;\n"])
            XCTAssertEqual(r.status, 1, "\(terms) terms: \(r.stderr.suffix(800))")
            assertOthersReported(r)
            XCTAssertTrue(r.stdout.contains("chain.c:2:11: error"), "the chain's own file is analyzed too (\(terms) terms)")
            XCTAssertLessThan(r.peakMiB, 4096)
            print("hostile: chain of \(terms) terms: \(String(format: "%.1f", r.seconds)) s, \(r.peakMiB) MiB")
        }
    }

    /// A macro bomb expanded in code makes libclang itself allocate without bound (before:
    /// 21.5 GB after 120 s); the worker is stopped at the memory limit.
    func testMacroBombInCode() throws {
        let r = try run(["bomb.c": Self.bomb(30) + "int x = a30 << 1;\n"], ["--memory-limit", "768"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("bomb.c: analysis used more than 768 MiB of memory (--memory-limit); skipped"), r.stderr)
        assertOthersReported(r)
        XCTAssertLessThan(r.peakMiB, 768 + 512, "workers × limit, plus what the watchdog's 20 ms may let through")
        XCTAssertLessThan(r.seconds, 60)
        print("hostile: macro bomb in code: \(String(format: "%.1f", r.seconds)) s, \(r.peakMiB) MiB")
    }

    /// The same bomb in defines only: shiftlint's own evaluator. Its budget stops each level
    /// once (before: 11 s and 1 GB for one line).
    func testMacroBombInDefines() throws {
        let r = try run(["bomb.c": Self.bomb(39) + "#define X (a39 << 31)\n#define Y (1 << 31)\n"], ["--verbose"])
        XCTAssertEqual(r.status, 1, r.stderr)
        assertOthersReported(r)
        XCTAssertTrue(r.stdout.contains("bomb.c:42:14: error"), "the defines after the bomb are checked")
        XCTAssertTrue(r.stderr.contains("in 'X': skipped: macro expansion exceeds 200000 tokens"), String(r.stderr.suffix(500)))
        XCTAssertLessThan(r.seconds, 30)
        XCTAssertLessThan(r.peakMiB, 1024)
        print("hostile: macro bomb in defines: \(String(format: "%.1f", r.seconds)) s, \(r.peakMiB) MiB")
    }

    /// 10^5-deep blocks and initializers: clang stops at its bracket limit; an error in the
    /// C code, not a tool error.
    func testDeeplyNestedBlocksAndInitializers() throws {
        let depth = 100_000
        let blocks = "void f(void) " + String(repeating: "{", count: depth) + String(repeating: "}", count: depth) + "\n"
        let inits = "int v[1] = " + String(repeating: "{", count: depth) + "1" + String(repeating: "}", count: depth) + ";\n"
        let r = try run(["blocks.c": blocks, "inits.c": inits])
        XCTAssertEqual(r.status, 1, r.stderr)
        assertOthersReported(r)
        XCTAssertLessThan(r.peakMiB, 2048)
    }

    /// A worker that crashes (the test hook raises SIGSEGV on the file, as libclang would):
    /// the file is a tool error, the others are reported, the next file gets a new worker.
    func testCrashingWorker() throws {
        let r = try run(["0-crash.c": "int x;\n"], ["-j", "1"], environment: ["SHIFTLINT_WORKER_FAULT": "crash:0-crash.c"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("0-crash.c: libclang crashed while parsing; skipped"), r.stderr)
        assertOthersReported(r)
    }

    /// A worker that hangs is stopped at --file-timeout.
    func testHangingWorker() throws {
        let r = try run(["hang.c": "int x;\n"], ["--file-timeout", "3"], environment: ["SHIFTLINT_WORKER_FAULT": "hang:hang.c"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("hang.c: analysis took longer than 3 s (--file-timeout); skipped"), r.stderr)
        assertOthersReported(r)
        XCTAssertLessThan(r.seconds, 30)
    }

    /// A worker that grows without bound is stopped at --memory-limit.
    func testGrowingWorker() throws {
        let r = try run(
            ["grow.c": "int x;\n"], ["--memory-limit", "400"], environment: ["SHIFTLINT_WORKER_FAULT": "memory:grow.c"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("grow.c: analysis used more than 400 MiB of memory (--memory-limit); skipped"), r.stderr)
        assertOthersReported(r)
        XCTAssertLessThan(r.peakMiB, 400 + 512)
    }

    /// SIGINT: what was finished is reported, marked incomplete, exit 2.
    func testInterruptKeepsWhatIsFinished() throws {
        let r = try run(
            ["z-hang.c": "int x;\n"], ["--format", "json"], environment: ["SHIFTLINT_WORKER_FAULT": "hang:z-hang.c"],
            interruptAfter: 3)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(
            r.stderr.contains("interrupted (SIGINT): 2 translation units analyzed, 1 not; the report is incomplete"), r.stderr)
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(doc["incomplete"] as? Bool, true)
        let files = try XCTUnwrap(doc["findings"] as? [[String: Any]]).compactMap { $0["file"] as? String }
        XCTAssertEqual(files, ["a.c", "b.c"])
        XCTAssertLessThan(r.seconds, 20)
    }
}

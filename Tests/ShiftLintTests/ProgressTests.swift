import Foundation
import XCTest
@testable import ShiftLint

/// Progress for long runs: each merged unit is reported in order with the total known so far
/// and the findings so far; on a terminal the line and the summary are on standard error,
/// nowhere else (and not with --quiet).
final class ProgressTests: XCTestCase {
    func testEveryUnitIsReportedInOrder() throws {
        let dir = try temporaryFile("a.c", "#include \"shared.h\"\n").deletingLastPathComponent()
        try "int b;\n".write(to: dir.appendingPathComponent("b.c"), atomically: true, encoding: .utf8)
        try "#define S (1 << 31)\n".write(to: dir.appendingPathComponent("shared.h"), atomically: true, encoding: .utf8)
        try "#define L (1 << 30)\n#define M (1 << 32)\n".write(
            to: dir.appendingPathComponent("lone.h"), atomically: true, encoding: .utf8)
        let analyzer = Analyzer(options: AnalysisOptions(jobs: 2))
        var seen: [String] = []
        analyzer.progress = { p in seen.append("\(p.done)/\(p.total) \(p.findings) \(p.file)") }
        let report = analyzer.analyze(InputSet(paths: ["."], workingDirectory: dir.path))
        XCTAssertEqual(report.translationUnits, 3)
        // shared.h was seen through a.c: it leaves the total, and only lone.h is parsed on its own.
        XCTAssertEqual(seen, ["1/3 1 a.c", "2/3 1 b.c", "3/3 2 lone.h"])
    }

    func testProgressLine() {
        let p = AnalysisProgress(done: 1234, total: 55000, findings: 17, file: "fs/ext4/inode.c")
        // 1234 files in 1 s: 53766 left at the same rate.
        XCTAssertEqual(ProgressLine.render(p, elapsed: 1.0), "[1234/55000 files, 17 findings, ETA 0:44] fs/ext4/inode.c")
        XCTAssertEqual(
            ProgressLine.render(AnalysisProgress(done: 0, total: 3, findings: 1, file: "a.c"), elapsed: 5),
            "[0/3 files, 1 finding] a.c", "no ETA before the first file")
        XCTAssertEqual(
            ProgressLine.render(AnalysisProgress(done: 3, total: 3, findings: 0, file: "c.c"), elapsed: 5),
            "[3/3 files, 0 findings] c.c", "no ETA at the end")
        // Cut to the terminal's width from the left of the path; without the path if need be.
        let cut = ProgressLine.render(p, elapsed: 1.0, width: 50)
        XCTAssertEqual(cut, "[1234/55000 files, 17 findings, ETA 0:44] …inode.c")
        XCTAssertEqual(cut.count, 50)
        XCTAssertEqual(ProgressLine.render(p, elapsed: 1.0, width: 20).count, 20)
        XCTAssertEqual(ProgressLine.render(p, elapsed: 1.0, width: 200), ProgressLine.render(p, elapsed: 1.0))
    }

    func testETA() {
        XCTAssertNil(ProgressLine.eta(done: 0, total: 10, elapsed: 3))
        XCTAssertNil(ProgressLine.eta(done: 10, total: 10, elapsed: 3))
        XCTAssertEqual(ProgressLine.eta(done: 1, total: 4, elapsed: 2), 6)
        XCTAssertEqual(ProgressLine.eta(done: 30, total: 40, elapsed: 60), 20)
        XCTAssertNil(ProgressLine.eta(done: 1, total: 4, elapsed: .nan))
        XCTAssertEqual(ProgressLine.clock(0), "0:00")
        XCTAssertEqual(ProgressLine.clock(0.2), "0:01", "rounded up: never 0:00 while work is left")
        XCTAssertEqual(ProgressLine.clock(42), "0:42")
        XCTAssertEqual(ProgressLine.clock(59.5), "1:00")
        XCTAssertEqual(ProgressLine.clock(725), "12:05")
        XCTAssertEqual(ProgressLine.clock(3723), "1:02:03")
        XCTAssertEqual(ProgressLine.clock(100 * 3600), "100:00:00")
        XCTAssertEqual(ProgressLine.clock(.infinity), "0:00")
        XCTAssertEqual(ProgressLine.clock(1e300), ProgressLine.clock(1e301), "no overflow")
    }

    func testSummary() {
        XCTAssertEqual(
            ProgressLine.summary(files: 55000, elapsed: 48.24, findings: 312), "shiftlint: 55000 files in 48.2 s, 312 findings")
        XCTAssertEqual(ProgressLine.summary(files: 1, elapsed: 0.04, findings: 1), "shiftlint: 1 file in 0.0 s, 1 finding")
        XCTAssertEqual(ProgressLine.duration(59.94), "59.9 s")
        XCTAssertEqual(ProgressLine.duration(59.96), "1 min 0 s")
        XCTAssertEqual(ProgressLine.duration(725), "12 min 5 s")
        XCTAssertEqual(ProgressLine.duration(7380), "2 h 3 min")
    }

    /// The real binary on a terminal (`script` gives it a pseudo-terminal): the progress line
    /// and the summary on standard error; nothing of them with --quiet or without a terminal.
    func testTerminalOnly() throws {
        guard let script = which("script") else { throw XCTSkip("script (util-linux) is not installed") }
        let dir = try temporaryFile("a.c", "#include \"f.h\"\nint a(void) { return F; }\n").deletingLastPathComponent()
        try "int b = 1 << 31;\n".write(to: dir.appendingPathComponent("b.c"), atomically: true, encoding: .utf8)
        try "#define F (1 << 31)\n".write(to: dir.appendingPathComponent("f.h"), atomically: true, encoding: .utf8)
        let exe = Repo.executable.path
        // Standard output to a file: what the terminal shows is standard error.
        func onTerminal(_ options: String) throws -> String {
            let out = dir.appendingPathComponent("out.json").path
            let r = try runProgram(
                script, ["-qec", "'\(exe)' --per-file \(options) --format json . > '\(out)'", "/dev/null"], cwd: dir.path,
                timeout: 120)
            XCTAssertEqual(r.status, 1, "script passes on the exit status: \(r.stdout) \(r.stderr)")
            XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).contains("\"check\""))
            return r.stdout
        }
        let shown = try onTerminal("")
        XCTAssertTrue(shown.contains("\r\u{1B}[K[1/2 files, "), shown)
        XCTAssertTrue(shown.contains("[2/2 files, 2 findings] b.c"), shown)
        XCTAssertTrue(shown.contains("shiftlint: 2 files in "), shown)
        XCTAssertTrue(shown.contains(" s, 2 findings\r\n"), shown)
        for quiet in ["--quiet", "-q"] {
            let silent = try onTerminal(quiet)
            XCTAssertFalse(silent.contains("files"), "\(quiet): \(silent)")
        }
        let piped = try runProgram(exe, ["--format", "json", "."], cwd: dir.path)
        XCTAssertEqual(piped.status, 1)
        XCTAssertEqual(piped.stderr, "", "not a terminal: no progress, no summary")
    }
}

import Foundation
import XCTest
@testable import ShiftLint

/// `--fix`, `--diff`, `--export-fixes` and `--fix-scope`: what maintainers would send.
final class FixTests: XCTestCase {
    var exe: String { Repo.executable.path }

    /// A new temporary directory.
    func directory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-fixes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func write(_ text: String, _ name: String, in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    let flags = """
        /* Flags of struct widget. */
        #define WIDGET_OPEN\t(1 << 28)
        #define WIDGET_BUSY\t(1 << 29)\r
        #define WIDGET_DIRTY\t(1 << 31)
        #define WIDGET_MASK\t(WIDGET_OPEN | WIDGET_BUSY)

        #define OTHER_BIT\t(1 << 3)
        int code(void) { return 1 << 31; }

        """

    // MARK: families

    func testFamilyScopeRespellsTheSiblingsAndMinimalOnlyTheUndefinedShifts() throws {
        let dir = try directory()
        let family = try write(flags, "family.c", in: dir)
        let minimal = try write(flags, "minimal.c", in: dir)
        XCTAssertEqual(try runProgram(exe, ["--fix", "family.c"], cwd: dir.path).status, 1)
        XCTAssertEqual(
            try read(family),
            """
            /* Flags of struct widget. */
            #define WIDGET_OPEN\t(1U << 28)
            #define WIDGET_BUSY\t(1U << 29)\r
            #define WIDGET_DIRTY\t(1U << 31)
            #define WIDGET_MASK\t(WIDGET_OPEN | WIDGET_BUSY)

            #define OTHER_BIT\t(1 << 3)
            int code(void) { return 1U << 31; }

            """, "tabs and the \\r kept; the mask, the other block and code are no family")
        let r = try runProgram(exe, ["--fix", "--fix-scope", "minimal", "minimal.c"], cwd: dir.path)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(
            try read(minimal),
            flags.replacingOccurrences(of: "(1 << 31)", with: "(1U << 31)").replacingOccurrences(
                of: "return 1 << 31", with: "return 1U << 31"))
        let bad = try runProgram(exe, ["--fix-scope", "all", "minimal.c"], cwd: dir.path)
        XCTAssertEqual(bad.status, 2)
    }

    func testFamilyMembersFromTheUnit() throws {
        let f = try temporaryFile(
            "m.c",
            """
            enum { SHIFT = 3 };
            #define A_ONE (1 << SHIFT)
            #define A_TOP (1 << 31)
            #define A_LONG (1L << 40)
            #define A_UNSIGNED (1U << 4)
            #define B_FAR (1 << 2)

            #define A_FAR (0x3 << 6)
            #define __X (1 << 5)
            """)
        let report = analyze([f.path])
        XCTAssertEqual(report.findings.count, 1)
        let fixes = try XCTUnwrap(report.findings.first?.fixes)
        XCTAssertEqual(fixes.map(\.replacement), ["1U", "1U", "1U", "0x3U"])
        XCTAssertEqual(fixes.map(\.sibling), [nil, "A_ONE", "B_FAR", "A_FAR"], "block members and prefix members")
        XCTAssertEqual(DefineFamilies.namePrefix("IOMAP_DIO_DIRTY"), "IOMAP_DIO_")
        XCTAssertNil(DefineFamilies.namePrefix("FLAGS"))
        XCTAssertNil(DefineFamilies.namePrefix("__FLAGS"))
        XCTAssertNil(DefineFamilies.namePrefix("FLAGS_"))
        let minimal = FixPlanner.plan(report.findings, uses: [], scope: .minimal)
        XCTAssertEqual(minimal.first?.fixes.map(\.replacement), ["1U"])
    }

    // MARK: --fix

    func testSecondFixChangesNothing() throws {
        let dir = try directory()
        let file = try write(flags, "twice.c", in: dir)
        let first = try runProgram(exe, ["--fix", "twice.c"], cwd: dir.path)
        XCTAssertEqual(first.status, 1, first.stderr)
        XCTAssertTrue(first.stderr.contains("applied 4 edit(s) in 1 file(s)"), first.stderr)
        let once = try Data(contentsOf: file)
        let second = try runProgram(exe, ["--fix", "twice.c"], cwd: dir.path)
        XCTAssertEqual(second.status, 0, second.stdout + second.stderr)
        XCTAssertTrue(second.stderr.contains("applied 0 edit(s) in 0 file(s)"), second.stderr)
        XCTAssertEqual(try Data(contentsOf: file), once)
        let diff = try runProgram(exe, ["--diff", "twice.c"], cwd: dir.path)
        XCTAssertEqual(diff.stdout, "", "nothing left to fix")
    }

    func testFixKeepsTheModeAndLeavesNoTemporaryFile() throws {
        let dir = try directory()
        for mode in [0o640, 0o755, 0o600] as [mode_t] {
            let url = try write("#define F (1 << 31)\n", "mode-\(String(mode, radix: 8)).c", in: dir)
            XCTAssertEqual(chmod(url.path, mode), 0)
            let r = try runProgram(exe, ["--fix", url.lastPathComponent], cwd: dir.path)
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertEqual(try read(url), "#define F (1U << 31)\n")
            var st = stat()
            XCTAssertEqual(stat(url.path, &st), 0)
            XCTAssertEqual(st.st_mode & 0o7777, mode, "mode of \(url.lastPathComponent)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("shiftlint-") }
        XCTAssertEqual(left, [], "no temporary file left behind")
    }

    func testWriteAtomicallyKeepsModeAndBytes() throws {
        let dir = try directory()
        let url = try write("old\n", "x.c", in: dir)
        XCTAssertEqual(chmod(url.path, 0o751), 0)
        let bytes: [UInt8] = [0x23, 0x09, 0x0d, 0x0a, 0xff, 0x00, 0x41]
        try FixApplier.writeAtomically(bytes, to: url.path)
        XCTAssertEqual(try [UInt8](Data(contentsOf: url)), bytes)
        var st = stat()
        XCTAssertEqual(stat(url.path, &st), 0)
        XCTAssertEqual(st.st_mode & 0o7777, 0o751)
        XCTAssertThrowsError(try FixApplier.writeAtomically(bytes, to: dir.appendingPathComponent("missing.c").path))
    }

    func testAFixThatBreaksTheCodeIsUndone() throws {
        let dir = try directory()
        let text = "#define GOOD (1 << 31)\nint x = 1 << 31;\n"
        let url = try write(text, "undo.c", in: dir)
        let inputs = InputSet(paths: ["undo.c"], workingDirectory: dir.path)
        let options = AnalysisOptions()
        var report = Analyzer(options: options).analyze(inputs)
        XCTAssertEqual(report.findings.count, 2)
        // Spoil the code finding's fix: `1U +` leaves `int x = 1U + << 31;`, a syntax error.
        let i = try XCTUnwrap(report.findings.firstIndex { $0.origin == .code })
        report.findings[i].fixes[0].replacement = "1U +"
        let outcome = try FixRun.apply(report, inputs: inputs, options: options)
        XCTAssertEqual(outcome.files, 0)
        XCTAssertTrue(outcome.undone.contains { $0.contains("a new error in the C code") }, "\(outcome.undone)")
        XCTAssertEqual(try read(url), text, "restored")

        // A fix that does not remove its finding is undone too.
        report.findings[i].fixes[0].replacement = "2"
        let kept = try FixRun.apply(report, inputs: inputs, options: options)
        XCTAssertTrue(kept.undone.contains { $0.contains("a new finding") || $0.contains("still reported") }, "\(kept.undone)")
        XCTAssertEqual(try read(url), text)

        // The real fixes hold.
        let good = try FixRun.apply(Analyzer(options: options).analyze(inputs), inputs: inputs, options: options)
        XCTAssertEqual(good.undone, [])
        XCTAssertEqual(good.files, 1)
        XCTAssertEqual(try read(url), "#define GOOD (1U << 31)\nint x = 1U << 31;\n")
    }

    func testVerifyNamesWhatWentWrong() {
        func finding(_ line: Int, _ check: CheckID = .shiftSignOverflow, macro: String? = "M") -> Finding {
            Finding(
                file: "a.c", line: line, column: 5, check: check, severity: .warning, message: "m", macro: macro, fixes: [],
                notes: [], origin: .define, key: "a.c:\(line)")
        }
        var before = AnalysisReport()
        before.findings = [finding(1), finding(2)]
        before.codeErrors = ["a.c": ["a.c:9: old error"]]
        var after = AnalysisReport()
        after.findings = [finding(1), finding(3, .shiftOverflow)]
        after.codeErrors = ["a.c": ["a.c:9: old error", "a.c:4: expected expression"]]
        let problems = FixRun.verify(fixed: [finding(1)], before: before, after: after, cwd: "/w")
        XCTAssertEqual(
            problems,
            [
                "a.c:1:5: m [shift-sign-overflow]: still reported after its fix",
                "a.c:3:5: m [shift-overflow]: a new finding after the fixes",
                "a.c: a new error in the C code after the fixes: a.c:4: expected expression",
            ])
        XCTAssertEqual(
            FixRun.verify(fixed: [finding(1)], before: before, after: before.withFindings([finding(2)]), cwd: "/w"), [])
    }
}

extension AnalysisReport {
    fileprivate func withFindings(_ findings: [Finding]) -> AnalysisReport {
        var r = self
        r.findings = findings
        return r
    }
}

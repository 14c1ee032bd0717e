import Foundation
import XCTest
@testable import ShiftLint

/// Fix safety from every use (samples/fix-safety.c): each reason a fix can change the
/// program, both ways, and `--fix` skipping what needs review unless `--fix-unsafe`.
final class FixSafetyTests: XCTestCase {
    var exe: String { Repo.executable.path }

    /// line → (verdict, a part of the reason), for every finding of the sample.
    let expected: [Int: (FixReview.Verdict, String)] = [
        9: (.needsReview, "WIDENED is converted to 'u64' (64 bits): 0xffffffff80000000 today, 0x0000000080000000 after the fix"),
        11: (.safe, "safe in the analyzed code (1 use)"),
        17: (.needsReview, "COMPARED is compared with '<' as 'int': unsigned after the fix"),
        19: (.safe, "safe in the analyzed code (1 use)"),
        21: (.safe, "safe in the analyzed code (1 use)"),
        28: (.needsReview, "NEGATIVE is compared with '<' as 'int'"),
        33: (.needsReview, "SHIFTED is right-shifted as 'int'"),
        35: (.safe, "safe in the analyzed code"),
        41: (.needsReview, "DIVIDED is divided ('/') as 'int'"),
        43: (.safe, "safe in the analyzed code"),
        49: (.needsReview, "NEGATED is converted to 'u64' (64 bits): sign-extended today, zero-extended after the fix"),
        51: (.safe, "safe in the analyzed code"),
        57: (.needsReview, "IN_IF is used in an #if line, where it is intmax_t today and uintmax_t after the fix"),
        59: (.safe, "safe in the analyzed code (1 use)"),
        69: (.safe, "safe in the analyzed code (3 uses)"),
        74: (.needsReview, "the value is converted to 'u64' (64 bits): 0xffffffff80000000 today"),
        76: (.safe, "safe in the analyzed code"),
        82: (.needsReview, "the fix is in the body of function-like macro 'BIT31': it changes every expansion of it"),
        // The negative idioms: `~0 << 4` is -16 today; `~0U << 4` has the same 32 bits.
        86: (.safe, "safe in the analyzed code (1 use)"),
        88: (
            .needsReview, "HIGH_WIDE is converted to 'u64' (64 bits): 0xfffffffffffffff0 today, 0x00000000fffffff0 after the fix"
        ),
        95: (.safe, "safe in the analyzed code"),
        97: (
            .needsReview, "the value is converted to 'u64' (64 bits): 0xffffffffff000000 today, 0x00000000ff000000 after the fix"
        ),
        101: (.safe, "safe in the analyzed code (1 use)"),
        104: (.safe, "safe in the analyzed code (1 use)"),
        109: (.needsReview, "ARG64 is converted to 'u64' (64 bits): 0xffffffff80000000 today, 0x0000000080000000 after the fix"),
        111: (.safe, "safe in the analyzed code (1 use)"),
        114: (.needsReview, "RET64 is converted to 'u64' (64 bits): 0xffffffff80000000 today, 0x0000000080000000 after the fix"),
        116: (.safe, "safe in the analyzed code (1 use)"),
    ]

    func testEveryReasonBothWays() throws {
        let report = analyze(["samples/fix-safety.c"], workingDirectory: Repo.root.path)
        XCTAssertEqual(Set(report.findings.map(\.line)), Set(expected.keys))
        for f in report.findings {
            guard let (verdict, reason) = expected[f.line] else { continue }
            let review = try XCTUnwrap(f.fixSafety, "line \(f.line)")
            XCTAssertEqual(review.verdict, verdict, "line \(f.line): \(review.reason)")
            XCTAssertTrue(review.reason.contains(reason), "line \(f.line): \(review.reason)")
            // A review names the use, and the text output shows it as a note there.
            if verdict == .needsReview, f.origin == .define, f.line != 82 {
                XCTAssertNotNil(review.line, "line \(f.line)")
                XCTAssertTrue(f.notes.contains { $0.message == "fix needs review: \(review.reason)" && $0.line == review.line })
            }
        }
    }

    func testJSONCarriesTheVerdict() throws {
        let r = try runProgram(exe, ["--format", "json", "samples/fix-safety.c"], cwd: Repo.root.path)
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let findings = try XCTUnwrap(doc["findings"] as? [[String: Any]])
        let widened = try XCTUnwrap(findings.first { $0["macro"] as? String == "WIDENED" })
        let safety = try XCTUnwrap(widened["fixSafety"] as? [String: Any])
        XCTAssertEqual(safety["verdict"] as? String, "needs-review")
        XCTAssertEqual(safety["file"] as? String, "samples/fix-safety.c")
        XCTAssertEqual(safety["line"] as? Int, 13)
        XCTAssertEqual(safety["column"] as? Int, 29)
        let flag = try XCTUnwrap(findings.first { $0["macro"] as? String == "FLAG" })
        XCTAssertEqual((flag["fixSafety"] as? [String: Any])?["verdict"] as? String, "safe")
    }

    /// A fix never edits a file outside the analyzed paths, even with --fix-unsafe (as
    /// `PIOCPARM_MASK << 16` in fs/coda, whose literal is in include/uapi/linux/coda.h).
    func testNoFixOutsideTheAnalyzedPaths() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("inc"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("src"), withIntermediateDirectories: true)
        let header = "#define MASK 0xffff\n"
        try header.write(to: dir.appendingPathComponent("inc/mask.h"), atomically: true, encoding: .utf8)
        try "#include \"../inc/mask.h\"\nunsigned f(unsigned c) { return c & ~(MASK << 16); }\n".write(
            to: dir.appendingPathComponent("src/a.c"), atomically: true, encoding: .utf8)
        let json = try runProgram(exe, ["--format", "json", "src"], cwd: dir.path)
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let f = try XCTUnwrap((doc["findings"] as? [[String: Any]])?.first)
        XCTAssertEqual((f["fixes"] as? [[String: Any]])?.first?["file"] as? String, "inc/mask.h")
        XCTAssertEqual(
            (f["fixSafety"] as? [String: Any])?["reason"] as? String,
            "the fix edits inc/mask.h, outside the analyzed paths (analyze it too to fix it)")
        let diff = try runProgram(exe, ["--diff", "--fix-unsafe", "src"], cwd: dir.path)
        XCTAssertFalse(diff.stdout.contains("mask.h"), diff.stdout)
        _ = try runProgram(exe, ["--fix", "--fix-unsafe", "src"], cwd: dir.path)
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("inc/mask.h"), encoding: .utf8), header)
        // Named too, the header is the user's to change.
        let both = try runProgram(exe, ["--diff", "src", "inc"], cwd: dir.path)
        XCTAssertTrue(both.stdout.contains("+++ b/inc/mask.h"), both.stdout + both.stderr)
    }

    /// An enumerator must fit `int` (C11 §6.7.2.2p2): `E = 1U << 31` does not (sign-overflow.c).
    func testEnumeratorFixNeedsReview() throws {
        let report = analyze(["samples/sign-overflow.c"], workingDirectory: Repo.root.path)
        let e = try XCTUnwrap(report.findings.first { $0.sourceLine?.contains("E_TOP = 1 << 31") == true })
        XCTAssertEqual(e.fixSafety?.verdict, .needsReview)
        XCTAssertEqual(
            e.fixSafety?.reason,
            "the value is used as an enumerator: after the fix 0x80000000 does not fit 'int' (C11 §6.7.2.2p2), and GNU C makes the enumeration unsigned"
        )
    }

    /// A header's define is evaluated by the first unit that includes it; the uses in later
    /// units still count (with one job and with two, whichever unit comes first).
    func testUsesInUnitsAfterTheHeadersEvaluation() throws {
        let dir = try temporaryFile("flags.h", "#define F (1 << 31)\n").deletingLastPathComponent()
        try "#include \"flags.h\"\nint a(void) { return 0; }\n".write(
            to: dir.appendingPathComponent("a.c"), atomically: true, encoding: .utf8)
        try "#include \"flags.h\"\nunsigned long long b(void) { unsigned long long v = F; return v; }\n".write(
            to: dir.appendingPathComponent("b.c"), atomically: true, encoding: .utf8)
        for jobs in ["1", "2"] {
            let r = try runProgram(exe, ["-j", jobs, "--format", "json", "."], cwd: dir.path)
            let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let f = try XCTUnwrap((doc["findings"] as? [[String: Any]])?.first { $0["macro"] as? String == "F" })
            let safety = try XCTUnwrap(f["fixSafety"] as? [String: Any])
            XCTAssertEqual(safety["verdict"] as? String, "needs-review", "-j \(jobs)")
            XCTAssertTrue(
                (safety["reason"] as? String)?.hasPrefix("F is converted to 'unsigned long long'") == true,
                "-j \(jobs): \(safety)")
            XCTAssertEqual(safety["file"] as? String, "b.c")
        }
    }

    /// `--fix` applies the safe fixes only; `--fix-unsafe` the rest; then nothing is left.
    func testFixSkipsWhatNeedsReview() throws {
        let source = try String(contentsOf: Repo.samples.appendingPathComponent("fix-safety.c"), encoding: .utf8)
        let file = try temporaryFile("fix-safety.c", source)
        let dir = file.deletingLastPathComponent().path
        let first = try runProgram(exe, ["--fix", "fix-safety.c"], cwd: dir)
        XCTAssertTrue(first.stderr.contains("skipped 13 fix(es) that need review"), first.stderr)
        let afterSafe = try String(contentsOf: file, encoding: .utf8)
        XCTAssertTrue(afterSafe.contains("#define FLAG (1U << 31)"))
        XCTAssertTrue(afterSafe.contains("#define WIDENED (1 << 31)"), "a fix that needs review is not applied")
        XCTAssertTrue(afterSafe.contains("u32 v = (1U << 31);"))
        XCTAssertTrue(afterSafe.contains("u64 v = (1 << 31);"))
        XCTAssertTrue(afterSafe.contains("#define HIGH (~0U << 4)"))
        XCTAssertTrue(afterSafe.contains("#define HIGH_WIDE (~0 << 4)"))
        let unsafe = try runProgram(exe, ["--fix", "--fix-unsafe", "fix-safety.c"], cwd: dir)
        XCTAssertFalse(unsafe.stderr.contains("skipped"), unsafe.stderr)
        let clean = try runProgram(exe, ["fix-safety.c"], cwd: dir)
        XCTAssertEqual(clean.status, 0, clean.stdout)
    }

    /// Linux 6.1 fs/iomap in kernel-tree mode: IOMAP_DIO_DIRTY's three uses (`&` in a
    /// condition and an initializer of a bool, `|=`) keep their meaning.
    func testIomapFixIsSafeInTheAnalyzedCode() throws {
        let tree =
            ProcessInfo.processInfo.environment["SHIFTLINT_LINUX_TREE"] ?? "/var/tmp/shiftlint-corpus/linux-source-6.1"
        guard FileManager.default.fileExists(atPath: tree + "/fs/iomap/direct-io.c") else {
            throw XCTSkip("Linux 6.1 corpus not found at \(tree)")
        }
        let r = try runProgram(exe, ["--kernel", "--format", "json", "fs/iomap/direct-io.c"], cwd: tree)
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let dirty = try XCTUnwrap((doc["findings"] as? [[String: Any]])?.first { $0["macro"] as? String == "IOMAP_DIO_DIRTY" })
        XCTAssertEqual(
            dirty["fixSafety"] as? [String: String], ["verdict": "safe", "reason": "safe in the analyzed code (3 uses)"])
    }
}

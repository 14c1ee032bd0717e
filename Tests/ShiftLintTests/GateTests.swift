import Foundation
import XCTest
@testable import ShiftLint

/// The CI gate: suppressions, baselines, changed lines (git and patches), on real files and
/// the real command line.
final class GateTests: XCTestCase {
    var exe: String { Repo.executable.path }

    // MARK: Suppressions

    func testSuppressionCommentsAreLexed() {
        let text = """
            #define A (1 << 31) // shiftlint: ignore[shift-sign-overflow] flag word, unsigned in practice
            // shiftlint: ignore[shift-count-overflow, shift-sign-overflow]
            #define B (1 << 31)
            const char *s = "// shiftlint: ignore[*] not a comment";
            #define C (1 << 31) /* NOLINT(shiftlint-*) */
            /* NOLINTNEXTLINE(bugprone-*,shiftlint-shift-sign-overflow) */
            #define D (1 << 31)
            #define E (1 << 31) // NOLINT(bugprone-macro-parentheses)
            #define F (1 << 31) // NOLINT
            """
        let s = Suppressions.scan(Array(text.utf8), file: "x.c")
        XCTAssertEqual(s.map(\.target), [1, 3, 5, 7, 8, 9])
        XCTAssertEqual(s[0].patterns, ["shift-sign-overflow"])
        XCTAssertEqual(s[0].reason, "flag word, unsigned in practice")
        XCTAssertEqual(s[0].column, 21)
        XCTAssertEqual(s[1].patterns, ["shift-count-overflow", "shift-sign-overflow"])
        XCTAssertTrue(s[2].silences(.shiftSignOverflow))
        XCTAssertTrue(s[3].silences(.shiftSignOverflow))
        XCTAssertFalse(s[3].silences(.shiftCountOverflow))
        XCTAssertFalse(s[4].silences(.shiftSignOverflow), "a NOLINT for another tool's check")
        XCTAssertFalse(s[4].isOurs)
        XCTAssertTrue(s[5].silences(.shiftCountNegative), "a bare NOLINT silences everything, as in clang-tidy")
        XCTAssertFalse(s[5].isOurs, "a bare NOLINT may be for clang-tidy: never reported unused")
    }

    func testSuppressionsOnTheCommandLine() throws {
        let file = try temporaryFile(
            "flags.h",
            """
            #define A (1 << 31) // shiftlint: ignore[shift-sign-overflow] reviewed
            // shiftlint: ignore[shift-sign-overflow]
            #define B (1 << 31)
            #define C (1 << 31) // NOLINT(shiftlint-shift-*)
            #define D (1 << 31) // shiftlint: ignore[shift-count-overflow] wrong check
            #define E (1 << 30) // shiftlint: ignore[shift-sign-overflow] nothing here
            #define F (1 << 30) // shiftlint: ignore[shift-sing-overflow] misspelt

            """)
        let r = try runProgram(exe, [file.path])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(r.stdout.components(separatedBy: "[shift-sign-overflow]").count - 1, 1, r.stdout)
        XCTAssertTrue(r.stdout.contains("flags.h:5:14: error"), r.stdout)
        XCTAssertTrue(r.stdout.contains("1 finding in 1 translation unit (3 suppressed)."), r.stdout)
        XCTAssertFalse(r.stdout.contains("unused suppression"), r.stdout)

        let unused = try runProgram(exe, ["--report-unused-suppressions", file.path])
        XCTAssertEqual(unused.status, 1)
        XCTAssertTrue(
            unused.stdout.contains(
                "flags.h:5:21: warning: unused suppression 'shiftlint: ignore[shift-count-overflow]': no shift-count-overflow finding on line 5 [unused-suppression]"
            ), unused.stdout)
        XCTAssertTrue(
            unused.stdout.contains(
                "flags.h:6:21: warning: unused suppression 'shiftlint: ignore[shift-sign-overflow]': no shift-sign-overflow finding on line 6"
            ), unused.stdout)
        XCTAssertTrue(
            unused.stdout.contains(
                "flags.h:7:21: warning: unused suppression 'shiftlint: ignore[shift-sing-overflow]': unknown check 'shift-sing-overflow'"
            ), unused.stdout)
        XCTAssertFalse(unused.stdout.contains("flags.h:1:"), unused.stdout)

        let clean = try temporaryFile("clean.h", "#define A (1 << 31) // shiftlint: ignore[*] reviewed\n")
        XCTAssertEqual(try runProgram(exe, [clean.path]).status, 0, "everything suppressed: exit 0")
    }

    // MARK: Baselines

    func testFingerprintIgnoresLineNumbersWhitespaceAndPathSpelling() {
        let a = Fingerprint.of(file: "fs/x.c", check: .shiftSignOverflow, macro: "A", lineText: "#define A\t(1 << 31)")
        XCTAssertEqual(
            a, Fingerprint.of(file: "./fs//x.c", check: .shiftSignOverflow, macro: "A", lineText: "  #define A (1 << 31) "))
        XCTAssertNotEqual(
            a, Fingerprint.of(file: "fs/y.c", check: .shiftSignOverflow, macro: "A", lineText: "#define A (1 << 31)"))
        XCTAssertNotEqual(a, Fingerprint.of(file: "fs/x.c", check: .shiftOverflow, macro: "A", lineText: "#define A (1 << 31)"))
        XCTAssertNotEqual(
            a, Fingerprint.of(file: "fs/x.c", check: .shiftSignOverflow, macro: "B", lineText: "#define A (1 << 31)"))
        XCTAssertNotEqual(
            a, Fingerprint.of(file: "fs/x.c", check: .shiftSignOverflow, macro: "A", lineText: "#define A (1 << 30)"))
        // FNV-1a, computed independently (Python): the same in every process and on every
        // machine (Swift's Hasher is seeded per process).
        XCTAssertEqual(a, "aeb1518f77ec5a47")
    }

    /// The scenario: a baseline committed in a git repository; an edit that moves
    /// lines (and re-indents one) and adds one new undefined define; only the new finding
    /// is reported, exit 1.
    func testBaselineSurvivesMovedLinesAndReportsOnlyTheNewFinding() throws {
        let repo = try gitRepository()
        let header = repo.appendingPathComponent("include/flags.h")
        try FileManager.default.createDirectory(at: header.deletingLastPathComponent(), withIntermediateDirectories: true)
        try """
        #define F_A (1 << 29)
        #define F_B (1 << 30)
        #define F_C (1 << 31)
        #define F_D (1 << 31)
        int mask(void) { return 1 << 31; }

        """.write(to: header, atomically: true, encoding: .utf8)
        let write = try runProgram(exe, ["--write-baseline", ".shiftlint-baseline.json", "include"], cwd: repo.path)
        XCTAssertEqual(write.status, 0, write.stderr)
        XCTAssertTrue(write.stderr.contains("wrote 3 findings to .shiftlint-baseline.json"), write.stderr)
        let baselineText = try String(contentsOf: repo.appendingPathComponent(".shiftlint-baseline.json"), encoding: .utf8)
        let parsed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(baselineText.utf8)) as? [String: Any])
        let entries = try XCTUnwrap(parsed["findings"] as? [[String: Any]])
        XCTAssertEqual(entries.map { $0["macro"] as? String }, [nil, "F_C", "F_D"], "sorted by file, check, macro, text")
        XCTAssertEqual(entries.first?["text"] as? String, "int mask(void) { return 1 << 31; }")
        XCTAssertNil(entries.first?["line"], "no line numbers: they move")
        try git(["add", "."], repo)
        try git(["commit", "-qm", "flags and baseline"], repo)

        try """
        /* Flags of the widget. */

        #define F_A (1 << 29)
        #define F_B (1 << 30)
        #define F_C     (1 << 31)
        #define F_D (1 << 31)
        #define F_E (1 << 31)
        int mask(void) { return 1 << 31; }

        """.write(to: header, atomically: true, encoding: .utf8)
        let r = try runProgram(exe, ["--baseline", ".shiftlint-baseline.json", "include"], cwd: repo.path)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("include/flags.h:7:16: error: signed shift result (0x80000000)"), r.stdout)
        XCTAssertEqual(r.stdout.components(separatedBy: ": error:").count - 1, 1, r.stdout)
        XCTAssertTrue(r.stdout.contains("1 finding in 1 translation unit (3 in the baseline)."), r.stdout)

        // The same invocation spelled differently matches the same baseline.
        let dotted = try runProgram(exe, ["--baseline", ".shiftlint-baseline.json", "./include/"], cwd: repo.path)
        XCTAssertEqual(dotted.stdout.components(separatedBy: ": error:").count - 1, 1, dotted.stdout)

        // Fixing the old findings and the new one: clean.
        try "#define F_C (1U << 31)\n".write(to: header, atomically: true, encoding: .utf8)
        XCTAssertEqual(try runProgram(exe, ["--baseline", ".shiftlint-baseline.json", "include"], cwd: repo.path).status, 0)
    }

    func testDuplicateLinesCountAsAMultiset() throws {
        let file = try temporaryFile("dup.c", "int a(void) { return 1 << 31; }\n")
        let dir = file.deletingLastPathComponent()
        XCTAssertEqual(try runProgram(exe, ["--write-baseline", "b.json", "dup.c"], cwd: dir.path).status, 0)
        try "int a(void) { return 1 << 31; }\nint a(void) { return 1 << 31; }\n".write(
            to: file, atomically: true, encoding: .utf8)
        let r = try runProgram(exe, ["--baseline", "b.json", "dup.c"], cwd: dir.path)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("1 finding in 1 translation unit (1 in the baseline)."), r.stdout)
    }

    func testBadBaselineIsAToolError() throws {
        let file = try temporaryFile("x.c", "#define A (1 << 31)\n")
        let dir = file.deletingLastPathComponent()
        try "{\"version\": 1, \"findings\": [{\"file\": 3}]}".write(
            to: dir.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
        let bad = try runProgram(exe, ["--baseline", "bad.json", "x.c"], cwd: dir.path)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("bad.json: not a shiftlint baseline"), bad.stderr)
        let missing = try runProgram(exe, ["--baseline", "none.json", "x.c"], cwd: dir.path)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("none.json: cannot read the baseline"), missing.stderr)
        try "{\"version\": 7, \"findings\": []}".write(
            to: dir.appendingPathComponent("v7.json"), atomically: true, encoding: .utf8)
        let future = try runProgram(exe, ["--baseline", "v7.json", "x.c"], cwd: dir.path)
        XCTAssertEqual(future.status, 2)
        XCTAssertTrue(future.stderr.contains("baseline version 7 is not supported"), future.stderr)
    }

    // MARK: Changed lines

    func testUnifiedDiffParsing() {
        let diff = """
            diff --git a/fs/x.c b/fs/x.c
            --- a/fs/x.c
            +++ b/fs/x.c
            @@ -3,0 +4,2 @@ int f(void)
            +#define A (1 << 31)
            +#define B (1 << 31)
            @@ -10 +12 @@
            -old
            +new
            @@ -20,2 +21,0 @@
            -gone
            -gone too
            --- /dev/null
            +++ b/new.h
            @@ -0,0 +1 @@
            +++x;
            """
        let c = ChangedLines.parse(unifiedDiff: diff, root: "/tree")
        XCTAssertEqual(c.lines["/tree/fs/x.c"], [4, 5, 12])
        XCTAssertEqual(c.lines["/tree/new.h"], [1])
        let context = ChangedLines.parse(
            unifiedDiff: "--- a/y.c\n+++ b/y.c\n@@ -1,3 +1,4 @@\n a\n+b\n c\n-d\n+e\n", root: "/t")
        XCTAssertEqual(context.lines["/t/y.c"], [2, 4])
    }

    func testChangedSinceReportsOnlyFindingsOnChangedLinesOrDefines() throws {
        let repo = try gitRepository()
        let file = repo.appendingPathComponent("drv.c")
        try """
        #define OLD_FLAG (1 << 31)
        #define SHIFTED(x) ((x) << 31)
        int old(void) { return 1 << 31; }

        """.write(to: file, atomically: true, encoding: .utf8)
        try git(["add", "."], repo)
        try git(["commit", "-qm", "base"], repo)
        try """
        #define OLD_FLAG (1 << 31)
        #define SHIFTED(x) ((x) << 31)
        int old(void) { return 1 << 31; }
        int added(void) { return SHIFTED(2); }
        #define NEW_FLAG (1 << 31)

        """.write(to: file, atomically: true, encoding: .utf8)
        try "#define UNTRACKED (1 << 31)\n".write(to: repo.appendingPathComponent("new.h"), atomically: true, encoding: .utf8)
        let r = try runProgram(exe, ["--changed-since", "HEAD", "drv.c", "new.h"], cwd: repo.path)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("drv.c:5:"), r.stdout)
        XCTAssertTrue(r.stdout.contains("drv.c:4:"), "an added expansion of an old macro: \(r.stdout)")
        XCTAssertTrue(r.stdout.contains("new.h:1:"), "an untracked file is new as a whole: \(r.stdout)")
        XCTAssertFalse(r.stdout.contains("drv.c:1:"), r.stdout)
        XCTAssertFalse(r.stdout.contains("drv.c:3:"), r.stdout)
        XCTAssertTrue(r.stdout.contains("on unchanged lines"), r.stdout)

        let bad = try runProgram(exe, ["--changed-since", "no-such-rev", "drv.c"], cwd: repo.path)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--changed-since no-such-rev:"), bad.stderr)

        // --patch: the same change as a patch file, applied already (checkpatch's workflow).
        let patch = repo.appendingPathComponent("change.patch")
        let diff = try runProgram("/usr/bin/git", ["diff", "HEAD"], cwd: repo.path)
        try diff.stdout.write(to: patch, atomically: true, encoding: .utf8)
        let p = try runProgram(exe, ["--patch", "change.patch", "drv.c"], cwd: repo.path)
        XCTAssertEqual(p.status, 1, p.stderr)
        XCTAssertTrue(p.stdout.contains("drv.c:5:"), p.stdout)
        XCTAssertFalse(p.stdout.contains("drv.c:1:"), p.stdout)
        let notPatch = try runProgram(exe, ["--patch", "drv.c", "drv.c"], cwd: repo.path)
        XCTAssertEqual(notPatch.status, 2)
        XCTAssertTrue(notPatch.stderr.contains("not a unified diff"), notPatch.stderr)
    }

    // MARK: Helpers

    func gitRepository() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try git(["init", "-q"], dir)
        try git(["config", "user.email", "test@example.com"], dir)
        try git(["config", "user.name", "Test"], dir)
        return dir
    }

    func git(_ arguments: [String], _ dir: URL) throws {
        let r = try runProgram("/usr/bin/git", arguments, cwd: dir.path)
        XCTAssertEqual(r.status, 0, "git \(arguments): \(r.stderr)")
    }
}

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

    /// Families are found in the unit and planned in the driver: the candidates' members, and
    /// the units' errors in the C code that --fix compares, cross the worker protocol.
    func testFamiliesCrossTheWorkerProtocol() throws {
        let report = analyze([Repo.samples.appendingPathComponent("family.c").path])
        XCTAssertTrue(report.findings.contains { $0.fixCandidates.contains { !$0.family.isEmpty } })
        var unit = UnitResult()
        unit.findings = report.findings
        var outcome = Analyzer.UnitOutcome()
        outcome.unit = unit
        outcome.codeErrors = ["family.c:3: an error"]
        let data = try JSONEncoder().encode(WireOutcome(outcome))
        let back = try JSONDecoder().decode(WireOutcome.self, from: data).outcome
        XCTAssertEqual(back.unit?.findings.map(\.fixCandidates), report.findings.map(\.fixCandidates))
        XCTAssertEqual(back.codeErrors, ["family.c:3: an error"])
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

    /// The rewrite keeps the file's mode (Foundation's atomic write would not), leaves no
    /// temporary file, and keeps a hard link's other name pointing at the old contents only
    /// as rename(2) does: the file is replaced, not edited in place.
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

    /// A fix whose result does not hold (here one made to break the code) is undone: the
    /// changed files are analyzed again and restored.
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

    // MARK: --diff

    /// In a git repository, from a subdirectory: paths are relative to the repository's root,
    /// and `git apply --check` and `patch -p1 --dry-run` accept the patch there.
    func testDiffAppliesWithGitAndPatch() throws {
        let repo = try directory()
        XCTAssertEqual(try runProgram("/usr/bin/git", ["init", "-q", repo.path]).status, 0)
        let sub = repo.appendingPathComponent("drivers/widget")
        _ = try write(flags, "drivers/widget/core.c", in: repo)
        // No newline at the end, CRLF lines, and two far-apart changes (two hunks).
        let far =
            "#define FAR_TOP (1 << 31)\r\n" + (1...20).map { "int filler\($0);\r\n" }.joined() + "int tail = 1 << 31;"
        _ = try write(far, "drivers/widget/far.c", in: repo)
        let r = try runProgram(exe, ["--diff", "."], cwd: sub.path)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("# Subject: widget: "), r.stdout)
        XCTAssertTrue(r.stdout.contains("--- a/drivers/widget/core.c\n+++ b/drivers/widget/core.c\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("--- a/drivers/widget/far.c\n+++ b/drivers/widget/far.c\n@@ -1,4 +1,4 @@\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("+int tail = 1U << 31;\n\\ No newline at end of file\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("-#define FAR_TOP (1 << 31)\r\n+#define FAR_TOP (1U << 31)\r\n"), r.stdout)
        XCTAssertEqual(try read(sub.appendingPathComponent("far.c")), far, "--diff writes nothing")
        let patch = repo.appendingPathComponent("fix.patch")
        try Data(r.stdout.utf8).write(to: patch)
        let git = try runProgram("/usr/bin/git", ["apply", "--check", "-v", patch.path], cwd: repo.path)
        XCTAssertEqual(git.status, 0, git.stderr)
        let dry = try runProgram("/usr/bin/patch", ["-p1", "--dry-run", "-i", patch.path], cwd: repo.path)
        XCTAssertEqual(dry.status, 0, dry.stdout + dry.stderr)
        // Applied, the patch gives what --fix writes.
        XCTAssertEqual(try runProgram("/usr/bin/git", ["apply", patch.path], cwd: repo.path).status, 0)
        let patched = try [
            Data(contentsOf: sub.appendingPathComponent("core.c")), Data(contentsOf: sub.appendingPathComponent("far.c")),
        ]
        _ = try write(flags, "drivers/widget/core.c", in: repo)
        _ = try write(far, "drivers/widget/far.c", in: repo)
        XCTAssertEqual(try runProgram(exe, ["--fix", "."], cwd: sub.path).status, 1)
        XCTAssertEqual(
            try [Data(contentsOf: sub.appendingPathComponent("core.c")), Data(contentsOf: sub.appendingPathComponent("far.c"))],
            patched)
    }

    /// Outside git, paths are relative to the current directory.
    func testDiffOutsideGit() throws {
        let dir = try directory()
        _ = try write("#define ONLY (1 << 31)\n", "src/only.c", in: dir)
        let r = try runProgram(exe, ["--diff", "src/only.c"], cwd: dir.path)
        XCTAssertEqual(
            r.stdout,
            """
            # Subject: src: use an unsigned type for ONLY
            #
            # src/only.c:1:17: ONLY: signed shift result (0x80000000) sets the sign bit of 'int' [shift-sign-overflow]
            --- a/src/only.c
            +++ b/src/only.c
            @@ -1 +1 @@
            -#define ONLY (1 << 31)
            +#define ONLY (1U << 31)

            """)
        let patch = dir.appendingPathComponent("p.diff")
        try Data(r.stdout.utf8).write(to: patch)
        XCTAssertEqual(try runProgram("/usr/bin/patch", ["-p1", "--dry-run", "-i", patch.path], cwd: dir.path).status, 0)
        XCTAssertEqual(try runProgram(exe, ["--diff", "--fix", "src/only.c"], cwd: dir.path).status, 2)
        XCTAssertEqual(try runProgram(exe, ["--diff", "--format", "json", "src/only.c"], cwd: dir.path).status, 2)
    }

    func testDiffWriterHunks() {
        func diff(_ a: String, _ b: String) -> String {
            String(decoding: DiffWriter.diff(old: Array(a.utf8), new: Array(b.utf8), path: "f.c"), as: UTF8.self)
        }
        XCTAssertEqual(diff("x\n", "x\n"), "")
        let lines = (1...20).map { "l\($0)\n" }
        var changed = lines
        changed[1] = "L2\n"
        changed[8] = "L9\n"   // 6 lines apart: the contexts meet, one hunk
        changed[18] = "L19\n"   // 9 lines further: a hunk of its own
        XCTAssertEqual(
            diff(lines.joined(), changed.joined()),
            """
            --- a/f.c
            +++ b/f.c
            @@ -1,12 +1,12 @@
             l1
            -l2
            +L2
             l3
             l4
             l5
             l6
             l7
             l8
            -l9
            +L9
             l10
             l11
             l12
            @@ -16,5 +16,5 @@
             l16
             l17
             l18
            -l19
            +L19
             l20

            """)
        XCTAssertEqual(diff("", "a\n"), "--- a/f.c\n+++ b/f.c\n@@ -0,0 +1 @@\n+a\n")
        XCTAssertEqual(
            diff("a\nb", "a\nb\n"), "--- a/f.c\n+++ b/f.c\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n")
        XCTAssertEqual(DiffWriter.quoted("a/x y.c"), "a/x y.c")
        XCTAssertEqual(DiffWriter.quoted("a/x\"\\\t.c"), "\"a/x\\\"\\\\\\t.c\"")
    }

    /// Random edits (lines changed, inserted, removed; with and without a final newline):
    /// GNU patch applies every diff and gets the new bytes.
    func testDiffWriterOutputAppliesWithPatch() throws {
        let dir = try directory()
        var rng = SplitMix64(state: 7)
        for round in 0..<25 {
            let n = Int(rng.next() % 40)
            var old = (0..<n).map { "line \($0 % 7)\n" }
            var new = old
            for _ in 0..<Int(rng.next() % 6) {
                let at = new.isEmpty ? 0 : Int(rng.next() % UInt64(new.count))
                switch rng.next() % 3 {
                case 0 where !new.isEmpty: new[at] = "changed \(rng.next() % 5)\n"
                case 1: new.insert("new \(rng.next() % 3)\n", at: at)
                default: if !new.isEmpty { new.remove(at: at) }
                }
            }
            if rng.next() % 3 == 0, let last = old.indices.last { old[last].removeLast() }
            if rng.next() % 3 == 0, let last = new.indices.last { new[last].removeLast() }
            let oldText = old.joined(), newText = new.joined()
            let file = try write(oldText, "r\(round).c", in: dir)
            let patch = DiffWriter.diff(old: Array(oldText.utf8), new: Array(newText.utf8), path: "r\(round).c")
            guard !patch.isEmpty else {
                XCTAssertEqual(oldText, newText)
                continue
            }
            let p = dir.appendingPathComponent("r\(round).patch")
            try Data(patch).write(to: p)
            let r = try runProgram("/usr/bin/patch", ["-p1", "-s", "-i", p.path], cwd: dir.path)
            XCTAssertEqual(r.status, 0, "round \(round): \(r.stdout)\(r.stderr)\n\(String(decoding: patch, as: UTF8.self))")
            XCTAssertEqual(try read(file), newText, "round \(round)")
        }
    }

    func testPatchSubject() {
        XCTAssertEqual(
            PatchSubject.suggest(
                paths: ["fs/iomap/direct-io.c"], defines: ["IOMAP_DIO_DIRTY", "IOMAP_DIO_WRITE_FUA", "IOMAP_DIO_WRITE"],
                onlyDefines: true),
            "iomap: use an unsigned type for IOMAP_DIO_* defines")
        XCTAssertEqual(
            PatchSubject.suggest(paths: ["include/linux/fs.h"], defines: ["FMODE_NONOTIFY"], onlyDefines: true),
            "linux: use an unsigned type for FMODE_NONOTIFY")
        XCTAssertEqual(
            PatchSubject.suggest(paths: ["fs/ext4/a.c", "fs/iomap/b.c"], defines: ["EXT4_X", "IOMAP_Y"], onlyDefines: true),
            "fs: use unsigned types for EXT4_X and IOMAP_Y")
        XCTAssertEqual(
            PatchSubject.suggest(paths: ["a.c"], defines: ["A", "B", "C", "D"], onlyDefines: true),
            "use unsigned types for shifted flag defines")
        XCTAssertEqual(
            PatchSubject.suggest(paths: ["lib/x.c"], defines: [], onlyDefines: false), "lib: avoid undefined behaviour in shifts")
        XCTAssertNil(PatchSubject.commonPrefix(["FOO", "FOO_BAR"]), "FOO_* would not name FOO")
        XCTAssertEqual(PatchSubject.commonPrefix(["__GFP_A", "__GFP_B"]), "__GFP")
    }

    // MARK: --export-fixes

    /// clang-apply-replacements applies the export and gets what --fix writes, byte for byte.
    func testExportFixesApplyLikeFix() throws {
        let apply = "/usr/bin/clang-apply-replacements-19"
        guard FileManager.default.isExecutableFile(atPath: apply) else {
            throw XCTSkip("clang-apply-replacements-19 is not installed (Debian's clang-tools-19)")
        }
        let root = try directory()
        let sample = try String(contentsOf: Repo.samples.appendingPathComponent("family.c"), encoding: .utf8)
        // A header with a quote and UTF-8 in its name and text, too.
        let files = [
            ("src/flags.c", flags), ("src/family.c", sample),
            ("src/caf\u{e9} 'q'.h", "#define \u{e9}T\u{c9} (1 << 31) /* caf\u{e9} 'x' */\n"),
        ]
        var copies: [URL] = []
        for side in ["fixed", "exported"] {
            for (name, text) in files { copies.append(try write(text, name, in: root.appendingPathComponent(side))) }
        }
        let fixed = try runProgram(exe, ["--fix", "src"], cwd: root.appendingPathComponent("fixed").path)
        XCTAssertEqual(fixed.status, 1, fixed.stderr)
        let exportDir = root.appendingPathComponent("yaml")
        try FileManager.default.createDirectory(at: exportDir, withIntermediateDirectories: true)
        let yaml = exportDir.appendingPathComponent("shiftlint.yaml")
        let exported = try runProgram(
            exe, ["--export-fixes", yaml.path, "src"], cwd: root.appendingPathComponent("exported").path)
        XCTAssertEqual(exported.status, 1, exported.stderr)
        let text = try read(yaml)
        XCTAssertTrue(text.hasPrefix("---\nMainSourceFile:  ''\nDiagnostics:\n  - DiagnosticName:  'shiftlint-"), text)
        XCTAssertTrue(text.contains("    Level:           Error\n"), "shift-count-overflow is an error")
        XCTAssertTrue(text.contains("sets the sign bit of ''int''"), "quotes doubled")
        let r = try runProgram(apply, [exportDir.path])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        for (i, (name, text)) in files.enumerated() {
            let exported = try Data(contentsOf: copies[i + files.count])
            XCTAssertEqual(exported, try Data(contentsOf: copies[i]), name)
            XCTAssertNotEqual(exported, Data(text.utf8), "\(name) was fixed")
        }
    }

    func testExportScalars() {
        XCTAssertEqual(ReplacementsExport.scalar("it's"), "'it''s'")
        XCTAssertEqual(ReplacementsExport.scalar("a\tb\n\u{1}"), "\"a\\tb\\n\\x01\"")
        XCTAssertEqual(
            ReplacementsExport.render(mainSourceFile: "", diagnostics: [], buildDirectory: "/"),
            "---\nMainSourceFile:  ''\nDiagnostics:     []\n...\n")
    }
}

extension AnalysisReport {
    fileprivate func withFindings(_ findings: [Finding]) -> AnalysisReport {
        var r = self
        r.findings = findings
        return r
    }
}

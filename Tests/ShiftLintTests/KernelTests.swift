import Foundation
import XCTest
@testable import ShiftLint

/// Real code: Linux 6.1, prepared by ../shared/corpus/linux.sh (`.ci/run` does that).
/// SHIFTLINT_LINUX_TREE overrides where the tree is.
final class KernelTests: XCTestCase {
    var tree: String {
        get throws {
            let path =
                ProcessInfo.processInfo.environment["SHIFTLINT_LINUX_TREE"]
                ?? "/var/tmp/shiftlint-corpus/linux-source-6.1"
            guard FileManager.default.fileExists(atPath: path + "/fs/iomap/direct-io.c") else {
                throw XCTSkip(
                    "Linux 6.1 corpus not found at \(path): run ../shared/corpus/linux.sh (or set SHIFTLINT_LINUX_TREE)")
            }
            return path
        }
    }

    func assertTheIomapFinding(_ report: AnalysisReport, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(report.toolErrors.isEmpty, "\(report.toolErrors)", file: file, line: line)
        XCTAssertEqual(
            report.findings.count, 1, "\(report.findings.map { "\($0.line):\($0.column) \($0.message)" })",
            file: file, line: line)
        guard let f = report.findings.first else { return }
        XCTAssertEqual(f.file, "fs/iomap/direct-io.c", file: file, line: line)
        XCTAssertEqual(f.line, 26, file: file, line: line)
        XCTAssertEqual(f.column, 29, file: file, line: line)
        XCTAssertEqual(f.check, .shiftSignOverflow, file: file, line: line)
        XCTAssertEqual(f.macro, "IOMAP_DIO_DIRTY", file: file, line: line)
        // Its own edit, then its family's (--fix-scope family): the upstream fix, 44842f647346.
        XCTAssertEqual(f.fixes.map(\.replacement), ["1U", "1U", "1U", "1U"], file: file, line: line)
        XCTAssertEqual(f.fixes.map(\.line), [26, 23, 24, 25], file: file, line: line)
        XCTAssertEqual(
            f.fixes.map(\.sibling), [nil, "IOMAP_DIO_WRITE_FUA", "IOMAP_DIO_NEED_SYNC", "IOMAP_DIO_WRITE"], file: file, line: line
        )
        XCTAssertEqual(f.message, "signed shift result (0x80000000) sets the sign bit of 'int'", file: file, line: line)
    }

    func testIomapDirectIOStandalone() throws {
        let tree = try tree
        let report = analyze(["fs/iomap/direct-io.c"], workingDirectory: tree)
        assertTheIomapFinding(report)
        XCTAssertEqual(report.findings.first?.expansions, 3)
        // No -fwrapv: policy iso.
        XCTAssertEqual(report.findings.first?.severity, .error)
        XCTAssertTrue(report.findings.first?.notes.contains { $0.message == "undefined in ISO C (C11 §6.5.7p4)" } == true)
        // Without the kernel's headers the AST around the uses is broken: the fix's safety is
        // not claimed.
        XCTAssertEqual(report.findings.first?.fixSafety?.verdict, .needsReview)
        XCTAssertTrue(report.findings.first?.fixSafety?.reason.contains("could not be followed") == true)
    }

    /// With the real kbuild command line (gcc-only flags included, `-fno-strict-overflow`
    /// too): the verdict is ISO C's, and the same.
    func testIomapDirectIOWithKbuildFlags() throws {
        let tree = try tree
        let cmdFile = tree + "/fs/iomap/.direct-io.o.cmd"
        if !FileManager.default.fileExists(atPath: cmdFile) {
            let make = try runProgram("/usr/bin/make", ["-C", tree, "fs/iomap/direct-io.o"])
            XCTAssertEqual(make.status, 0, make.stderr)
        }
        let text = try String(contentsOfFile: cmdFile, encoding: .utf8)
        let firstLine = try XCTUnwrap(text.split(separator: "\n").first)
        let command = try XCTUnwrap(firstLine.range(of: ":=")).upperBound
        let words = try ShellWords.split(String(firstLine[command...]).components(separatedBy: ";")[0])
        let flags = ShellWords.compilerFlags(words, source: "fs/iomap/direct-io.c")
        XCTAssertTrue(flags.contains("-fno-strict-overflow"))
        XCTAssertTrue(flags.contains("-fconserve-stack"), "gcc-only flags are passed and must be filtered")
        // Temporarily change directory semantics: kbuild paths are relative to the tree.
        var options = AnalysisOptions(compilerArguments: flags)
        options.confirm = true
        let report = Analyzer(options: options).analyze(InputSet(paths: ["fs/iomap/direct-io.c"], workingDirectory: tree))
        assertTheIomapFinding(report)
        XCTAssertEqual(report.target, "x86_64-pc-linux-gnu")
        // kbuild's -fno-strict-overflow: policy gnu-wrapv, and GNU C's view in a note.
        XCTAssertEqual(report.findings.first?.severity, .warning)
        let notes = report.findings.first?.notes.map(\.message) ?? []
        XCTAssertTrue(notes.contains("undefined in ISO C (C11 §6.5.7p4)"), "\(notes)")
        XCTAssertTrue(notes.contains("defined by GNU C under -fwrapv (compiled with -fno-strict-overflow)"), "\(notes)")
        // --confirm: UBSAN itself reports the shift (with -fno-strict-overflow dropped).
        let confirmation = try XCTUnwrap(report.findings.first?.confirmation)
        XCTAssertTrue(confirmation.confirmed, confirmation.detail)
        XCTAssertEqual(confirmation.detail, "left shift of 1 by 31 places cannot be represented in type 'int'")
        XCTAssertEqual(confirmation.method, "macro", "the define's own text was evaluated")
    }

    /// The whole include/ directory: thousands of headers, hundreds of `(1 << 31)`-style
    /// defines. Run through the CLI so that a crash would show as a signal; the counts are the
    /// ones docs/linux-6.1.md quotes.
    func testIncludeDirectoryCompletes() throws {
        let tree = try tree
        let r = try runProgram(Repo.executable.path, ["--format", "json", "include"], cwd: tree)
        XCTAssertTrue(r.status == 0 || r.status == 1, "exit \(r.status): \(r.stderr.suffix(2000))")
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let findings = try XCTUnwrap(doc["findings"] as? [[String: Any]])
        var byCheck: [String: Int] = [:]
        for f in findings { byCheck[f["check"] as? String ?? "?", default: 0] += 1 }
        print("linux 6.1 include/: \(findings.count) findings \(byCheck.sorted { $0.key < $1.key })")
        // The figures docs/linux-6.1.md and the README quote: update them together. The count
        // range: `slot >>= rtab->rate.cell_log` (a u8 count of an int) in include/net/sch_generic.h.
        XCTAssertEqual(byCheck, ["shift-sign-overflow": 147, "shift-promotion": 5, "shift-count-range": 1])
        XCTAssertEqual(findings.count, 153)
    }

    /// `make C=2 CHECK=shiftlint`: kbuild's checker convention, as for sparse. Every file of
    /// fs/iomap is checked; gcc-style lines; a header's finding once per build (under -j 2 too);
    /// the build never fails unless --werror.
    func testKbuildChecker() throws {
        let tree = try tree
        let exe = Repo.executable.path
        let r = try runProgram("/usr/bin/make", ["-C", tree, "-j2", "C=2", "CHECK=\(exe)", "fs/iomap/"], timeout: 1200)
        XCTAssertEqual(r.status, 0, String(r.stderr.suffix(2000)))
        let output = r.stdout + r.stderr
        let lines = output.split(separator: "\n").filter { $0.contains(": warning: ") || $0.contains(": error: ") }
        XCTAssertTrue(
            lines.contains(
                "fs/iomap/direct-io.c:26:29: warning: signed shift result (0x80000000) sets the sign bit of 'int' [shift-sign-overflow]"
            ),
            "\(lines)")
        XCTAssertEqual(Set(lines).count, lines.count, "each finding once per build: \(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("include/linux/fs.h:") }, "headers' findings are reported: \(lines)")
        XCTAssertGreaterThanOrEqual(output.components(separatedBy: "  CHECK   fs/iomap/").count - 1, 7, "every file is checked")
        // A second build reports them again; with --werror a finding fails the build.
        let again = try runProgram(
            "/usr/bin/make", ["-C", tree, "C=2", "CHECK=\(exe) --werror", "fs/iomap/direct-io.o"], timeout: 600)
        XCTAssertNotEqual(again.status, 0)
        XCTAssertTrue((again.stdout + again.stderr).contains("fs/iomap/direct-io.c:26:29: warning"))
    }

    /// `--kernel`: kbuild's flags derived from the configured tree; every file parses cleanly,
    /// with the same finding as with the real kbuild command line.
    func testKernelTreeMode() throws {
        let tree = try tree
        let exe = Repo.executable.path
        let r = try runProgram(exe, ["--kernel", "--verbose", "--no-color", "fs/iomap"], cwd: tree, timeout: 600)
        XCTAssertEqual(r.status, 1, String(r.stderr.suffix(2000)))
        XCTAssertTrue(
            r.stdout.contains("fs/iomap/direct-io.c:26:29: warning: signed shift result (0x80000000) sets the sign bit of 'int'"))
        // And seven shift-count-range notes, all on the `u8 i_blkbits` count of a 64-bit shift
        // (`pos >> inode->i_blkbits`: 0..255 reaches 64).
        XCTAssertTrue(r.stdout.contains("8 findings in 7 translation units."), String(r.stdout.suffix(300)))
        let ranges = r.stdout.split(separator: "\n").filter { $0.hasSuffix("[shift-count-range]") }
        XCTAssertEqual(ranges.count, 7, "\(ranges)")
        XCTAssertTrue(ranges.allSatisfy { $0.contains(": note: shift count 0..255 reaches 64: >= width of type") }, "\(ranges)")
        XCTAssertTrue(r.stderr.contains("kernel tree \(tree) (x86, 64-bit): -nostdinc"), r.stderr)
        XCTAssertFalse(r.stderr.contains("in the C code"), "no file has errors: \(r.stderr.suffix(2000))")
        let outside = try runProgram(exe, ["--kernel", Repo.samples.path + "/count.c"], timeout: 60)
        XCTAssertEqual(outside.status, 2)
        XCTAssertTrue(outside.stderr.contains("not in a configured kernel tree"), outside.stderr)
    }

    /// `--diff` on the file Linux fixed in 44842f647346 ("iomap: use an unsigned type for
    /// IOMAP_DIO_* defines"): the four flags of the block, and nothing else, with the tabs of
    /// the file, as the upstream commit changed them; the patch applies to a copy of the file.
    func testIomapDiffIsTheUpstreamFix() throws {
        let tree = try tree
        let r = try runProgram(Repo.executable.path, ["--kernel", "--diff", "fs/iomap/direct-io.c"], cwd: tree, timeout: 600)
        XCTAssertEqual(r.status, 1, r.stderr)
        // Written by hand from the commit's description: lines 23-26, `1` -> `1U`, tabs kept.
        let expected = """
            # Subject: iomap: use an unsigned type for IOMAP_DIO_* defines
            #
            # fs/iomap/direct-io.c:26:29: IOMAP_DIO_DIRTY: signed shift result (0x80000000) sets the sign bit of 'int' [shift-sign-overflow]
            # Spelled the same way so that each family of flags stays uniform: IOMAP_DIO_WRITE_FUA, IOMAP_DIO_NEED_SYNC, IOMAP_DIO_WRITE
            --- a/fs/iomap/direct-io.c
            +++ b/fs/iomap/direct-io.c
            @@ -20,10 +20,10 @@
              * Private flags for iomap_dio, must not overlap with the public ones in
              * iomap.h:
              */
            -#define IOMAP_DIO_WRITE_FUA\t(1 << 28)
            -#define IOMAP_DIO_NEED_SYNC\t(1 << 29)
            -#define IOMAP_DIO_WRITE\t\t(1 << 30)
            -#define IOMAP_DIO_DIRTY\t\t(1 << 31)
            +#define IOMAP_DIO_WRITE_FUA\t(1U << 28)
            +#define IOMAP_DIO_NEED_SYNC\t(1U << 29)
            +#define IOMAP_DIO_WRITE\t\t(1U << 30)
            +#define IOMAP_DIO_DIRTY\t\t(1U << 31)
            \u{20}
             struct iomap_dio {
             \tstruct kiocb\t\t*iocb;

            """
        XCTAssertEqual(r.stdout, expected)
        let changed = r.stdout.split(separator: "\n").filter {
            ($0.hasPrefix("-") || $0.hasPrefix("+")) && !$0.hasPrefix("---") && !$0.hasPrefix("+++")
        }
        XCTAssertEqual(changed.count, 8, "four lines out, four in")

        // The patch applies to a copy (git apply and patch -p1), giving --fix's result.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-iomap-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.createDirectory(at: copy.appendingPathComponent("fs/iomap"), withIntermediateDirectories: true)
        let original = try Data(contentsOf: URL(fileURLWithPath: tree + "/fs/iomap/direct-io.c"))
        try original.write(to: copy.appendingPathComponent("fs/iomap/direct-io.c"))
        let patch = copy.appendingPathComponent("iomap.patch")
        try Data(r.stdout.utf8).write(to: patch)
        let check = try runProgram("/usr/bin/git", ["apply", "--check", patch.path], cwd: copy.path)
        XCTAssertEqual(check.status, 0, check.stderr)
        let applied = try runProgram("/usr/bin/patch", ["-p1", "-i", patch.path], cwd: copy.path)
        XCTAssertEqual(applied.status, 0, applied.stdout + applied.stderr)
        let patched = try String(contentsOf: copy.appendingPathComponent("fs/iomap/direct-io.c"), encoding: .utf8)
        let expectedText = String(decoding: original, as: UTF8.self).replacingOccurrences(of: "\t(1 << 2", with: "\t(1U << 2")
            .replacingOccurrences(of: "\t(1 << 3", with: "\t(1U << 3")
        XCTAssertEqual(patched, expectedText)
    }
}

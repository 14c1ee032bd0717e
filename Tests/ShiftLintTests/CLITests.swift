import Foundation
import XCTest
@testable import ShiftLint

/// The command line: exit codes (0 clean, 1 findings, 2 tool error), output formats, and
/// clear messages for bad input.
final class CLITests: XCTestCase {
    var exe: String { Repo.executable.path }

    func testVersionShowsDebiansLibclangIsLoaded() throws {
        let r = try runProgram(exe, ["--version"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("shiftlint \(ShiftLintVersion.current)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Debian clang version"), r.stdout)
        XCTAssertTrue(r.stdout.contains("/libclang-"), r.stdout)
        XCTAssertFalse(r.stdout.contains("/opt/swift"), "the Swift toolchain's libclang must not be loaded: \(r.stdout)")
    }

    func testExitCodes() throws {
        let clean = try temporaryFile("clean.c", "#define OK (1U << 31)\nint f(void) { return 1 << 30; }\n")
        XCTAssertEqual(try runProgram(exe, [clean.path]).status, 0)
        let dirty = try temporaryFile("dirty.c", "#define BAD (1 << 31)\n")
        let r = try runProgram(exe, [dirty.path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(
            r.stdout.contains(
                "dirty.c:1:16: error: signed shift result (0x80000000) sets the sign bit of 'int' [shift-sign-overflow]"),
            r.stdout)
        let missing = try runProgram(exe, ["/nonexistent/file.c"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("/nonexistent/file.c: no such file or directory"), missing.stderr)
        let usage = try runProgram(exe, [])
        XCTAssertEqual(usage.status, 2)
        let badCheck = try runProgram(exe, ["--checks=-nonsense", dirty.path])
        XCTAssertEqual(badCheck.status, 2)
        XCTAssertTrue(badCheck.stderr.contains("unknown check 'nonsense'"), badCheck.stderr)
    }

    func testToolErrorsDoNotStopOtherFiles() throws {
        let dir = try temporaryFile("good.c", "#define BAD (1 << 31)\n").deletingLastPathComponent()
        try Data([0x23, 0x00, 0x01, 0xff, 0x00]).write(to: dir.appendingPathComponent("binary.c"))
        let r = try runProgram(exe, [dir.path])
        XCTAssertEqual(r.status, 2, "a binary file is a tool error")
        XCTAssertTrue(r.stderr.contains("binary.c: binary file"), r.stderr)
        XCTAssertTrue(r.stdout.contains("good.c:1:16"), "other files are still analyzed: \(r.stdout)")
    }

    func testErrorsInTheCCodeAreNotToolErrors() throws {
        let f = try temporaryFile("broken.c", "#include <no/such/header.h>\n#define BAD (1 << 31)\nint x = ;\n")
        let r = try runProgram(exe, [f.path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("errors in the C code"), r.stderr)
        XCTAssertTrue(r.stdout.contains("broken.c:2:16"), r.stdout)
    }

    func testCxxFilesAreSkippedWithANote() throws {
        let f = try temporaryFile("x.cpp", "int x = 1 << 31;\n")
        let r = try runProgram(exe, [f.path])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("x.cpp: skipped: shiftlint analyzes C only"), r.stderr)
    }

    func testChecksOption() throws {
        let f = try temporaryFile("c.c", "#define A (1 << 31)\n#define B (4 << 30)\n#define C (1 << 40)\n")
        let only = try runProgram(exe, ["--format", "json", "--checks=-*,shift-overflow", f.path])
        XCTAssertEqual(only.status, 1)
        XCTAssertTrue(only.stdout.contains("\"shift-overflow\""))
        XCTAssertFalse(only.stdout.contains("\"shift-sign-overflow\""))
        let none = try runProgram(exe, ["--checks=-*", f.path])
        XCTAssertEqual(none.status, 0)
    }

    func testCompilerArgumentsAfterDoubleDash() throws {
        let f = try temporaryFile("m.c", "#define L (1L << 31)\n#ifdef WANT\n#define W (1 << 31)\n#endif\n")
        XCTAssertEqual(try runProgram(exe, [f.path]).status, 0)
        let r = try runProgram(exe, ["--format", "json", f.path, "--", "-m32", "-DWANT"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout.components(separatedBy: "\"check\"").count - 1, 2, r.stdout)
    }

    func testTextOutputLooksLikeClang() throws {
        let f = try temporaryFile("k.c", "#define\tIOMAP_DIO_DIRTY\t\t(1 << 31)\nint use(void) { return IOMAP_DIO_DIRTY; }\n")
        let r = try runProgram(exe, ["--no-color", "k.c"], cwd: f.deletingLastPathComponent().path)
        XCTAssertEqual(
            r.stdout,
            """
            k.c:1:29: error: signed shift result (0x80000000) sets the sign bit of 'int' [shift-sign-overflow]
            #define IOMAP_DIO_DIRTY         (1 << 31)
                                             ~ ^  ~~
                                             1U
            note: IOMAP_DIO_DIRTY is used 1 time in the analyzed code
            note: undefined in ISO C (C11 §6.5.7p4)
            1 finding in 1 translation unit.

            """)
    }

    func testConfirmShowsUBSANsReport() throws {
        guard which("clang-19") != nil else { throw XCTSkip("clang-19 is not installed") }
        let f = try temporaryFile("c.c", "#define L (1L << 31)\n#define C (1 << 40)\n")
        let r = try runProgram(exe, ["--confirm", "--no-color", f.path, "--", "-m32", "-fwrapv"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(
            r.stdout.contains("note: confirmed by UBSAN: left shift of 1 by 31 places cannot be represented in type 'long'"),
            r.stdout)
        XCTAssertTrue(
            r.stdout.contains("note: confirmed by UBSAN: shift exponent 40 is too large for 32-bit type 'int'"), r.stdout)
        let json = try runProgram(exe, ["--confirm", "--format", "json", f.path, "--", "-m32"])
        XCTAssertTrue(json.stdout.contains("\"confirmed\" : true"), json.stdout)
    }

    /// The macro's own text is evaluated, with the typedefs, enum constants, other macros and
    /// -D macros it needs; code findings are confirmed from their operands.
    func testConfirmEvaluatesTheMacroText() throws {
        guard which("clang-19") != nil else { throw XCTSkip("clang-19 is not installed") }
        let f = try temporaryFile(
            "m.c",
            """
            typedef unsigned char u8;
            enum { TOP = 31 };
            #define BIT(n) (1 << (n))
            #define FLAGS ((u8)1 << TOP | BIT(2) | WIDTH)
            int code(void) { return 1 << 40; }
            void promote(u8 b, unsigned *out) { *out = b << 24; }
            """)
        let r = try runProgram(exe, ["--confirm", "--format", "json", f.path, "--", "-DWIDTH=3"])
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let findings = try XCTUnwrap(doc["findings"] as? [[String: Any]])
        let confirmations = findings.compactMap { $0["confirmation"] as? [String: Any] }
        XCTAssertEqual(confirmations.count, 3, r.stdout)
        XCTAssertEqual(confirmations.map { $0["method"] as? String }, ["macro", "operands", "operands"])
        XCTAssertEqual(confirmations.map { $0["confirmed"] as? Bool }, [true, true, true], r.stdout)
        XCTAssertEqual(
            confirmations.last?["detail"] as? String,
            "at the operand's largest value: left shift of 255 by 24 places cannot be represented in type 'int'")
    }

    func testFixFlagRewritesFilesAndTheResultIsClean() throws {
        let f = try temporaryFile("fix.c", "#define A (1 << 31)\n#define B (0xff << 24)\nint x = 1 << 40;\n")
        let first = try runProgram(exe, ["--fix", f.path])
        XCTAssertEqual(first.status, 1)
        XCTAssertEqual(
            try String(contentsOf: f, encoding: .utf8),
            "#define A (1U << 31)\n#define B (0xffU << 24)\nint x = 1ULL << 40;\n")
        XCTAssertEqual(try runProgram(exe, [f.path]).status, 0)
    }

    /// kbuild's checker convention (`$(CHECK) $(CHECKFLAGS) $(c_flags) file.c`): compiler flags
    /// with no `--`, gcc-style lines, a header's finding once per build, exit 0 unless --werror.
    func testKbuildCheckerConvention() throws {
        let dir = try temporaryFile("flags.h", "#define HEADER_FLAG (1 << 31)\n").deletingLastPathComponent()
        try "#include \"flags.h\"\nint x = 1 << 31;\nint y = HEADER_FLAG;\n".write(
            to: dir.appendingPathComponent("one.c"), atomically: true, encoding: .utf8)
        try "#include \"flags.h\"\n".write(to: dir.appendingPathComponent("two.c"), atomically: true, encoding: .utf8)
        let flags = [
            "-D__linux__", "-Wbitwise", "--arch=x86", "-mlittle-endian", "-m64", "-nostdinc", "-include", "flags.h", "-I", ".",
        ]
        // Two checker calls of one make run, as kbuild makes them (one per file).
        let checker = exe + " " + flags.joined(separator: " ")
        try "all:\n\t\(checker) one.c\n\t\(checker) two.c\nwerror:\n\t\(exe) --werror \(flags.joined(separator: " ")) two.c\n"
            .write(to: dir.appendingPathComponent("Makefile"), atomically: true, encoding: .utf8)
        let build = try runProgram("/usr/bin/make", ["-s"], cwd: dir.path, timeout: 120)
        XCTAssertEqual(build.status, 0, build.stderr)
        XCTAssertEqual(
            build.stdout,
            """
            flags.h:1:24: error: signed shift result (0x80000000) sets the sign bit of 'int' [shift-sign-overflow]
            one.c:2:11: error: signed shift result (0x80000000) sets the sign bit of 'int' [shift-sign-overflow]

            """, "the header's finding once per build, not again for two.c")
        // Another build reports it again; with --werror it fails the build.
        let werror = try runProgram("/usr/bin/make", ["-s", "werror"], cwd: dir.path, timeout: 120)
        XCTAssertNotEqual(werror.status, 0, "--werror: a finding fails the build")
        XCTAssertTrue(werror.stdout.hasPrefix("flags.h:1:24: error"), werror.stdout)
        // Outside make, each call is a build of its own; findings never fail it.
        let alone = try runProgram(exe, flags + ["two.c"], cwd: dir.path)
        XCTAssertEqual(alone.status, 0)
        XCTAssertTrue(alone.stdout.hasPrefix("flags.h:1:24: error"), alone.stdout)
    }

    /// `--fix` follows a symbolic link only to a file that is itself analyzed; a link out of
    /// the analyzed paths refuses the run before anything is written.
    func testFixFollowsNoSymlinkOutOfTheAnalyzedPaths() throws {
        let root = try temporaryFile("outside.c", "#define VICTIM (1 << 31)\n").deletingLastPathComponent()
        let dir = root.appendingPathComponent("tree")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let own = "#define OWN (1 << 31)\n"
        try own.write(to: dir.appendingPathComponent("own.c"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: dir.appendingPathComponent("link.c").path,
            withDestinationPath: "../outside.c")
        let refused = try runProgram(exe, ["--fix", "tree"], cwd: root.path)
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("link.c: a symbolic link to"), refused.stderr)
        XCTAssertEqual(
            try String(contentsOf: root.appendingPathComponent("outside.c"), encoding: .utf8), "#define VICTIM (1 << 31)\n")
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("own.c"), encoding: .utf8), own, "nothing written")

        // A link to an analyzed file is followed, and stays a link.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("link.c"))
        try FileManager.default.createSymbolicLink(
            atPath: dir.appendingPathComponent("link.c").path, withDestinationPath: "own.c")
        let fixed = try runProgram(exe, ["--fix", "tree"], cwd: root.path)
        XCTAssertEqual(fixed.status, 1, fixed.stderr)
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("own.c"), encoding: .utf8), "#define OWN (1U << 31)\n")
        XCTAssertEqual(
            try FileManager.default.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("link.c").path), "own.c")
    }
}

final class DeterminismTests: XCTestCase {
    /// Parallel analysis merges in input order: the output does not depend on scheduling.
    func testJobsDoNotChangeTheOutput() throws {
        let inputs = InputSet(paths: [Repo.samples.path], workingDirectory: Repo.root.path)
        let one = Analyzer(options: AnalysisOptions(jobs: 1)).analyze(inputs)
        let four = Analyzer(options: AnalysisOptions(jobs: 4)).analyze(inputs)
        XCTAssertGreaterThan(one.findings.count, 50)
        XCTAssertEqual(try JSONReporter.render(one.findings), try JSONReporter.render(four.findings))
        XCTAssertEqual(TextReporter.render(one.findings, color: false), TextReporter.render(four.findings, color: false))
        XCTAssertEqual(one.notes, four.notes)
    }
}

final class InputTests: XCTestCase {
    func testPathsAreShownAsGiven() throws {
        let dir = try temporaryFile("a.c", "#define A (1 << 31)\n").deletingLastPathComponent()
        let sub = dir.appendingPathComponent("sub dir ü")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try "#define B (1 << 31)\n".write(to: sub.appendingPathComponent("b.h"), atomically: true, encoding: .utf8)
        // A directory named absolutely: paths below it are absolute too.
        var report = analyze([dir.path], workingDirectory: "/")
        XCTAssertEqual(report.findings.map(\.file).sorted(), [dir.path + "/a.c", sub.path + "/b.h"].sorted())
        // Named relatively: shown relatively, as given.
        report = analyze(["./a.c", "sub dir ü/"], workingDirectory: dir.path)
        XCTAssertEqual(report.findings.map(\.file).sorted(), ["./a.c", "sub dir ü/b.h"])
        // Relative to the working directory when found below ".".
        report = analyze(["."], workingDirectory: dir.path)
        XCTAssertEqual(report.findings.map(\.file).sorted(), ["a.c", "sub dir ü/b.h"])
    }

    func testCxxSelectedByArgumentsIsNotAnalyzed() throws {
        let f = try temporaryFile("c.c", "int x = 1 << 31;\n")
        let report = analyze([f.path], arguments: ["-x", "c++"])
        XCTAssertEqual(report.findings.count, 0)
        XCTAssertEqual(report.exitCode, 0)
        XCTAssertTrue(report.notes.contains { $0.contains("analyzes C only") }, "\(report.notes)")
    }

    func testSymlinkLoopsAndEmptyFiles() throws {
        let dir = try temporaryFile("empty.c", "").deletingLastPathComponent()
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("loop").path, withDestinationPath: dir.path)
        try "#define A (1 << 31)\n".write(to: dir.appendingPathComponent("x.h"), atomically: true, encoding: .utf8)
        let report = analyze(["."], workingDirectory: dir.path)
        XCTAssertEqual(report.findings.map(\.file), ["x.h"])
        XCTAssertTrue(report.toolErrors.isEmpty, "\(report.toolErrors)")
    }
}

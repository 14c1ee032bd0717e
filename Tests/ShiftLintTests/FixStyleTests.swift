import Foundation
import XCTest
@testable import ShiftLint

/// `--fix-style` and the `fix-style` key: the kernel's macros (samples/kernel-style.c and
/// ilp32-kernel-style.c for the spellings, here their safety, uapi, tools/ and the fallbacks),
/// the cast style, and Linux 6.1's fs/iomap/direct-io.c.
final class FixStyleTests: XCTestCase {
    var exe: String { Repo.executable.path }

    /// Writes `files` (relative path → text) under a new temporary directory.
    func tree(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-style-\(UUID().uuidString)")
        for (path, text) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    let bits = "#define BIT(nr) (1UL << (nr))\n#define BIT_ULL(nr) (1ULL << (nr))\n"

    func analyzeStyled(_ paths: [String], in dir: URL, style: FixStyle, arguments: [String] = [], verbose: Bool = false)
        -> AnalysisReport
    {
        var options = AnalysisOptions(compilerArguments: arguments)
        options.verbose = verbose
        let analyzer = Analyzer(options: options)
        analyzer.configurations = Configurations(
            overrides: Configurations.Overrides(fixStyle: style), workingDirectory: dir.path)
        return analyzer.analyze(InputSet(paths: paths, workingDirectory: dir.path))
    }

    /// line → (the fixes' replacements, verdict, a part of the reason or the fallback note).
    func testKernelSpellingsAndTheirSafety() throws {
        let report = analyze(["samples/kernel-style.c"], workingDirectory: Repo.root.path, fixStyle: .kernel)
        let expected: [Int: ([String], FixReview.Verdict, String)] = [
            18: (["BIT(31)", "BIT(28)", "BIT(29)", "BIT(30)"], .safe, "safe in the analyzed code (1 use)"),
            28: (["BIT(SHIFT)"], .safe, "safe"),
            35: (["BIT_ULL(40)"], .safe, "safe"),
            38: (["BIT_ULL(31)"], .needsReview, "0xffffffff80000000 today, 0x0000000080000000 after the fix"),
            44: (["1U"], .safe, "fix: spelled '1U' rather than BIT(): COMPARED is compared with '==' as 'int'"),
            50: (["1U"], .safe, "fix: spelled '1U' rather than BIT(): CLEARED is compared with '=='"),
            56: (["BIT(31)"], .needsReview, "CLEARED_WIDE is converted to 'u64' (64 bits)"),
            61: (["3U"], .safe, "safe"),
            67: (["BIT(31)"], .safe, "safe"),
            69: (["BIT(31)"], .safe, "safe"),
        ]
        for (line, (replacements, verdict, text)) in expected {
            let f = try XCTUnwrap(report.findings.first { $0.line == line }, "line \(line)")
            XCTAssertEqual(f.fixes.map(\.replacement), replacements, "line \(line)")
            XCTAssertEqual(f.fixSafety?.verdict, verdict, "line \(line): \(f.fixSafety?.reason ?? "")")
            let said = [f.fixSafety?.reason ?? ""] + f.notes.map(\.message)
            XCTAssertTrue(said.contains { $0.contains(text) }, "line \(line): \(said)")
        }
        // The default style is unchanged: 1U everywhere.
        let suffix = analyze(["samples/kernel-style.c"], workingDirectory: Repo.root.path)
        XCTAssertEqual(suffix.findings.first { $0.line == 18 }?.fixes.map(\.replacement), ["1U", "1U", "1U", "1U"])
    }

    /// ILP32: BIT() is 32 bits, judged as 1U is (the comparison that keeps 1U on LP64 takes BIT).
    func testILP32() throws {
        let report = analyze(
            ["samples/ilp32-kernel-style.c"], arguments: ["-m32"], workingDirectory: Repo.root.path, fixStyle: .kernel)
        XCTAssertEqual(report.findings.map { $0.fixes.map(\.replacement) }, [["BIT(31)"], ["BIT_ULL(35)"]])
        XCTAssertEqual(report.findings.first?.fixSafety?.verdict, .safe)
    }

    /// uapi headers take `_BITUL` (from uapi/linux/const.h), never BIT(); without it, 1U.
    func testUapiUsesBITUL() throws {
        let dir = try tree([
            "include/uapi/linux/const.h": "#define _BITUL(x) (1UL << (x))\n#define _BITULL(x) (1ULL << (x))\n",
            "include/uapi/linux/foo.h": "#include \"const.h\"\n#define FOO_A (1 << 30)\n#define FOO_B (1 << 31)\n",
            "include/uapi/linux/bar.h": "#define BAR (1 << 31)\n",
        ])
        let report = analyzeStyled(["include/uapi/linux/foo.h", "include/uapi/linux/bar.h"], in: dir, style: .kernel)
        let foo = try XCTUnwrap(report.findings.first { $0.macro == "FOO_B" })
        XCTAssertEqual(foo.fixes.map(\.replacement), ["_BITUL(31)", "_BITUL(30)"])
        XCTAssertEqual(report.findings.first { $0.macro == "BAR" }?.fixes.map(\.replacement), ["1U"])
    }

    /// Under tools/ (its own headers, its own BIT()), and where the unit does not define BIT():
    /// the suffix, and `--verbose` says why.
    func testFallbacksSayWhy() throws {
        let dir = try tree([
            "tools/include/linux/bits.h": bits,
            "tools/perf/x.c": "#include \"../include/linux/bits.h\"\n#define F (1 << 31)\n",
            "drivers/y.c": "#define G (1 << 31)\n",
        ])
        let quiet = analyzeStyled(["tools/perf/x.c", "drivers/y.c"], in: dir, style: .kernel)
        XCTAssertEqual(quiet.findings.map { $0.fixes.map(\.replacement) }, [["1U"], ["1U"]])
        XCTAssertFalse(quiet.findings.flatMap(\.notes).contains { $0.message.hasPrefix("fix: spelled") })
        let verbose = analyzeStyled(["tools/perf/x.c", "drivers/y.c"], in: dir, style: .kernel, verbose: true)
        // In report order: drivers/ before tools/.
        let notes = verbose.findings.map { $0.notes.map(\.message).filter { $0.hasPrefix("fix: spelled") } }
        XCTAssertEqual(
            notes,
            [
                [
                    "fix: spelled '1U' rather than with BIT(): BIT() is not defined in this translation unit (linux/bits.h is not included)"
                ],
                ["fix: spelled '1U' rather than with BIT(): under tools/, which does not use the kernel's BIT()"],
            ])
    }

    /// A BIT() of another header (a driver's own) is not the kernel's.
    func testOnlyTheKernelsBIT() throws {
        let dir = try tree(["drivers/own.h": bits, "drivers/z.c": "#include \"own.h\"\n#define F (1 << 31)\n"])
        let report = analyzeStyled(["drivers/z.c"], in: dir, style: .kernel)
        XCTAssertEqual(report.findings.first?.fixes.map(\.replacement), ["1U"])
    }

    /// The negative idioms keep their suffix spelling in every style.
    func testIdiomsInEveryStyle() throws {
        let dir = try tree(["linux/bits.h": bits, "m.c": "#include \"linux/bits.h\"\n#define M (~0 << 4)\n"])
        for style in FixStyle.allCases {
            let report = analyzeStyled(["m.c"], in: dir, style: style)
            XCTAssertEqual(report.findings.first?.fixes.map(\.replacement), ["0U"], "\(style)")
        }
    }

    /// The configuration key and the command line (over it), through --diff.
    func testConfigurationKeyAndCommandLine() throws {
        let source = try String(contentsOf: Repo.samples.appendingPathComponent("kernel-style.c"), encoding: .utf8)
        let dir = try tree([
            "kernel-style.c": source, "include/linux/bits.h": bits, ".shiftlint.yml": "fix-style: kernel\n",
            "cast/.shiftlint.yml": "fix-style: cast\n", "cast/c.c": "typedef unsigned int u32;\n#define F (1 << 31)\n",
        ])
        let kernel = try runProgram(exe, ["--diff", "kernel-style.c"], cwd: dir.path)
        XCTAssertTrue(kernel.stdout.contains("+#define DIO_DIRTY BIT(31)"), kernel.stdout + kernel.stderr)
        XCTAssertTrue(kernel.stdout.contains("+#define DIO_WRITE_FUA BIT(28)"), kernel.stdout)
        let suffix = try runProgram(exe, ["--diff", "--fix-style", "suffix", "kernel-style.c"], cwd: dir.path)
        XCTAssertTrue(suffix.stdout.contains("+#define DIO_DIRTY (1U << 31)"), suffix.stdout + suffix.stderr)
        let cast = try runProgram(exe, ["--diff", "cast/c.c"], cwd: dir.path)
        XCTAssertTrue(cast.stdout.contains("+#define F ((u32)1 << 31)"), cast.stdout + cast.stderr)
        let bad = try runProgram(exe, ["--fix-style", "pretty", "cast/c.c"], cwd: dir.path)
        XCTAssertEqual(bad.status, 2)
        // --fix applies BIT() and the re-analysis finds nothing left.
        let fix = try runProgram(exe, ["--fix", "kernel-style.c"], cwd: dir.path)
        XCTAssertFalse(fix.stderr.contains("undone"), fix.stderr)
        let fixed = try String(contentsOf: dir.appendingPathComponent("kernel-style.c"), encoding: .utf8)
        XCTAssertTrue(fixed.contains("    u32 v = BIT(31);"))
        XCTAssertTrue(fixed.contains("#define COMPARED (1U << 31)"))
    }

    /// Linux 6.1: the iomap flags become BIT(28) ... BIT(31) (their uses are `&` tests and
    /// `|=`/`&=` on an `unsigned` field), from the tree and without writing into it.
    func testIomapInKernelStyle() throws {
        let tree =
            ProcessInfo.processInfo.environment["SHIFTLINT_LINUX_TREE"] ?? "/var/tmp/shiftlint-corpus/linux-source-6.1"
        guard FileManager.default.fileExists(atPath: tree + "/fs/iomap/direct-io.c") else {
            throw XCTSkip("Linux 6.1 corpus not found at \(tree)")
        }
        let r = try runProgram(exe, ["--kernel", "--fix-style", "kernel", "--diff", "fs/iomap/direct-io.c"], cwd: tree)
        for (name, bit) in [
            ("IOMAP_DIO_WRITE_FUA\t", 28), ("IOMAP_DIO_NEED_SYNC\t", 29), ("IOMAP_DIO_WRITE\t\t", 30),
            ("IOMAP_DIO_DIRTY\t\t", 31),
        ] {
            XCTAssertTrue(r.stdout.contains("+#define \(name)BIT(\(bit))\n"), r.stdout + r.stderr)
        }
    }
}

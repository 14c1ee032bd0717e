import Foundation
import XCTest
@testable import ShiftLint

/// Proof by object code (scripts/verify-fix.py): the fixes FixSafety calls safe leave the
/// generated code identical; those it says need review are the ones that change it.
final class VerifyFixTests: XCTestCase {
    var exe: String { Repo.executable.path }
    var script: String { Repo.root.appendingPathComponent("scripts/verify-fix.py").path }

    /// samples/fix-safety.c fixed twice (`--fix`: the safe fixes; `--fix --fix-unsafe`: all),
    /// each fix turned into a patch and verified with clang-19 and gcc at -O2.
    func testSafeFixesKeepTheCodeAndUnsafeOnesChangeIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = try String(contentsOf: Repo.samples.appendingPathComponent("fix-safety.c"), encoding: .utf8)
        func patch(_ name: String, _ flags: [String]) throws -> URL {
            let work = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            try sample.write(to: work.appendingPathComponent("fix-safety.c"), atomically: true, encoding: .utf8)
            let fix = try runProgram(exe, flags + ["fix-safety.c"], cwd: work.path)
            XCTAssertNotEqual(fix.status, 2, fix.stderr)
            let fixed = try String(contentsOf: work.appendingPathComponent("fix-safety.c"), encoding: .utf8)
            XCTAssertNotEqual(fixed, sample)
            let orig = dir.appendingPathComponent("orig-\(name).c")
            try sample.write(to: orig, atomically: true, encoding: .utf8)
            let diff = try runProgram(
                "/usr/bin/diff",
                [
                    "-u", "--label", "a/fix-safety.c", "--label", "b/fix-safety.c", orig.path,
                    work.appendingPathComponent("fix-safety.c").path,
                ])
            XCTAssertEqual(diff.status, 1, diff.stderr)
            let url = dir.appendingPathComponent("\(name).patch")
            try diff.stdout.write(to: url, atomically: true, encoding: .utf8)
            return url
        }
        let safe = try patch("safe", ["--fix"])
        let all = try patch("all", ["--fix", "--fix-unsafe"])
        for compiler in ["clang-19 -O2", "gcc -O2 -fno-strict-overflow"] {
            guard which(String(compiler.split(separator: " ")[0])) != nil else { continue }
            func verify(_ patch: URL) throws -> (status: Int32, stdout: String, stderr: String) {
                let root = dir.appendingPathComponent("root-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
                try sample.write(to: root.appendingPathComponent("fix-safety.c"), atomically: true, encoding: .utf8)
                let r = try runProgram(
                    "/usr/bin/python3", [script, "--compile", compiler + " -c {src} -o {obj}", "--root", root.path, patch.path])
                // The tree is restored whatever the outcome.
                XCTAssertEqual(try String(contentsOf: root.appendingPathComponent("fix-safety.c"), encoding: .utf8), sample)
                return r
            }
            let s = try verify(safe)
            XCTAssertEqual(s.status, 0, "\(compiler): \(s.stdout) \(s.stderr)")
            XCTAssertTrue(s.stdout.contains("fix-safety.c: no change in generated code (25 functions"), s.stdout)
            let a = try verify(all)
            XCTAssertEqual(a.status, 1, "\(compiler): \(a.stdout) \(a.stderr)")
            XCTAssertTrue(
                a.stdout.contains(
                    "generated code changed in 11 of 25 functions: args, code_wide, compared, divided, high_wide, negated, negative, promoted_wide, ret64, shifted, widened"
                ),
                "\(compiler): \(a.stdout)")
        }
    }

    /// Linux 6.1: the family fix shiftlint prints for fs/iomap/direct-io.c (the upstream
    /// commit's four lines) leaves fs/iomap/direct-io.o identical on x86_64 defconfig.
    func testIomapFamilyFixChangesNoGeneratedCode() throws {
        let tree =
            ProcessInfo.processInfo.environment["SHIFTLINT_LINUX_TREE"] ?? "/var/tmp/shiftlint-corpus/linux-source-6.1"
        guard FileManager.default.fileExists(atPath: tree + "/fs/iomap/direct-io.c") else {
            throw XCTSkip("Linux 6.1 corpus not found at \(tree)")
        }
        let original = try Data(contentsOf: URL(fileURLWithPath: tree + "/fs/iomap/direct-io.c"))
        let diff = try runProgram(exe, ["--kernel", "--diff", "fs/iomap/direct-io.c"], cwd: tree)
        XCTAssertNotEqual(diff.status, 2, diff.stderr)
        XCTAssertEqual(diff.stdout.components(separatedBy: "\n+#define IOMAP_DIO_").count - 1, 4, diff.stdout)
        let patch = try temporaryFile("iomap.patch", diff.stdout)
        let r = try runProgram("/usr/bin/python3", [script, "--tree", tree, patch.path], timeout: 900)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("fs/iomap/direct-io.o: no change in generated code"), r.stdout)
        XCTAssertEqual(
            try Data(contentsOf: URL(fileURLWithPath: tree + "/fs/iomap/direct-io.c")), original, "the tree is restored")
    }

    func testBadInputIsAnError() throws {
        let bad = try temporaryFile("bad.patch", "not a patch\n")
        let r = try runProgram("/usr/bin/python3", [script, "--compile", "cc -c {src} -o {obj}", bad.path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("no file in the patch"), r.stderr)
        let none = try runProgram("/usr/bin/python3", [script, bad.path])
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.stderr.contains("give --tree"), none.stderr)
    }
}

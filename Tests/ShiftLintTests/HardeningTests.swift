import Foundation
import XCTest
@testable import ShiftLint

/// Malformed input, generated at test time: no crash, no hang, a clear message, the right
/// exit code, and the other files of the same run still analyzed. Runs the real binary so
/// that a crash shows as a signal.
final class HardeningTests: XCTestCase {
    var exe: String { Repo.executable.path }
    let timeout: TimeInterval = 120

    /// A directory holding one good file and the given bad ones.
    func corpus(_ files: [String: Data]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-hard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("#define GOOD (1 << 31)\n".utf8).write(to: dir.appendingPathComponent("good.c"))
        for (name, data) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        return dir
    }

    func check(
        _ files: [String: Data], exit expected: Int32, stdout mustContain: [String] = [],
        stderr errContains: [String] = [], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let dir = try corpus(files)
        // The whole-tree scan reads the same hostile files: no crash, no hang, the good file
        // still analyzed, a tool error exactly where the per-file mode has one.
        let scanned = try runProgram(exe, ["--scan", "--no-cache", "--no-color", "."], cwd: dir.path, timeout: timeout)
        XCTAssertEqual(scanned.status, expected, "--scan: stderr: \(scanned.stderr.suffix(1500))", file: file, line: line)
        XCTAssertTrue(
            scanned.stdout.contains("good.c:1:17: error"), "--scan: \(scanned.stdout.prefix(500))", file: file, line: line)
        let start = Date()
        let r = try runProgram(exe, ["--no-color", "."], cwd: dir.path, timeout: timeout)
        XCTAssertLessThan(Date().timeIntervalSince(start), timeout, "hang", file: file, line: line)
        XCTAssertEqual(r.status, expected, "stderr: \(r.stderr.suffix(1500))", file: file, line: line)
        XCTAssertTrue(
            r.stdout.contains("good.c:1:17: error"), "the good file is still analyzed: \(r.stdout.prefix(500))",
            file: file, line: line)
        for s in mustContain {
            XCTAssertTrue(r.stdout.contains(s), "stdout lacks \(s): \(r.stdout.prefix(2000))", file: file, line: line)
        }
        for s in errContains {
            XCTAssertTrue(r.stderr.contains(s), "stderr lacks \(s): \(r.stderr.prefix(2000))", file: file, line: line)
        }
    }

    /// A function called without a declaration returns `int` only in clang's guess (a
    /// missing include): `bpf_get_current_pid_tgid() >> 32` is not a finding, in C99 (where it
    /// is an error) or C89 (a warning); declared, the same shift of an `int` is.
    func testNoFindingFromAnImplicitlyDeclaredFunction() throws {
        let implicit = try temporaryFile(
            "implicit.c", "unsigned long long f(void) { return bpf_get_current_pid_tgid() >> 32; }\n")
        for args in [[String](), ["-std=c89"]] {
            let report = analyze([implicit.path], arguments: args)
            XCTAssertTrue(report.findings.isEmpty, "\(args): \(report.findings.map(\.message))")
        }
        let r = try runProgram(Repo.executable.path, ["--verbose", implicit.path])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("shift not judged: an operand calls a function with no declaration"), r.stderr)
        let declared = try temporaryFile(
            "declared.c",
            "int bpf_get_current_pid_tgid(void);\nunsigned long long f(void) { return bpf_get_current_pid_tgid() >> 32; }\n")
        XCTAssertEqual(analyze([declared.path]).findings.map(\.check), [.shiftCountOverflow])
    }

    func testBinaryAndNulBytes() throws {
        var binary = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        binary[10] = 0
        try check(
            ["binary.c": binary, "nul.h": Data("#define A 1\n\0\0#define B (1 << 31)\n".utf8)],
            exit: 2, stderr: ["binary.c: binary file (contains NUL bytes), not C source", "nul.h: binary file"])
    }

    func testInvalidUTF8() throws {
        var d = Data("/* caf\u{e9} ".utf8)
        d.append(contentsOf: [0xff, 0xfe, 0xc3, 0x28])
        d.append(Data(" */\n#define BAD_UTF8 (1 << 31) /* \u{1F600} */\nconst char *s = \"".utf8))
        d.append(contentsOf: [0xff, 0x80])
        d.append(Data("\";\n".utf8))
        try check(["utf8.c": d], exit: 1, stdout: ["utf8.c:2:"])
    }

    func testTenMegabyteLine() throws {
        let comment = "/* " + String(repeating: "x", count: 10_000_000) + " */"
        let string = "static const char big[] = \"" + String(repeating: "y", count: 1_000_000) + "\";"
        try check(
            ["long.c": Data("\(comment) \(string) int after = 1 << 31;\n#define LONG_LINE (1 << 31)\n".utf8)],
            exit: 1, stdout: ["long.c:2:22: error"])
    }

    func testBrokenMacrosAndSyntax() throws {
        try check(
            [
                "unbalanced.c": Data("#define UNBAL ((1 << 31)\nint f( { (((\n#define AFTER (1 << 31)\n".utf8),
                "cutoff.c": Data("#define OK (0xff << 24)\n#define CUT (1 <<".utf8),
                "recursive.c": Data(
                    "#define A B\n#define B A\n#define C (A << 31)\nint x = A;\n#define F(x) G(x)\n#define G(x) F(x)\nint y = F(1);\n"
                        .utf8),
            ], exit: 1, stdout: ["unbalanced.c:3:18: error", "cutoff.c:1:18: error"])
    }

    func testDeepNestingHugeLiteralsAndCounts() throws {
        let deep = String(repeating: "(", count: 1000) + "1 << 31" + String(repeating: ")", count: 1000)
        try check(
            [
                "deep.c": Data("#define DEEP \(deep)\nint deep_code = \(deep);\n".utf8),
                "huge.c": Data(
                    "#define HUGE (0xffffffffffffffffff << 1)\nint big = 1 << 999999999999;\n#define BIG_COUNT (1 << 999999999999)\n"
                        .utf8),
            ], exit: 1,
            stdout: ["huge.c:2:13: error: shift count (999999999999)", "huge.c:3:22: error: shift count (999999999999)"])
    }

    func testEmptyFilesSymlinkLoopsSpacesAndUnicode() throws {
        let dir = try corpus([
            "empty.c": Data(),
            "dir with space/ünïcödé.h": Data("#define UNICODE_PATH (1 << 31)\n".utf8),
        ])
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("loop").path, withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(
            atPath: dir.appendingPathComponent("dir with space/up").path,
            withDestinationPath: "..")
        let r = try runProgram(exe, ["--no-color", "."], cwd: dir.path, timeout: timeout)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("dir with space/ünïcödé.h:1:25: error"), r.stdout)
        XCTAssertTrue(r.stdout.contains("good.c:1:17: error"), r.stdout)
        XCTAssertEqual(r.stdout.components(separatedBy: "good.c:1:17").count - 1, 1, "each file once, loops or not")
    }

    /// The walk takes entry types from the directory: links to files (even dangling ones) are
    /// kept, links to directories not followed, other files left out; each directory's entries
    /// in name order, subdirectories depth-first from the last.
    func testWalkListsWhatTheDirectoriesHold() throws {
        let dir = try corpus(["a/x.c": Data(), "a/b/y.h": Data(), "a/b/z.txt": Data(), "a/c/w.c": Data()])
        let root = dir.path
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: root + "/a/loop", withDestinationPath: root + "/a")
        try fm.createSymbolicLink(atPath: root + "/a/link.c", withDestinationPath: root + "/a/x.c")
        try fm.createSymbolicLink(atPath: root + "/a/dangling.h", withDestinationPath: root + "/nowhere")
        try fm.createSymbolicLink(atPath: root + "/a/dirlink.c", withDestinationPath: root + "/a/b")
        XCTAssertEqual(mkfifo(root + "/a/fifo.c", 0o600), 0)
        var errors: [InputError] = []
        let files = InputSet.walk(root + "/a", errors: &errors).map { String($0.dropFirst(root.count)) }
        XCTAssertEqual(files, ["/a/dangling.h", "/a/link.c", "/a/x.c", "/a/c/w.c", "/a/b/y.h"])
        XCTAssertEqual(errors.map(\.message), [])
        _ = InputSet.walk(root + "/missing", errors: &errors)
        XCTAssertEqual(errors.map(\.message), [root + "/missing: cannot read directory"])
    }

    /// Tests run as root in CI; an unreadable file needs an unprivileged user to mean anything.
    func testUnreadableFile() throws {
        guard getuid() == 0, let setpriv = which("setpriv") else { throw XCTSkip("needs root and setpriv to drop privileges") }
        let dir = try corpus(["secret.c": Data("#define S (1 << 31)\n".utf8)])
        let secret = dir.appendingPathComponent("secret.c").path
        XCTAssertEqual(chmod(secret, 0), 0)
        chmod(dir.path, 0o755)
        let r = try runProgram(
            setpriv, ["--reuid=nobody", "--regid=nogroup", "--clear-groups", exe, "--no-color", "."],
            cwd: dir.path, timeout: timeout)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("secret.c: cannot read file"), r.stderr)
        XCTAssertTrue(r.stdout.contains("good.c:1:17: error"), r.stdout)
    }
}

import Foundation
import XCTest
@testable import ShiftLint

/// The dialect policy (Gate/Policy): every finding says it is undefined in ISO C; under
/// `-fwrapv`/`-fno-strict-overflow` the base cases also say GNU C defines them and become
/// warnings (policy `gnu-wrapv`, detected or forced), count errors stay errors, and
/// `--fail-on` decides which severities fail the run.
final class PolicyTests: XCTestCase {
    var exe: String { Repo.executable.path }

    static let sample = "#define SIGN (1 << 31)\n#define OVER (4 << 30)\nint neg(void) { return -1 << 3; }\n"
    static let isoNote = "undefined in ISO C (C11 §6.5.7p4)"

    func run(_ args: [String], _ source: String = sample, status: Int32 = 1, file: StaticString = #filePath, line: UInt = #line)
        throws -> [JSONFinding]
    {
        let dir = try temporaryTree(["x.c": source])
        let r = try runProgram(exe, ["--format", "json"] + args, cwd: dir.path, timeout: 120)
        XCTAssertEqual(r.status, status, r.stderr, file: file, line: line)
        return try JSONFinding.parse(r.stdout)
    }

    func testNoFlagsIsoErrors() throws {
        let found = try run(["x.c"])
        XCTAssertEqual(found.map(\.check), ["shift-sign-overflow", "shift-overflow", "shift-negative-value"])
        XCTAssertEqual(found.map(\.severity), ["error", "error", "error"])
        for f in found {
            XCTAssertEqual(f.notes.last, Self.isoNote, "\(f)")
            XCTAssertFalse(f.notes.contains { $0.contains("GNU") }, "\(f)")
        }
    }

    func testWrapvFlagsMakeBaseCasesWarningsWithTheGNUNote() throws {
        for flag in ["-fno-strict-overflow", "-fwrapv"] {
            let found = try run(["x.c", "--", flag])
            XCTAssertEqual(found.map(\.severity), ["warning", "warning", "warning"], flag)
            for f in found {
                XCTAssertEqual(
                    f.notes.suffix(2), [Self.isoNote, "defined by GNU C under -fwrapv (compiled with \(flag))"], "\(f)")
            }
        }
    }

    /// The last of -fwrapv, -fno-wrapv, -fno-strict-overflow, -fstrict-overflow wins, as in gcc.
    func testTheLastFlagWins() throws {
        XCTAssertEqual(try run(["x.c", "--", "-fno-strict-overflow", "-fstrict-overflow"]).map(\.severity).first, "error")
        XCTAssertEqual(try run(["x.c", "--", "-fwrapv", "-fno-wrapv"]).map(\.severity).first, "error")
        XCTAssertEqual(try run(["x.c", "--", "-fno-wrapv", "-fno-strict-overflow"]).map(\.severity).first, "warning")
        XCTAssertEqual(
            Policy.wrapvFlag(in: ["-O2", "-fwrapv", "-fstrict-overflow", "-fno-strict-overflow"]), "-fno-strict-overflow")
        XCTAssertNil(Policy.wrapvFlag(in: ["-fwrapv-pointer", "-fno-wrapv"]))
        XCTAssertEqual(Policy.detected(from: []), .iso)
        XCTAssertEqual(Policy.detected(from: ["-fwrapv"]), .gnuWrapv)
    }

    func testPolicyOverridesTheFlagsBothWays() throws {
        // Forced iso under -fwrapv: errors, and the notes still say what GNU C does.
        let iso = try run(["--policy", "iso", "x.c", "--", "-fwrapv"])
        XCTAssertEqual(iso.map(\.severity), ["error", "error", "error"])
        XCTAssertEqual(iso.first?.notes.suffix(2), [Self.isoNote, "defined by GNU C under -fwrapv (compiled with -fwrapv)"])
        // Forced gnu-wrapv without the flag: warnings, and the note says the flag is not given.
        let gnu = try run(["--policy", "gnu-wrapv", "x.c"])
        XCTAssertEqual(gnu.map(\.severity), ["warning", "warning", "warning"])
        XCTAssertEqual(
            gnu.first?.notes.last,
            "defined by GNU C only under -fwrapv, which the compiler arguments do not give (policy gnu-wrapv)")
        // auto is the default, and can be asked for.
        XCTAssertEqual(try run(["--policy", "auto", "x.c", "--", "-fwrapv"]).map(\.severity).first, "warning")
        let bad = try runProgram(exe, ["--policy", "wrapv", "x.c"], timeout: 60)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("unknown policy 'wrapv' (known: iso, gnu-wrapv, auto)"), bad.stderr)
    }

    /// A configuration's policy, and the command line over it.
    func testPolicyFromTheConfiguration() throws {
        let dir = try temporaryTree([".shiftlint.yml": "policy: gnu-wrapv\n", "x.c": "#define SIGN (1 << 31)\n"])
        let configured = try runProgram(exe, ["--format", "json", "x.c"], cwd: dir.path, timeout: 60)
        XCTAssertEqual(try JSONFinding.parse(configured.stdout).map(\.severity), ["warning"])
        let overridden = try runProgram(exe, ["--format", "json", "--policy", "iso", "x.c"], cwd: dir.path, timeout: 60)
        XCTAssertEqual(try JSONFinding.parse(overridden.stdout).map(\.severity), ["error"])
    }

    func testCountChecksStayErrors() throws {
        let source = "#define BIG (1 << 40)\nint neg(int x) { return x << -1; }\n"
        for args in [["x.c"], ["x.c", "--", "-fwrapv"], ["--policy", "gnu-wrapv", "x.c"]] {
            let found = try run(args, source)
            XCTAssertEqual(found.map(\.check), ["shift-count-overflow", "shift-count-negative"], "\(args)")
            XCTAssertEqual(found.map(\.severity), ["error", "error"], "\(args)")
            XCTAssertEqual(found.first?.notes.contains("undefined in ISO C (C11 §6.5.7p3)"), true, "\(found)")
        }
        let wrapv = try run(["x.c", "--", "-fwrapv"], source)
        XCTAssertEqual(wrapv.first?.notes.last, "undefined in GNU C too: -fwrapv does not define shift counts")
    }

    /// Possible undefined behaviour stays a note under any policy; it is a base case.
    func testPromotionStaysANote() throws {
        let source = "void f(unsigned char b, unsigned *out) { *out = b << 24; }\n"
        for args in [["x.c"], ["x.c", "--", "-fwrapv"]] {
            let found = try run(args, source)
            XCTAssertEqual(found.map(\.check), ["shift-promotion"])
            XCTAssertEqual(found.map(\.severity), ["note"])
            XCTAssertEqual(
                found.first?.notes.first, "undefined in ISO C for the operand's larger values (C11 §6.3.1.1p2, §6.5.7p4)")
        }
        XCTAssertEqual(try run(["x.c", "--", "-fwrapv"], source).first?.notes.last?.hasPrefix("defined by GNU C"), true)
    }

    /// A count range stays a note too; what GNU C makes of it depends on its first undefined
    /// count: a signed overflow (`1 << 31`) is what -fwrapv defines, a count out of range is not.
    func testCountRangeStaysANote() throws {
        let source = """
            unsigned f(int bit) { return 1 << (bit & 31); }
            unsigned g(unsigned x, int n) { return x >> (n & 63); }

            """
        for args in [["x.c"], ["x.c", "--", "-fwrapv"], ["--policy", "gnu-wrapv", "x.c"]] {
            let found = try run(args, source)
            XCTAssertEqual(found.map(\.check), ["shift-count-range", "shift-count-range"], "\(args)")
            XCTAssertEqual(found.map(\.severity), ["note", "note"], "\(args)")
            XCTAssertEqual(
                found.first?.notes.first, "undefined in ISO C for some of the count's values (C11 §6.5.7p3, §6.5.7p4)")
        }
        let wrapv = try run(["x.c", "--", "-fwrapv"], source)
        XCTAssertEqual(
            wrapv.map { $0.notes.last },
            [
                "defined by GNU C under -fwrapv (compiled with -fwrapv)",
                "undefined in GNU C too: -fwrapv does not define shift counts",
            ])
        XCTAssertEqual(try run(["x.c"], source).map(\.notes.count), [1, 1], "ISO C's note only")
    }

    func testFailOn() throws {
        // Warnings only (-fwrapv): --fail-on error passes, warning and note fail.
        let warnings = ["x.c", "--", "-fno-strict-overflow"]
        XCTAssertEqual(try run(["--fail-on", "error"] + warnings, status: 0).count, 3, "reported, but not failing")
        _ = try run(["--fail-on", "warning"] + warnings, status: 1)
        _ = try run(["--fail-on", "note"] + warnings, status: 1)
        // Errors fail under every threshold.
        _ = try run(["--fail-on", "error", "x.c"], status: 1)
        // A note alone fails only under --fail-on note (the default).
        let promotion = "void f(unsigned char b, unsigned *out) { *out = b << 24; }\n"
        _ = try run(["--fail-on", "warning", "x.c"], promotion, status: 0)
        _ = try run(["x.c"], promotion, status: 1)
        let bad = try runProgram(exe, ["--fail-on", "fatal", "x.c"], timeout: 60)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("unknown --fail-on severity 'fatal'"), bad.stderr)
    }

    /// The text output shows the severity and the notes.
    func testTextOutput() throws {
        let dir = try temporaryTree(["w.c": "int w(void) { return 1 << 31; }\n"])
        let r = try runProgram(exe, ["--no-color", "w.c", "--", "-fwrapv"], cwd: dir.path, timeout: 60)
        XCTAssertEqual(
            r.stdout,
            """
            w.c:1:24: warning: signed shift result (0x80000000) sets the sign bit of 'int' [shift-sign-overflow]
            int w(void) { return 1 << 31; }
                                 ~ ^  ~~
                                 1U
            note: undefined in ISO C (C11 §6.5.7p4)
            note: defined by GNU C under -fwrapv (compiled with -fwrapv)
            1 finding in 1 translation unit.

            """)
    }

    /// As kbuild's checker the kernel's -fno-strict-overflow gives warnings; `--werror` fails
    /// the build only with findings that reach `--fail-on`.
    func testKbuildCheckerWithFailOn() throws {
        let dir = try temporaryTree(["k.c": "#define BIT31 (1 << 31)\n"])
        let flags = ["-D__KERNEL__", "-fno-strict-overflow", "-nostdinc"]
        let plain = try runProgram(exe, ["--werror"] + flags + ["k.c"], cwd: dir.path, timeout: 60)
        XCTAssertEqual(plain.status, 1)
        XCTAssertTrue(plain.stdout.hasPrefix("k.c:1:18: warning: signed shift result"), plain.stdout)
        let errorsOnly = try runProgram(exe, ["--werror", "--fail-on", "error"] + flags + ["k.c"], cwd: dir.path, timeout: 60)
        XCTAssertEqual(errorsOnly.status, 0, errorsOnly.stderr)
        XCTAssertTrue(errorsOnly.stdout.hasPrefix("k.c:1:18: warning"), errorsOnly.stdout)
    }

    /// Per finding: the policy comes from the arguments of its own unit.
    func testEachUnitsOwnArguments() throws {
        let dir = try temporaryTree([
            "wrap/.shiftlint.yml": "compiler-arguments: [-fwrapv]\n",
            "wrap/a.c": "#define A (1 << 31)\n",
            "iso/b.c": "#define B (1 << 31)\n",
        ])
        let r = try runProgram(exe, ["--format", "json", "."], cwd: dir.path, timeout: 60)
        let found = try JSONFinding.parse(r.stdout)
        XCTAssertEqual(found.map(\.file), ["iso/b.c", "wrap/a.c"])
        XCTAssertEqual(found.map(\.severity), ["error", "warning"])
    }

    /// The table the README shows, from the descriptions.
    func testSeverityTable() {
        var table: [String: [Severity]] = [:]
        for d in Checks.descriptions { table[d.id.rawValue] = [Policy.iso.severity(of: d), Policy.gnuWrapv.severity(of: d)] }
        XCTAssertEqual(
            table,
            [
                "shift-count-negative": [.error, .error], "shift-count-overflow": [.error, .error],
                "shift-negative-value": [.error, .warning], "shift-overflow": [.error, .warning],
                "shift-sign-overflow": [.error, .warning], "shift-count-range": [.note, .note],
                "shift-promotion": [.note, .note],
            ])
        XCTAssertTrue(Policy.fails(.error, failOn: .warning))
        XCTAssertFalse(Policy.fails(.note, failOn: .warning))
        XCTAssertTrue(Policy.fails(.note, failOn: .note))
    }
}

import Foundation
import XCTest
@testable import ShiftLint

/// Writes files (relative path → contents) into a new temporary directory and returns it.
func temporaryTree(_ files: [String: String]) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-tree-\(UUID().uuidString)")
    for (path, contents) in files {
        let url = dir.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url, atomically: true, encoding: .utf8)
    }
    return dir
}

/// The findings of a `--format json` run: (file, line, check, severity) and the notes' messages.
struct JSONFinding: Equatable, CustomStringConvertible {
    var file: String
    var line: Int
    var check: String
    var severity: String
    var notes: [String]

    var description: String { "\(file):\(line): \(severity) [\(check)] \(notes)" }

    static func parse(_ stdout: String) throws -> [JSONFinding] {
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any], stdout)
        return try XCTUnwrap(doc["findings"] as? [[String: Any]]).map { f in
            JSONFinding(
                file: f["file"] as? String ?? "", line: f["line"] as? Int ?? 0, check: f["check"] as? String ?? "",
                severity: f["severity"] as? String ?? "",
                notes: (f["notes"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String })
        }
    }
}

/// `.shiftlint.yml`: found by walking up from each analyzed file, read once per run, its
/// keys applied per file, the command line over it; every mistake in it is an error naming
/// the file, line and column (exit status 2).
final class ConfigTests: XCTestCase {
    var exe: String { Repo.executable.path }

    /// Runs the CLI with `--format json` in `dir` and returns the findings.
    func findings(_ args: [String], in dir: URL, status: Int32 = 1, file: StaticString = #filePath, line: UInt = #line) throws
        -> [JSONFinding]
    {
        let r = try runProgram(exe, ["--format", "json"] + args, cwd: dir.path, timeout: 120)
        XCTAssertEqual(r.status, status, r.stderr, file: file, line: line)
        return try JSONFinding.parse(r.stdout)
    }

    static let twoDefines = "#define SIGN (1 << 31)\n#define OVER (4 << 30)\n"

    func testDiscoveryWalksUpFromANestedFile() throws {
        let root = try temporaryTree([
            ".shiftlint.yml": "# only the overflow check\nchecks: '-shift-sign-overflow'\n",
            "a/b/c/x.c": Self.twoDefines,
        ])
        let inside = try findings(["a/b/c/x.c"], in: root)
        XCTAssertEqual(inside.map(\.check), ["shift-overflow"], "\(inside)")
        // Found from the file's directory, not the working directory.
        let outside = try findings([root.path + "/a/b/c/x.c"], in: FileManager.default.temporaryDirectory)
        XCTAssertEqual(outside.map(\.check), ["shift-overflow"], "\(outside)")
        // --no-config: every check.
        let none = try findings(["--no-config", "a/b/c/x.c"], in: root)
        XCTAssertEqual(none.map(\.check), ["shift-sign-overflow", "shift-overflow"])
        // A configuration beside the file is the nearest.
        try "checks: '-shift-overflow'\n".write(
            to: root.appendingPathComponent("a/b/c/.shiftlint.yml"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try findings(["a/b/c/x.c"], in: root).map(\.check), ["shift-sign-overflow"])
    }

    /// Each file gets the nearest configuration only (no merging with the ones above it), and a
    /// configuration shared by many files is read once.
    func testPerDirectoryConfigurationsAndEachReadOnce() throws {
        let root = try temporaryTree([
            ".shiftlint.yml": "severities:\n  shift-sign-overflow: note\n",
            "top.c": "#define A (1 << 31)\n",
            "top2.c": "#define B (1 << 31)\n",
            "sub/.shiftlint.yml": "policy: gnu-wrapv\n",
            "sub/inner.c": "#define C (1 << 31)\n",
            "sub/inner2.h": "#define D (1 << 31)\n",
        ])
        let r = try runProgram(exe, ["--format", "json", "--verbose", "."], cwd: root.path, timeout: 120)
        XCTAssertEqual(r.status, 1, r.stderr)
        let all = try JSONFinding.parse(r.stdout)
        XCTAssertEqual(all.map(\.file), ["sub/inner.c", "sub/inner2.h", "top.c", "top2.c"])
        XCTAssertEqual(all.map(\.severity), ["warning", "warning", "note", "note"], "\(all)")
        XCTAssertEqual(r.stderr.components(separatedBy: "configuration .shiftlint.yml applies").count - 1, 1, r.stderr)
        XCTAssertEqual(r.stderr.components(separatedBy: "configuration sub/.shiftlint.yml applies").count - 1, 1, r.stderr)

        // The library reads each file once, however many files it applies to.
        let configurations = Configurations(source: .discover, workingDirectory: root.path)
        for f in ["top.c", "top2.c", "sub/inner.c", "sub/inner2.h", "sub/inner.c"] {
            _ = try configurations.settings(for: root.path + "/" + f)
        }
        XCTAssertEqual(configurations.usedFiles, [".shiftlint.yml", "sub/.shiftlint.yml"])
    }

    /// Every kind of mistake: exit 2, `file:line:column: error: message`, nothing analyzed.
    func testErrorsNameTheFileAndLine() throws {
        let cases: [(String, String)] = [
            (
                "checks: '*'\nchekcs: x\n",
                ".shiftlint.yml:2:1: error: unknown key 'chekcs' (did you mean 'checks'? known: checks,"
            ),
            ("exclude:\n  build: yes\n", ".shiftlint.yml:2:3: error: 'exclude' is a list of strings, not a mapping"),
            ("checks: \"-*,shift-sign-overflw\"\n", ".shiftlint.yml:1:9: error: unknown check 'shift-sign-overflw' (known: "),
            ("checks:\n  - shift-overflow\n  - [a]\n", ".shiftlint.yml:3:5: error: 'checks' items are check names, not a list"),
            (
                "severities:\n  shift-overflow: fatal\n",
                ".shiftlint.yml:2:19: error: unknown severity 'fatal' for 'shift-overflow'"
            ),
            ("severities:\n  shift-overflo: error\n", ".shiftlint.yml:2:3: error: unknown check 'shift-overflo'"),
            ("severities: error\n", ".shiftlint.yml:1:13: error: 'severities' is a mapping of check names"),
            ("policy: wrapv\n", ".shiftlint.yml:1:9: error: unknown policy 'wrapv' (known: iso, gnu-wrapv, auto)"),
            ("fail-on: [error]\n", ".shiftlint.yml:1:10: error: 'fail-on' is one of error, warning, note, not a list"),
            ("fail-on: fatal\n", ".shiftlint.yml:1:10: error: unknown fail-on severity 'fatal' (known: error, warning, note)"),
            ("fix-style: pretty\n", ".shiftlint.yml:1:12: error: unknown fix-style 'pretty' (known: suffix, kernel, cast)"),
            (
                "compiler-arguments: {m32: yes}\n",
                ".shiftlint.yml:1:21: error: 'compiler-arguments' is a list of strings, not a mapping"
            ),
            ("compiler-arguments: \"-DX='1\"\n", ".shiftlint.yml:1:21: error: 'compiler-arguments': unterminated quote"),
            ("exclude: [/usr/include]\n", ".shiftlint.yml:1:11: error: exclude pattern '/usr/include': patterns are relative"),
            ("exclude: ['../x']\n", ".shiftlint.yml:1:11: error: exclude pattern '../x': '..' cannot leave"),
            ("- checks\n", ".shiftlint.yml:1:1: error: a configuration is a mapping of keys"),
            ("checks: [a, b\n", ".shiftlint.yml:2:1: error: invalid YAML: did not find expected ',' or ']'"),
            (
                "checks: x\n  policy: iso\n",
                ".shiftlint.yml:2:9: error: invalid YAML: mapping values are not allowed in this context"
            ),
            ("policy: iso\npolicy: iso\n", ".shiftlint.yml:1:1: error: key 'policy' is given more than once"),
        ]
        for (yaml, expected) in cases {
            let root = try temporaryTree([".shiftlint.yml": yaml, "x.c": "#define A (1 << 31)\n"])
            let r = try runProgram(exe, ["x.c"], cwd: root.path, timeout: 60)
            XCTAssertEqual(r.status, 2, "\(yaml): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(expected), "\(yaml.debugDescription):\n\(r.stderr)")
            XCTAssertEqual(r.stdout, "", "nothing is analyzed with a broken configuration")
        }
    }

    /// All of a file's problems at once; a nested file's configuration shown by its path.
    func testEveryProblemOfAFileIsReported() throws {
        let root = try temporaryTree([
            "sub/.shiftlint.yml": "policy: nope\nfail-on: warning\nseverities:\n  shift-overflow: loud\nextra: 1\n",
            "sub/x.c": "#define A (1 << 31)\n",
        ])
        let r = try runProgram(exe, ["sub/x.c"], cwd: root.path, timeout: 60)
        XCTAssertEqual(r.status, 2)
        let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("sub/.shiftlint.yml:") }.map { $0.prefix(24) }
        XCTAssertEqual(lines, ["sub/.shiftlint.yml:1:9: ", "sub/.shiftlint.yml:4:19:", "sub/.shiftlint.yml:5:1: "], r.stderr)
    }

    func testExplicitConfigAndItsErrors() throws {
        let root = try temporaryTree([
            ".shiftlint.yml": "checks: [nonsense]\n",
            "ci/strict.yml": "fail-on: error\nseverities: {shift-sign-overflow: warning}\n",
            "x.c": "#define A (1 << 31)\n",
        ])
        // --config replaces discovery: the broken nearest file is not read.
        let strict = try runProgram(exe, ["--format", "json", "--config", "ci/strict.yml", "x.c"], cwd: root.path, timeout: 60)
        XCTAssertEqual(strict.status, 0, "a warning does not reach fail-on: error: \(strict.stderr)")
        XCTAssertEqual(try JSONFinding.parse(strict.stdout).map(\.severity), ["warning"])
        let broken = try runProgram(exe, ["x.c"], cwd: root.path, timeout: 60)
        XCTAssertEqual(broken.status, 2)
        XCTAssertTrue(broken.stderr.contains(".shiftlint.yml:1:10: error: unknown check 'nonsense'"), broken.stderr)
        let missing = try runProgram(exe, ["--config", "nowhere.yml", "x.c"], cwd: root.path, timeout: 60)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nowhere.yml: error: cannot read the configuration file"), missing.stderr)
        let both = try runProgram(exe, ["--config", "ci/strict.yml", "--no-config", "x.c"], cwd: root.path, timeout: 60)
        XCTAssertEqual(both.status, 2)
        XCTAssertTrue(both.stderr.contains("--config and --no-config exclude each other"), both.stderr)
    }

    func testEmptyConfigurationChangesNothing() throws {
        let root = try temporaryTree([".shiftlint.yml": "# nothing yet\n", "x.c": Self.twoDefines])
        XCTAssertEqual(try findings(["x.c"], in: root).count, 2)
    }

    func testExclude() throws {
        let root = try temporaryTree([
            ".shiftlint.yml": "exclude:\n  - 'gen/**'\n  - '*.h'\n  - vendor/\n  - '**/skip_*.c'\n",
            "a.c": "#include \"top.h\"\n#define A (1 << 31)\n",
            "top.h": "#define TOP (1 << 31)\n",
            "gen/g.c": "#define G (1 << 31)\n",
            "gen/deep/d.c": "#define D (1 << 31)\n",
            "vendor/v.c": "#define V (1 << 31)\n",
            "sub/kept.h": "#define K (1 << 31)\n",
            "sub/deeper/skip_me.c": "#define S (1 << 31)\n",
            "vendorized.c": "#define Z (1 << 31)\n",
        ])
        let r = try runProgram(exe, ["--format", "json", "."], cwd: root.path, timeout: 120)
        XCTAssertEqual(r.status, 1, r.stderr)
        // top.h is excluded, also when a.c includes it; '*.h' is relative to the configuration's directory.
        XCTAssertEqual(try JSONFinding.parse(r.stdout).map(\.file), ["a.c", "sub/kept.h", "vendorized.c"])
        XCTAssertFalse(r.stderr.contains("excluded"), "files found in directories are left out quietly: \(r.stderr)")
        // A file named on the command line is left out with a note.
        let named = try runProgram(exe, ["gen/g.c"], cwd: root.path, timeout: 60)
        XCTAssertEqual(named.status, 0, named.stderr)
        XCTAssertTrue(named.stderr.contains("gen/g.c: excluded by .shiftlint.yml:2 ('gen/**'); not analyzed"), named.stderr)
        XCTAssertEqual(named.stdout, "")
        // --verbose names every excluded file.
        let verbose = try runProgram(exe, ["--verbose", "."], cwd: root.path, timeout: 120)
        XCTAssertTrue(verbose.stderr.contains("vendor/v.c: excluded by .shiftlint.yml:4 ('vendor/')"), verbose.stderr)

        for (pattern, path, expected) in [
            ("gen/**", "gen/a/b.c", true), ("gen/**", "gen", false), ("gen", "gen/a/b.c", true), ("gen/", "gen/x.c", true),
            ("gen/", "gen", false), ("*.h", "x.h", true), ("*.h", "d/x.h", false), ("**/*.h", "d/e/x.h", true),
            ("**/*.h", "x.h", true), ("a/**/z.c", "a/z.c", true), ("a/**/z.c", "a/b/c/z.c", true),
            ("a/*/z.c", "a/b/c/z.c", false),
            ("[ab].c", "b.c", true), ("?.c", "ab.c", false), ("./x.c", "x.c", true),
        ] {
            XCTAssertEqual(ExcludePattern.matches(pattern, path), expected, "\(pattern) ~ \(path)")
        }
    }

    /// `compiler-arguments` apply to files with no arguments of their own, before the
    /// command line's arguments after `--`.
    func testCompilerArgumentsTakeEffect() throws {
        let source = "#define L (1L << 31)\n#ifdef WANT\n#define W (1 << 31)\n#endif\n"
        let root = try temporaryTree([
            "ilp32/.shiftlint.yml": "compiler-arguments: [-m32]\n",
            "ilp32/x.c": source,
            "string/.shiftlint.yml": "compiler-arguments: -m32 -DWANT\n",
            "string/x.c": source,
            "lp64/x.c": source,
        ])
        XCTAssertEqual(try findings(["lp64/x.c"], in: root, status: 0), [])
        let ilp32 = try findings(["ilp32/x.c"], in: root)
        XCTAssertEqual(ilp32.map(\.line), [1], "'long' has 32 bits under -m32: \(ilp32)")
        XCTAssertEqual(try findings(["ilp32/x.c", "--", "-DWANT"], in: root).map(\.line), [1, 3], "the command line's follow")
        XCTAssertEqual(try findings(["string/x.c"], in: root).map(\.line), [1, 3])
        // One run, each file with its own configuration's arguments.
        XCTAssertEqual(try findings(["."], in: root).map(\.file), ["ilp32/x.c", "string/x.c", "string/x.c"])
    }

    func testSeveritiesFailOnAndTheCommandLineOverThem() throws {
        let root = try temporaryTree([
            ".shiftlint.yml": """
            severities:
              shift-count-overflow: warning
              shift-sign-overflow: note
            fail-on: warning
            """,
            "x.c": "#define SIGN (1 << 31)\n",
            "y.c": "#define COUNT (1 << 40)\n",
        ])
        XCTAssertEqual(try findings(["x.c"], in: root, status: 0).map(\.severity), ["note"], "a note does not reach 'warning'")
        XCTAssertEqual(try findings(["y.c"], in: root, status: 1).map(\.severity), ["warning"])
        XCTAssertEqual(try findings(["--fail-on", "note", "x.c"], in: root, status: 1).map(\.severity), ["note"])
        XCTAssertEqual(try findings(["--fail-on", "error", "y.c"], in: root, status: 0).map(\.severity), ["warning"])
    }

    /// clang-tidy's rule: the command line's `--checks` are applied after the configuration's.
    func testChecksListAndTheCommandLineAfterIt() throws {
        let root = try temporaryTree([
            ".shiftlint.yml": "checks:\n  - '-*'\n  - shift-overflow\n",
            "x.c": Self.twoDefines + "#define COUNT (1 << 40)\n",
        ])
        XCTAssertEqual(try findings(["x.c"], in: root).map(\.check), ["shift-overflow"])
        XCTAssertEqual(
            try findings(["--checks=shift-count-overflow", "x.c"], in: root).map(\.check),
            ["shift-overflow", "shift-count-overflow"])
        XCTAssertEqual(try findings(["--checks=-shift-overflow", "x.c"], in: root, status: 0), [])
    }

    /// A shift the first rule in UBSAN's order reports for one file may break another rule
    /// the other file's configuration still enables: judged again by the file's own checks.
    func testADisabledCheckLeavesTheNextRuleInAnotherDirectory() throws {
        let code = "int x = -1 << 40;\n"
        let root = try temporaryTree([
            "quiet/.shiftlint.yml": "checks: -shift-count-overflow\n",
            "quiet/x.c": code,
            "loud/x.c": code,
        ])
        let both = try findings(["."], in: root)
        XCTAssertEqual(both.map(\.file), ["loud/x.c", "quiet/x.c"])
        XCTAssertEqual(both.map(\.check), ["shift-count-overflow", "shift-negative-value"])
        XCTAssertEqual(try findings(["quiet/x.c"], in: root).map(\.check), ["shift-negative-value"], "as when analyzed alone")
    }
}

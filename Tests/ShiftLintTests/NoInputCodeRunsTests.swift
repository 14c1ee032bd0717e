import Foundation
import XCTest

/// No code from the input runs and no plugin loads: not through compiler arguments, not
/// through `--confirm`'s harness. Through the real binary.
final class NoInputCodeRunsTests: XCTestCase {
    var exe: String { Repo.executable.path }

    func directory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-norun-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// `--confirm` evaluates a define's own text only when the evaluator proved it free of
    /// calls, assignments, increments, memory accesses, statement expressions and asm. Under
    /// `-std=c89` an undeclared `system` would link against the C library and run.
    func testConfirmDoesNotRunAHostileMacro() throws {
        let dir = try directory()
        let marker = dir.appendingPathComponent("pwned").path
        let source = """
            #define W ((1 << 31) + system("touch \(marker)"))
            #define V ((1 << 31) + (x = 3))
            #define S (({ system("touch \(marker)"); 0; }), 1 << 31)
            #define A ((1 << 31) + __asm__("nop"))
            #define CLEAN (1 << 31)

            """
        try source.write(to: dir.appendingPathComponent("hostile.c"), atomically: true, encoding: .utf8)
        let r = try runProgram(
            exe, ["--confirm", "--verbose", "--format", "json", "hostile.c", "--", "-std=c89"], cwd: dir.path, timeout: 120)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker), "the macro's call ran")
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let findings = try XCTUnwrap(doc["findings"] as? [[String: Any]])
        var methods: [String: String] = [:]
        for f in findings {
            let c = try XCTUnwrap(f["confirmation"] as? [String: Any])
            XCTAssertEqual(c["confirmed"] as? Bool, true, "\(f)")
            methods[f["macro"] as? String ?? "?"] = c["method"] as? String
        }
        // The hostile ones are confirmed from their operands; the clean one from its own text.
        XCTAssertEqual(methods, ["W": "operands", "V": "operands", "S": "operands", "A": "operands", "CLEAN": "macro"])
        XCTAssertTrue(r.stderr.contains("--confirm does not run 'W': it contains a call"), r.stderr)
    }

    /// A shared object whose constructor writes a marker file, passed as a plugin through the
    /// compiler arguments: libclang must never load it, and `--confirm` must not hand it to
    /// clang-19 (which would). A control run of clang-19 itself proves the object works.
    func testNoPluginLoads() throws {
        guard let cc = which("cc") ?? which("gcc"), let clang = which("clang-19") else {
            throw XCTSkip("needs cc and clang-19 (scripts/setup.sh)")
        }
        let dir = try directory()
        let marker = dir.appendingPathComponent("loaded").path
        let plugin = dir.appendingPathComponent("plugin.so").path
        try """
        #include <stdio.h>
        __attribute__((constructor)) static void shiftlint_marker(void) {
            FILE *f = fopen("\(marker)", "w");
            if (f) fclose(f);
        }

        """.write(to: dir.appendingPathComponent("plugin.c"), atomically: true, encoding: .utf8)
        let built = try runProgram(cc, ["-shared", "-fPIC", "-o", plugin, "plugin.c"], cwd: dir.path)
        XCTAssertEqual(built.status, 0, built.stderr)
        try "#define F (1 << 31)\nint g(void) { return 1 << 31; }\n".write(
            to: dir.appendingPathComponent("t.c"), atomically: true, encoding: .utf8)

        for pluginArgs in [["-fplugin=\(plugin)"], ["-Xclang", "-load", "-Xclang", plugin], ["-fpass-plugin=\(plugin)"]] {
            for confirm in [false, true] {
                let r = try runProgram(
                    exe, (confirm ? ["--confirm"] : []) + ["t.c", "--"] + pluginArgs, cwd: dir.path, timeout: 120)
                XCTAssertEqual(r.status, 1, "\(pluginArgs) confirm: \(confirm): \(r.stderr)")
                XCTAssertFalse(FileManager.default.fileExists(atPath: marker), "\(pluginArgs) loaded (confirm: \(confirm))")
            }
        }
        // Control: clang-19 itself loads it, so the marker would have shown a load.
        _ = try runProgram(clang, ["-fsyntax-only", "-fplugin=\(plugin)", "t.c"], cwd: dir.path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: marker), "the control run should load the plugin")
    }
}

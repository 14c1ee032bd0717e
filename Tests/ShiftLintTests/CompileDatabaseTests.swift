import Foundation
import XCTest
@testable import ShiftLint

/// `-p`: compile databases read through libclang's `CXCompilationDatabase`, each file with its
/// own arguments (through the real binary).
final class CompileDatabaseTests: XCTestCase {
    var exe: String { Repo.executable.path }

    /// A CMake project whose files need their own arguments: an include directory for both,
    /// and a definition that differs per file.
    func testCMakeProject() throws {
        guard let cmake = which("cmake"), which("cc") != nil else { throw XCTSkip("needs cmake and cc (scripts/setup.sh)") }
        let root = try temporaryFile(
            "CMakeLists.txt",
            """
            cmake_minimum_required(VERSION 3.13)
            project(shifts C)
            add_executable(app main.c util.c)
            target_include_directories(app PRIVATE inc)
            target_compile_definitions(app PRIVATE SHIFT=31)
            set_source_files_properties(util.c PROPERTIES COMPILE_DEFINITIONS "SHIFT=3")

            """
        ).deletingLastPathComponent()
        let src = root.path
        try FileManager.default.createDirectory(atPath: src + "/inc", withIntermediateDirectories: true)
        try "#define BASE 1\n".write(toFile: src + "/inc/config.h", atomically: true, encoding: .utf8)
        try "#include \"config.h\"\nint m = BASE << SHIFT;\nint main(void) { return 0; }\n".write(
            toFile: src + "/main.c", atomically: true, encoding: .utf8)
        try "#include \"config.h\"\nint u = BASE << SHIFT;\n".write(toFile: src + "/util.c", atomically: true, encoding: .utf8)
        let configured = try runProgram(
            cmake, ["-S", src, "-B", src + "/build", "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"], cwd: src, timeout: 120)
        XCTAssertEqual(configured.status, 0, configured.stderr)

        let r = try runProgram(exe, ["--no-color", "-p", "build", "main.c", "util.c"], cwd: src, timeout: 120)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(
            r.stdout.contains("main.c:2:14: error: signed shift result (0x80000000) sets the sign bit of 'int'"), r.stdout)
        XCTAssertFalse(r.stdout.contains("util.c:"), "util.c shifts by 3 under its own definition")
        XCTAssertTrue(r.stdout.contains("1 finding in 2 translation units."), r.stdout)
        // The database file itself, and no paths (every C file it lists), work the same.
        let all = try runProgram(exe, ["--no-color", "-p", "build/compile_commands.json"], cwd: src, timeout: 120)
        XCTAssertEqual(all.status, 1, all.stderr)
        XCTAssertTrue(all.stdout.contains("main.c:2:14: error"), all.stdout)
        // Without the database, the include is missing: nothing is judged from missing context.
        let bare = try runProgram(exe, ["--no-color", "main.c", "util.c"], cwd: src, timeout: 120)
        XCTAssertEqual(bare.status, 0, bare.stdout + bare.stderr)
    }

    func testBrokenOrMissingDatabaseIsAToolError() throws {
        let dir = try temporaryFile("compile_commands.json", "[{\"directory\": \"/tmp\", \"file\": ").deletingLastPathComponent()
        try "int x;\n".write(to: dir.appendingPathComponent("a.c"), atomically: true, encoding: .utf8)
        let broken = try runProgram(exe, ["-p", dir.path, "a.c"], cwd: dir.path, timeout: 60)
        XCTAssertEqual(broken.status, 2)
        XCTAssertTrue(broken.stderr.contains("compile_commands.json: not a valid compile database"), broken.stderr)
        let missing = try runProgram(exe, ["-p", dir.path + "/nowhere", "a.c"], cwd: dir.path, timeout: 60)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nowhere: no such file or directory"), missing.stderr)
    }

    /// The kernel's own database writer after `make fs/iomap/ fs/ext4/`.
    func testLinuxDatabase() throws {
        let tree = ProcessInfo.processInfo.environment["SHIFTLINT_LINUX_TREE"] ?? "/var/tmp/shiftlint-corpus/linux-source-6.1"
        guard FileManager.default.fileExists(atPath: tree + "/scripts/clang-tools/gen_compile_commands.py") else {
            throw XCTSkip("Linux 6.1 corpus not found at \(tree)")
        }
        let make = try runProgram("/usr/bin/make", ["-C", tree, "-j2", "fs/iomap/", "fs/ext4/"], timeout: 1200)
        XCTAssertEqual(make.status, 0, String(make.stderr.suffix(2000)))
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-kdb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let gen = try runProgram(
            "/usr/bin/env",
            ["python3", "scripts/clang-tools/gen_compile_commands.py", "-d", ".", "-o", out.path + "/compile_commands.json"],
            cwd: tree, timeout: 300)
        XCTAssertEqual(gen.status, 0, gen.stderr)
        let r = try runProgram(exe, ["--no-color", "-p", out.path, "fs/iomap", "fs/ext4"], cwd: tree, timeout: 600)
        XCTAssertEqual(r.status, 1, String(r.stderr.suffix(2000)))
        XCTAssertFalse(r.stderr.contains("error:"), r.stderr)
        XCTAssertTrue(
            r.stdout.contains("fs/iomap/direct-io.c:26:29: warning: signed shift result (0x80000000) sets the sign bit of 'int'"))
        XCTAssertTrue(r.stdout.contains("in 45 translation units."), String(r.stdout.suffix(300)))
    }
}

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
}

import Foundation
import XCTest
@testable import ShiftLint

/// A run is a list of compile jobs: each file may have its own arguments (as a compile
/// database gives them), and the target is probed per distinct argument list.
final class CompileJobTests: XCTestCase {
    func testEachFileIsParsedWithItsOwnArguments() throws {
        let a = try temporaryFile("lp64.c", "long a = 1L << 40;\n")
        let dir = a.deletingLastPathComponent()
        let b = dir.appendingPathComponent("ilp32.c")
        try "long b = 1L << 40;\n".write(to: b, atomically: true, encoding: .utf8)
        var options = AnalysisOptions(compilerArguments: [])
        options.fileArguments = [b.path: ["-m32"]]
        options.confirm = true
        let report = Analyzer(options: options).analyze(InputSet(paths: ["."], workingDirectory: dir.path))
        XCTAssertEqual(report.translationUnits, 2)
        XCTAssertEqual(
            report.findings.map { "\($0.file):\($0.check)" }, ["ilp32.c:shift-count-overflow"],
            "'long' is 32 bits only where -m32 is given")
        XCTAssertEqual(report.findings.first?.message, "shift count (40) is >= width of type 'long' (32 bits)")
        // --confirm builds its harness with the finding's own arguments.
        let confirmation = try XCTUnwrap(report.findings.first?.confirmation)
        XCTAssertTrue(confirmation.confirmed, confirmation.detail)
    }
}

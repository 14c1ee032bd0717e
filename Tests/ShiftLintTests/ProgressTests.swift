import Foundation
import XCTest
@testable import ShiftLint

/// Progress for long runs: each merged unit is reported, per phase, in order.
final class ProgressTests: XCTestCase {
    func testEveryUnitIsReportedInOrder() throws {
        let dir = try temporaryFile("a.c", "#include \"shared.h\"\n").deletingLastPathComponent()
        try "int b;\n".write(to: dir.appendingPathComponent("b.c"), atomically: true, encoding: .utf8)
        try "#define S (1 << 31)\n".write(to: dir.appendingPathComponent("shared.h"), atomically: true, encoding: .utf8)
        try "#define L (1 << 30)\n".write(to: dir.appendingPathComponent("lone.h"), atomically: true, encoding: .utf8)
        let analyzer = Analyzer(options: AnalysisOptions(jobs: 2))
        var seen: [String] = []
        analyzer.progress = { done, total, phase, file in seen.append("\(done)/\(total) \(phase) \(file)") }
        let report = analyzer.analyze(InputSet(paths: ["."], workingDirectory: dir.path))
        XCTAssertEqual(report.translationUnits, 3)
        // shared.h was seen through a.c: only lone.h is parsed on its own.
        XCTAssertEqual(seen, ["1/2 .c files a.c", "2/2 .c files b.c", "1/1 headers lone.h"])
    }
}

import Foundation
import XCTest
@testable import ShiftLint

/// The samples are the golden tests: every `expect:` must be reported, with exactly its fix,
/// and nothing else may be.
final class SampleTests: XCTestCase {
    func testSamplesExist() {
        XCTAssertGreaterThanOrEqual(Repo.sampleFiles.count, 10, "samples/ should hold the annotated C files")
    }

    func testEverySampleMatchesItsExpectations() throws {
        var total = 0
        for url in Repo.sampleFiles {
            let text = try String(contentsOf: url, encoding: .utf8)
            let report = analyze([url.path], arguments: sampleArguments(text))
            XCTAssertTrue(report.toolErrors.isEmpty, "\(url.lastPathComponent): \(report.toolErrors)")
            let expected = Set(expectations(in: text))
            let actual = Set(report.findings.map { f in
                Expectation(line: f.line, check: f.check.rawValue, fix: f.fixes.first?.replacement)
            })
            for missing in expected.subtracting(actual).sorted(by: { $0.line < $1.line }) {
                XCTFail("\(url.lastPathComponent): missing \(missing)")
            }
            for unexpected in actual.subtracting(expected).sorted(by: { $0.line < $1.line }) {
                XCTFail("\(url.lastPathComponent): unexpected \(unexpected)")
            }
            XCTAssertEqual(report.findings.count, expected.count, "\(url.lastPathComponent): one finding per shift")
            total += expected.count
        }
        XCTAssertGreaterThan(total, 50)
    }

    func testEveryCheckIsCoveredBothWays() throws {
        var found = Set<String>()
        var noFinding = 0
        for url in Repo.sampleFiles {
            let text = try String(contentsOf: url, encoding: .utf8)
            found.formUnion(expectations(in: text).map(\.check))
            noFinding += text.components(separatedBy: "no-finding").count - 1
        }
        XCTAssertEqual(found, Set(CheckID.allCases.map(\.rawValue)))
        XCTAssertGreaterThan(noFinding, 30)
    }

    /// Applies every suggested fix to a copy of each sample and re-runs: the fixed findings
    /// must be gone and no new finding may appear.
    func testFixesRemoveTheirFindingsAndAddNone() throws {
        var applied = 0
        for url in Repo.sampleFiles {
            let text = try String(contentsOf: url, encoding: .utf8)
            let args = sampleArguments(text)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-fix-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let copy = dir.appendingPathComponent(url.lastPathComponent)
            try FileManager.default.copyItem(at: url, to: copy)
            let before = analyze([copy.path], arguments: args, workingDirectory: dir.path)
            let fixes = before.findings.flatMap(\.fixes)
            guard !fixes.isEmpty else { continue }
            let bytes = try [UInt8](Data(contentsOf: copy))
            let fixed = try FixApplier.apply(fixes, to: bytes)
            try Data(fixed).write(to: copy)
            let after = analyze([copy.path], arguments: args, workingDirectory: dir.path)
            let fixedKeys = Set(before.findings.filter { !$0.fixes.isEmpty }.map { "\($0.line)" })
            let remaining = Set(before.findings.filter { $0.fixes.isEmpty }.map { "\($0.line):\($0.check.rawValue)" })
            for f in after.findings {
                XCTAssertFalse(fixedKeys.contains("\(f.line)"), "\(url.lastPathComponent):\(f.line): still reported after its fix: \(f.message)")
                XCTAssertTrue(remaining.contains("\(f.line):\(f.check.rawValue)"),
                              "\(url.lastPathComponent):\(f.line): new finding after fixes: \(f.message)")
            }
            applied += fixes.count
        }
        XCTAssertGreaterThan(applied, 20)
    }
}

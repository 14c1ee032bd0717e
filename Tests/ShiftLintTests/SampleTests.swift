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
            let name = url.lastPathComponent
            let text = try String(contentsOf: url, encoding: .utf8)
            let annotations = annotations(in: text)
            for error in annotations.errors { XCTFail("\(name):\(error)") }
            for e in annotations.expectations where CheckID(rawValue: e.check) == nil {
                XCTFail("\(name):\(e.line): unknown check '\(e.check)'")
            }
            let report = analyze([url.path], arguments: sampleArguments(text), fixStyle: sampleFixStyle(text))
            XCTAssertTrue(report.toolErrors.isEmpty, "\(name): \(report.toolErrors)")
            let reported = report.findings.map(ReportedFinding.init)
            let (missing, unexpected) = match(annotations.expectations, reported)
            for e in missing.sorted(by: { $0.line < $1.line }) {
                let there = reported.filter { $0.line == e.line }
                XCTFail(
                    "\(name):\(e): expected, not reported"
                        + (there.isEmpty ? "" : "; reported on that line: " + there.map(\.description).joined(separator: "; ")))
            }
            for r in unexpected.sorted(by: { ($0.line, $0.column) < ($1.line, $1.column) }) {
                XCTFail("\(name):\(r): reported, not expected")
            }
            XCTAssertEqual(report.findings.count, annotations.expectations.count, "\(name): one finding per shift")
            // Severity is the policy's (auto: from the sample's arguments), and every finding says ISO C's verdict.
            let policy = Policy.detected(from: sampleArguments(text))
            for f in report.findings {
                XCTAssertEqual(f.severity, Checks.description(of: f.check).map(policy.severity(of:)), "\(name):\(f.line)")
                XCTAssertTrue(f.notes.contains { $0.message.hasPrefix("undefined in ISO C") }, "\(name):\(f.line): \(f.notes)")
            }
            total += annotations.expectations.count
        }
        XCTAssertGreaterThan(total, 50)
    }

    /// The annotation syntax itself: the old forms, the new parts, and what is rejected.
    func testAnnotationSyntax() {
        let text = """
            #define A (1 << 31)   // expect: shift-sign-overflow fix: 1U
            #define B (3 << 31)   // expect: shift-overflow col:17 {{requires 34 bits}} fix: 3ULL
            // fixed: #define B (3ULL << 31)
            int c = x << 40 | 1 << 31;   // expect: shift-count-overflow col:11 expect: shift-sign-overflow {{'int'}}
            #define D (1 << 31)   // expect: shift-sign-overflow fixes: 1U
            #define E (1 << 31)   // expect: shift-sign-overflow col: {{x}}
            #define F (1 << 31)   // expect: shift-sign-overflow {{unterminated fix: 1U

            // fixed: nothing above
            """
        let a = annotations(in: text)
        XCTAssertEqual(
            Array(a.expectations.prefix(4)),
            [
                Expectation(line: 1, check: "shift-sign-overflow", fix: "1U"),
                Expectation(line: 2, check: "shift-overflow", fix: "3ULL", column: 17, message: "requires 34 bits"),
                Expectation(line: 4, check: "shift-count-overflow", fix: nil, column: 11),
                Expectation(line: 4, check: "shift-sign-overflow", fix: nil, message: "'int'"),
            ])
        XCTAssertEqual(a.fixedLines, [FixedLine(line: 2, text: "#define B (3ULL << 31)")])
        XCTAssertEqual(a.errors.map { $0.prefix(while: { $0 != ":" }) }, ["5", "6", "7", "9"], "\(a.errors)")
        XCTAssertEqual(codeOf("  x = '/' + \"//\" // y // z "), "x = '/' + \"//\"")
    }

    /// A finding goes to the expectation that needs it: one without a column must not take the
    /// finding the one with a column (or a message) requires.
    func testMatchingPairsPreciseExpectationsFirst() {
        let reported = [
            ReportedFinding(line: 3, column: 5, check: "shift-sign-overflow", message: "m (0x80000000)", fix: nil),
            ReportedFinding(line: 3, column: 9, check: "shift-sign-overflow", message: "m (0x40000000)", fix: nil),
        ]
        let loose = Expectation(line: 3, check: "shift-sign-overflow", fix: nil)
        let byColumn = Expectation(line: 3, check: "shift-sign-overflow", fix: nil, column: 5)
        let byMessage = Expectation(line: 3, check: "shift-sign-overflow", fix: nil, message: "0x80000000")
        for expected in [[loose, byColumn], [loose, byMessage], [byColumn, loose]] {
            let (missing, unexpected) = match(expected, reported)
            XCTAssertTrue(missing.isEmpty && unexpected.isEmpty, "\(expected): \(missing) \(unexpected)")
        }
        let (missing, unexpected) = match([byColumn, byMessage], reported)
        XCTAssertEqual(missing.count, 1)
        XCTAssertEqual(unexpected.map(\.column), [9])
        let wrongFix = match([Expectation(line: 3, check: "shift-sign-overflow", fix: "1U", column: 5)], reported)
        XCTAssertEqual(wrongFix.missing.count, 1)
        XCTAssertEqual(wrongFix.unexpected.count, 2)
    }

    func testEveryCheckIsCoveredBothWays() throws {
        var found = Set<String>()
        var withMessage = Set<String>()
        var noFinding = 0
        for url in Repo.sampleFiles {
            let text = try String(contentsOf: url, encoding: .utf8)
            let expected = expectations(in: text)
            found.formUnion(expected.map(\.check))
            withMessage.formUnion(expected.filter { $0.message != nil }.map(\.check))
            noFinding += text.components(separatedBy: "no-finding").count - 1
        }
        let all = Set(CheckID.allCases.map(\.rawValue))
        XCTAssertEqual(found, all)
        XCTAssertEqual(withMessage, all, "every check should have an expectation with a {{message}}")
        XCTAssertGreaterThan(noFinding, 30)
    }

    /// Applies every suggested fix to a copy of each sample and re-runs: the fixed findings
    /// must be gone and no new finding may appear. Each `// fixed:` line gives the code of the
    /// line above it after the fixes (its `//` comment removed, whitespace trimmed), and every
    /// line a fix edits has one.
    func testFixesRemoveTheirFindingsAndAddNone() throws {
        var applied = 0
        var fixedLines = 0
        var editedLineCount = 0
        for url in Repo.sampleFiles {
            let name = url.lastPathComponent
            let text = try String(contentsOf: url, encoding: .utf8)
            let args = sampleArguments(text)
            let annotations = annotations(in: text)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-fix-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let copy = dir.appendingPathComponent(name)
            try FileManager.default.copyItem(at: url, to: copy)
            // The headers some samples include (the kernel's bits.h for --fix-style kernel).
            try FileManager.default.copyItem(
                at: Repo.samples.appendingPathComponent("include"), to: dir.appendingPathComponent("include"))
            let style = sampleFixStyle(text)
            let before = analyze([copy.path], arguments: args, workingDirectory: dir.path, fixStyle: style)
            let fixes = before.findings.flatMap(\.fixes)
            let bytes = try [UInt8](Data(contentsOf: copy))
            let fixed = fixes.isEmpty ? bytes : try FixApplier.apply(fixes, to: bytes)

            let lines = String(decoding: fixed, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertEqual(
                lines.count, text.split(separator: "\n", omittingEmptySubsequences: false).count,
                "\(name): fixes must not add or remove lines")
            for expected in annotations.fixedLines where expected.line <= lines.count {
                XCTAssertEqual(codeOf(lines[expected.line - 1]), expected.text, "\(name):\(expected.line): the line after fixes")
                fixedLines += 1
            }
            let annotated = Set(annotations.fixedLines.map(\.line))
            // Every line a fix edits (needing review or not, a family's sibling edits too: a
            // sibling has no `expect:` of its own) is followed by its `// fixed:` line.
            var unannotated: [Int: [Fix]] = [:]
            var edited = Set<Int>()
            for fix in Set(fixes).sorted(by: { ($0.line, $0.column) < ($1.line, $1.column) }) {
                edited.formUnion(editedLines(fix))
                for line in editedLines(fix) where !annotated.contains(line) { unannotated[line, default: []].append(fix) }
            }
            editedLineCount += edited.count
            for (line, edits) in unannotated.sorted(by: { $0.key < $1.key }) {
                let what = edits.map { "'\($0.replacement)'" + ($0.sibling.map { ", the edit to \($0), a sibling" } ?? "") }
                XCTFail(
                    "\(name):\(line): edited by a fix (\(what.joined(separator: "; "))), needs a '// fixed:' line right after it"
                        + " giving the code after fixes: '// fixed: \(line <= lines.count ? codeOf(lines[line - 1]) : "")'")
            }

            guard !fixes.isEmpty else { continue }
            try Data(fixed).write(to: copy)
            let after = analyze([copy.path], arguments: args, workingDirectory: dir.path, fixStyle: style)
            let fixedKeys = Set(before.findings.filter { !$0.fixes.isEmpty }.map { "\($0.line)" })
            let remaining = Set(before.findings.filter { $0.fixes.isEmpty }.map { "\($0.line):\($0.check.rawValue)" })
            for f in after.findings {
                XCTAssertFalse(
                    fixedKeys.contains("\(f.line)"), "\(name):\(f.line):\(f.column): still reported after its fix: \(f.message)")
                XCTAssertTrue(
                    remaining.contains("\(f.line):\(f.check.rawValue)"),
                    "\(name):\(f.line):\(f.column): new finding after fixes: \(f.message)")
            }
            applied += fixes.count
        }
        XCTAssertGreaterThan(applied, 20)
        XCTAssertGreaterThanOrEqual(fixedLines, editedLineCount)
    }
}

/// The lines a fix's edit changes: from its first line to its last (an edit ending at the
/// start of a line does not change that line).
func editedLines(_ fix: Fix) -> ClosedRange<Int> {
    fix.line...max(fix.line, fix.endColumn == 1 && fix.endLine > fix.line ? fix.endLine - 1 : fix.endLine)
}

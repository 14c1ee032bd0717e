import Foundation
import XCTest
@testable import ShiftLint

/// The JSON document's schema (docs/json-format.md). Later versions add fields, never rename.
final class JSONFormatTests: XCTestCase {
    func testSchemaVersion1() throws {
        let report = analyze(["samples/function-like.c"], workingDirectory: Repo.root.path)
        let json = try JSONReporter.render(report.findings)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(object["version"] as? Int, 1)
        let findings = try XCTUnwrap(object["findings"] as? [[String: Any]])
        XCTAssertFalse(findings.isEmpty)
        var sawNullMacro = false, sawMacro = false
        var previous: (String, Int, Int, String)?
        for f in findings {
            let file = try XCTUnwrap(f["file"] as? String)
            XCTAssertEqual(file, "samples/function-like.c", "paths are shown as given")
            let line = try XCTUnwrap(f["line"] as? Int)
            let column = try XCTUnwrap(f["column"] as? Int)
            let check = try XCTUnwrap(f["check"] as? String)
            XCTAssertNotNil(CheckID(rawValue: check))
            let severity = try XCTUnwrap(f["severity"] as? String)
            XCTAssertEqual(severity, try XCTUnwrap(CheckID(rawValue: check).flatMap(Checks.description(of:))).severity.rawValue)
            XCTAssertFalse(try XCTUnwrap(f["message"] as? String).isEmpty)
            XCTAssertTrue(f.keys.contains("macro"), "macro is always present (null when not in a macro)")
            if f["macro"] is NSNull { sawNullMacro = true } else { XCTAssertNotNil(f["macro"] as? String); sawMacro = true }
            for fix in try XCTUnwrap(f["fixes"] as? [[String: Any]]) {
                XCTAssertEqual(Set(fix.keys), ["file", "line", "column", "endLine", "endColumn", "replacement"])
                // An inserted cast replaces nothing: endColumn == column.
                XCTAssertGreaterThanOrEqual(try XCTUnwrap(fix["endColumn"] as? Int), try XCTUnwrap(fix["column"] as? Int))
            }
            let key = (file, line, column, check)
            if let p = previous { XCTAssertTrue(p < key, "findings are ordered by file, line, column, check") }
            previous = key
        }
        XCTAssertTrue(sawMacro)
        _ = sawNullMacro
    }

    /// A family's edits follow the finding's own, each naming its define (`sibling`).
    func testSiblingEdits() throws {
        let report = analyze(["samples/family.c"], workingDirectory: Repo.root.path)
        let object = try JSONSerialization.jsonObject(with: Data(try JSONReporter.render(report.findings).utf8))
        let findings = try XCTUnwrap((object as? [String: Any])?["findings"] as? [[String: Any]])
        let fixes = try XCTUnwrap(findings.first?["fixes"] as? [[String: Any]])
        XCTAssertEqual(fixes.map { $0["sibling"] as? String }, [nil, "PG_LOCKED", "PG_DIRTY", "PG_NODE", "PG_LATE"])
        XCTAssertEqual(Set(fixes[0].keys), ["file", "line", "column", "endLine", "endColumn", "replacement"])
        XCTAssertEqual(Set(fixes[1].keys), ["file", "line", "column", "endLine", "endColumn", "replacement", "sibling"])
        struct Doc: Decodable { var findings: [Finding] }
        let doc = try JSONDecoder().decode(Doc.self, from: Data(try JSONReporter.render(report.findings).utf8))
        XCTAssertEqual(doc.findings.first?.fixes.map(\.sibling), report.findings.first?.fixes.map(\.sibling))
    }

    func testEmptyDocument() throws {
        let object = try JSONSerialization.jsonObject(with: Data(try JSONReporter.render([]).utf8)) as? [String: Any]
        XCTAssertEqual(object?["version"] as? Int, 1)
        XCTAssertEqual((object?["findings"] as? [Any])?.count, 0)
    }

    func testRoundTrip() throws {
        let url = Repo.samples.appendingPathComponent("sign-overflow.c")
        let report = analyze([url.path])
        let data = Data(try JSONReporter.render(report.findings).utf8)
        struct Doc: Decodable { var version: Int; var findings: [Finding] }
        let doc = try JSONDecoder().decode(Doc.self, from: data)
        XCTAssertEqual(doc.findings.map(\.line), report.findings.map(\.line))
        XCTAssertEqual(doc.findings.map(\.fixes.first?.replacement), report.findings.map(\.fixes.first?.replacement))
        // The offsets are not in the schema; applying fixes read back from JSON recomputes them.
        let bytes = try [UInt8](Data(contentsOf: url))
        let direct = try FixApplier.apply(report.findings.flatMap(\.fixes), to: bytes)
        let loaded = try FixApplier.apply(doc.findings.flatMap(\.fixes), to: bytes)
        XCTAssertFalse(doc.findings.flatMap(\.fixes).isEmpty)
        XCTAssertEqual(loaded, direct)
        XCTAssertNotEqual(loaded, bytes)
    }

    /// A fix that is considered and refused says why in `fixNote`, not in the message.
    func testRefusedFixHasAFixNote() throws {
        let report = analyze(
            [
                "samples/dead-code.c", "samples/arithmetic.c", "samples/function-like.c", "samples/directives.c",
                "samples/macro-operands.c",
            ], workingDirectory: Repo.root.path)
        let refused = report.findings.filter { $0.fixNote != nil }
        XCTAssertFalse(refused.isEmpty)
        for f in refused {
            XCTAssertTrue(f.fixes.isEmpty, "\(f.line): a refused fix is no fix")
            XCTAssertFalse(f.message.contains("(no fix:"), "\(f.line): \(f.message)")
        }
        let object = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(JSONReporter.render(refused).utf8)) as? [String: Any])
        let first = try XCTUnwrap((object["findings"] as? [[String: Any]])?.first)
        XCTAssertEqual(first["fixNote"] as? String, refused[0].fixNote)
        XCTAssertTrue(TextReporter.render(refused, color: false).contains("(no fix: \(refused[0].fixNote ?? ""))"))
    }
}

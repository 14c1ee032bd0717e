import Foundation
import XCTest
@testable import ShiftLint

/// One description per check feeds the README's table, docs/checks/, the JSON severities,
/// `--confirm`'s UBSAN category and the CLI: these tests make the copies agree with it.
final class CheckDescriptionTests: XCTestCase {
    func testReadmeTableIsTheDescriptions() throws {
        let readme = try String(contentsOf: Repo.root.appendingPathComponent("README.md"), encoding: .utf8)
        let rows = readme.split(separator: "\n").filter { $0.hasPrefix("| [shift-") }.map(String.init)
        let expected = Checks.descriptions.map { d in
            "| [\(d.id)](\(d.docPage)) | \(Policy.iso.severity(of: d).rawValue) | \(Policy.gnuWrapv.severity(of: d).rawValue) | \(d.summary) |"
        }
        XCTAssertEqual(rows, expected, "README.md's check table must list every check in UBSAN's order, as described")
    }

    func testEveryCheckHasItsDocPage() throws {
        for d in Checks.descriptions {
            let url = Repo.root.appendingPathComponent(d.docPage)
            let text = try String(contentsOf: url, encoding: .utf8)
            let heading = String(text.prefix { $0 != "\n" })
            XCTAssertTrue(heading.hasPrefix("# \(d.id) (\(d.severity.rawValue)"), "\(d.docPage): heading '\(heading)'")
            for section in d.clause.split(separator: ",").map({
                $0.replacingOccurrences(of: "C11", with: "").trimmingCharacters(in: .whitespaces)
            }) {
                XCTAssertTrue(text.contains(section), "\(d.docPage) should cite \(section)")
            }
        }
        let pages = try FileManager.default.contentsOfDirectory(atPath: Repo.root.appendingPathComponent("docs/checks").path)
        XCTAssertEqual(Set(pages), Set(Checks.descriptions.map { "\($0.id).md" }), "one page per check, no stale pages")
    }

    func testIdsAreUniqueAndRoundTrip() throws {
        let ids = CheckID.allCases
        XCTAssertEqual(Set(ids).count, ids.count)
        for id in ids {
            XCTAssertEqual(CheckID(rawValue: id.rawValue), id)
            let data = try JSONEncoder().encode(id)
            XCTAssertEqual(String(decoding: data, as: UTF8.self), "\"\(id.rawValue)\"")
            XCTAssertEqual(try JSONDecoder().decode(CheckID.self, from: data), id)
        }
        XCTAssertNil(CheckID(rawValue: "shift-nonsense"))
    }

    /// UBSAN says "shift exponent" for count errors and "left shift" for base errors; the
    /// oracle tests hold `--confirm` to these categories.
    func testUbsanCategories() {
        for d in Checks.descriptions {
            XCTAssertEqual(d.ubsanCategory, d.id.rawValue.hasPrefix("shift-count") ? "shift exponent" : "left shift", "\(d.id)")
        }
    }
}

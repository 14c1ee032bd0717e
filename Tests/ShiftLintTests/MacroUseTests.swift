import Foundation
import XCTest
@testable import ShiftLint

/// Macro-use records: every expansion of a shifting input define, with the operator or
/// statement it is an operand of and the conversions on the way (what fix safety will read).
final class MacroUseTests: XCTestCase {
    func testEachUseHasItsContext() throws {
        let url = try temporaryFile(
            "uses.c",
            """
            typedef unsigned long long u64;
            #define FLAG (1 << 31)
            #define OTHER (1 << 3)
            #define PLAIN 5
            void take(u64 x);
            u64 f(int x, u64 y) {
                u64 v = FLAG;
                if (x < FLAG) return 1;
                y = (u64)FLAG;
                take(FLAG);
                x = -FLAG;
                x = FLAG >> 3;
                x = (FLAG);
                x = PLAIN;
                return FLAG | OTHER;
            }
            """)
        let report = analyze([url.path])
        let uses = report.macroUses.map { u in
            "\(u.site.line):\(u.name) \(u.context ?? "-") [\(u.conversions.joined(separator: ", "))]"
        }
        XCTAssertEqual(
            uses,
            [
                "7:FLAG init [u64, u64]",
                "8:FLAG < []",
                "9:FLAG cast [u64]",
                "10:FLAG call [u64]",
                "11:FLAG - []",
                "12:FLAG >> []",
                "13:FLAG = []",
                "15:FLAG | []",
                "15:OTHER | []",
            ])
        // Every use is counted in the define's note, as before.
        let flag = try XCTUnwrap(report.findings.first { $0.macro == "FLAG" })
        XCTAssertEqual(flag.expansions, 8)
    }
}

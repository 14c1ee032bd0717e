import Foundation
import XCTest
@testable import ShiftLint

/// A finding made up for the reporters' own tests.
private func finding(
    _ file: String, _ line: Int, _ column: Int, _ check: CheckID, _ severity: Severity, _ message: String,
    notes: [Note] = [], fixNote: String? = nil
) -> Finding {
    var f = Finding(
        file: file, line: line, column: column, check: check, severity: severity, message: message, macro: nil, fixes: [],
        notes: notes, origin: .code, key: "\(file):\(line):\(column)")
    f.fixNote = fixNote
    return f
}

/// `--format github`: GitHub Actions workflow commands, escaped as the runner reads them.
final class GitHubFormatTests: XCTestCase {
    func testFunctionLikeSample() throws {
        let r = try runProgram(Repo.executable.path, ["--format", "github", "samples/function-like.c"], cwd: Repo.root.path)
        XCTAssertEqual(r.status, 1)
        let message = "signed shift result (0x80000000) sets the sign bit of 'int'"
        let iso = "%0Anote: undefined in ISO C (C11 §6.5.7p4)"
        let flag =
            "%0Anote: samples/function-like.c:3:20: expanded from macro 'FLAG'" + iso
            + "%0Anote: fix needs review: the fix is in the body of function-like macro 'FLAG': it changes every expansion of it"
        let title = "title=shiftlint [shift-sign-overflow]"
        XCTAssertEqual(
            r.stdout,
            """
            ::error file=samples/function-like.c,line=6,col=19,\(title)::\(message)\(flag)
            ::error file=samples/function-like.c,line=8,col=27,\(title)::\(message)\(flag)
            ::error file=samples/function-like.c,line=12,col=13,\(title)::\(message)\(flag)
            ::error file=samples/function-like.c,line=13,col=13,\(title)::signed shift result (0xf0000000) sets the sign bit of 'int' (no fix: the left operand is not an integer literal)%0Anote: samples/function-like.c:5:54: expanded from macro 'MASK'\(iso)

            """)
        XCTAssertFalse(r.stdout.contains("translation unit"), "no summary line")
    }

    func testLevelsAndEscaping() {
        let findings = [
            finding("a.c", 1, 2, .shiftCountNegative, .error, "shift count (-1) is negative"),
            finding(
                "dir,x:y%z.c", 3, 7, .shiftOverflow, .warning, "100% wrong\r\nsecond: line, here",
                notes: [
                    Note(file: "h,1.h", line: 4, column: 5, message: "expanded from macro 'M'"),
                    Note(file: nil, line: nil, column: nil, message: "M is used 2 times in the analyzed code"),
                ]),
            finding("b.c", 9, 1, .shiftPromotion, .note, "0..255 << 24 may exceed 'int'", fixNote: "a macro argument"),
        ]
        XCTAssertEqual(
            GitHubReporter.render(findings),
            """
            ::error file=a.c,line=1,col=2,title=shiftlint [shift-count-negative]::shift count (-1) is negative
            ::warning file=dir%2Cx%3Ay%25z.c,line=3,col=7,title=shiftlint [shift-overflow]::100%25 wrong%0D%0Asecond: line, here%0Anote: h,1.h:4:5: expanded from macro 'M'%0Anote: M is used 2 times in the analyzed code
            ::notice file=b.c,line=9,col=1,title=shiftlint [shift-promotion]::0..255 << 24 may exceed 'int' (no fix: a macro argument)

            """)
        XCTAssertEqual(GitHubReporter.property("a:b,c%d\ne\rf"), "a%3Ab%2Cc%25d%0Ae%0Df")
        XCTAssertEqual(GitHubReporter.data("a:b,c%d\ne\rf"), "a:b,c%25d%0Ae%0Df")
        XCTAssertEqual(GitHubReporter.render([]), "")
    }
}

/// `--format oneline`: `scripts/checkpatch.pl --terse --show-types` lines.
final class OnelineFormatTests: XCTestCase {
    func testCountSample() throws {
        let r = try runProgram(Repo.executable.path, ["--format", "oneline", "samples/count.c"], cwd: Repo.root.path)
        XCTAssertEqual(r.status, 1)
        let wide = "ERROR:SHIFT_COUNT_OVERFLOW: shift count"
        XCTAssertEqual(
            r.stdout,
            """
            samples/count.c:3: \(wide) (40) is >= width of type 'int' (32 bits)
            samples/count.c:5: \(wide) (32) is >= width of type 'int' (32 bits)
            samples/count.c:7: \(wide) (32) is >= width of type 'unsigned int' (32 bits)
            samples/count.c:10: \(wide) (32) is >= width of type 'int' (32 bits)
            samples/count.c:11: ERROR:SHIFT_COUNT_NEGATIVE: shift count (-1) is negative
            samples/count.c:12: ERROR:SHIFT_COUNT_NEGATIVE: shift count (-2) is negative
            samples/count.c:13: \(wide) (64) is >= width of type 'unsigned long long' (64 bits) (no fix: the result needs more than 64 bits)
            samples/count.c:14: ERROR:SHIFT_SIGN_OVERFLOW: signed shift result (0x80000000) sets the sign bit of 'int'
            samples/count.c:18: \(wide) (32) is >= width of type 'int' (32 bits)
            samples/count.c:19: ERROR:SHIFT_COUNT_NEGATIVE: shift count (-3) is negative
            samples/count.c:20: \(wide) (33) is >= width of type 'int' (32 bits) (no fix: the left operand is not an integer literal)
            samples/count.c:21: \(wide) (32) is >= width of type 'int' (32 bits) (no fix: the left operand is not an integer literal)

            """)
    }

    /// checkpatch's shape: `$prefix$level:$type: $msg`, the first line only, CHECK for notes.
    func testLevelsAndOneLinePerFinding() throws {
        let findings = [
            finding("fs/iomap/direct-io.c", 26, 29, .shiftSignOverflow, .warning, "signed shift result (0x80000000)"),
            finding(
                "a.c", 1, 2, .shiftCountNegative, .error, "first\r\nsecond",
                notes: [Note(file: "a.c", line: 1, column: 1, message: "n")]),
            finding("b.c", 9, 1, .shiftPromotion, .note, "0..255 << 24 may exceed 'int'"),
        ]
        XCTAssertEqual(
            OnelineReporter.render(findings),
            """
            fs/iomap/direct-io.c:26: WARNING:SHIFT_SIGN_OVERFLOW: signed shift result (0x80000000)
            a.c:1: ERROR:SHIFT_COUNT_NEGATIVE: first
            b.c:9: CHECK:SHIFT_PROMOTION: 0..255 << 24 may exceed 'int'

            """)
        // The same pattern checkpatch's own terse lines match (as editors and scripts parse them).
        let pattern = try NSRegularExpression(pattern: #"^[^:]+:[0-9]+: (ERROR|WARNING|CHECK):[A-Z_]+: .+$"#)
        for line in OnelineReporter.render(findings).split(separator: "\n").map(String.init) {
            XCTAssertEqual(pattern.numberOfMatches(in: line, range: NSRange(line.startIndex..., in: line)), 1, line)
        }
    }
}

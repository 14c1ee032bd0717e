import Foundation
import XCTest
@testable import ShiftLint

/// shiftlint splits signed overflow exactly as clang does: `shift-sign-overflow` when only the
/// sign bit is lost, `shift-overflow` when more bits are needed. Clang-19 warns about constant
/// shifts in code; both tools must agree on every such shift in the samples, matched by where
/// the operator is spelled (inside a macro definition for macro-produced shifts).
final class ClangAgreementTests: XCTestCase {
    struct Verdict: Hashable, CustomStringConvertible {
        var file: String
        var line: Int
        var column: Int
        var check: String
        var description: String { "\(file):\(line):\(column) \(check)" }
    }

    func testSignOverflowSplitAgreesWithClang19() throws {
        guard let clang = which("clang-19") else {
            throw XCTSkip("clang-19 is not installed (scripts/setup.sh installs it)")
        }
        var compared = 0
        for url in Repo.sampleFiles where url.pathExtension == "c" {
            let text = try String(contentsOf: url, encoding: .utf8)
            // -fwrapv silences clang's warnings; shiftlint's verdicts are ISO C's either way.
            let args = sampleArguments(text).filter { $0 != "-fwrapv" && $0 != "-fno-strict-overflow" }
            let result = try runProgram(
                clang,
                [
                    "-fsyntax-only", "-fno-color-diagnostics", "-fno-caret-diagnostics",
                    "-fmacro-backtrace-limit=0", "-Wno-everything", "-Wshift-sign-overflow",
                    "-Wshift-overflow",
                ] + args + [url.path])
            let fromClang = parseClang(result.stderr, file: url.lastPathComponent)

            let report = analyze([url.path], arguments: sampleArguments(text))
            var ours = Set<Verdict>()
            var oursInDefines = Set<Verdict>()
            for f in report.findings where f.check == .shiftSignOverflow || f.check == .shiftOverflow {
                switch f.origin {
                case .code:
                    ours.insert(Verdict(file: url.lastPathComponent, line: f.line, column: f.column, check: f.check.rawValue))
                case .expansion:
                    if let op = f.notes.first, let l = op.line, let c = op.column {
                        ours.insert(Verdict(file: url.lastPathComponent, line: l, column: c, check: f.check.rawValue))
                    }
                case .define:
                    oursInDefines.insert(
                        Verdict(file: url.lastPathComponent, line: f.line, column: f.column, check: f.check.rawValue))
                case .directive:
                    break
                }
            }
            // Every clang warning is one of ours (in code, at an expansion, or in a define used in
            // code), except in code that never runs, where clang-19 warns and UBSAN never would ...
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for v in fromClang {
                if v.line <= lines.count, lines[v.line - 1].contains("never evaluated") { continue }
                XCTAssertTrue(ours.contains(v) || oursInDefines.contains(v), "clang-19 reports \(v); shiftlint does not")
            }
            // ... and every shift we report in code, clang reports with the same check.
            for v in ours {
                XCTAssertTrue(fromClang.contains(v), "shiftlint reports \(v) in code; clang-19 does not")
            }
            compared += fromClang.count
        }
        XCTAssertGreaterThanOrEqual(compared, 10, "the samples should exercise clang's warnings")
    }

    /// `file:line:col: warning: ... [-Wshift-sign-overflow]`, then `note: expanded from macro`
    /// lines; the last note is where the operator is spelled.
    func parseClang(_ output: String, file: String) -> Set<Verdict> {
        var result = Set<Verdict>()
        var current: (Verdict)?
        func flush() { if let c = current { result.insert(c) }; current = nil }
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
            guard parts.count == 5, let l = Int(parts[1]), let c = Int(parts[2]) else { continue }
            let name = (String(parts[0]) as NSString).lastPathComponent
            let kind = parts[3].trimmingCharacters(in: .whitespaces)
            if kind == "warning" {
                flush()
                let check =
                    line.hasSuffix("[-Wshift-sign-overflow]")
                    ? "shift-sign-overflow"
                    : line.hasSuffix("[-Wshift-overflow]") ? "shift-overflow" : nil
                if let check { current = Verdict(file: name, line: l, column: c, check: check) }
            } else if kind == "note", parts[4].contains("expanded from macro"), current != nil {
                current?.file = name
                current?.line = l
                current?.column = c
            }
        }
        flush()
        return result
    }
}

import Foundation
import XCTest
@testable import ShiftLint

/// `shift-promotion` against UBSAN: for generated shifts of narrow unsigned operands (types,
/// bit-fields, masks, right shifts, remainders, casts), shiftlint's "may exceed 'int'" must hold
/// exactly when UBSAN reports the shift for some operand value. The program tries every value
/// that can be the maximum of such a range (0, 1, each mask and mask - 1, half and all ones), so
/// UBSAN sees the worst case the range analysis reasons about.
final class PromotionOracleTests: XCTestCase {
    struct Case {
        var operandType: String   // the declared type of `v` (or a bit-field)
        var bitField: Int?
        var expression: String   // uses `v`
    }

    func generate(count: Int, seed: UInt64) -> [Case] {
        var rng = SplitMix64(state: seed)
        let types = ["unsigned char", "unsigned short", "u8", "u16", "unsigned int", "u32"]
        var cases: [Case] = []
        for _ in 0..<count {
            let bitField: Int? = rng.chance(20) ? rng.pick([1, 7, 8, 15, 16, 24, 31, 32]) : nil
            let type = bitField == nil ? rng.pick(types) : "unsigned"
            var operand = "v"
            switch rng.below(6) {
            case 0: operand = "(v & \(rng.pick(["0x7f", "0xff", "0x1ff", "0x7fff", "0xffff", "1", "0x80"])))"
            case 1: operand = "(v >> \(rng.pick([1, 2, 4, 7, 8])))"
            case 2: operand = "(v % \(rng.pick([2, 100, 128, 129, 256, 40000])))"
            case 3: operand = "((\(rng.pick(["unsigned char", "u8", "unsigned short", "u32"])))v)"
            case 4: operand = "(v | \(rng.pick(["1", "0x80", "0x7f"])))"
            default: break
            }
            let count = rng.pick([0, 1, 7, 8, 15, 16, 17, 20, 23, 24, 25, 30])
            cases.append(Case(operandType: type, bitField: bitField, expression: "\(operand) << \(count)"))
        }
        return cases
    }

    func testPromotionVerdictsAgreeWithUBSAN() throws {
        guard let clang = which("clang-19") else { throw XCTSkip("clang-19 is not installed (scripts/setup.sh)") }
        let env = ProcessInfo.processInfo.environment
        let cases = generate(
            count: Int(env["SHIFTLINT_ORACLE_COUNT"] ?? "").map { max(400, $0 / 5) } ?? 400,
            seed: UInt64(env["SHIFTLINT_ORACLE_SEED"] ?? "") ?? 5)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-promo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var source = "typedef unsigned char u8; typedef unsigned short u16; typedef unsigned int u32;\n"
        let header = source.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        for (i, c) in cases.enumerated() {
            // One function per line; the shift is in code, with `v` not a constant.
            if let w = c.bitField {
                let e = c.expression.replacingOccurrences(of: "v", with: "o.v")
                source +=
                    "struct s\(i) { unsigned v : \(w); }; void f\(i)(unsigned long long x) { struct s\(i) o; o.v = x; volatile int sink = \(e); (void)sink; }\n"
            } else {
                source +=
                    "void f\(i)(unsigned long long x) { \(c.operandType) v = (\(c.operandType))x; volatile int sink = \(c.expression); (void)sink; }\n"
            }
        }
        source +=
            "static const unsigned long long probes[] = { 0, 1, 0x7e, 0x7f, 0x80, 0xfe, 0xff, 0x100, 0x1fe, 0x1ff, 0x7ffe, 0x7fff, 0x8000, 0xfffe, 0xffff, 127, 128, 255, 99, 1 << 15, 39999, 0xffffffffffffffffULL };\n"
        source += "int main(void) {\n  for (unsigned i = 0; i < sizeof probes / sizeof probes[0]; i++) {\n"
        source += (0..<cases.count).map { "    f\($0)(probes[i]);\n" }.joined() + "  }\n  return 0;\n}\n"
        let file = dir.appendingPathComponent("promotion.c")
        try source.write(to: file, atomically: true, encoding: .utf8)
        let exe = dir.appendingPathComponent("promotion").path
        let build = try runProgram(clang, ["-O0", "-w", "-fsanitize=shift", "-fsanitize-recover=shift", file.path, "-o", exe])
        XCTAssertEqual(build.status, 0, build.stderr)
        guard build.status == 0 else { return }
        let ran = try runProgram(
            exe, [], environment: ["UBSAN_OPTIONS": "print_stacktrace=0:halt_on_error=0:report_error_type=0"])
        var ubsan = Set<Int>()
        for line in ran.stderr.split(separator: "\n") where line.contains("runtime error: left shift") {
            let parts = line.split(separator: ":")
            if parts.count > 2, let l = Int(parts[1]) { ubsan.insert(l - header - 1) }
        }
        let report = analyze([file.path])
        let ours = Set(
            report.findings.filter {
                $0.check == .shiftPromotion || $0.check == .shiftSignOverflow
                    || $0.check == .shiftOverflow
            }.map { $0.line - header - 1 })
        var disagreements: [String] = []
        for i in 0..<cases.count where ubsan.contains(i) != ours.contains(i) {
            let c = cases[i]
            disagreements.append(
                "\(c.bitField.map { "unsigned : \($0)" } ?? c.operandType) v; \(c.expression): "
                    + "shiftlint \(ours.contains(i) ? "may exceed" : "fits"), UBSAN \(ubsan.contains(i) ? "reports" : "silent")")
        }
        print(
            "promotion oracle: \(cases.count) shifts, UBSAN reports \(ubsan.count), shiftlint \(ours.count), disagreements \(disagreements.count)"
        )
        for d in disagreements.prefix(20) { print("  disagreement: \(d)") }
        XCTAssertEqual(disagreements.count, 0)
        XCTAssertGreaterThan(ubsan.count, cases.count / 10)
        XCTAssertGreaterThan(cases.count - ubsan.count, cases.count / 10)
    }
}

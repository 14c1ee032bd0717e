import Foundation
import XCTest
@testable import ShiftLint

/// The possible-UB checks against UBSAN, over the value ranges they share.
///
/// `shift-promotion`: for generated shifts of narrow unsigned operands (types, bit-fields,
/// masks, right shifts, remainders, casts), shiftlint's "may exceed 'int'" must hold exactly
/// when UBSAN reports the shift for some operand value. The program tries every value that can
/// be the maximum of such a range (0, 1, each mask and mask - 1, half and all ones), so UBSAN
/// sees the worst case the range analysis reasons about.
///
/// `shift-count-range`: for generated shifts by bounded counts (masks, remainders, right
/// shifts, narrow types, bit-fields, casts, `+`/`*`, counted loops with and without guards),
/// see `testCountRangeVerdictsAgreeWithUBSAN`.
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

    // MARK: shift-count-range

    /// A shift by a bounded count: `n` (declared from the probe `v`) or a loop's counter `i`.
    struct CountCase: CustomStringConvertible {
        /// Declares `n` from `v` (empty for loops).
        var declaration: String
        /// The count; `N` stands for `n` (or `o.n`, a bit-field), `I` for the loop's counter.
        var count: String
        /// The left operand as written, its promoted type, and its value in the run (a
        /// variable left operand is 0: only the count's rules are at stake).
        var left: String
        var leftType: String
        var leftValue: String
        var op: String
        /// `for (...)` and the guard around the shift in its body, for loop cases.
        var loop: String?
        var guardClause: String?

        var description: String {
            let shift = "\(left) \(op) \(count)"
            guard let loop else { return "\(declaration) \(shift)" }
            return "\(loop) \(guardClause ?? "") \(shift)"
        }
    }

    func generateCountCases(count: Int, seed: UInt64) -> [CountCase] {
        var rng = SplitMix64(state: seed)
        // Left operands: (spelling, promoted type, value in the run).
        let lefts: [(String, String, String)] = [
            ("1", "int", "1"), ("1U", "unsigned int", "1"), ("3", "int", "3"), ("0x40000000", "int", "0x40000000"),
            ("1L", "long", "1"), ("1ULL", "unsigned long long", "1"), ("x", "int", "0"), ("ux", "unsigned int", "0"),
            ("bx", "int", "0"), ("qx", "unsigned long long", "0"),
        ]
        let types = ["int", "unsigned", "long long", "unsigned char", "signed char", "unsigned short", "short"]
        var cases: [CountCase] = []
        for _ in 0..<count {
            let (left, leftType, leftValue) = rng.pick(lefts)
            let op = rng.chance(70) ? "<<" : ">>"
            if rng.chance(25) {
                // A counted loop: `for (T i = A; i < B; i++)`, with or without a guard.
                let type = rng.pick(["int", "unsigned", "unsigned char", "long long"])
                let start = rng.pick([0, 1])
                let limit = rng.pick([8, 31, 32, 33, 64])
                let comparison = rng.pick(["<", "<="])
                let last = comparison == "<" ? limit - 1 : limit
                let guardClause = rng.pick(["", "", "if (v & 1)", "if (I < \(last))", "if (I != \(last))"])
                cases.append(
                    CountCase(
                        declaration: "", count: rng.pick(["I", "I", "(I + 1)", "(I * 8)"]), left: left, leftType: leftType,
                        leftValue: leftValue, op: op, loop: "for (\(type) I = \(start); I \(comparison) \(limit); I++)",
                        guardClause: guardClause.isEmpty ? nil : guardClause))
                continue
            }
            var type = rng.pick(types)
            var declaration = "\(type) n = (\(type))v;"
            if rng.chance(20) {
                type = rng.pick(["unsigned", "int"])
                declaration = "struct { \(type) n : \(rng.pick([3, 5, 6, 7, 8])); } o; o.n = v;"
            }
            let narrow = declaration.hasPrefix("struct") || !["int", "unsigned", "long long"].contains(type)
            var expression: String
            switch rng.below(6) {
            case 0: expression = "(N & \(rng.pick(["0x7", "0xf", "0x1f", "0x3f", "0x7f", "0xff", "0x18", "0x30"])))"
            case 1: expression = "(N % \(rng.pick([8, 16, 31, 32, 33, 64, 65])))"
            case 2:
                let bits = type == "long long" ? [57, 58, 59, 60] : narrow ? [1, 2, 3] : [25, 26, 27, 28]
                expression = "(N >> \(rng.pick(bits)))"
            case 3: expression = "((\(rng.pick(["unsigned char", "signed char"])))N)"
            case 4: expression = rng.pick(["((N & 7) * 8)", "((N & 15) + 17)", "(31 - (N & 31))", "((N & 3) * 8 + 8)"])
            default: expression = narrow ? "N" : "(N & 0x3f)"
            }
            let name = declaration.hasPrefix("struct") ? "o.n" : "n"
            cases.append(
                CountCase(
                    declaration: declaration, count: expression.replacingOccurrences(of: "N", with: name), left: left,
                    leftType: leftType, leftValue: leftValue, op: op))
        }
        return cases
    }

    /// `shift-count-range` against UBSAN. Each generated shift runs for probe values of `n`
    /// that reach every bound of the count forms (all of -1100..1100, the powers of two and
    /// their neighbours, the extremes), recording the count's smallest and largest value:
    /// - shiftlint reports the shift exactly when UBSAN reports it for some probe;
    /// - a reported range is the count's observed range, bounds included;
    /// - a reported first undefined count is undefined (UBSAN reports the shift by it) and the
    ///   count below it, when in the range, is defined (UBSAN is silent);
    /// - an unreported shift is defined at every probe, its range's bounds included.
    func testCountRangeVerdictsAgreeWithUBSAN() throws {
        guard let clang = which("clang-19") else { throw XCTSkip("clang-19 is not installed (scripts/setup.sh)") }
        let env = ProcessInfo.processInfo.environment
        let cases = generateCountCases(
            count: Int(env["SHIFTLINT_ORACLE_COUNT"] ?? "").map { max(300, $0 / 5) } ?? 300,
            seed: UInt64(env["SHIFTLINT_ORACLE_SEED"] ?? "") ?? 8)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-count-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let runEnvironment = ["UBSAN_OPTIONS": "print_stacktrace=0:halt_on_error=0:report_error_type=0"]
        func ubsanLines(_ stderr: String, header: Int) -> Set<Int> {
            var lines = Set<Int>()
            for line in stderr.split(separator: "\n") where line.contains("runtime error:") {
                let parts = line.split(separator: ":")
                if parts.count > 2, let l = Int(parts[1]) { lines.insert(l - header - 1) }
            }
            return lines
        }

        // 1. The cases, one function per line, with the count's observed bounds.
        var source = """
            #include <stdio.h>
            static long long lo[\(cases.count)], hi[\(cases.count)];
            static int seen[\(cases.count)];
            static void note(int i, long long c) {
                if (!seen[i] || c < lo[i]) lo[i] = c;
                if (!seen[i] || c > hi[i]) hi[i] = c;
                seen[i] = 1;
            }

            """
        let header = source.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        for (i, c) in cases.enumerated() {
            let variables = "int x = 0; unsigned ux = 0; unsigned char bx = 0; unsigned long long qx = 0;"
            let shift = "{ volatile \(c.leftType) sink = \(c.left) \(c.op) \(c.count); (void)sink; }"
            if let loop = c.loop {
                // The counter is `I` in the case, `i` in C (no other `I` in these lines).
                let body = "note(\(i), (long long)(\(c.count))); \(c.guardClause ?? "") \(shift)"
                source += "void f\(i)(long long v) { \(variables) \(loop) { \(body) } }\n".replacingOccurrences(
                    of: "I", with: "i")
            } else {
                source +=
                    "void f\(i)(long long v) { \(variables) \(c.declaration) note(\(i), (long long)(\(c.count))); \(shift) }\n"
            }
        }
        var probes: [String] = (-1100...1100).map(String.init)
        for k in 0..<63 {
            let p = Int64(1) << k
            probes += ["\(p)", "\(p - 1)", "\(p + 1)", "\(-p)", "\(-p - 1)", "\(-p + 1)"]
        }
        probes += ["9223372036854775807LL", "(-9223372036854775807LL - 1)"]
        source += "static const long long probes[] = { \(probes.joined(separator: ", ")) };\n"
        source += "int main(void) {\n  for (unsigned k = 0; k < sizeof probes / sizeof probes[0]; k++) {\n"
        source += (0..<cases.count).map { "    f\($0)(probes[k]);\n" }.joined() + "  }\n"
        source += "  for (int i = 0; i < \(cases.count); i++) if (seen[i]) printf(\"%d %lld %lld\\n\", i, lo[i], hi[i]);\n"
        source += "  return 0;\n}\n"
        let file = dir.appendingPathComponent("count.c")
        try source.write(to: file, atomically: true, encoding: .utf8)
        let exe = dir.appendingPathComponent("count").path
        let build = try runProgram(clang, ["-O0", "-w", "-fsanitize=shift", "-fsanitize-recover=shift", file.path, "-o", exe])
        XCTAssertEqual(build.status, 0, build.stderr)
        guard build.status == 0 else { return }
        let ran = try runProgram(exe, [], environment: runEnvironment)
        let ubsan = ubsanLines(ran.stderr, header: header)
        var observed: [Int: ClosedRange<Int128>] = [:]
        for line in ran.stdout.split(separator: "\n") {
            let f = line.split(separator: " ").compactMap { Int128(String($0)) }
            if f.count == 3, f[1] <= f[2] { observed[Int(f[0])] = f[1]...f[2] }
        }

        // 2. shiftlint on the same file.
        let report = analyze([file.path])
        var ours: [Int: (range: ClosedRange<Int128>, first: Int128)] = [:]
        var disagreements: [String] = []
        let pattern = try NSRegularExpression(pattern: #"^shift count (-?\d+)\.\.(-?\d+) reaches (-?\d+): "#)
        for f in report.findings {
            let i = f.line - header - 1
            guard f.check == .shiftCountRange,
                let m = pattern.firstMatch(in: f.message, range: NSRange(f.message.startIndex..., in: f.message)),
                let lo = Range(m.range(at: 1), in: f.message).flatMap({ Int128(String(f.message[$0])) }),
                let hi = Range(m.range(at: 2), in: f.message).flatMap({ Int128(String(f.message[$0])) }),
                let first = Range(m.range(at: 3), in: f.message).flatMap({ Int128(String(f.message[$0])) }), lo <= hi
            else {
                disagreements.append("line \(f.line): unexpected finding \(f.check): \(f.message)")
                continue
            }
            ours[i] = (lo...hi, first)
        }
        // A guard that reads the counter makes shiftlint give the loop up (docs/checks): silent,
        // whatever UBSAN finds for the counts the guard lets through.
        var givenUp = 0
        for (i, c) in cases.enumerated() {
            if c.guardClause?.contains("I") == true {
                if let r = ours[i] { disagreements.append("\(c): reported \(r.range) under a guard on the counter") }
                if ubsan.contains(i) { givenUp += 1 }
                continue
            }
            if ubsan.contains(i) != (ours[i] != nil) {
                disagreements.append(
                    "\(c): shiftlint \(ours[i].map { "reports \($0.range) from \($0.first)" } ?? "silent"), UBSAN \(ubsan.contains(i) ? "reports" : "silent") (observed \(observed[i].map { "\($0)" } ?? "nothing"))"
                )
            } else if let r = ours[i], r.range != observed[i] {
                disagreements.append("\(c): shiftlint's range \(r.range), observed \(observed[i].map { "\($0)" } ?? "nothing")")
            }
        }

        // 3. The first undefined count of each report, and the one below it, under UBSAN.
        var witness = "/* one shift per line */\n"
        let witnessHeader = 1
        var expectations: [(line: Int, undefined: Bool, what: String)] = []
        for (i, c) in cases.enumerated() {
            guard let r = ours[i] else { continue }
            for (count, undefined) in [(r.first, true), (r.first - 1, false)] where r.range.contains(count) {
                witness +=
                    "void w\(expectations.count)(void) { volatile \(c.leftType) l = \(c.leftValue); volatile long long n = \(count)LL; (void)(l \(c.op) n); }\n"
                expectations.append((expectations.count, undefined, "\(c): \(c.leftValue) \(c.op) \(count)"))
            }
        }
        witness += "int main(void) {\n" + expectations.map { "  w\($0.line)();\n" }.joined() + "  return 0;\n}\n"
        let witnessFile = dir.appendingPathComponent("witness.c")
        try witness.write(to: witnessFile, atomically: true, encoding: .utf8)
        let witnessExe = dir.appendingPathComponent("witness").path
        let witnessBuild = try runProgram(
            clang, ["-O0", "-w", "-fsanitize=shift", "-fsanitize-recover=shift", witnessFile.path, "-o", witnessExe])
        XCTAssertEqual(witnessBuild.status, 0, witnessBuild.stderr)
        guard witnessBuild.status == 0 else { return }
        let witnessRun = try runProgram(witnessExe, [], environment: runEnvironment)
        let reportedWitnesses = ubsanLines(witnessRun.stderr, header: witnessHeader)
        for e in expectations where reportedWitnesses.contains(e.line) != e.undefined {
            disagreements.append(
                "\(e.what): UBSAN \(e.undefined ? "silent at the first undefined count" : "reports the count below it")")
        }

        print(
            "count-range oracle: \(cases.count) shifts, UBSAN reports \(ubsan.count), shiftlint \(ours.count), "
                + "\(expectations.count) witnesses, \(givenUp) undefined under a guard on the counter (not judged), "
                + "disagreements \(disagreements.count)")
        for d in disagreements.prefix(20) { print("  disagreement: \(d)") }
        XCTAssertEqual(disagreements.count, 0)
        XCTAssertGreaterThan(ours.count, cases.count / 10)
        XCTAssertGreaterThan(cases.count - ours.count, cases.count / 10)
        let loops = cases.indices.filter { cases[$0].loop != nil }
        XCTAssertTrue(loops.contains { ours[$0] != nil } && loops.contains { ours[$0] == nil && !ubsan.contains($0) })
    }
}

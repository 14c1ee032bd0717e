import Foundation
import XCTest
@testable import ShiftLint

/// Differential oracle: shiftlint's verdicts against UBSAN's on generated constant shift
/// expressions. For each expression: UB or not, and the category (exponent vs base) of the
/// first shift UBSAN reports, must agree — for the expression written in an unexpanded
/// `#define` and in code. An expression shiftlint cannot evaluate counts as a disagreement.
///
/// SHIFTLINT_ORACLE_COUNT (default 2000) and SHIFTLINT_ORACLE_SEED (default 1) size the run;
/// scripts/oracle.sh runs a longer one.
final class OracleTests: XCTestCase {
    enum Category: String { case exponent, base }

    struct Verdict: Equatable, CustomStringConvertible {
        var category: Category?
        var description: String { category?.rawValue ?? "defined" }
    }

    var count: Int { Int(ProcessInfo.processInfo.environment["SHIFTLINT_ORACLE_COUNT"] ?? "") ?? 2000 }
    var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["SHIFTLINT_ORACLE_SEED"] ?? "") ?? 1 }

    func testAgreesWithUBSANOnLP64() throws { try runOracle(arguments: [], label: "LP64") }
    func testAgreesWithUBSANOnILP32() throws { try runOracle(arguments: ["-m32"], label: "ILP32") }

    static func category(_ check: CheckID) -> Category {
        Checks.description(of: check)?.ubsanCategory == "shift exponent" ? .exponent : .base
    }

    func runOracle(arguments: [String], label: String) throws {
        guard let clang = which("clang-19") else { throw XCTSkip("clang-19 is not installed (scripts/setup.sh)") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        var generator = ExpressionGenerator(seed: seed &+ (arguments.isEmpty ? 0 : 0x32))
        let expressions = (0..<count).map { _ in generator.next() }

        // 1. The runtime program: one function per line, operands opaque.
        var runtime = ExpressionGenerator.prelude
        var helperDefs = ""
        var defines = ""
        var code = ""
        var seenHelpers = Set<Int>()
        let first = runtime.split(separator: "\n", omittingEmptySubsequences: false).count
        for (i, e) in expressions.enumerated() {
            runtime += "void f\(i)(void) { (void)(\(e.render(opaque: true, expandHelpers: true, prefix: "E\(i)"))); }\n"
            for (n, body) in e.helpers where seenHelpers.insert(n).inserted {
                helperDefs += "#define E\(i)_H\(n) \(body.render(opaque: false, expandHelpers: false, prefix: "E\(i)"))\n"
            }
            defines += "#define E\(i) \(e.render(opaque: false, expandHelpers: false, prefix: "E\(i)"))\n"
            code += "void c\(i)(void) { (void)(\(e.render(opaque: false, expandHelpers: true, prefix: "E\(i)"))); }\n"
        }
        runtime += "int main(void) {\n" + (0..<count).map { "  f\($0)();\n" }.joined() + "  return 0;\n}\n"
        let rtFile = dir.appendingPathComponent("runtime.c")
        try runtime.write(to: rtFile, atomically: true, encoding: .utf8)
        let exe = dir.appendingPathComponent("runtime").path
        let build = try runProgram(
            clang,
            arguments + [
                "-O0", "-w", "-fsanitize=shift", "-fsanitize-recover=shift",
                rtFile.path, "-o", exe,
            ])
        XCTAssertEqual(build.status, 0, "compiling the UBSAN program failed: \(build.stderr.prefix(3000))")
        guard build.status == 0 else { return }
        let ran = try runProgram(
            exe, [], environment: ["UBSAN_OPTIONS": "print_stacktrace=0:halt_on_error=0:report_error_type=0"])
        XCTAssertEqual(ran.status, 0)

        // First UBSAN report per expression (the order of stderr is the order of execution).
        var ubsan: [Int: Verdict] = [:]
        for line in ran.stderr.split(separator: "\n") where line.contains("runtime error:") {
            let parts = line.split(separator: ":")
            guard parts.count > 2, let l = Int(parts[1]) else { continue }
            let index = l - first
            guard index >= 0, index < count, ubsan[index] == nil else { continue }
            ubsan[index] = Verdict(category: line.contains("shift exponent") ? .exponent : .base)
        }

        // 2. shiftlint on the expressions in #defines (evaluated as a use would see them).
        let defsFile = dir.appendingPathComponent("defines.c")
        try (ExpressionGenerator.prelude + helperDefs + defines).write(to: defsFile, atomically: true, encoding: .utf8)
        let probe = try XCTUnwrap(TargetProbe.probe(arguments: arguments))
        guard case .success(let tu) = TranslationUnit.parse(path: defsFile.path, arguments: arguments) else {
            return XCTFail("cannot parse \(defsFile.path)")
        }
        // The unit's index gives the evaluator its context, as for any translation unit.
        let index = UnitIndex(
            files: UnitFiles(tu: tu, inputs: InputSet(paths: [defsFile.path])), target: probe.model,
            verbose: false)
        let evaluator = Evaluator(context: index.context)

        // 3. shiftlint on the expressions in code (clang's AST, one function per line).
        let codeFile = dir.appendingPathComponent("code.c")
        let codeHeader = ExpressionGenerator.prelude
        try (codeHeader + code).write(to: codeFile, atomically: true, encoding: .utf8)
        let codeFirstLine = codeHeader.split(separator: "\n", omittingEmptySubsequences: false).count
        let unit = UnitAnalyzer(
            tu: try XCTUnwrap(try? TranslationUnit.parse(path: codeFile.path, arguments: arguments).get()),
            target: probe.model, inputs: InputSet(paths: [codeFile.path]),
            enabled: Set(CheckID.allCases), verbose: false
        ).run()
        var inCode: [Int: Verdict] = [:]
        for f in unit.findings {   // emission order = execution order
            let index = f.line - codeFirstLine
            if index >= 0, index < count, inCode[index] == nil { inCode[index] = Verdict(category: Self.category(f.check)) }
        }

        // 4. The sign/overflow split, which UBSAN does not make: clang-19's warnings on the same
        // constant expressions in code, compared line by line where both report one.
        let warned = try runProgram(
            clang,
            arguments + [
                "-fsyntax-only", "-fno-color-diagnostics", "-Wno-everything",
                "-Wshift-sign-overflow", "-Wshift-overflow", codeFile.path,
            ])
        var clangKinds: [Int: [String]] = [:]
        for line in warned.stderr.split(separator: "\n") where line.contains(": warning: ") {
            let parts = line.split(separator: ":")
            guard parts.count > 2, let l = Int(parts[1]) else { continue }
            if line.hasSuffix("[-Wshift-sign-overflow]") { clangKinds[l, default: []].append("shift-sign-overflow") }
            if line.hasSuffix("[-Wshift-overflow]") { clangKinds[l, default: []].append("shift-overflow") }
        }
        var ourKinds: [Int: [String]] = [:]
        for f in unit.findings where f.check == .shiftSignOverflow || f.check == .shiftOverflow {
            ourKinds[f.line, default: []].append(f.check.rawValue)
        }
        var splitCompared = 0
        for (line, kinds) in clangKinds where kinds.count == 1 {
            guard let ours = ourKinds[line], ours.count == 1 else { continue }
            splitCompared += 1
            XCTAssertEqual(ours, kinds, "\(label): line \(line) of code.c: clang-19 says \(kinds[0]), shiftlint \(ours[0])")
        }

        var agreeDefine = 0, agreeCode = 0, undefined = 0
        var disagreements: [String] = []
        for i in 0..<count {
            let truth = ubsan[i] ?? Verdict(category: nil)
            if truth.category != nil { undefined += 1 }
            let plain = expressions[i].render(opaque: false, expandHelpers: true, prefix: "E\(i)")
            if let entry = index.context.macros.lookup("E\(i)"), let def = entry {
                let evaluation = evaluator.evaluate(def.body)
                let verdicts = evaluation.sites.compactMap { Checks.judge($0, enabled: Set(CheckID.allCases)) }
                let ours = Verdict(category: verdicts.first.map { Self.category($0.check) })
                let skipped = verdicts.isEmpty && evaluation.value?.value == nil
                if skipped {
                    disagreements.append("E\(i) skipped (\(evaluation.skipped.first?.message ?? "no value")): \(plain)")
                } else if ours == truth {
                    agreeDefine += 1
                } else {
                    disagreements.append("E\(i) #define: shiftlint \(ours), UBSAN \(truth): \(plain)")
                }
            } else {
                disagreements.append("E\(i): no such macro")
            }
            let codeVerdict = inCode[i] ?? Verdict(category: nil)
            if codeVerdict == truth {
                agreeCode += 1
            } else {
                disagreements.append("c\(i) code: shiftlint \(codeVerdict), UBSAN \(truth): \(plain)")
            }
        }
        print(
            "oracle \(label): \(count) expressions (seed \(seed)), \(undefined) undefined per UBSAN; "
                + "agreement: #define \(agreeDefine)/\(count), code \(agreeCode)/\(count); "
                + "sign/overflow split agrees with clang-19 on \(splitCompared) shifts")
        for d in disagreements.prefix(40) { print("  disagreement: \(d)") }
        XCTAssertEqual(agreeDefine, count, "\(label): \(disagreements.count) disagreements, first: \(disagreements.first ?? "")")
        XCTAssertEqual(agreeCode, count, "\(label): see the disagreements printed above")
        XCTAssertGreaterThan(splitCompared, count / 50, "the split should be compared on many shifts")
        XCTAssertGreaterThan(undefined, count / 5, "the generator should produce many undefined shifts")
        XCTAssertLessThan(undefined, count * 4 / 5, "and many defined ones")
    }
}

import Foundation
import XCTest
@testable import ShiftLint

/// A long deterministic random run over the evaluator and the code that reads raw text
/// (literals, character constants, macro definitions, the preprocessor, source-file scanning,
/// shell words), and random mutations of the samples through the whole analyzer (real
/// libclang parses). Anything that traps (integer overflow, out-of-range index) crashes the
/// test process, so "no crash" is the assertion; each run also checks its results are sane.
///
/// SHIFTLINT_FUZZ_ITERATIONS (default 20000) sizes the in-process run, SHIFTLINT_FUZZ_FILES
/// (default 150) the mutated files; scripts/fuzz.sh runs a long one.
final class FuzzTests: XCTestCase {
    var iterations: Int { Int(ProcessInfo.processInfo.environment["SHIFTLINT_FUZZ_ITERATIONS"] ?? "") ?? 20000 }
    var fileCount: Int { Int(ProcessInfo.processInfo.environment["SHIFTLINT_FUZZ_FILES"] ?? "") ?? 150 }

    static let vocabulary: [String] = [
        "(", ")", "(", ")", "<<", ">>", "<<", "+", "-", "*", "/", "%", "&", "|", "^", "~", "!", "?", ":", ",", "&&", "||",
        "==", "!=", "<", ">", "<=", ">=", "=", "<<=", ">>=", "#", "##", "{", "}", ";", "[", "]", ".", "->", "...",
        "sizeof", "_Alignof", "int", "unsigned", "long", "char", "short", "signed", "_Bool", "__int128", "struct", "u8", "u32",
        "defined", "__VA_ARGS__", "A", "B", "F", "G", "x", "y",
        "0", "1", "2", "31", "32", "63", "64", "-1", "0x80000000", "0xffffffffffffffff", "18446744073709551615",
        "0xffffffffffffffffff", "1ULL", "1lL", "1uu", "08", "0b", "0x", "1e3", "1.5", "9999999999999999999999",
        "'a'", "'\\xff'", "'\\x'", "'abcde'", "L'\\xffffffffffffffffff'", "u8'a'", "'\\777'", "'", "\"s\"", "''", "'\\",
    ]

    func randomTokens(_ rng: inout SplitMix64, _ n: Int) -> [Token] {
        (0..<n).map { i in
            let s = rng.pick(Self.vocabulary)
            let kind: Token.Kind =
                s.first.map {
                    $0.isLetter || $0 == "_" ? .identifier : ($0.isNumber || $0 == "'" || $0 == "\"" ? .literal : .punctuation)
                } ?? .punctuation
            return Token(kind: kind, spelling: s, position: SourcePosition(file: "fuzz.c", line: 1, column: i + 1, offset: i))
        }
    }

    func testEvaluatorAndPreprocessorOnRandomTokens() {
        var rng = SplitMix64(state: 0xF022)
        var sites = 0
        for _ in 0..<iterations {
            // A few random macros (object-like and function-like), possibly recursive.
            var defs: [MacroDefinition] = []
            for name in ["A", "B", "F", "G"] where rng.chance(60) {
                let functionLike = name == "F" || name == "G"
                defs.append(
                    MacroDefinition(
                        name: name, isFunctionLike: functionLike,
                        parameters: functionLike ? (rng.chance(50) ? ["x"] : ["x", "__VA_ARGS__"]) : [],
                        isVariadic: functionLike && rng.chance(30),
                        body: randomTokens(&rng, rng.below(12)),
                        position: SourcePosition(file: "fuzz.c", line: 1, column: 1, offset: 0)))
            }
            let target = rng.chance(50) ? TargetModel.lp64 : TargetModel.ilp32
            var context = EvaluationContext(target: target, macros: MacroTable(defs))
            context.typedefs["u8"] = TypedefInfo(integerType: target.uchar)
            context.typedefs["u32"] = TypedefInfo(integerType: target.uint)
            let evaluation = Evaluator(context: context, directiveMode: rng.chance(20)).evaluate(
                randomTokens(&rng, rng.below(40)))
            for site in evaluation.sites {
                // Every evaluated shift is a site; the checks report exactly the undefined ones.
                XCTAssertEqual(site.isUndefined, Checks.judge(site, enabled: Set(CheckID.allCases)) != nil)
                if site.isUndefined { sites += 1 }
            }
        }
        XCTAssertGreaterThan(sites, 0, "the fuzzer should reach the checks")
    }

    func testLiteralAndTextReadersOnRandomBytes() throws {
        var rng = SplitMix64(state: 0xB17E5)
        let alphabet = Array("0123456789abcdefxXuUlLbB'\\\"e.+-p \t\n\r/*<>=()#".utf8) + [0, 0x80, 0xc3, 0xff]
        for _ in 0..<iterations {
            let bytes = (0..<rng.below(24)).map { _ in rng.pick(alphabet) }
            let text = String(decoding: bytes, as: UTF8.self)
            let model = rng.chance(50) ? TargetModel.lp64 : TargetModel.ilp32
            if let lit = try? model.parseIntegerLiteral(text) { XCTAssertTrue(lit.type.contains(lit.magnitude)) }
            _ = try? model.parseCharacterConstant(text)
            _ = try? model.parseCharacterConstant("'" + text + "'")
            let file = SourceFile(path: "f.c", bytes: bytes)
            for offset in [-1, 0, bytes.count / 2, bytes.count, bytes.count + 3] {
                _ = file.shiftOperator(endingBefore: offset, .left)
                _ = file.shiftOperator(startingAt: offset, .right)
                if offset >= 0 { _ = file.ppNumber(at: offset); _ = file.logicalLineEnd(from: min(offset, bytes.count)) }
                _ = file.lines.lineColumn(max(0, offset))
            }
            _ = file.line(rng.below(4))
            _ = file.prefersLowercaseSuffix
            _ = try? ShellWords.split(text)
            _ = MacroDefinition(tokens: randomTokens(&rng, rng.below(8)), isFunctionLike: rng.chance(50))
        }
    }

    /// Mutated samples (byte flips, truncations, splices) through parsing and every pass.
    func testMutatedSamplesThroughTheAnalyzer() throws {
        var rng = SplitMix64(state: 0x5A3F)
        let samples = try Repo.sampleFiles.map { try [UInt8](Data(contentsOf: $0)) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for i in 0..<fileCount {
            var bytes = rng.pick(samples)
            for _ in 0..<(1 + rng.below(8)) {
                guard !bytes.isEmpty else { break }
                let at = rng.below(bytes.count)
                switch rng.below(5) {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.removeSubrange(at..<min(bytes.count, at + rng.below(40)))
                case 2: bytes.insert(contentsOf: Array("<<(#define X \\\n)'".utf8).shuffled(using: &rng), at: at)
                case 3: bytes = Array(bytes[..<at])
                default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 60)], at: rng.below(bytes.count))
                }
            }
            bytes.removeAll { $0 == 0 }   // NUL bytes are a tool error, tested elsewhere
            let url = dir.appendingPathComponent("m\(i).c")
            try Data(bytes).write(to: url)
            let report = analyze([url.path], arguments: rng.chance(30) ? ["-m32"] : [])
            XCTAssertTrue(report.toolErrors.isEmpty, "\(report.toolErrors)")
            for f in report.findings { XCTAssertGreaterThan(f.line, 0); XCTAssertGreaterThan(f.column, 0) }
        }
    }
}

extension SplitMix64: RandomNumberGenerator {}

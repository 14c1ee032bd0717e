import XCTest
@testable import ShiftLint

/// The macro evaluator on real libclang parses of small C files.
final class EvaluatorTests: XCTestCase {
    func findings(_ source: String, _ args: [String] = [], name: String = "t.c") throws -> [Finding] {
        let url = try temporaryFile(name, source)
        let report = analyze([url.path], arguments: args, workingDirectory: url.deletingLastPathComponent().path)
        XCTAssertTrue(report.toolErrors.isEmpty, "\(report.toolErrors)")
        return report.findings
    }

    func checks(_ source: String, _ args: [String] = []) throws -> [String] {
        try findings(source, args).map { "\($0.line):\($0.check.rawValue)" }
    }

    func testRecursiveMacrosTerminateWithoutFindings() throws {
        XCTAssertEqual(
            try checks(
                """
                #define A B
                #define B A
                #define X (A << 31)
                #define SELF SELF
                #define Y (SELF << 31)
                #define F(x) G(x)
                #define G(x) F(x)
                #define Z (F(1) << 31)
                """), [])
    }

    func testCutOffAndMalformedDefinitions() throws {
        XCTAssertEqual(
            try checks(
                """
                #define CUT (1 <<
                #define UNBALANCED ((1 << 31)
                #define CALL_CUT F(
                #define F(x) (x)
                #define OK (1 << 31)
                """), ["5:shift-sign-overflow"])
    }

    func testCharSignednessFollowsTheTarget() throws {
        let source = "#define C ('\\xff' << 24)\n"
        XCTAssertEqual(try checks(source), ["1:shift-negative-value"])
        XCTAssertEqual(try checks(source, ["-funsigned-char"]), ["1:shift-sign-overflow"])
    }

    func testEnumConstantsAndTypedefsFromTheTranslationUnit() throws {
        XCTAssertEqual(
            try checks(
                """
                enum { SHIFT = 31, SMALL = 3 };
                typedef unsigned int u32;
                typedef unsigned long long u64;
                typedef short s16;
                #define M (1 << SHIFT)
                #define N (1 << SMALL)
                #define P ((u32)1 << SHIFT)
                #define Q ((u64)1 << 63)
                #define R ((s16)1 << 31)
                #define S ((s16)-1 << 1)
                """), ["5:shift-sign-overflow", "9:shift-sign-overflow", "10:shift-negative-value"])
    }

    func testShiftsThroughMacroArgumentsPastingAndVariadics() throws {
        XCTAssertEqual(
            try checks(
                """
                #define U(x) x##U
                #define V (U(1) << 31)
                #define CAT(a, b) a##b
                #define W (CAT(0x, ff) << 24)
                #define FIRST(x, ...) (x)
                #define X (FIRST(1 << 31, 2, 3))
                #define SECOND(x, ...) (__VA_ARGS__)
                #define Y (SECOND(0, 1 << 31))
                #define STR(x) #x
                #define Z (STR(1 << 31))
                """), ["4:shift-sign-overflow", "6:shift-sign-overflow", "8:shift-sign-overflow"])
    }

    func testDeepNestingIsBoundedNotFatal() throws {
        let deep = String(repeating: "(", count: 200) + "1 << 31" + String(repeating: ")", count: 200)
        let tooDeep = String(repeating: "(", count: 5000) + "1 << 31" + String(repeating: ")", count: 5000)
        let result = try checks("#define DEEP \(deep)\n#define TOO_DEEP \(tooDeep)\n")
        XCTAssertEqual(result, ["1:shift-sign-overflow"])
    }

    func testMacrosWithSeveralDefinitionsAreNotGuessed() throws {
        XCTAssertEqual(
            try checks(
                """
                #define COUNT 31
                #undef COUNT
                #define COUNT 3
                #define USE (1 << COUNT)
                #define SAME 31
                #undef SAME
                #define SAME 31
                #define USE_SAME (1 << SAME)
                """), ["8:shift-sign-overflow"])
    }

    func testSizeofAndTargetWidths() throws {
        let source = """
            #define A ((int)sizeof(long) << 29)
            #define B (1L << (sizeof(long) * 8 - 1))
            """
        XCTAssertEqual(try checks(source), ["1:shift-overflow", "2:shift-sign-overflow"])
        XCTAssertEqual(try checks(source, ["-m32"]), ["1:shift-sign-overflow", "2:shift-sign-overflow"])
    }

    func testReportPositionAndFixAtTheDefine() throws {
        let f = try findings("#define\tDIRTY\t\t(1 << 31)\n")
        XCTAssertEqual(f.count, 1)
        XCTAssertEqual(f.first?.line, 1)
        XCTAssertEqual(f.first?.column, 19)   // byte column: tabs count as one
        XCTAssertEqual(f.first?.macro, "DIRTY")
        XCTAssertEqual(f.first?.fixes.first?.column, 17)
        XCTAssertEqual(f.first?.fixes.first?.endColumn, 18)
        XCTAssertEqual(f.first?.fixes.first?.replacement, "1U")
        XCTAssertEqual(f.first?.expansions, 0)
    }

    func testDefinesAreDeduplicatedAcrossTranslationUnitsAndExpansionsSummed() throws {
        let dir = try temporaryFile("flags.h", "#define TOP (1 << 31)\n").deletingLastPathComponent()
        try "#include \"flags.h\"\nint a = TOP;\n".write(to: dir.appendingPathComponent("a.c"), atomically: true, encoding: .utf8)
        try "#include \"flags.h\"\nint b = TOP + TOP;\n".write(
            to: dir.appendingPathComponent("b.c"), atomically: true, encoding: .utf8)
        let report = analyze(["."], workingDirectory: dir.path)
        XCTAssertEqual(report.findings.count, 1)
        XCTAssertEqual(report.findings.first?.file, "flags.h")
        XCTAssertEqual(report.findings.first?.expansions, 3)
        XCTAssertEqual(report.translationUnits, 2, "flags.h is analyzed through the .c files, not again alone")
    }

    func testHeadersOutsideTheInputsAreNotReported() throws {
        let dir = try temporaryFile("outside.h", "#define OUT (1 << 31)\nstatic int o = 1 << 31;\n").deletingLastPathComponent()
        let sub = dir.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try "#include \"../outside.h\"\nint a = OUT;\n".write(
            to: sub.appendingPathComponent("a.c"), atomically: true, encoding: .utf8)
        let report = analyze([sub.path], workingDirectory: dir.path)
        XCTAssertEqual(report.findings.map(\.file), [])
    }

    func testVerboseSaysWhatWasSkipped() throws {
        let url = try temporaryFile("v.c", "#define V (unknown_thing << 31)\n#define W (1 << 31 +)\n")
        let report = Analyzer(options: AnalysisOptions(verbose: true)).analyze(InputSet(paths: [url.path]))
        XCTAssertTrue(report.notes.contains { $0.contains("'unknown_thing' is not a constant") }, "\(report.notes)")
        XCTAssertTrue(report.notes.contains { $0.contains("in 'W': skipped") }, "\(report.notes)")
    }

    func testTargetProbe() throws {
        let lp64 = try XCTUnwrap(TargetProbe.probe(arguments: []))
        XCTAssertEqual(lp64.model.long.width, 64)
        XCTAssertTrue(lp64.model.char.isSigned)
        let m32 = try XCTUnwrap(TargetProbe.probe(arguments: ["-m32"]))
        XCTAssertEqual(m32.model.long.width, 32)
        XCTAssertEqual(m32.model.size.description, "unsigned int")
        XCTAssertEqual(m32.model.intmax.description, "long long")
        let i686 = try XCTUnwrap(TargetProbe.probe(arguments: ["--target=i686-linux-gnu"]))
        XCTAssertEqual(i686.model.long.width, 32)
        let arm = try XCTUnwrap(TargetProbe.probe(arguments: ["--target=aarch64-linux-gnu"]))
        XCTAssertFalse(arm.model.char.isSigned, "char is unsigned on AArch64 Linux")
        let unsignedChar = try XCTUnwrap(TargetProbe.probe(arguments: ["-funsigned-char"]))
        XCTAssertFalse(unsignedChar.model.char.isSigned)
        let shortWchar = try XCTUnwrap(TargetProbe.probe(arguments: ["-fshort-wchar"]))
        XCTAssertEqual(shortWchar.model.wchar.width, 16)
        let gccOnly = try XCTUnwrap(TargetProbe.probe(arguments: ["-fconserve-stack", "-O2"]))
        XCTAssertEqual(gccOnly.rejectedArguments, ["-fconserve-stack"])
    }
}

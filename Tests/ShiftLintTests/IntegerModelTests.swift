import XCTest
@testable import ShiftLint

/// The C integer model: literal typing (C11 §6.4.4.1), character constants (§6.4.4.4),
/// conversions (§6.3.1.3), promotions (§6.3.1.1) and the usual arithmetic conversions (§6.3.1.8).
final class IntegerModelTests: XCTestCase {
    let lp64 = TargetModel.lp64
    let ilp32 = TargetModel.ilp32

    func type(_ s: String, _ t: TargetModel = .lp64) -> String? {
        (try? t.parseIntegerLiteral(s)).map { $0.type.description }
    }

    func testDecimalLiteralsTrySignedTypesOnly() {
        XCTAssertEqual(type("2147483647"), "int")
        XCTAssertEqual(type("2147483648"), "long")
        XCTAssertEqual(type("2147483648", ilp32), "long long")
        XCTAssertEqual(type("4294967295"), "long")
        XCTAssertEqual(type("9223372036854775807"), "long")
        // Beyond every signed type: clang's extension makes it unsigned long long.
        XCTAssertEqual(type("18446744073709551615"), "unsigned long long")
    }

    func testHexOctalBinaryLiteralsAlsoTryUnsignedTypes() {
        XCTAssertEqual(type("0x7fffffff"), "int")
        XCTAssertEqual(type("0x80000000"), "unsigned int")
        XCTAssertEqual(type("0xffffffff"), "unsigned int")
        XCTAssertEqual(type("0x100000000"), "long")
        XCTAssertEqual(type("0x100000000", ilp32), "long long")
        XCTAssertEqual(type("0xffffffffffffffff"), "unsigned long")
        XCTAssertEqual(type("0xffffffffffffffff", ilp32), "unsigned long long")
        XCTAssertEqual(type("020000000000"), "unsigned int")
        XCTAssertEqual(type("0b101"), "int")
        XCTAssertEqual(try lp64.parseIntegerLiteral("0b101").magnitude, 5)
        XCTAssertEqual(try lp64.parseIntegerLiteral("017").magnitude, 15)
    }

    func testSuffixes() {
        XCTAssertEqual(type("1u"), "unsigned int")
        XCTAssertEqual(type("1U"), "unsigned int")
        XCTAssertEqual(type("1l"), "long")
        XCTAssertEqual(type("1L", ilp32), "long")
        XCTAssertEqual(type("1ul"), "unsigned long")
        XCTAssertEqual(type("1LU"), "unsigned long")
        XCTAssertEqual(type("1ll"), "long long")
        XCTAssertEqual(type("1LL"), "long long")
        XCTAssertEqual(type("1ULL"), "unsigned long long")
        XCTAssertEqual(type("1llu"), "unsigned long long")
        XCTAssertEqual(type("4294967296u", ilp32), "unsigned long long")
        XCTAssertEqual(type("0xffffffffL", ilp32), "unsigned long")
        // `lL` and `Ll` are not valid suffixes; neither is `uu` or `lll`.
        XCTAssertNil(type("1lL"))
        XCTAssertNil(type("1Ll"))
        XCTAssertNil(type("1uu"))
        XCTAssertNil(type("1lll"))
        XCTAssertNil(type("1.0"))
        XCTAssertNil(type("1e3"))
        XCTAssertNil(type("08"))
        XCTAssertThrowsError(try lp64.parseIntegerLiteral("0xffffffffffffffffff")) { e in
            XCTAssertEqual(e as? LiteralError, .tooLarge("0xffffffffffffffffff"))
        }
    }

    func char(_ s: String, _ t: TargetModel = .lp64) -> CValue? { try? t.parseCharacterConstant(s) }

    func testCharacterConstants() {
        XCTAssertEqual(char("'a'"), CValue(type: lp64.int, value: 97))
        XCTAssertEqual(char("'\\xff'")?.value, -1)
        XCTAssertEqual(char("'\\377'")?.value, -1)
        XCTAssertEqual(char("'\\0'")?.value, 0)
        XCTAssertEqual(char("'\\n'")?.value, 10)
        XCTAssertEqual(char("'ab'")?.value, 0x6162)
        XCTAssertEqual(char("'abcd'")?.value, 0x6162_6364)
        XCTAssertEqual(char("'\\xff\\xff\\xff\\xff'")?.value, -1)
        var unsignedChar = TargetModel(longBits: 64, charIsSigned: false)
        XCTAssertEqual(char("'\\xff'", unsignedChar)?.value, 255)
        unsignedChar = TargetModel(longBits: 64, charIsSigned: false, wchar: .uint)
        XCTAssertEqual(char("L'a'", unsignedChar)?.type.description, "unsigned int")
        XCTAssertEqual(char("L'a'")?.type.description, "int")
        XCTAssertEqual(char("u'a'")?.type.description, "unsigned short")
        XCTAssertEqual(char("U'a'")?.type.description, "unsigned int")
        XCTAssertEqual(char("U'\u{1F600}'")?.value, 0x1F600)
        XCTAssertNil(char("'\\q'"))
        XCTAssertNil(char("''"))
    }

    func testConversionsAreModuloTwoToTheN() {
        XCTAssertEqual(lp64.bool.convert(256), 1)
        XCTAssertEqual(lp64.bool.convert(0), 0)
        XCTAssertEqual(lp64.uchar.convert(0x1ff), 0xff)
        XCTAssertEqual(lp64.uchar.convert(-1), 255)
        XCTAssertEqual(lp64.int.convert(0x8000_0000), -2_147_483_648)
        XCTAssertEqual(lp64.uint.convert(-1), 0xffff_ffff)
        XCTAssertEqual(lp64.schar.convert(200), -56)
        XCTAssertEqual(lp64.ulonglong.convert(-1), Int128(UInt64.max))
    }

    func testIntegerPromotions() {
        XCTAssertEqual(lp64.promote(lp64.bool), lp64.int)
        XCTAssertEqual(lp64.promote(lp64.char), lp64.int)
        XCTAssertEqual(lp64.promote(lp64.uchar), lp64.int)
        XCTAssertEqual(lp64.promote(lp64.ushort), lp64.int)
        XCTAssertEqual(lp64.promote(lp64.uint), lp64.uint)
        XCTAssertEqual(lp64.promote(lp64.long), lp64.long)
        // A 16-bit int target: unsigned short no longer fits int.
        let int16 = TargetModel(intBits: 16, longBits: 32)
        XCTAssertEqual(int16.promote(int16.ushort), int16.uint)
        XCTAssertEqual(lp64.promoteBitField(lp64.uint, width: 31), lp64.int)
        XCTAssertEqual(lp64.promoteBitField(lp64.uint, width: 32), lp64.uint)
    }

    func testUsualArithmeticConversions() {
        XCTAssertEqual(lp64.usualArithmetic(lp64.int, lp64.uint), lp64.uint)
        XCTAssertEqual(lp64.usualArithmetic(lp64.long, lp64.uint), lp64.long)
        XCTAssertEqual(ilp32.usualArithmetic(ilp32.long, ilp32.uint), ilp32.ulong)
        XCTAssertEqual(lp64.usualArithmetic(lp64.longlong, lp64.ulong), lp64.ulonglong)
        XCTAssertEqual(lp64.usualArithmetic(lp64.uchar, lp64.short), lp64.int)
    }

    func facts(_ l: Int128, _ lt: CIntType, _ c: Int128, op: ShiftOperator = .left) -> ShiftFacts {
        ShiftFacts(op: op, left: CValue(type: lt, value: l), count: CValue(type: lp64.int, value: c))
    }

    /// The first verdict of the enabled checks on a shift with these operands.
    func judge(_ f: ShiftFacts, enabled: Set<CheckID> = Set(CheckID.allCases)) -> Verdict? {
        Checks.judge(ShiftSite(facts: f), enabled: enabled)
    }

    /// The C semantics the evaluator and the AST walk stop on (`ShiftFacts.isUndefined`) and the
    /// checks' classification must describe the same shifts.
    func testUndefinednessIsExactlyWhatTheChecksReport() {
        var undefined = 0, total = 0
        for t in [lp64.int, lp64.uint, lp64.long, lp64.ulong, lp64.longlong, lp64.ulonglong, ilp32.long, ilp32.ulong] {
            for l: Int128 in [-3, -1, 0, 1, 2, 3, 0x7f, 0xff, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, Int128(Int64.max)] {
                for c: Int128 in [-65, -1, 0, 1, 7, 24, 30, 31, 32, 33, 62, 63, 64, 65, 1000] {
                    for op in [ShiftOperator.left, .right, .leftAssign, .rightAssign] {
                        let f = ShiftFacts(
                            op: op, left: CValue(type: t, value: t.contains(l) ? l : nil), count: CValue(type: lp64.int, value: c)
                        )
                        XCTAssertEqual(f.isUndefined, judge(f) != nil, "\(op.rawValue) \(t) \(l) by \(c)")
                        if f.isUndefined { undefined += 1 }
                        total += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(undefined, total / 4)
        XCTAssertLessThan(undefined, total * 3 / 4)
    }

    func testChecksSplitAsClangDoesAndInUbsanOrder() {
        let all = Set(CheckID.allCases)
        func check(_ f: ShiftFacts) -> CheckID? { judge(f, enabled: all)?.check }
        XCTAssertEqual(check(facts(1, lp64.int, 31)), .shiftSignOverflow)
        XCTAssertEqual(check(facts(0xff, lp64.int, 24)), .shiftSignOverflow)
        XCTAssertEqual(check(facts(4, lp64.int, 30)), .shiftOverflow)
        XCTAssertEqual(check(facts(1, lp64.int, 30)), nil)
        XCTAssertEqual(check(facts(1, lp64.uint, 31)), nil)
        XCTAssertEqual(check(facts(1, lp64.uint, 32)), .shiftCountOverflow)
        XCTAssertEqual(check(facts(1, lp64.int, -1)), .shiftCountNegative)
        XCTAssertEqual(check(facts(-1, lp64.int, 0)), .shiftNegativeValue)
        XCTAssertEqual(check(facts(-1, lp64.int, 1, op: .right)), nil)
        XCTAssertEqual(check(facts(1, lp64.int, 32, op: .right)), .shiftCountOverflow)
        // Several rules broken: the count is reported first, as UBSAN does.
        XCTAssertEqual(check(facts(-1, lp64.int, 40)), .shiftCountOverflow)
        XCTAssertEqual(check(facts(-1, lp64.int, -1)), .shiftCountNegative)
        XCTAssertEqual(check(facts(0, lp64.int, 31)), nil)
        XCTAssertEqual(check(facts(1, lp64.long, 63)), .shiftSignOverflow)
        XCTAssertEqual(check(facts(1, ilp32.long, 32)), .shiftCountOverflow)
        // Disabled checks do not report, and do not let a later rule take their place.
        XCTAssertNil(judge(facts(1, lp64.int, 31), enabled: [CheckID.shiftOverflow]))
    }

    func testMessagesCarryTheNumbers() {
        let all = Set(CheckID.allCases)
        XCTAssertEqual(
            judge(facts(1, lp64.int, 31), enabled: all)?.message,
            "signed shift result (0x80000000) sets the sign bit of 'int'")
        XCTAssertEqual(
            judge(facts(4, lp64.int, 30), enabled: all)?.message,
            "signed shift result (0x100000000) requires 34 bits to represent, but 'int' only has 32 bits")
        XCTAssertEqual(
            judge(facts(1, lp64.int, 40), enabled: all)?.message,
            "shift count (40) is >= width of type 'int' (32 bits)")
        XCTAssertEqual(
            judge(facts(1, lp64.int, -2), enabled: all)?.message,
            "shift count (-2) is negative")
    }

    func testFixSuggestions() {
        func fix(
            _ lit: String, _ c: Int128, check: CheckID = .shiftSignOverflow, _ t: TargetModel = .lp64,
            upper: Bool = true
        ) -> FixSuggester.Outcome {
            let l = try? t.parseIntegerLiteral(lit)
            let f = ShiftFacts(
                op: .left, left: CValue(type: t.promote(l?.type ?? t.int), value: l?.magnitude),
                count: CValue(type: t.int, value: c))
            return FixSuggester.suggest(facts: f, check: check, literal: l, target: t, uppercase: upper)
        }
        XCTAssertEqual(fix("1", 31), .replace(with: "1U"))
        XCTAssertEqual(fix("0x1", 31), .replace(with: "0x1U"))
        XCTAssertEqual(fix("0xff", 24), .replace(with: "0xffU"))
        XCTAssertEqual(fix("1", 31, upper: false), .replace(with: "1u"))
        XCTAssertEqual(fix("4", 30, check: .shiftOverflow), .replace(with: "4ULL"))
        XCTAssertEqual(fix("1", 40, check: .shiftCountOverflow), .replace(with: "1ULL"))
        XCTAssertEqual(fix("1L", 63), .replace(with: "1UL"))
        XCTAssertEqual(fix("1L", 31, .ilp32), .replace(with: "1UL"))
        XCTAssertEqual(fix("1L", 40, check: .shiftCountOverflow, .ilp32), .replace(with: "1ULL"))
        XCTAssertEqual(fix("1LL", 63), .replace(with: "1ULL"))
        if case .replace = fix("1", 64, check: .shiftCountOverflow) { XCTFail("no type holds 1 << 64") }
        if case .replace = fix("-1", 4, check: .shiftNegativeValue) { XCTFail("negative operands get no fix") }
    }
}

import Foundation
import XCTest
@testable import ShiftLint

/// `ValueRanges` over operand shapes (as the AST walk builds them, and as a producer that knows
/// no types would: unknown parts nil), and `shift-count-range` judged from a count's shape
/// alone, and on real parses with `--confirm`. The C semantics of the ranges are held to UBSAN
/// by `PromotionOracleTests`; the samples (`samples/count-range.c`) run the check on real
/// parses.
final class CountRangeTests: XCTestCase {
    let lp64 = TargetModel.lp64

    // Shapes, with an optional type: nil where a producer does not know it.
    func constant(_ v: Int128, _ t: CIntType? = nil) -> OperandShape {
        OperandShape(kind: .other, type: t, constant: v, operands: [])
    }
    func variable(_ t: CIntType?) -> OperandShape { OperandShape(kind: .other, type: t, constant: nil, operands: []) }
    func binary(_ op: String, _ a: OperandShape?, _ b: OperandShape?, _ t: CIntType? = nil) -> OperandShape {
        OperandShape(kind: .binary(op), type: t, constant: nil, operands: [a, b])
    }
    func range(_ e: OperandShape?) -> ClosedRange<Int128>? {
        var r = ValueRanges(int: nil)
        return r.range(e)
    }

    func testAMaskBoundsAnUnknownOperand() {
        // Two's complement: `x & m` is 0..m for a non-negative m, whatever x is.
        XCTAssertEqual(range(binary("&", nil, constant(0x1f))), 0...31)
        XCTAssertEqual(range(binary("&", constant(0x1f), nil)), 0...31)
        XCTAssertEqual(range(binary("&", variable(nil), constant(63))), 0...63)
        XCTAssertEqual(range(binary("&", variable(lp64.int), constant(0x1f, lp64.int), lp64.int)), 0...31)
        XCTAssertEqual(range(binary("&", variable(lp64.uchar), constant(0x1ff))), 0...255)
        // Only bits both operands can have: a 3-bit value has none of 0x30's.
        let threeBits = OperandShape(kind: .bitField(width: 3), type: lp64.uint, constant: nil, operands: [])
        XCTAssertEqual(range(binary("&", threeBits, constant(0x30))), 0...0)
        XCTAssertEqual(range(binary("&", threeBits, constant(0x1e))), 0...6)
        XCTAssertEqual(range(binary("&", variable(lp64.uchar), constant(0x18))), 0...24)
        // A negative mask bounds nothing.
        XCTAssertNil(range(binary("&", nil, constant(-32))))
        XCTAssertEqual(
            range(binary("&", variable(lp64.int), constant(-32, lp64.int), lp64.int)), lp64.int.minValue...lp64.int.maxValue)
        XCTAssertNil(range(binary("&", nil, nil)))
    }

    func testRemaindersShiftsAndArithmetic() {
        // C11 §6.5.5p6: the sign of the dividend.
        XCTAssertEqual(range(binary("%", variable(lp64.int), constant(32, lp64.int), lp64.int)), -31...31)
        XCTAssertEqual(range(binary("%", variable(lp64.uint), constant(32, lp64.uint), lp64.uint)), 0...31)
        // An unknown dividend: the values every type reaches.
        XCTAssertEqual(range(binary("%", nil, constant(32))), 0...31)
        XCTAssertNil(range(binary("%", nil, constant(0))))
        XCTAssertEqual(range(binary(">>", variable(lp64.int), constant(27, lp64.int), lp64.int)), -16...15)
        XCTAssertEqual(range(binary(">>", variable(lp64.uint), constant(27, lp64.int), lp64.uint)), 0...31)
        let byte = binary("&", nil, constant(7))
        XCTAssertEqual(range(binary("*", byte, constant(8))), 0...56)
        XCTAssertEqual(range(binary("+", byte, constant(1))), 1...8)
        XCTAssertEqual(range(binary("-", constant(31), byte, lp64.int)), 24...31)
        // Unknown type: a negative result may have wrapped (unsigned), so no range.
        XCTAssertNil(range(binary("-", byte, constant(8))))
        XCTAssertEqual(range(binary("-", byte, constant(8), lp64.int)), -8...(-1))
        // A result the type cannot hold wraps or is undefined: no range.
        XCTAssertEqual(
            range(binary("*", variable(lp64.ushort), constant(0x10000, lp64.int), lp64.int)),
            lp64.int.minValue...lp64.int.maxValue)
        XCTAssertEqual(range(binary("-", byte, constant(8, lp64.uint), lp64.uint)), 0...lp64.uint.maxValue)
        // Products of 64-bit ranges, and bounds past anything a type holds, give no range (no trap).
        let u64 = lp64.ulonglong
        XCTAssertEqual(range(binary("*", variable(u64), variable(u64), u64)), 0...u64.maxValue)
        let huge = OperandShape(kind: .bounded(0...Int128.max), type: nil, constant: nil, operands: [])
        XCTAssertNil(range(binary("+", huge, huge)))
        XCTAssertNil(range(binary("*", huge, huge)))
        XCTAssertNil(
            range(binary("-", OperandShape(kind: .bounded(Int128.min...0), type: nil, constant: nil, operands: []), huge)))
        XCTAssertEqual(range(binary("|", huge, constant(1))), 0...Int128.max)
        XCTAssertEqual(range(binary("&", huge, huge)), 0...Int128.max)
    }

    func testTypesBitFieldsConversionsAndBounds() {
        XCTAssertEqual(range(variable(lp64.uchar)), 0...255)
        XCTAssertEqual(range(variable(lp64.schar)), -128...127)
        XCTAssertNil(range(variable(nil)))
        XCTAssertEqual(range(OperandShape(kind: .bitField(width: 5), type: lp64.uint, constant: nil, operands: [])), 0...31)
        XCTAssertEqual(range(OperandShape(kind: .bitField(width: 4), type: lp64.int, constant: nil, operands: [])), -8...7)
        let promoted = OperandShape(kind: .conversion, type: lp64.int, constant: nil, operands: [variable(lp64.uchar)])
        XCTAssertEqual(range(promoted), 0...255)
        // A conversion to an unknown type may truncate: nothing known.
        XCTAssertNil(range(OperandShape(kind: .conversion, type: nil, constant: nil, operands: [variable(lp64.uchar)])))
        XCTAssertEqual(range(OperandShape(kind: .bounded(0...31), type: lp64.int, constant: nil, operands: [])), 0...31)
        XCTAssertEqual(range(OperandShape(kind: .bounded(0...300), type: lp64.uchar, constant: nil, operands: [])), 0...255)
        XCTAssertEqual(range(OperandShape(kind: .bounded(0...31), type: nil, constant: nil, operands: [])), 0...31)
        // Bounds outside the type (a producer's mistake) give the type's range, not a trap.
        XCTAssertEqual(range(OperandShape(kind: .bounded(-9...(-1)), type: lp64.uchar, constant: nil, operands: [])), 0...255)
    }

    // MARK: The check, from a count's shape alone

    func site(_ op: ShiftOperator = .left, left: CValue, count: OperandShape?, countType: CIntType? = nil) -> ShiftSite {
        ShiftSite(
            facts: ShiftFacts(op: op, left: left, count: CValue(type: countType ?? lp64.int, value: nil)), countOperand: count)
    }
    func verdict(_ s: ShiftSite) -> Verdict? { Checks.judge(s, enabled: Set(CheckID.allCases)) }

    func testTheCheckNeedsNoTypesInTheCount() throws {
        // `1 << (bit & 0x1f)`, the count as a producer without types gives it.
        let one = CValue(type: lp64.int, value: 1)
        let v = try XCTUnwrap(verdict(site(left: one, count: binary("&", nil, constant(0x1f)))))
        XCTAssertEqual(v.check, .shiftCountRange)
        XCTAssertEqual(v.severity, .note)
        XCTAssertEqual(v.message, "shift count 0..31 reaches 31: 1 << 31 overflows 'int'")
        // The witness shifts by the first undefined count (for --confirm).
        XCTAssertEqual(v.witness.count.value, 31)
        XCTAssertEqual(v.witness.left.value, 1)
        XCTAssertNil(verdict(site(left: CValue(type: lp64.uint, value: 1), count: binary("&", nil, constant(0x1f)))))
        XCTAssertNil(verdict(site(left: one, count: binary("&", nil, constant(0xf)))))
        // `x >> (n % 64)` with nothing known but the remainder.
        let x = CValue(type: lp64.uint, value: nil)
        XCTAssertEqual(
            verdict(site(.right, left: x, count: binary("%", nil, constant(64))))?.message,
            "shift count 0..63 reaches 32: >= width of type 'unsigned int' (32 bits)")
        XCTAssertNil(verdict(site(.right, left: CValue(type: lp64.ulong, value: nil), count: binary("%", nil, constant(64)))))
        // Nothing known of the count: nothing to say.
        XCTAssertNil(verdict(site(left: one, count: variable(nil))))
        XCTAssertNil(verdict(site(left: one, count: nil)))
    }

    func testFirstUndefinedCount() {
        func first(_ r: ClosedRange<Int128>, _ left: CValue, _ op: ShiftOperator = .left, countType: CIntType? = nil) -> Int128? {
            let facts = ShiftFacts(op: op, left: left, count: CValue(type: countType ?? lp64.int, value: nil))
            return ShiftCountRange.firstUndefined(range: r, facts: facts)?.count
        }
        let int = CValue(type: lp64.int, value: nil), uint = CValue(type: lp64.uint, value: nil)
        XCTAssertEqual(first(-31...31, int), -31)
        XCTAssertEqual(first(0...255, uint), 32)
        XCTAssertEqual(first(40...255, uint), 40)
        XCTAssertNil(first(0...31, uint))
        // A variable signed left operand: only the count's own rules.
        XCTAssertNil(first(0...31, int))
        // C11 §6.5.7p4 for constants: 1 << 31, 3 << 30, 0x7fffffff << 1; 0 never overflows.
        XCTAssertEqual(first(0...31, CValue(type: lp64.int, value: 1)), 31)
        XCTAssertEqual(first(0...31, CValue(type: lp64.int, value: 3)), 30)
        XCTAssertEqual(first(0...31, CValue(type: lp64.int, value: 0x7fff_ffff)), 1)
        XCTAssertEqual(first(5...31, CValue(type: lp64.int, value: 0x7fff_ffff)), 5)
        XCTAssertNil(first(0...31, CValue(type: lp64.int, value: 0)))
        XCTAssertEqual(first(0...63, CValue(type: lp64.int, value: 0)), 32)
        XCTAssertEqual(first(0...63, CValue(type: lp64.long, value: 1)), 63)
        // `>>` has no overflow; a negative left operand is shift-negative-value's.
        XCTAssertNil(first(0...31, CValue(type: lp64.int, value: 1), .right))
        XCTAssertNil(first(0...31, CValue(type: lp64.int, value: -1)))
        // The count's whole type is no range.
        XCTAssertNil(first(lp64.uint.minValue...lp64.uint.maxValue, uint, countType: lp64.uint))
        XCTAssertEqual(first(0...lp64.uint.maxValue, uint, countType: lp64.ulong), 32)
    }

    /// `--confirm` on real parses: the harness shifts by the range's first undefined count, and
    /// UBSAN reports exactly that shift.
    func testConfirmShiftsByTheFirstUndefinedCount() throws {
        guard which("clang-19") != nil else { throw XCTSkip("clang-19 is not installed (scripts/setup.sh)") }
        let url = try temporaryFile(
            "c.c",
            """
            unsigned f(int bit) { return 1 << (bit & 31); }
            unsigned g(unsigned x, unsigned char c) { return x << c; }
            unsigned h(unsigned x, int n) { return x >> (n % 32); }

            """)
        var options = AnalysisOptions(compilerArguments: [])
        options.confirm = true
        let report = Analyzer(options: options).analyze(
            InputSet(paths: [url.path], workingDirectory: url.deletingLastPathComponent().path))
        XCTAssertEqual(report.findings.map(\.check), [.shiftCountRange, .shiftCountRange, .shiftCountRange])
        XCTAssertEqual(
            report.findings.map { $0.confirmation?.detail },
            [
                "at count 31: left shift of 1 by 31 places cannot be represented in type 'int'",
                "at count 32: shift exponent 32 is too large for 32-bit type 'unsigned int'",
                "at count -31: shift exponent -31 is negative",
            ])
    }
}

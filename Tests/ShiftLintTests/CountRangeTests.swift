import Foundation
import XCTest
@testable import ShiftLint

/// `ValueRanges` over operand shapes (as the AST walk builds them, and as a producer that knows
/// no types would: unknown parts nil). The C semantics of the ranges are held to UBSAN by
/// `PromotionOracleTests`.
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
}

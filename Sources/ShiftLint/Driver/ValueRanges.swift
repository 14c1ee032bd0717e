/// Value ranges of AST expressions from types, masks, shifts, casts and constants — not from
/// paths. Used by `shift-promotion` to tell `b << 24` (0..255, may overflow `int`) from
/// `(b & 0x7f) << 24` (0..127, never does).
struct ValueRanges {
    let target: TargetModel
    /// Set when a range came from an unsigned type narrower than `int` (or an unsigned
    /// bit-field narrower than `int`): the values the promotion makes signed. Holds the type's
    /// name for the message.
    private(set) var narrowSource: String?

    init(target: TargetModel) { self.target = target }

    mutating func range(_ c: Cursor) -> ClosedRange<Int128>? {
        guard let type = c.type.integerType(on: target), type.isModelled else { return nil }
        if let v = c.evaluateInteger() {
            let x = type.convert(v.isUnsigned ? Int128(v.bits) : Int128(v.value))
            return x...x
        }
        var full = type.minValue...type.maxValue
        let kids = c.children
        var r: ClosedRange<Int128>?
        switch c.kind {
        case .parenExpr:
            r = kids.count == 1 ? range(kids[0]) : nil
        case .unexposedExpr, .cStyleCast:
            // Conversions keep a range that fits the new type (promotions always do).
            if let inner = kids.last, let ir = range(inner), full.contains(ir.lowerBound), full.contains(ir.upperBound) {
                r = ir
            }
        case .memberRef, .declRef:
            if let width = c.referencedBitFieldWidth, width < type.width {
                full = type.isSigned ? -(Int128(1) << (width - 1))...((Int128(1) << (width - 1)) - 1)
                                     : 0...((Int128(1) << width) - 1)
                if !type.isSigned && width < target.int.width { narrowSource = "unsigned bit-field of \(width) bits" }
            }
        case .binaryOperator where kids.count == 2:
            r = binary(c.binaryOperatorSpelling, kids[0], kids[1])
        default:
            break
        }
        if r == nil && !type.isSigned && type.rank < target.int.rank && type.kind != .bool {
            narrowSource = "\(type)"
        }
        guard let r else { return full }
        return max(r.lowerBound, full.lowerBound)...min(r.upperBound, full.upperBound)
    }

    private mutating func binary(_ op: String, _ a: Cursor, _ b: Cursor) -> ClosedRange<Int128>? {
        guard let ra = range(a), let rb = range(b) else { return nil }
        let aNonNegative = ra.lowerBound >= 0, bNonNegative = rb.lowerBound >= 0
        let bConstant = rb.lowerBound == rb.upperBound ? rb.lowerBound : nil
        switch op {
        case "&":
            if aNonNegative && bNonNegative { return 0...min(ra.upperBound, rb.upperBound) }
            if aNonNegative { return 0...ra.upperBound }
            if bNonNegative { return 0...rb.upperBound }
        case ">>":
            if aNonNegative, let s = bConstant, s >= 0, s < 64 { return (ra.lowerBound >> Int(s))...(ra.upperBound >> Int(s)) }
        case "%":
            if aNonNegative, let m = bConstant, m > 0 { return 0...min(ra.upperBound, m - 1) }
        case "|", "^":
            if aNonNegative && bNonNegative {
                let high = max(ra.upperBound, rb.upperBound)
                let bits = high == 0 ? 0 : 128 - high.leadingZeroBitCount
                return 0...((Int128(1) << bits) - 1)
            }
        default:
            break
        }
        return nil
    }
}

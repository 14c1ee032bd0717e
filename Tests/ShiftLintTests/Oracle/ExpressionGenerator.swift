/// Deterministic generator of constant C shift expressions for the UBSAN oracle.
///
/// Every expression is rendered twice: *plain* (what shiftlint analyzes, in a `#define` and
/// in code) and *opaque* (every literal read through a volatile compound literal, so the
/// compiler cannot fold anything and UBSAN checks each shift at run time). The two
/// renderings have the same C meaning.

/// SplitMix64: small, fast, and the same sequence on every machine.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

indirect enum GenExpr {
    case literal(String)
    case unary(String, GenExpr)   // - ~ + !
    case cast(String, GenExpr)
    case binary(String, GenExpr, GenExpr)   // << >> | & ^ && || == <
    case conditional(GenExpr, GenExpr, GenExpr)
    case helper(Int, GenExpr)   // object-like helper macro: name index, its body
    case call(String, [GenExpr])   // function-like helper macro

    /// `expandHelpers`: write object-like helpers' bodies in place (for code, where the
    /// oracle groups findings by line).
    func render(opaque: Bool, expandHelpers: Bool, prefix: String) -> String {
        func r(_ e: GenExpr) -> String { e.render(opaque: opaque, expandHelpers: expandHelpers, prefix: prefix) }
        switch self {
        case .literal(let s): return opaque ? "OPQ(\(s))" : s
        case .unary(let op, let e): return "\(op)(\(r(e)))"
        case .cast(let t, let e): return "((\(t))\(r(e)))"
        case .binary(let op, let a, let b): return "(\(r(a)) \(op) \(r(b)))"
        case .conditional(let c, let a, let b): return "(\(r(c)) ? \(r(a)) : \(r(b)))"
        case .helper(let n, let body): return expandHelpers ? "(\(r(body)))" : "\(prefix)_H\(n)"
        case .call(let name, let args): return "\(name)(\(args.map(r).joined(separator: ", ")))"
        }
    }

    /// Object-like helpers used, in order of appearance.
    var helpers: [(Int, GenExpr)] {
        switch self {
        case .literal: return []
        case .unary(_, let e), .cast(_, let e): return e.helpers
        case .binary(_, let a, let b): return a.helpers + b.helpers
        case .conditional(let c, let a, let b): return c.helpers + a.helpers + b.helpers
        case .helper(let n, let body): return body.helpers + [(n, body)]
        case .call(_, let args): return args.flatMap(\.helpers)
        }
    }
}

struct ExpressionGenerator {
    var rng: SplitMix64
    var helperCount = 0

    init(seed: UInt64) { rng = SplitMix64(state: seed) }

    /// Shared by the generated files: typedefs, the opaque reader and function-like helpers.
    static let prelude = """
        typedef unsigned char u8; typedef signed char s8; typedef unsigned short u16; typedef short s16;
        typedef unsigned int u32; typedef int s32; typedef unsigned long long u64; typedef long long s64;
        typedef unsigned long ulong_t; typedef long long_t; typedef _Bool bool_t;
        #define OPQ(x) (*(volatile __typeof__(x) *)&(__typeof__(x)){x})
        #define SHL(a, b) ((a) << (b))
        #define SHR(a, b) ((a) >> (b))
        #define BIT(n) (1 << (n))
        #define UBIT(n) (1U << (n))
        #define BITL(n) (1L << (n))
        #define BITULL(n) (1ULL << (n))
        #define GENMASK(h, l) (((~0U) - (1U << (l)) + 1) & (~0U >> (31 - (h))))
        #define FIELD(v, s) (((v) & 0xff) << (s))
        #define PICK(c, a, b) ((c) ? (a) : (b))

        """

    static let magnitudes: [UInt64] = [
        0, 1, 2, 3, 5, 7, 8, 15, 16, 24, 31, 32, 33, 63, 64, 127, 128, 255, 256, 0x1ff,
        0x7fff, 0x8000, 0xffff, 0x10000, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff,
        0x1_0000_0000, 0x7fff_ffff_ffff_ffff, 0x8000_0000_0000_0000, 0xffff_ffff_ffff_ffff,
    ]
    static let suffixes = ["", "", "", "u", "U", "l", "L", "ul", "UL", "lu", "LU", "ll", "LL", "ull", "ULL", "llu", "LLU"]
    static let characters = [
        "'a'", "'\\xff'", "'\\x7f'", "'\\0'", "'ab'", "'\\377'", "'\\x80'", "L'a'", "u'a'", "U'a'",
        "'\\n'", "'abcd'", "L'\\xff'",
    ]
    static let castTypes = [
        "char", "signed char", "unsigned char", "short", "unsigned short", "int", "unsigned",
        "unsigned int", "long", "unsigned long", "long long", "unsigned long long", "_Bool",
        "u8", "s8", "u16", "s16", "u32", "s32", "u64", "s64", "ulong_t", "long_t", "bool_t",
    ]
    static let counts: [Int] = [-1, 0, 1, 7, 8, 15, 16, 23, 24, 30, 31, 32, 33, 40, 62, 63, 64, 65]

    mutating func literal() -> String {
        if rng.chance(12) { return rng.pick(Self.characters) }
        let m = rng.pick(Self.magnitudes)
        let suffix = rng.pick(Self.suffixes)
        switch rng.below(5) {
        case 0: return "0x" + String(m, radix: 16) + suffix
        case 1 where m != 0: return "0" + String(m, radix: 8) + suffix
        case 2 where m < 0x10000: return "0b" + String(m, radix: 2) + suffix   // GNU/C23 binary constants
        default: return String(m) + suffix
        }
    }

    mutating func count() -> GenExpr {
        let c = rng.pick(Self.counts)
        let suffix = rng.pick(["", "", "", "U", "L", "ULL", "LL"])
        let lit: GenExpr = .literal(String(abs(c)) + (c < 0 ? "" : suffix))
        var e: GenExpr = c < 0 ? .unary("-", lit) : lit
        if rng.chance(10) { e = .cast(rng.pick(["char", "unsigned char", "long", "u64"]), e) }
        return e
    }

    /// A value-producing operand (left side of shifts, arms, arguments).
    mutating func operand(_ depth: Int) -> GenExpr {
        if depth <= 0 || rng.chance(35) {
            var e: GenExpr = .literal(literal())
            if rng.chance(12) { e = .unary("-", e) }
            if rng.chance(8) { e = .unary("~", e) }
            if rng.chance(20) { e = .cast(rng.pick(Self.castTypes), e) }
            return e
        }
        return expression(depth - 1)
    }

    mutating func expression(_ depth: Int) -> GenExpr {
        var e: GenExpr
        switch rng.below(14) {
        case 0...5:
            e = .binary(rng.chance(75) ? "<<" : ">>", operand(depth), rng.chance(80) ? count() : operand(depth))
        case 6:
            e = .binary(rng.pick(["|", "&", "^"]), operand(depth), operand(depth))
        case 7:
            // A constant condition: the arm not taken must not count, even if undefined.
            e = .conditional(.literal(rng.pick(["0", "1"])), operand(depth), operand(depth))
        case 8:
            e = .binary(rng.pick(["&&", "||"]), .literal(rng.pick(["0", "1"])), operand(depth))
        case 9:
            e = .call(rng.pick(["SHL", "SHR"]), [operand(depth), count()])
        case 10:
            e = .call(rng.pick(["BIT", "UBIT", "BITL", "BITULL"]), [count()])
        case 11:
            e = .call(
                rng.pick(["GENMASK", "FIELD"]),
                [
                    .literal(String(rng.pick([7, 15, 24, 31, 32, 40]))),
                    .literal(String(rng.pick([0, 3, 8, 16, 24, 31]))),
                ])
        case 12:
            e = .call("PICK", [.literal(rng.pick(["0", "1"])), operand(depth), operand(depth)])
        default:
            e = .cast(rng.pick(Self.castTypes), operand(depth))
        }
        if depth > 0 && rng.chance(15) {
            helperCount += 1
            e = .helper(helperCount, e)
        }
        return e
    }

    mutating func next() -> GenExpr {
        var e = expression(rng.below(3) + 1)
        // Make sure there is a shift at the top often enough.
        if rng.chance(40) { e = .binary("<<", e, count()) }
        return e
    }
}

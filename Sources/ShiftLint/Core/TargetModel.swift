/// The integer types of one target ABI. Built from the translation unit's own type sizes
/// (see `TargetProbe`), so `-m32`, `--target=` and `-funsigned-char` need no special cases.
public struct TargetModel: Hashable, Sendable, Codable {
    public var bool: CIntType
    public var char: CIntType
    public var schar: CIntType
    public var uchar: CIntType
    public var short: CIntType
    public var ushort: CIntType
    public var int: CIntType
    public var uint: CIntType
    public var long: CIntType
    public var ulong: CIntType
    public var longlong: CIntType
    public var ulonglong: CIntType
    public var int128: CIntType
    public var uint128: CIntType
    /// Types of `L'x'`, `u'x'`, `U'x'`, `sizeof` and `#if` arithmetic (intmax_t/uintmax_t).
    public var wchar: CIntType
    public var char16: CIntType
    public var char32: CIntType
    public var size: CIntType
    public var intmax: CIntType
    public var uintmax: CIntType

    public init(
        charBits: Int = 8, shortBits: Int = 16, intBits: Int = 32, longBits: Int, longLongBits: Int = 64,
        charIsSigned: Bool = true,
        wchar: CIntType.Kind = .int, char16: CIntType.Kind = .ushort, char32: CIntType.Kind = .uint,
        size: CIntType.Kind? = nil, intmax: CIntType.Kind? = nil
    ) {
        bool = CIntType(kind: .bool, width: 1, isSigned: false)
        char = CIntType(kind: .char, width: charBits, isSigned: charIsSigned)
        schar = CIntType(kind: .schar, width: charBits, isSigned: true)
        uchar = CIntType(kind: .uchar, width: charBits, isSigned: false)
        short = CIntType(kind: .short, width: shortBits, isSigned: true)
        ushort = CIntType(kind: .ushort, width: shortBits, isSigned: false)
        int = CIntType(kind: .int, width: intBits, isSigned: true)
        uint = CIntType(kind: .uint, width: intBits, isSigned: false)
        long = CIntType(kind: .long, width: longBits, isSigned: true)
        ulong = CIntType(kind: .ulong, width: longBits, isSigned: false)
        longlong = CIntType(kind: .longlong, width: longLongBits, isSigned: true)
        ulonglong = CIntType(kind: .ulonglong, width: longLongBits, isSigned: false)
        int128 = CIntType(kind: .int128, width: 128, isSigned: true)
        uint128 = CIntType(kind: .uint128, width: 128, isSigned: false)
        // Placeholders; fixed below once every base type exists.
        self.wchar = int
        self.char16 = ushort
        self.char32 = uint
        self.size = ulong
        self.intmax = long
        self.uintmax = ulong
        self.wchar = integerType(wchar)
        self.char16 = integerType(char16)
        self.char32 = integerType(char32)
        self.size = integerType(size ?? (longBits == 64 ? .ulong : .uint))
        let im = integerType(intmax ?? (longBits == 64 ? .long : .longlong))
        self.intmax = im
        self.uintmax = unsigned(im)
    }

    /// x86_64 Linux (LP64), libclang's default on these machines.
    public static let lp64 = TargetModel(longBits: 64)
    /// i386 Linux (ILP32), as with `-m32`.
    public static let ilp32 = TargetModel(longBits: 32, size: .uint, intmax: .longlong)

    public func integerType(_ kind: CIntType.Kind) -> CIntType {
        switch kind {
        case .bool: return bool
        case .char: return char
        case .schar: return schar
        case .uchar: return uchar
        case .short: return short
        case .ushort: return ushort
        case .int: return int
        case .uint: return uint
        case .long: return long
        case .ulong: return ulong
        case .longlong: return longlong
        case .ulonglong: return ulonglong
        case .int128: return int128
        case .uint128: return uint128
        }
    }

    /// The unsigned type of the same rank (C11 §6.3.1.8: "the unsigned integer type
    /// corresponding to the type of the operand with signed integer type").
    public func unsigned(_ t: CIntType) -> CIntType {
        switch t.kind {
        case .bool, .uchar, .ushort, .uint, .ulong, .ulonglong, .uint128: return t
        case .char, .schar: return uchar
        case .short: return ushort
        case .int: return uint
        case .long: return ulong
        case .longlong: return ulonglong
        case .int128: return uint128
        }
    }

    /// Integer promotions (C11 §6.3.1.1p2): a type of rank below `int` becomes `int` if `int`
    /// holds all its values, else `unsigned int`. Other types are unchanged.
    public func promote(_ t: CIntType) -> CIntType {
        guard t.rank < int.rank else { return t }
        if t.isSigned ? t.width <= int.width : t.width < int.width { return int }
        return uint
    }

    /// Promotion of a bit-field of `width` bits (C11 §6.3.1.1p2 applies to bit-fields of
    /// type `_Bool`, `int`, `signed int` or `unsigned int` by their width).
    public func promoteBitField(_ t: CIntType, width: Int) -> CIntType {
        guard t.rank <= int.rank else { return t }
        if t.isSigned ? width <= int.width : width < int.width { return int }
        return t.rank < int.rank ? uint : t
    }

    /// Usual arithmetic conversions (C11 §6.3.1.8p1) for integer operands.
    public func usualArithmetic(_ a: CIntType, _ b: CIntType) -> CIntType {
        let a = promote(a), b = promote(b)
        if a == b { return a }
        if a.isSigned == b.isSigned { return a.rank >= b.rank ? a : b }
        let (s, u) = a.isSigned ? (a, b) : (b, a)
        if u.rank >= s.rank { return u }
        if s.width > u.width { return s }
        return unsigned(s)
    }
}

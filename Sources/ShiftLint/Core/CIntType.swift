/// A C integer type as the target defines it: rank, width and signedness.
/// Widths come from the translation unit's target (see `TargetModel`), never assumed.
public struct CIntType: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: Int, Hashable, Sendable, Codable {
        case bool, char, schar, uchar, short, ushort, int, uint, long, ulong, longlong, ulonglong, int128, uint128
    }

    public let kind: Kind
    public let width: Int
    public let isSigned: Bool

    public init(kind: Kind, width: Int, isSigned: Bool) {
        self.kind = kind
        self.width = width
        self.isSigned = isSigned
    }

    /// Integer conversion rank (C11 §6.3.1.1p1); `char`, `signed char` and
    /// `unsigned char` share a rank, as do each signed/unsigned pair.
    public var rank: Int {
        switch kind {
        case .bool: return 0
        case .char, .schar, .uchar: return 1
        case .short, .ushort: return 2
        case .int, .uint: return 3
        case .long, .ulong: return 4
        case .longlong, .ulonglong: return 5
        case .int128, .uint128: return 6
        }
    }

    /// The C spelling clang uses in its messages.
    public var description: String {
        switch kind {
        case .bool: return "_Bool"
        case .char: return "char"
        case .schar: return "signed char"
        case .uchar: return "unsigned char"
        case .short: return "short"
        case .ushort: return "unsigned short"
        case .int: return "int"
        case .uint: return "unsigned int"
        case .long: return "long"
        case .ulong: return "unsigned long"
        case .longlong: return "long long"
        case .ulonglong: return "unsigned long long"
        case .int128: return "__int128"
        case .uint128: return "unsigned __int128"
        }
    }

    /// `sizeof` in bytes (8-bit bytes, as on every target clang builds for here): `_Bool`,
    /// one value bit, still takes a byte.
    public var byteSize: Int { (width + 7) / 8 }

    /// The evaluator models values up to 64 bits exactly in `Int128`; wider types
    /// (`__int128`) are skipped rather than guessed.
    public var isModelled: Bool { width <= 64 }

    /// Bounds, exact for modelled types; for 128-bit types clamped to what `Int128` holds.
    public var minValue: Int128 { isSigned ? (width >= 128 ? Int128.min : -(Int128(1) << (width - 1))) : 0 }
    public var maxValue: Int128 {
        if width >= 127 { return Int128.max }
        return isSigned ? (Int128(1) << (width - 1)) - 1 : (Int128(1) << width) - 1
    }

    public func contains(_ value: Int128) -> Bool { value >= minValue && value <= maxValue }

    /// Converts a mathematical value to this type (C11 §6.3.1.3): `_Bool` tests against zero;
    /// unsigned targets reduce modulo 2^N; signed targets that cannot hold the value take the
    /// modulo-2^N bit pattern, which is what gcc and clang define for that
    /// implementation-defined case.
    public func convert(_ value: Int128) -> Int128 {
        if kind == .bool { return value != 0 ? 1 : 0 }
        guard isModelled else { return value }   // callers treat such values as unknown
        if contains(value) { return value }
        let modulus = Int128(1) << width
        var reduced = value % modulus
        if reduced < 0 { reduced += modulus }
        if isSigned && reduced > maxValue { reduced -= modulus }
        return reduced
    }
}

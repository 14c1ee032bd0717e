import Foundation

/// Why a literal cannot be evaluated.
public enum LiteralError: Error, Equatable, CustomStringConvertible {
    case notInteger(String)
    case invalidSuffix(String)
    case tooLarge(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .notInteger(let s): return "'\(s)' is not an integer constant"
        case .invalidSuffix(let s): return "'\(s)' has an invalid integer suffix"
        case .tooLarge(let s): return "'\(s)' is too large for any integer type"
        case .unsupported(let s): return "'\(s)' is not supported"
        }
    }
}

extension TargetModel {
    /// Types an integer constant by C11 §6.4.4.1p5: the first type of its list that holds
    /// the value. Decimal constants without `u` only try signed types; octal, hex and binary
    /// constants also try the unsigned type of each rank.
    public func parseIntegerLiteral(_ spelling: String) throws -> IntegerLiteral {
        // Bytes, not Characters: the scan parses millions of literals.
        let chars = Array(spelling.utf8)
        func hexValue(_ c: UInt8) -> Int? {
            switch c {
            case 0x30...0x39: return Int(c - 0x30)
            case 0x61...0x66: return Int(c - 0x61 + 10)
            case 0x41...0x46: return Int(c - 0x41 + 10)
            default: return nil
            }
        }
        var i = 0
        var base = IntegerLiteral.Base.decimal
        if chars.count >= 2, chars[0] == 0x30, chars[1] == 0x78 || chars[1] == 0x58 {
            base = .hex; i = 2
        } else if chars.count >= 2, chars[0] == 0x30, chars[1] == 0x62 || chars[1] == 0x42 {
            base = .binary; i = 2
        } else if chars.first == 0x30 {
            base = .octal
        }
        let digitStart = i
        var magnitude: Int128 = 0
        var overflow = false
        while i < chars.count {
            guard let d = hexValue(chars[i]), d < base.rawValue || (base == .octal && d < 10) else { break }
            if base == .octal && d >= 8 { throw LiteralError.notInteger(spelling) }
            let (m1, o1) = magnitude.multipliedReportingOverflow(by: Int128(base.rawValue))
            let (m2, o2) = m1.addingReportingOverflow(Int128(d))
            if o1 || o2 || m2 > Int128(UInt64.max) { overflow = true } else { magnitude = m2 }
            i += 1
        }
        if i == digitStart && base != .octal { throw LiteralError.notInteger(spelling) }
        let suffix = String(decoding: chars[i...], as: UTF8.self)
        if suffix.contains(".") || suffix.contains("'") || (base != .hex && (suffix.first == "e" || suffix.first == "E"))
            || (base == .hex && (suffix.first == "p" || suffix.first == "P"))
        {
            throw LiteralError.notInteger(spelling)
        }
        // Valid suffixes: u, l, ll, ul, lu, ull, llu in any case, but `ll` must be `ll` or `LL`.
        var unsignedSuffix = false
        var longs = 0
        var rest = Substring(suffix)
        func takeU() -> Bool {
            if let f = rest.first, f == "u" || f == "U" { rest = rest.dropFirst(); return true }
            return false
        }
        func takeL() -> Int {
            if rest.hasPrefix("ll") || rest.hasPrefix("LL") { rest = rest.dropFirst(2); return 2 }
            if let f = rest.first, f == "l" || f == "L" { rest = rest.dropFirst(); return 1 }
            return 0
        }
        if takeU() { unsignedSuffix = true; longs = takeL() } else { longs = takeL(); unsignedSuffix = takeU() }
        if !rest.isEmpty {
            if rest.lowercased().hasPrefix("wb") || rest.lowercased().hasPrefix("i") {
                throw LiteralError.unsupported(spelling)
            }
            throw LiteralError.invalidSuffix(spelling)
        }
        if overflow { throw LiteralError.tooLarge(spelling) }

        var candidates: [CIntType]
        let decimal = base == .decimal
        switch (unsignedSuffix, longs) {
        case (false, 0): candidates = decimal ? [int, long, longlong] : [int, uint, long, ulong, longlong, ulonglong]
        case (true, 0): candidates = [uint, ulong, ulonglong]
        case (false, 1): candidates = decimal ? [long, longlong] : [long, ulong, longlong, ulonglong]
        case (true, 1): candidates = [ulong, ulonglong]
        case (false, _): candidates = decimal ? [longlong] : [longlong, ulonglong]
        case (true, _): candidates = [ulonglong]
        }
        // Not in C11, but what gcc and clang do: a decimal constant too large for every signed
        // type becomes `unsigned long long` (with a warning).
        if decimal && !unsignedSuffix { candidates.append(ulonglong) }
        guard let type = candidates.first(where: { $0.contains(magnitude) }) else {
            throw LiteralError.tooLarge(spelling)
        }
        return IntegerLiteral(spelling: spelling, suffix: suffix, base: base, magnitude: magnitude, type: type)
    }

    /// Character constants (C11 §6.4.4.4): a plain one has type `int` and the value of the
    /// `char` it denotes (so `'\xff'` is -1 where `char` is signed); a multi-character one has
    /// the implementation-defined value gcc and clang give it. `L`, `u` and `U` prefixes give
    /// `wchar_t`, `char16_t` and `char32_t`.
    public func parseCharacterConstant(_ spelling: String) throws -> CValue {
        var bytes = Array(spelling.utf8)
        var prefixType: CIntType?
        if bytes.first == UInt8(ascii: "L") {
            prefixType = wchar; bytes.removeFirst()
        } else if bytes.starts(with: Array("u8".utf8)) {
            throw LiteralError.unsupported(spelling)
        } else if bytes.first == UInt8(ascii: "u") {
            prefixType = char16; bytes.removeFirst()
        } else if bytes.first == UInt8(ascii: "U") {
            prefixType = char32; bytes.removeFirst()
        }
        guard bytes.count >= 3, bytes.first == UInt8(ascii: "'"), bytes.last == UInt8(ascii: "'") else {
            throw LiteralError.notInteger(spelling)
        }
        let body = Array(bytes[1..<(bytes.count - 1)])
        var units: [Int128] = []   // escape values or raw bytes
        var isRawByte: [Bool] = []
        var i = 0
        while i < body.count {
            let b = body[i]
            if b != UInt8(ascii: "\\") { units.append(Int128(b)); isRawByte.append(true); i += 1; continue }
            i += 1
            guard i < body.count else { throw LiteralError.notInteger(spelling) }
            let e = body[i]
            switch e {
            case UInt8(ascii: "n"): units.append(10)
            case UInt8(ascii: "t"): units.append(9)
            case UInt8(ascii: "r"): units.append(13)
            case UInt8(ascii: "a"): units.append(7)
            case UInt8(ascii: "b"): units.append(8)
            case UInt8(ascii: "f"): units.append(12)
            case UInt8(ascii: "v"): units.append(11)
            case UInt8(ascii: "e"), UInt8(ascii: "E"): units.append(27)   // GNU extension
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "?"): units.append(Int128(e))
            case UInt8(ascii: "x"):
                var v: Int128 = 0
                var n = 0
                i += 1
                while i < body.count, let d = Character(UnicodeScalar(body[i])).hexDigitValue {
                    v = v * 16 + Int128(d)
                    if v > Int128(UInt64.max) { throw LiteralError.tooLarge(spelling) }
                    n += 1; i += 1
                }
                guard n > 0 else { throw LiteralError.notInteger(spelling) }
                units.append(v); isRawByte.append(false)
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var v: Int128 = 0
                var n = 0
                while i < body.count, n < 3, body[i] >= UInt8(ascii: "0"), body[i] <= UInt8(ascii: "7") {
                    v = v * 8 + Int128(body[i] - UInt8(ascii: "0")); n += 1; i += 1
                }
                units.append(v); isRawByte.append(false)
                continue
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                throw LiteralError.unsupported(spelling)
            default:
                throw LiteralError.notInteger(spelling)
            }
            isRawByte.append(false)
            i += 1
        }
        if let prefixType {
            // A wide constant: decode UTF-8 into one code point; escapes give the value directly.
            if units.count == 1 { return CValue(type: prefixType, value: units[0]) }
            if isRawByte.allSatisfy({ $0 }), let s = String(bytes: body, encoding: .utf8),
                s.unicodeScalars.count == 1, let scalar = s.unicodeScalars.first
            {
                return CValue(type: prefixType, value: Int128(scalar.value))
            }
            throw LiteralError.unsupported(spelling)
        }
        if units.count == 1 {
            // The value of the `char` (C11 §6.4.4.4p10), converted to `int`.
            guard units[0] <= uchar.maxValue else { throw LiteralError.tooLarge(spelling) }
            return CValue(type: int, value: char.convert(units[0]))
        }
        // Multi-character constant: clang shifts each char's low 8 bits into an int.
        var v: Int128 = 0
        for u in units { v = (v << 8) | (u & 0xff) }
        guard units.count <= int.width / 8 else { throw LiteralError.unsupported(spelling) }
        return CValue(type: int, value: int.convert(v))
    }
}

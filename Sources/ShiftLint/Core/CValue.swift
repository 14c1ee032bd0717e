/// A typed integer value. `value` is the exact mathematical value, always within `type`'s
/// range; nil when the type is known but the value is not a constant.
public struct CValue: Hashable, Sendable, Codable {
    public var type: CIntType
    public var value: Int128?

    /// Values of types wider than 64 bits (`__int128`) are not modelled: they are unknown.
    public init(type: CIntType, value: Int128?) {
        self.type = type
        self.value = type.isModelled ? value.map { type.convert($0) } : nil
    }
}

/// The parts of an integer constant (C11 §6.4.4.1), kept for fix suggestions.
public struct IntegerLiteral: Hashable, Sendable, Codable {
    public enum Base: Int, Sendable, Codable { case decimal = 10, hex = 16, octal = 8, binary = 2 }
    public var spelling: String
    public var digits: Substring { spelling.prefix(spelling.count - suffix.count) }
    public var suffix: String
    public var base: Base
    public var magnitude: Int128
    public var type: CIntType

    public var longCount: Int { suffix.filter { $0 == "l" || $0 == "L" }.count }
}

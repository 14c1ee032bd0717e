/// A lexed token, copied out of libclang. `position` is where it is spelled.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case punctuation, keyword, identifier, literal, comment
    }

    public var kind: Kind
    public var spelling: String
    public var position: SourcePosition

    public init(kind: Kind, spelling: String, position: SourcePosition) {
        self.kind = kind
        self.spelling = spelling
        self.position = position
    }

    /// Identifier-like (identifiers and keywords such as `int`, `sizeof`).
    public var isWord: Bool { kind == .identifier || kind == .keyword }

    /// End position on the same line (tokens never span lines except by line splices,
    /// which we do not try to model for end columns).
    public var end: SourcePosition {
        var e = position
        e.column += spelling.utf8.count
        e.offset += spelling.utf8.count
        return e
    }
}

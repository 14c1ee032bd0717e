import CClang

/// A diagnostic libclang produced while parsing: copied out, the `CXDiagnostic` is freed.
public struct ClangDiagnostic: Sendable {
    public enum Severity: Int, Sendable { case ignored = 0, note, warning, error, fatal }
    public var severity: Severity
    public var message: String
    public var position: SourcePosition?

    public var isError: Bool { severity == .error || severity == .fatal }
}

extension Token.Kind {
    /// libclang's token kinds; anything else is lexed as a comment.
    init(_ kind: CXTokenKind) {
        switch kind {
        case CXToken_Punctuation: self = .punctuation
        case CXToken_Keyword: self = .keyword
        case CXToken_Identifier: self = .identifier
        case CXToken_Literal: self = .literal
        default: self = .comment
        }
    }
}

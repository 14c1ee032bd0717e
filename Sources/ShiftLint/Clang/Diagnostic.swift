import CClang

/// A diagnostic libclang produced while parsing: copied out, the `CXDiagnostic` is freed.
public struct ClangDiagnostic: Sendable {
    public enum Severity: Int, Sendable { case ignored = 0, note, warning, error, fatal }
    public var severity: Severity
    public var message: String
    public var position: SourcePosition?

    public var isError: Bool { severity == .error || severity == .fatal }
}

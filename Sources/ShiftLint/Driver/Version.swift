/// shiftlint's own version.
public enum ShiftLintVersion {
    public static let current = "0.1.0"
}

/// The files of one translation unit as the analysis sees them: absolute paths, which are
/// inputs (findings are reported only there), their bytes as libclang parsed them, and the
/// keys (absolute path and byte offset) that identify a place across units.
final class UnitFiles {
    let tu: TranslationUnit
    let inputs: InputSet
    private var files: [String: SourceFile] = [:]
    private var absolutePaths: [String: String] = [:]

    init(tu: TranslationUnit, inputs: InputSet) {
        self.tu = tu
        self.inputs = inputs
    }

    func absolute(_ name: String) -> String {
        if let a = absolutePaths[name] { return a }
        let a = InputSet.absolute(name, in: inputs.workingDirectory)
        absolutePaths[name] = a
        return a
    }

    func isInput(_ position: SourcePosition) -> Bool { inputs.contains(absolute(position.file)) }

    func file(_ name: String) -> SourceFile? {
        if let f = files[name] { return f }
        guard let bytes = tu.contents(ofFile: name) else { return nil }
        let f = SourceFile(path: name, bytes: bytes)
        files[name] = f
        return f
    }

    func key(_ p: SourcePosition) -> String { "\(absolute(p.file)):\(p.offset)" }

    /// The path as the user sees it (as given on the command line, or relative).
    func display(_ name: String) -> String { inputs.display(absolute(name)) }

    /// A position with the path as the user sees it (where a fix goes).
    func displayed(_ p: SourcePosition) -> SourcePosition {
        SourcePosition(file: display(p.file), line: p.line, column: p.column, offset: p.offset)
    }
}

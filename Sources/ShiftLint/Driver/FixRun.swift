import Foundation

/// What `--fix`, `--diff` and `--export-fixes` do with a run's planned fixes: write them (and
/// prove the result), print them as a patch, or export them for clang-apply-replacements.
/// All three take the same edits, prepared by `FixApplier.prepare` (so the same symbolic-link
/// rule, de-duplication and conflict refusal hold for each).
public enum FixRun {
    /// The edits of the findings, in report order: the one place that says which planned
    /// fixes are applied. A fix that needs review (`FixSafety`) is left out unless `unsafe`.
    static func fixes(_ findings: [Finding], unsafe: Bool, inputs: InputSet) -> [Fix] {
        applied(findings, unsafe: unsafe, inputs: inputs).flatMap(\.fixes)
    }

    /// The findings whose fixes are applied: never one that edits a file outside the inputs.
    static func applied(_ findings: [Finding], unsafe: Bool, inputs: InputSet) -> [Finding] {
        findings.filter { (unsafe || $0.fixSafety?.verdict != .needsReview) && outsideInputs($0, inputs: inputs) == nil }
    }

    /// The first file a finding's fixes edit that is not one of the analyzed inputs, if any.
    static func outsideInputs(_ f: Finding, inputs: InputSet) -> String? {
        for fix in f.fixes where !inputs.contains(InputSet.absolute(fix.file, in: inputs.workingDirectory)) {
            return fix.file
        }
        return nil
    }

    // MARK: --diff

    /// A patch of every fix: a comment header with a suggested subject line and the findings
    /// fixed, then one unified diff per file (paths relative to the repository root, `a/` and
    /// `b/` prefixes), for `git apply` or `patch -p1` from that root. Empty when there is no fix.
    public static func diff(_ report: AnalysisReport, inputs: InputSet, unsafe: Bool = false) throws -> (
        patch: [UInt8], files: Int
    ) {
        let edits = try FixApplier.prepare(
            fixes(report.findings, unsafe: unsafe, inputs: inputs), workingDirectory: inputs.workingDirectory, inputs: inputs)
        guard !edits.isEmpty else { return ([], 0) }
        var roots = RepositoryRoots(workingDirectory: inputs.workingDirectory)
        let paths = edits.map { roots.relative($0.path) }
        var shownPath: [String: String] = [:]   // absolute path of a finding's file -> patch path
        for (edit, path) in zip(edits, paths) { shownPath[edit.path] = path }
        let fixed = applied(report.findings, unsafe: unsafe, inputs: inputs).filter { !$0.fixes.isEmpty }
        let all = edits.flatMap(\.fixes)
        let defines = fixed.filter { $0.origin == .define }.compactMap(\.macro) + all.compactMap(\.sibling)
        let onlyDefines = fixed.allSatisfy { $0.origin == .define }
        var header = "# Subject: \(PatchSubject.suggest(paths: paths, defines: defines, onlyDefines: onlyDefines))\n#\n"
        for f in fixed {
            let target = FixApplier.target(of: f.file, workingDirectory: inputs.workingDirectory)
            let macro = f.macro.map { "\($0): " } ?? ""
            header += "# \(shownPath[target] ?? f.file):\(f.line):\(f.column): \(macro)\(f.message) [\(f.check.rawValue)]\n"
        }
        let siblings = unique(all.compactMap(\.sibling))
        if !siblings.isEmpty {
            // A long block would make a line nobody reads: its first names and a count.
            let named = siblings.count <= 6 ? siblings : Array(siblings.prefix(5)) + ["and \(siblings.count - 5) more"]
            header += "# Spelled the same way so that each family of flags stays uniform: \(named.joined(separator: ", "))\n"
        }
        var patch = Array(header.utf8)
        for (edit, path) in zip(edits, paths) {
            patch += DiffWriter.diff(old: edit.old, new: edit.new, path: path)
        }
        return (patch, edits.count)
    }

    /// Paths relative to the git repository holding each file (`git rev-parse
    /// --show-toplevel` in its directory), or to the working directory outside git.
    struct RepositoryRoots {
        let workingDirectory: String
        private var byDirectory: [String: String] = [:]

        init(workingDirectory: String) {
            self.workingDirectory = workingDirectory
        }

        mutating func relative(_ path: String) -> String {
            let dir = (path as NSString).deletingLastPathComponent
            let root: String
            if let known = byDirectory[dir] {
                root = known
            } else {
                switch GitChanges.git(["rev-parse", "--show-toplevel"], in: dir) {
                case .success(let out) where !out.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
                    root = out.trimmingCharacters(in: .whitespacesAndNewlines)
                default:
                    root = URL(fileURLWithPath: workingDirectory).resolvingSymlinksInPath().standardized.path
                }
                byDirectory[dir] = root
            }
            let base = root.hasSuffix("/") ? root : root + "/"
            if path.hasPrefix(base) { return String(path.dropFirst(base.count)) }
            // Outside the root: the absolute path without its `/`, a patch to apply from `/`.
            return String(path.drop { $0 == "/" })
        }
    }

    // MARK: --export-fixes

    /// clang-tidy's export document: one diagnostic per finding (its replacements with it),
    /// absolute paths, byte offsets into the files as they are now. An edit two findings share
    /// (a family's sibling) is listed once, with the first.
    public static func exportFixes(_ report: AnalysisReport, inputs: InputSet, unsafe: Bool = false) throws -> String {
        let cwd = inputs.workingDirectory
        let edits = try FixApplier.prepare(
            fixes(report.findings, unsafe: unsafe, inputs: inputs), workingDirectory: cwd, inputs: inputs)
        var lineIndexes: [String: LineIndex] = [:]
        for e in edits { lineIndexes[e.path] = LineIndex(e.old) }
        func lines(_ path: String) -> LineIndex? {
            if let known = lineIndexes[path] { return known }
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            let index = LineIndex([UInt8](data))
            lineIndexes[path] = index
            return index
        }
        var seen = Set<Replacement>()
        var diagnostics: [ReplacementsExport.Diagnostic] = []
        for f in applied(report.findings, unsafe: unsafe, inputs: inputs) {
            let path = FixApplier.target(of: f.file, workingDirectory: cwd)
            var replacements: [ReplacementsExport.Replacement] = []
            for fix in f.fixes {
                let target = FixApplier.target(of: fix.file, workingDirectory: cwd)
                guard let index = lines(target) else { continue }
                let start = fix.offset >= 0 ? fix.offset : index.offset(line: fix.line, column: fix.column)
                let end = fix.endOffset >= 0 ? fix.endOffset : index.offset(line: fix.endLine, column: fix.endColumn)
                guard let start, let end, end >= start else { continue }
                let r = Replacement(path: target, offset: start, end: end, text: fix.replacement)
                guard seen.insert(r).inserted else { continue }
                replacements.append(
                    ReplacementsExport.Replacement(filePath: target, offset: start, length: end - start, text: fix.replacement))
            }
            diagnostics.append(
                ReplacementsExport.Diagnostic(
                    name: "shiftlint-\(f.check.rawValue)", message: f.message, filePath: path,
                    fileOffset: lines(path)?.offset(line: f.line, column: f.column) ?? 0, severity: f.severity,
                    replacements: replacements))
        }
        let sources = inputs.sourceFiles
        return ReplacementsExport.render(
            mainSourceFile: sources.count == 1 ? sources[0] : "", diagnostics: diagnostics, buildDirectory: cwd)
    }

    private struct Replacement: Hashable {
        var path: String
        var offset: Int
        var end: Int
        var text: String
    }

    // MARK: --fix

    /// What `--fix` did.
    public struct Outcome: Sendable {
        /// Files rewritten (and kept).
        public var files = 0
        public var edits = 0
        /// Why the edits were undone (every file restored); empty when they were kept.
        public var undone: [String] = []
    }

    /// Writes every fix, then proves the result: the changed files are analyzed again, with the
    /// run's own options, before and after the write; if a finding that was fixed is still
    /// reported, a new finding appears, or a new error in the C code does, every file is put
    /// back as it was. Each write is atomic and keeps the file's mode (`FixApplier.writeAtomically`).
    public static func apply(_ report: AnalysisReport, inputs: InputSet, options: AnalysisOptions) throws -> Outcome {
        let cwd = inputs.workingDirectory
        let edits = try FixApplier.prepare(
            fixes(report.findings, unsafe: options.fixUnsafe, inputs: inputs), workingDirectory: cwd, inputs: inputs)
        var outcome = Outcome()
        guard !edits.isEmpty else { return outcome }
        // The changed files alone, as the run parsed them (the same arguments per file).
        let changed = InputSet(paths: edits.map(\.shown), workingDirectory: cwd)
        var checkOptions = options
        checkOptions.confirm = false
        let before = Analyzer(options: checkOptions).analyze(changed)
        var written: [FixApplier.FileEdit] = []
        do {
            for edit in edits {
                try FixApplier.writeAtomically(edit.new, to: edit.path)
                written.append(edit)
            }
        } catch {
            try restore(written)
            throw error
        }
        let after = Analyzer(options: checkOptions).analyze(changed)
        let problems = verify(
            fixed: applied(report.findings, unsafe: options.fixUnsafe, inputs: inputs).filter { !$0.fixes.isEmpty },
            before: before, after: after,
            cwd: cwd)
        if !problems.isEmpty {
            try restore(written)
            outcome.undone = problems
            return outcome
        }
        outcome.files = edits.count
        outcome.edits = edits.reduce(0) { $0 + $1.fixes.count }
        return outcome
    }

    /// The reasons to undo the edits: a fixed finding still reported, a new finding, a new
    /// error in the C code.
    static func verify(fixed: [Finding], before: AnalysisReport, after: AnalysisReport, cwd: String) -> [String] {
        func place(_ f: Finding) -> String { "\(InputSet.absolute(f.file, in: cwd)):\(f.line):\(f.check.rawValue)" }
        let fixedPlaces = Set(fixed.map { place($0) + ":\($0.macro ?? "")" })
        let beforePlaces = Set(before.findings.map(place))
        var problems: [String] = []
        for f in after.findings {
            let what = "\(f.file):\(f.line):\(f.column): \(f.message) [\(f.check.rawValue)]"
            if fixedPlaces.contains(place(f) + ":\(f.macro ?? "")") {
                problems.append("\(what): still reported after its fix")
            } else if !beforePlaces.contains(place(f)) {
                problems.append("\(what): a new finding after the fixes")
            }
        }
        for (unit, errors) in after.codeErrors.sorted(by: { $0.key < $1.key }) {
            let known = Set(before.codeErrors[unit] ?? [])
            for e in errors where !known.contains(e) {
                problems.append("\(unit): a new error in the C code after the fixes: \(e)")
            }
        }
        problems += after.toolErrors.filter { !before.toolErrors.contains($0) }.map { "a new tool error after the fixes: \($0)" }
        return problems
    }

    private static func restore(_ edits: [FixApplier.FileEdit]) throws {
        var failures: [String] = []
        for edit in edits {
            do { try FixApplier.writeAtomically(edit.old, to: edit.path) } catch { failures.append("\(error)") }
        }
        guard failures.isEmpty else {
            throw FixApplier.Conflict(message: "cannot restore after a failed fix: " + failures.joined(separator: "; "))
        }
    }

    private static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}

import Foundation

/// What a CI gate keeps of a run's findings: in-source suppressions, a baseline of known
/// findings, and the lines a change touched. Applied after the merge and the fix plan, in
/// that order, so the counts say why each finding was left out.
public struct GateOptions: Sendable {
    /// Honour `shiftlint: ignore[...]` and `NOLINT` comments.
    public var suppressions = true
    /// Report suppressions of ours that silenced nothing (as `unused-suppression` warnings).
    public var reportUnusedSuppressions = false
    public var baseline: Baseline?
    public var changedLines: ChangedLines?
    /// `--fail-on`: whether the unused-suppression warnings fail the run (the C findings'
    /// own settings were decided per file before).
    public var failOn: Severity = .note

    public init() {}
}

public struct GateSummary: Sendable {
    public var suppressed: Int { silenced.count }
    public var inBaseline = 0
    public var onUnchangedLines = 0
    public var unusedSuppressions = 0
    /// The findings suppressions silenced, with the comment that did (for SARIF's
    /// `suppressions`: code scanning shows them as dismissed in the source).
    public var silenced: [(finding: Finding, by: Suppression)] = []

    /// `2 suppressed, 5 in the baseline`, or "" when nothing was left out.
    public var text: String {
        var parts: [String] = []
        if suppressed > 0 { parts.append("\(suppressed) suppressed") }
        if inBaseline > 0 { parts.append("\(inBaseline) in the baseline") }
        if onUnchangedLines > 0 { parts.append("\(onUnchangedLines) on unchanged lines") }
        return parts.joined(separator: ", ")
    }
}

extension CheckID {
    /// Not a check of C: a suppression comment that silenced nothing (`--report-unused-suppressions`).
    public static let unusedSuppression = CheckID("unused-suppression")
}

public enum Gate {
    /// Filters the report's findings; returns what was left out.
    public static func apply(_ options: GateOptions, to report: inout AnalysisReport, inputs: InputSet) -> GateSummary {
        var summary = GateSummary()
        let cwd = FileManager.default.currentDirectoryPath
        var findings = report.findings
        if options.suppressions {
            // The files of the findings, and with --report-unused-suppressions every input.
            var files = Set(findings.map(\.file))
            if options.reportUnusedSuppressions { files.formUnion(inputs.sourceFiles.map { inputs.display($0) }) }
            var table: [String: [Suppression]] = [:]
            for file in files.sorted() {
                guard let data = FileManager.default.contents(atPath: InputSet.absolute(file, in: cwd)) else { continue }
                let found = Suppressions.scan([UInt8](data), file: file)
                if !found.isEmpty { table[file] = found }
            }
            let (kept, suppressed, unused) = Suppressions.apply(findings, table)
            findings = kept
            summary.silenced = suppressed
            if options.reportUnusedSuppressions {
                summary.unusedSuppressions = unused.count
                let extra = unused.map(unusedFinding)
                findings += extra
                if Policy.fails(.warning, failOn: options.failOn) { report.failing.formUnion(extra.map(\.key)) }
            }
        }
        if let baseline = options.baseline {
            let (new, known) = baseline.split(findings)
            findings = new
            summary.inBaseline = known.count
        }
        if let changed = options.changedLines {
            let kept = findings.filter {
                $0.check == .unusedSuppression || changed.touches($0) { InputSet.absolute($0, in: cwd) }
            }
            summary.onUnchangedLines = findings.count - kept.count
            findings = kept
        }
        report.findings = findings.sorted(by: Finding.reportOrder)
        return summary
    }

    static func unusedFinding(_ s: Suppression) -> Finding {
        let what: String
        switch s.kind {
        case .shiftlint:
            let unknown = s.patterns.filter { $0 != "*" && CheckID(rawValue: $0) == nil }
            what =
                unknown.isEmpty
                ? "no \(s.patterns.joined(separator: " or ")) finding on line \(s.target)"
                : "unknown check '\(unknown.joined(separator: "', '"))'"
        case .nolint:
            what = "no shiftlint finding on line \(s.target)"
        }
        return Finding(
            file: s.file, line: s.line, column: s.column, check: .unusedSuppression, severity: .warning,
            message: "unused suppression '\(s.text)': \(what)", macro: nil, fixes: [], notes: [], origin: .code,
            key: "\(s.file):\(s.line):\(s.column):suppression")
    }
}

/// `--changed-since REV`: the lines `git diff REV` adds or changes in the working tree, and
/// untracked files as a whole (new files are all new lines).
public enum GitChanges {
    /// `paths`: the analyzed paths (relative to `directory`); only untracked files under them
    /// are listed (findings are reported in the inputs only, and a big tree has many).
    public static func since(_ revision: String, in directory: String, paths: [String]) -> Result<ChangedLines, InputError> {
        let top: String
        switch git(["rev-parse", "--show-toplevel"], in: directory) {
        case .success(let out): top = out.trimmingCharacters(in: .whitespacesAndNewlines)
        case .failure(let e): return .failure(InputError("--changed-since: \(e.message)"))
        }
        // Fixed prefixes and no renames, whatever the user's git configuration says.
        let diff = git(
            [
                "diff", "--no-color", "--no-ext-diff", "--no-renames", "--src-prefix=a/", "--dst-prefix=b/", "-U0",
                revision, "--",
            ], in: top)
        guard case .success(let text) = diff else {
            if case .failure(let e) = diff { return .failure(InputError("--changed-since \(revision): \(e.message)")) }
            return .failure(InputError("--changed-since \(revision): git failed"))
        }
        var changed = ChangedLines.parse(unifiedDiff: text, root: top, strip: 1)
        // Run where the paths are relative to; ls-files prints paths relative to it too.
        if case .success(let untracked) = git(["ls-files", "--others", "--exclude-standard", "-z", "--"] + paths, in: directory) {
            for path in untracked.split(separator: "\0") where !path.isEmpty {
                changed.addWholeFile(InputSet.absolute(String(path), in: directory))
            }
        }
        return .success(changed)
    }

    /// `--patch FILE`: the lines a patch (already applied to the tree) adds, paths as
    /// `patch -p1` reads them from the current directory.
    public static func patch(_ file: String, in directory: String) -> Result<ChangedLines, InputError> {
        guard let data = FileManager.default.contents(atPath: InputSet.absolute(file, in: directory)) else {
            return .failure(InputError("--patch \(file): cannot read the file"))
        }
        let text = String(decoding: data, as: UTF8.self)
        guard text.contains("\n+++ ") || text.hasPrefix("+++ ") else {
            return .failure(InputError("--patch \(file): not a unified diff (no '+++' line)"))
        }
        return .success(ChangedLines.parse(unifiedDiff: text, root: directory, strip: 1))
    }

    static func git(_ arguments: [String], in directory: String) -> Result<String, InputError> {
        let r = Subprocess.run("/usr/bin/env", ["git"] + arguments, in: directory, captureOutput: true)
        guard r.status == 0 else {
            let message = r.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            if r.status == -1 { return .failure(InputError("cannot run git: \(message)")) }
            return .failure(InputError(message.isEmpty ? "git \(arguments.first ?? "") failed" : message))
        }
        return .success(r.stdout)
    }

}

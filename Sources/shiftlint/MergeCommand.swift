import ArgumentParser
import Foundation
import ShiftLint

/// `shiftlint merge REPORT.json...`: one report from the JSON reports of several runs, above
/// all the shards of one (`--shard K/N` in N CI jobs), as the whole run would have given it
/// (`ReportMerge` says how findings, expansion counts and fix safety are merged).
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shiftlint merge",
        abstract: "Merges JSON reports (shiftlint --format json), e.g. the shards of a --shard K/N run, into one report.",
        discussion: """
            A finding several reports give (a header the units of two shards include) is kept once; a define's expansions are counted once across shards.
            The merged report is incomplete if any report is, or if a shard of the split has no report.
            Exit status: 0 no findings (none reaching --fail-on), 1 findings, 2 a missing or bad report, or an incomplete merge.
            """
    )

    @Argument(help: "JSON reports written by shiftlint --format json (with or without --shard).")
    var reports: [String] = []

    @Option(help: "Output format: text, json, sarif (SARIF 2.1.0), github (workflow commands) or oneline (checkpatch --terse).")
    var format: OutputFormat = .text

    @Option(help: "The least severity that makes the exit status 1: error, warning or note (the default: every finding).")
    var failOn: String?

    @Flag(inversion: .prefixedNo, help: "Colour the text output (default: only on a terminal).")
    var color: Bool?

    /// Parses the arguments after `merge`, runs, and returns the exit status (usage errors: 2).
    static func run(_ arguments: [String]) -> Int32 {
        do {
            var command = try parse(arguments)
            try command.run()
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                return 0
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            return 2
        }
    }

    mutating func run() throws {
        guard !reports.isEmpty else { throw ValidationError("give the JSON reports to merge") }
        var threshold = Severity.note
        if let failOn {
            guard let s = Severity(rawValue: failOn) else {
                throw ValidationError("unknown --fail-on severity '\(failOn)' (known: error, warning, note)")
            }
            threshold = s
        }
        func fail(_ message: String) -> ExitCode {
            FileHandle.standardError.write(Data("shiftlint: error: \(message)\n".utf8))
            return ExitCode(2)
        }
        let cwd = FileManager.default.currentDirectoryPath
        var loaded: [LoadedReport] = []
        for name in reports {
            let path = InputSet.absolute(name, in: cwd)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw fail("\(name): no such file")
            }
            guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
                throw fail("\(name): cannot read the report\(isDirectory.boolValue ? " (a directory)" : "")")
            }
            switch ReportMerge.read(data, name: name) {
            case .success(let r): loaded.append(r)
            case .failure(let e): throw fail(e.message)
            }
        }
        var merged: ReportMerge.Merged
        switch ReportMerge.merge(loaded) {
        case .success(let m): merged = m
        case .failure(let e): throw fail(e.message)
        }
        for problem in merged.incomplete { FileHandle.standardError.write(Data("shiftlint: error: \(problem)\n".utf8)) }
        if format == .text || format == .sarif { ReportMerge.attachSourceLines(&merged.findings, directory: cwd) }
        let findings = merged.findings
        let incomplete = !merged.incomplete.isEmpty
        let exitCode: Int32 = incomplete ? 2 : (findings.contains { Policy.fails($0.severity, failOn: threshold) } ? 1 : 0)
        switch format {
        case .json:
            do { print(try JSONReporter.render(findings, incomplete: incomplete), terminator: "") } catch {
                throw fail("cannot encode the JSON report: \(error)")
            }
        case .sarif:
            let invocation = SARIFReporter.Invocation(
                executable: CommandLine.arguments.first ?? "shiftlint", arguments: Array(CommandLine.arguments.dropFirst()),
                workingDirectory: cwd, toolErrors: merged.incomplete, exitCode: exitCode)
            do {
                print(
                    try SARIFReporter.render(
                        findings, rules: Checks.descriptions, toolVersion: ShiftLintCommand.version, invocation: invocation),
                    terminator: "")
            } catch {
                throw fail("cannot encode the SARIF log: \(error)")
            }
        case .github:
            print(GitHubReporter.render(findings), terminator: "")
        case .oneline:
            print(OnelineReporter.render(findings), terminator: "")
        case .text:
            print(TextReporter.render(findings, color: color ?? (isatty(STDOUT_FILENO) != 0)), terminator: "")
            if !findings.isEmpty {
                let n = findings.count
                print("\(n) finding\(n == 1 ? "" : "s") in \(reports.count) merged report\(reports.count == 1 ? "" : "s").")
            }
        }
        if exitCode != 0 { throw ExitCode(exitCode) }
    }
}

import Foundation
import Yams

/// clang-tidy style check selection (`--checks`, `checks:`): comma-separated terms, each `*`,
/// a check id, or either with a leading `-` to disable; applied in order.
public enum CheckSelection {
    /// A term naming no check.
    public struct UnknownCheck: Error, CustomStringConvertible {
        public var name: String
        public var description: String {
            "unknown check '\(name)' (known: \(CheckID.allCases.map(\.rawValue).joined(separator: ", ")))"
        }
    }

    /// The terms of a comma-separated list, trimmed, empty ones left out.
    public static func terms(_ spec: String) -> [String] {
        spec.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The checks one term enables (or, with `-`, disables); throws for an unknown name.
    static func parse(_ term: String) throws -> (negative: Bool, checks: [CheckID]) {
        let negative = term.hasPrefix("-")
        let name = negative ? String(term.dropFirst()) : term
        if name == "*" { return (negative, CheckID.allCases) }
        guard let id = CheckID(rawValue: name) else { throw UnknownCheck(name: name) }
        return (negative, [id])
    }

    /// Applies the terms to a set of enabled checks, in order.
    public static func apply(_ terms: [String], to enabled: Set<CheckID>) throws -> Set<CheckID> {
        var enabled = enabled
        for term in terms {
            let (negative, checks) = try parse(term)
            if negative { enabled.subtract(checks) } else { enabled.formUnion(checks) }
        }
        return enabled
    }
}

/// One problem in a configuration file, shown as `file:line:column: error: message`.
public struct ConfigurationProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file as the user sees it (relative to the working directory when below it).
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public var description: String {
        file + (line.map { ":\($0)" } ?? "") + (line != nil ? (column.map { ":\($0)" } ?? "") : "") + ": error: " + message
    }
}

/// Why a configuration cannot be used (exit status 2): every problem found in the file.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var problems: [ConfigurationProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// One `.shiftlint.yml`: a YAML mapping of these keys, all optional.
///
/// ```yaml
/// checks: "-shift-promotion"           # or a list: ["-*", "shift-sign-overflow"]
/// severities:
///   shift-overflow: warning
/// exclude:
///   - "third_party/**"
///   - "**/*.gen.h"
/// compiler-arguments: [-m32, -DCONFIG_X]
/// fix-style: suffix                     # suffix, kernel or cast
/// policy: auto                          # iso, gnu-wrapv or auto
/// fail-on: warning                      # error, warning or note
/// ```
public struct Configuration: Sendable {
    public static let fileName = ".shiftlint.yml"
    public static let keys = ["checks", "severities", "exclude", "compiler-arguments", "fix-style", "policy", "fail-on"]

    /// Absolute path of the file, and how it is shown in messages.
    public var path: String
    public var displayPath: String
    /// The directory `exclude` patterns are relative to.
    public var directory: String { (path as NSString).deletingLastPathComponent }
    /// `checks`: clang-tidy style terms, applied before the command line's `--checks`.
    public var checks: [String]?
    /// `severities`: check id → severity, over the policy's.
    public var severities: [CheckID: Severity] = [:]
    /// `exclude`: glob patterns relative to `directory` (`ExcludePattern`), with the line each is on.
    public var exclude: [ExcludeEntry] = []
    /// `compiler-arguments`: for files with no compile database entry and no `--kernel`
    /// arguments; the command line's arguments after `--` follow them.
    public var compilerArguments: [String]?
    public var fixStyle: FixStyle?
    public var policy: PolicyChoice?
    public var failOn: Severity?

    public init(path: String, displayPath: String) {
        self.path = path
        self.displayPath = displayPath
    }

    /// Reads and validates a configuration file.
    public static func load(_ path: String, displayPath: String) throws -> Configuration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(problems: [
                ConfigurationProblem(file: displayPath, message: "cannot read the configuration file")
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(problems: [
                ConfigurationProblem(file: displayPath, message: "the configuration file is not UTF-8 text")
            ])
        }
        return try parse(text, path: path, displayPath: displayPath)
    }

    /// Parses a configuration's text. Unknown keys, values of the wrong type or out of range
    /// and invalid YAML are errors naming the line and column; all of a file's are reported.
    public static func parse(_ text: String, path: String, displayPath: String) throws -> Configuration {
        var config = Configuration(path: path, displayPath: displayPath)
        var problems: [ConfigurationProblem] = []
        func problem(_ mark: Mark?, _ message: String) {
            problems.append(ConfigurationProblem(file: displayPath, line: mark?.line, column: mark?.column, message: message))
        }
        func problem(at place: (line: Int, column: Int)?, _ message: String) {
            problems.append(ConfigurationProblem(file: displayPath, line: place?.line, column: place?.column, message: message))
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (place, message) = describe(error, text: text)
            problem(at: place, message)
            throw ConfigurationError(problems: problems)
        } catch {
            problem(nil, "invalid YAML: \(error)")
            throw ConfigurationError(problems: problems)
        }
        // An empty file (or only comments) is a configuration that sets nothing.
        guard let root, !isNull(root) else { return config }
        guard case .mapping(let mapping) = root else {
            problem(root.mark, "a configuration is a mapping of keys (\(keys.joined(separator: ", "))), not \(kind(root))")
            throw ConfigurationError(problems: problems)
        }
        for (keyNode, value) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                problem(keyNode.mark, "keys are names (\(keys.joined(separator: ", "))), not \(kind(keyNode))")
                continue
            }
            let key = keyScalar.string
            switch key {
            case "checks":
                let terms: [(String, Mark?)]
                switch value {
                case .scalar(let s) where !isNull(value):
                    terms = CheckSelection.terms(s.string).map { ($0, s.mark) }
                case .sequence(let items):
                    var list: [(String, Mark?)] = []
                    for item in items {
                        guard case .scalar(let s) = item, !isNull(item) else {
                            problem(item.mark, "'checks' items are check names, not \(kind(item))")
                            continue
                        }
                        list += CheckSelection.terms(s.string).map { ($0, s.mark) }
                    }
                    terms = list
                default:
                    problem(value.mark, "'checks' is a comma-separated string or a list of check names, not \(kind(value))")
                    continue
                }
                var valid: [String] = []
                for (term, mark) in terms {
                    do {
                        _ = try CheckSelection.parse(term)
                        valid.append(term)
                    } catch {
                        problem(mark, "\(error) in 'checks'")
                    }
                }
                config.checks = valid
            case "severities":
                guard case .mapping(let entries) = value else {
                    problem(value.mark, "'severities' is a mapping of check names to error, warning or note, not \(kind(value))")
                    continue
                }
                for (checkNode, severityNode) in entries {
                    guard case .scalar(let c) = checkNode, let id = CheckID(rawValue: c.string) else {
                        problem(
                            checkNode.mark,
                            "\(CheckSelection.UnknownCheck(name: checkNode.scalar?.string ?? kind(checkNode))) in 'severities'")
                        continue
                    }
                    guard case .scalar(let s) = severityNode, let severity = Severity(rawValue: s.string) else {
                        problem(
                            severityNode.mark,
                            "unknown severity \(kind(severityNode)) for '\(id)' (known: error, warning, note)")
                        continue
                    }
                    config.severities[id] = severity
                }
            case "exclude":
                for (pattern, mark) in strings(value, key: key, problem: problem) {
                    if let why = ExcludePattern.invalid(pattern) {
                        problem(mark, "exclude pattern '\(pattern)': \(why)")
                    } else {
                        config.exclude.append(ExcludeEntry(pattern: pattern, line: mark?.line ?? 0))
                    }
                }
            case "compiler-arguments":
                if case .scalar(let s) = value, !isNull(value) {
                    // One string: split as a shell would.
                    do { config.compilerArguments = try ShellWords.split(s.string) } catch {
                        problem(value.mark, "'compiler-arguments': \(error)")
                    }
                } else {
                    config.compilerArguments = strings(value, key: key, problem: problem).map(\.0)
                }
            case "fix-style":
                config.fixStyle =
                    oneOf(value, key: key, what: "fix-style", known: FixStyle.allCases, problem: problem)
                    ?? config.fixStyle
            case "policy":
                config.policy =
                    oneOf(value, key: key, what: "policy", known: [PolicyChoice.iso, .gnuWrapv, .auto], problem: problem)
                    ?? config.policy
            case "fail-on":
                config.failOn =
                    oneOf(
                        value, key: key, what: "fail-on severity", known: [Severity.error, .warning, .note], problem: problem)
                    ?? config.failOn
            default:
                let suggestion = closest(key, in: keys).map { "did you mean '\($0)'? " } ?? ""
                problem(keyNode.mark, "unknown key '\(key)' (\(suggestion)known: \(keys.joined(separator: ", ")))")
            }
        }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        return config
    }

    /// The value of a key that takes one word, or nil (and a problem).
    /// A key whose value is one word of a fixed set (`policy: iso`); nil after a problem.
    private static func oneOf<T: RawRepresentable>(
        _ value: Node, key: String, what: String, known: [T], problem: (Mark?, String) -> Void
    ) -> T? where T.RawValue == String {
        let names = known.map(\.rawValue).joined(separator: ", ")
        guard let word = word(value, key: key, known: names, problem: problem) else { return nil }
        guard let choice = T(rawValue: word) else {
            problem(value.mark, "unknown \(what) '\(word)' (known: \(names))")
            return nil
        }
        return choice
    }

    private static func word(_ value: Node, key: String, known: String, problem: (Mark?, String) -> Void) -> String? {
        if case .scalar(let s) = value, !isNull(value) { return s.string }
        problem(value.mark, "'\(key)' is one of \(known), not \(kind(value))")
        return nil
    }

    /// The items of a list of strings (or of a single string), with their places.
    private static func strings(
        _ value: Node, key: String, problem: (Mark?, String) -> Void
    ) -> [(String, Mark?)] {
        switch value {
        case .scalar(let s) where !isNull(value):
            return [(s.string, s.mark)]
        case .sequence(let items):
            var out: [(String, Mark?)] = []
            for item in items {
                guard case .scalar(let s) = item, !isNull(item) else {
                    problem(item.mark, "'\(key)' items are strings, not \(kind(item))")
                    continue
                }
                out.append((s.string, s.mark))
            }
            return out
        default:
            problem(value.mark, "'\(key)' is a list of strings, not \(kind(value))")
            return []
        }
    }

    private static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let s) = node else { return false }
        return s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    /// How a node is named in a message: "a mapping", "a list", "nothing", "an alias".
    private static func kind(_ node: Node) -> String {
        switch node {
        case .scalar: return isNull(node) ? "nothing" : "'\(node.scalar?.string ?? "")'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// The key with the smallest edit distance (at most 2) from a misspelt one.
    private static func closest(_ word: String, in candidates: [String]) -> String? {
        /// Levenshtein distance, one row at a time.
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for (i, x) in a.enumerated() {
                var diagonal = row[0]
                row[0] = i + 1
                for (j, y) in b.enumerated() {
                    let above = row[j + 1]
                    row[j + 1] = min(above + 1, row[j] + 1, diagonal + (x == y ? 0 : 1))
                    diagonal = above
                }
            }
            return row[b.count]
        }
        let scored = candidates.map { ($0, distance(Array(word), Array($0))) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    /// Yams' error as a place (line, column) and a message.
    private static func describe(_ error: YamlError, text: String) -> ((line: Int, column: Int)?, String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return ((mark.line, mark.column), "invalid YAML: \(problem)\(during)")
        case .reader(let problem, let offset, _, _):
            // The offset counts characters.
            guard let offset else { return (nil, "invalid YAML: \(problem)") }
            let before = text.prefix(offset)
            let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
            return ((lines.count, (lines.last?.count ?? 0) + 1), "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ((context.mark.line, context.mark.column), "key \(names) is given more than once")
        default:
            return (nil, "invalid YAML: \(error)")
        }
    }

    /// The `exclude` entry that matches a file (an absolute, standardized path), as
    /// `file:line ('pattern')`, or nil.
    public func exclusion(of file: String) -> String? {
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        guard file.hasPrefix(base) else { return nil }
        let relative = String(file.dropFirst(base.count))
        for e in exclude where ExcludePattern.matches(e.pattern, relative) {
            return "\(displayPath):\(e.line) ('\(e.pattern)')"
        }
        return nil
    }
}

/// One `exclude` pattern and the line of the configuration it is on.
public struct ExcludeEntry: Sendable, Hashable {
    public var pattern: String
    public var line: Int
}

/// `exclude` patterns: globs over the path relative to the configuration's directory, one
/// path component at a time. `*`, `?` and `[...]` match within a component (as `fnmatch`),
/// `**` matches any number of components (also none; at the end, at least one: `gen/**` is
/// everything inside `gen`). A pattern that matches a directory
/// excludes everything below it (`build`, `build/`, `third_party/**`); a pattern ending in
/// `/` matches directories only.
public enum ExcludePattern {
    /// Why a pattern cannot be used, or nil.
    public static func invalid(_ pattern: String) -> String? {
        if pattern.isEmpty { return "empty pattern" }
        if pattern.hasPrefix("/") { return "patterns are relative to the configuration file's directory (no leading '/')" }
        if pattern.split(separator: "/").contains("..") { return "'..' cannot leave the configuration file's directory" }
        return nil
    }

    /// Whether the pattern matches the relative path of a file, or one of its directories.
    public static func matches(_ pattern: String, _ relativePath: String) -> Bool {
        let directoriesOnly = pattern.hasSuffix("/")
        let p = pattern.split(separator: "/").filter { $0 != "." }.map(String.init)
        let path = relativePath.split(separator: "/").map(String.init)
        guard !p.isEmpty else { return false }
        // The file itself, then each directory above it.
        guard !path.isEmpty else { return false }
        let longest = directoriesOnly ? path.count - 1 : path.count
        return stride(from: longest, through: 1, by: -1).contains { n in match(p[...], path[..<n]) }
    }

    private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            // `**` takes any number of components; a trailing one at least one (`gen/**` is
            // what is inside `gen`).
            let least = rest.isEmpty ? 1 : 0
            guard path.count >= least else { return false }
            for skip in least...path.count where match(rest, path.dropFirst(skip)) { return true }
            return false
        }
        guard let component = path.first, fnmatch(first, component, 0) == 0 else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }
}

/// What applies to one file: its configuration with the command line's options over it.
public struct FileSettings: Sendable {
    /// The configuration file that applies, or nil.
    public var configuration: Configuration?
    public var enabledChecks: Set<CheckID>
    public var severities: [CheckID: Severity]
    public var policy: PolicyChoice
    public var failOn: Severity
    public var fixStyle: FixStyle
    /// The `exclude` entry that leaves the file out (`file:line ('pattern')`), or nil.
    public var excludedBy: String?
    /// The configuration's `compiler-arguments` (nil: none given), for files with no
    /// compile-database or `--kernel` arguments; the command line's follow them.
    public var compilerArguments: [String]?
}

/// The configurations of a run: which `.shiftlint.yml` applies to each file (the nearest one
/// in the file's directory or above it, or the one `--config` names), each read once, and the
/// command line's options over them. Command-line options win: `--policy`, `--fail-on`, `--fix-style`;
/// `--checks` is applied after the configuration's `checks` (as clang-tidy does); the
/// arguments after `--` come after the configuration's `compiler-arguments`.
public final class Configurations: @unchecked Sendable {
    public enum Source: Sendable {
        /// No configuration file (`--no-config`, and the library's default).
        case none
        /// The nearest `.shiftlint.yml` in each file's directory or above it.
        case discover
        /// This file for every file (`--config FILE`).
        case file(String)
    }

    /// What the command line says, over every configuration.
    public struct Overrides: Sendable {
        /// `--checks` terms, applied after the configuration's.
        public var checks: [String]
        public var policy: PolicyChoice?
        public var failOn: Severity?
        /// `--fix-style`, over every configuration's `fix-style`.
        public var fixStyle: FixStyle?

        public init(checks: [String] = [], policy: PolicyChoice? = nil, failOn: Severity? = nil, fixStyle: FixStyle? = nil) {
            self.checks = checks
            self.policy = policy
            self.failOn = failOn
            self.fixStyle = fixStyle
        }
    }

    public let source: Source
    public let overrides: Overrides
    public let workingDirectory: String
    private let lock = NSLock()
    /// Directory → the configuration file that applies to files in it (nil: none).
    private var nearest: [String: String?] = [:]
    /// Configuration file → its contents or problems, read once.
    private var loaded: [String: Result<Configuration, ConfigurationError>] = [:]
    /// The configuration files in the order they were first used.
    public private(set) var used: [String] = []

    public init(
        source: Source = .none, overrides: Overrides = Overrides(),
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) {
        self.source = source
        self.overrides = overrides
        self.workingDirectory = workingDirectory
    }

    /// The configuration that applies to a file (an absolute path), read on first use.
    public func configuration(for file: String) throws -> Configuration? {
        lock.lock()
        defer { lock.unlock() }
        let path: String
        switch source {
        case .none: return nil
        case .file(let given): path = InputSet.absolute(given, in: workingDirectory)
        case .discover:
            guard let found = findNearest(from: (file as NSString).deletingLastPathComponent) else { return nil }
            path = found
        }
        if loaded[path] == nil {
            do {
                loaded[path] = .success(try Configuration.load(path, displayPath: display(path)))
            } catch let error as ConfigurationError {
                loaded[path] = .failure(error)
            } catch {
                loaded[path] = .failure(
                    ConfigurationError(problems: [ConfigurationProblem(file: display(path), message: "\(error)")]))
            }
            used.append(path)
        }
        return try loaded[path]?.get()
    }

    /// The settings for a file (an absolute path).
    public func settings(for file: String) throws -> FileSettings {
        let config = try configuration(for: file)
        var enabled = Set(CheckID.allCases)
        enabled = try CheckSelection.apply(config?.checks ?? [], to: enabled)
        enabled = try CheckSelection.apply(overrides.checks, to: enabled)
        return FileSettings(
            configuration: config, enabledChecks: enabled, severities: config?.severities ?? [:],
            policy: overrides.policy ?? config?.policy ?? .auto, failOn: overrides.failOn ?? config?.failOn ?? .note,
            fixStyle: overrides.fixStyle ?? config?.fixStyle ?? .suffix, excludedBy: config?.exclusion(of: file),
            compilerArguments: config?.compilerArguments)
    }

    /// The configuration files read so far, with how they are shown.
    public var usedFiles: [String] {
        lock.lock()
        defer { lock.unlock() }
        return used.map(display)
    }

    private func findNearest(from directory: String) -> String? {
        var dir = directory
        var visited: [String] = []
        var found: String?
        while true {
            if let known = nearest[dir] {
                found = known
                break
            }
            visited.append(dir)
            let candidate = (dir as NSString).appendingPathComponent(Configuration.fileName)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                found = candidate
                break
            }
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir || parent.isEmpty { break }
            dir = parent
        }
        for d in visited { nearest[d] = .some(found) }
        return found
    }

    private func display(_ path: String) -> String {
        let base = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}

extension Analyzer {
    /// Before the run: reads the configuration of every source file (a problem stops the run:
    /// nil), leaves excluded files out, gives files with no arguments of their own their
    /// configuration's `compiler-arguments` followed by the command line's, and runs every
    /// check some file's settings enable (each file's own selection is applied in `gate`).
    func prepare(_ given: InputSet, report: inout AnalysisReport) -> InputSet? {
        var options = requested
        var enabled = Set<CheckID>()
        var excluded = Set<String>()
        var problems: [ConfigurationProblem] = []
        for file in given.sourceFiles {
            let settings: FileSettings
            do { settings = try configurations.settings(for: file) } catch {
                problems += Analyzer.problems(error, configurations: configurations)
                continue
            }
            if let by = settings.excludedBy {
                excluded.insert(file)
                // A file named on the command line is not left out silently.
                if given.isNamed(file) || requested.verbose {
                    report.notes.append("\(given.display(file)): excluded by \(by); not analyzed")
                }
                continue
            }
            enabled.formUnion(settings.enabledChecks)
            if options.fileArguments[file] == nil, let arguments = settings.compilerArguments {
                options.fileArguments[file] = arguments + options.compilerArguments
            }
        }
        if !problems.isEmpty {
            var seen = Set<ConfigurationProblem>()
            report.configurationErrors = problems.filter { seen.insert($0).inserted }
            return nil
        }
        options.enabledChecks = requested.enabledChecks.intersection(enabled)
        self.options = options
        if requested.verbose {
            for file in configurations.usedFiles { report.notes.append("configuration \(file) applies") }
        }
        return given.excluding(excluded)
    }

    /// After the merge: each finding under its file's settings. Findings in excluded files and
    /// of checks the file's selection disables are dropped (a shift such a check reported is
    /// judged again by the checks the file enables: `-1 << 40` is also a negative left
    /// operand); the policy sets each severity and adds the dialect notes; findings that reach
    /// `fail-on` are recorded as failing.
    func gate(_ findings: [Finding], inputs: InputSet, report: inout AnalysisReport) -> [Finding] {
        var kept: [Finding] = []
        var problems: [ConfigurationProblem] = []
        for finding in findings {
            let file = InputSet.absolute(finding.file, in: inputs.workingDirectory)
            let settings: FileSettings
            do { settings = try configurations.settings(for: file) } catch {
                problems += Analyzer.problems(error, configurations: configurations)
                continue
            }
            guard settings.excludedBy == nil else { continue }
            var f = finding
            let enabled = settings.enabledChecks.intersection(requested.enabledChecks)
            if !enabled.contains(f.check) {
                guard let other = Analyzer.judgedAgain(f, enabled: enabled) else { continue }
                f = other
            }
            if let check = Checks.description(of: f.check) {
                Policy.apply(to: &f, check: check, choice: settings.policy, severities: settings.severities)
            }
            if Policy.fails(f.severity, failOn: settings.failOn) { report.failing.insert(f.key) }
            f.fixStyle = settings.fixStyle
            kept.append(f)
        }
        var seen = Set(report.configurationErrors)
        report.configurationErrors += problems.filter { seen.insert($0).inserted }
        return kept
    }

    /// A finding of a certain check, judged again from its operands by other checks (which
    /// need no syntax: the base checks); nil when none of them finds the shift undefined.
    static func judgedAgain(_ finding: Finding, enabled: Set<CheckID>) -> Finding? {
        guard let facts = finding.facts, Checks.description(of: finding.check)?.isCertain == true,
            let verdict = Checks.judge(ShiftSite(facts: facts), enabled: enabled)
        else { return nil }
        var f = finding
        f.check = verdict.check
        f.severity = verdict.severity
        f.message = verdict.message
        f.facts = verdict.witness
        // Its fixes were for the other check's rule.
        f.fixCandidates = []
        f.fixes = []
        f.fixNote = nil
        f.harness = nil
        return f
    }

    static func problems(_ error: Error, configurations: Configurations) -> [ConfigurationProblem] {
        if let e = error as? ConfigurationError { return e.problems }
        // `--checks` names an unknown check (the command line checks it first).
        return [ConfigurationProblem(file: "--checks", message: "\(error)")]
    }
}

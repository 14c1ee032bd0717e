import Foundation
import XCTest
@testable import ShiftLint

/// Paths of the repository, found from this file's location.
enum Repo {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let samples = root.appendingPathComponent("samples")

    static var sampleFiles: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: samples.path)) ?? []
        return names.filter { $0.hasSuffix(".c") || $0.hasSuffix(".h") }.sorted().map { samples.appendingPathComponent($0) }
    }

    /// The shiftlint executable built next to the test bundle.
    static var executable: URL {
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("shiftlint")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/shiftlint")
    }
}

/// The `// shiftlint-args:` line of a sample.
func sampleArguments(_ text: String) -> [String] {
    guard let first = text.split(separator: "\n", omittingEmptySubsequences: false).first,
        first.hasPrefix("// shiftlint-args:")
    else { return [] }
    return first.dropFirst("// shiftlint-args:".count).split(separator: " ").map(String.init)
}

/// The fix style a sample asks for with `// shiftlint-fix-style: STYLE` on one of its first
/// two lines (nil: the default, `suffix`).
func sampleFixStyle(_ text: String) -> FixStyle? {
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(2)
    where line.hasPrefix("// shiftlint-fix-style:") {
        return FixStyle(rawValue: line.dropFirst("// shiftlint-fix-style:".count).trimmingCharacters(in: .whitespaces))
    }
    return nil
}

/// An expected finding: line, check id, optionally the column and a substring of the message,
/// and the fix replacement (nil: no fix).
struct Expectation: Hashable, CustomStringConvertible {
    var line: Int
    var check: String
    var fix: String?
    var column: Int?
    var message: String?

    init(line: Int, check: String, fix: String?, column: Int? = nil, message: String? = nil) {
        self.line = line
        self.check = check
        self.fix = fix
        self.column = column
        self.message = message
    }

    /// `LINE[:COL]: CHECK [{{MESSAGE}}] fix: TEXT|no fix`, the annotation as written.
    var description: String {
        "\(line)" + (column.map { ":\($0)" } ?? "") + ": \(check)" + (message.map { " {{\($0)}}" } ?? "")
            + (fix.map { " fix: \($0)" } ?? " (no fix)")
    }

    /// Line, check and fix must agree; the column and the message only when the annotation gives them.
    func matches(_ r: ReportedFinding) -> Bool {
        line == r.line && check == r.check && fix == r.fix
            && (column == nil || column == r.column) && (message.map { r.message.contains($0) } ?? true)
    }
}

/// A finding as the golden tests see it: where, which check, the message and the fix replacement.
struct ReportedFinding: CustomStringConvertible {
    var line: Int
    var column: Int
    var check: String
    var message: String
    var fix: String?

    init(line: Int, column: Int, check: String, message: String, fix: String?) {
        self.line = line
        self.column = column
        self.check = check
        self.message = message
        self.fix = fix
    }

    init(_ f: Finding) {
        self.init(
            line: f.line, column: f.column, check: f.check.rawValue, message: f.message,
            fix: f.fixes.first?.replacement)
    }

    var description: String { "\(line):\(column): \(check) {{\(message)}}" + (fix.map { " fix: \($0)" } ?? " (no fix)") }
}

/// A `// fixed: TEXT` line: what line `line` (the one just above it) must read after every fix
/// of the file is applied, its `//` comment removed and whitespace trimmed (`codeOf`).
struct FixedLine: Hashable {
    var line: Int
    var text: String
}

/// The annotations of a sample, and what could not be read (as `LINE: problem`).
struct Annotations {
    var expectations: [Expectation] = []
    var fixedLines: [FixedLine] = []
    var errors: [String] = []
}

/// Reads a sample's annotations:
///
///     CODE   // expect: CHECK [col:N] [{{MESSAGE}}] [fix: TEXT]  [expect: ...]
///     // fixed: CODE OF THE LINE ABOVE AFTER ALL FIXES
///
/// The parts of an `expect:` come in this order; anything else after it (other than another
/// `expect:`) is an error, so that a misspelt part cannot be silently ignored.
func annotations(in text: String) -> Annotations {
    var result = Annotations()
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for (i, line) in lines.enumerated() {
        let number = i + 1
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("// fixed:") {
            let above = i > 0 ? lines[i - 1].trimmingCharacters(in: .whitespaces) : ""
            if above.isEmpty || above.hasPrefix("// fixed:") {
                result.errors.append("\(number): '// fixed:' must come right after the code line it describes")
            } else {
                result.fixedLines.append(
                    FixedLine(
                        line: number - 1,
                        text: trimmed.dropFirst("// fixed:".count).trimmingCharacters(in: .whitespaces)))
            }
            continue
        }
        var rest = Substring(line)
        while let r = rest.range(of: "expect:") {
            rest = rest[r.upperBound...].drop { $0 == " " }
            func word() -> Substring {
                let w = rest.prefix { $0 != " " }
                rest = rest[w.endIndex...].drop { $0 == " " }
                return w
            }
            let check = word()
            guard !check.isEmpty else { result.errors.append("\(number): 'expect:' without a check"); break }
            var e = Expectation(line: number, check: String(check), fix: nil)
            if rest.hasPrefix("col:") {
                rest = rest.dropFirst("col:".count)
                guard let n = Int(word()), n > 0 else { result.errors.append("\(number): 'col:' needs a column number"); break }
                e.column = n
            }
            if rest.hasPrefix("{{") {
                guard let close = rest.range(of: "}}") else { result.errors.append("\(number): '{{' without '}}'"); break }
                let message = rest[rest.index(rest.startIndex, offsetBy: 2)..<close.lowerBound]
                guard !message.isEmpty else { result.errors.append("\(number): empty '{{}}'"); break }
                e.message = String(message)
                rest = rest[close.upperBound...].drop { $0 == " " }
            }
            if rest.hasPrefix("fix:") {
                rest = rest.dropFirst("fix:".count).drop { $0 == " " }
                // A cast may have spaces in it: `fix: (unsigned int)`.
                let fix: Substring
                if rest.hasPrefix("("), let close = rest.firstIndex(of: ")") {
                    fix = rest[...close]
                    rest = rest[rest.index(after: close)...].drop { $0 == " " }
                } else {
                    fix = word()
                }
                guard !fix.isEmpty else { result.errors.append("\(number): 'fix:' without a replacement"); break }
                e.fix = String(fix)
            }
            result.expectations.append(e)
            if !rest.isEmpty && !rest.hasPrefix("expect:") {
                result.errors.append(
                    "\(number): unexpected '\(rest)' after '\(e)' (the order is CHECK col:N {{MESSAGE}} fix: TEXT)")
                break
            }
        }
    }
    return result
}

/// The `expect:` annotations of a sample.
func expectations(in text: String) -> [Expectation] {
    annotations(in: text).expectations
}

/// A line of C without its `//` comment (one outside string and character literals), trimmed.
func codeOf<S: StringProtocol>(_ line: S) -> String {
    let chars = Array(line)
    var quote: Character?
    var i = 0
    while i < chars.count {
        let c = chars[i]
        if let q = quote {
            if c == "\\" { i += 1 } else if c == q { quote = nil }
        } else if c == "\"" || c == "'" {
            quote = c
        } else if c == "/", i + 1 < chars.count, chars[i + 1] == "/" {
            return String(chars[..<i]).trimmingCharacters(in: .whitespaces)
        }
        i += 1
    }
    return String(chars).trimmingCharacters(in: .whitespaces)
}

/// Pairs expectations with reported findings (a maximum bipartite matching, so that an
/// expectation without a column cannot take the finding a more precise one needed) and
/// returns what is left on either side.
func match(_ expected: [Expectation], _ reported: [ReportedFinding]) -> (missing: [Expectation], unexpected: [ReportedFinding]) {
    var owner = [Int?](repeating: nil, count: reported.count)
    func assign(_ e: Int, _ seen: inout [Bool]) -> Bool {
        for r in reported.indices where !seen[r] && expected[e].matches(reported[r]) {
            seen[r] = true
            if let other = owner[r] {
                if assign(other, &seen) { owner[r] = e; return true }
            } else {
                owner[r] = e
                return true
            }
        }
        return false
    }
    var missing: [Expectation] = []
    for e in expected.indices {
        var seen = [Bool](repeating: false, count: reported.count)
        if !assign(e, &seen) { missing.append(expected[e]) }
    }
    let unexpected = reported.indices.filter { owner[$0] == nil }.map { reported[$0] }
    return (missing, unexpected)
}

/// Runs the analyzer on one file, as the CLI would with `file -- args`.
func analyze(
    _ paths: [String], arguments: [String] = [], workingDirectory: String? = nil, fixStyle: FixStyle? = nil
) -> AnalysisReport {
    let cwd = workingDirectory ?? FileManager.default.currentDirectoryPath
    let inputs = InputSet(paths: paths, workingDirectory: cwd)
    let analyzer = Analyzer(options: AnalysisOptions(compilerArguments: arguments))
    if let fixStyle {
        analyzer.configurations = Configurations(overrides: Configurations.Overrides(fixStyle: fixStyle), workingDirectory: cwd)
    }
    return analyzer.analyze(inputs)
}

/// Writes `contents` to a new temporary directory and returns the file's path.
func temporaryFile(_ name: String, _ contents: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try contents.write(to: url, atomically: true, encoding: .utf8)
    return url
}

/// The tests written for the per-file mode (libclang, before `--scan` became the default
/// without compile context) run in it: `--per-file` is added where no mode is chosen.
/// `ScanTests`, `KernelScanTests` and the hardening tests' scan runs say `--scan`.
func perFileUnlessScanned(_ executable: String, _ arguments: [String]) -> [String] {
    guard executable == Repo.executable.path, arguments.first != "merge" else { return arguments }
    let chosen: Set<String> = ["--scan", "--per-file", "--kernel", "-p", "--", "--version", "--help", "--worker"]
    if arguments.contains(where: { chosen.contains($0) || $0.hasPrefix("-p") && $0.count > 2 && !$0.hasPrefix("--") }) {
        return arguments
    }
    return ["--per-file"] + arguments
}

/// Runs a program and captures its output. Standard error goes through a temporary file so
/// that a chatty child cannot fill one pipe while we wait on the other. `environment` is set
/// over this process's environment, for the child only.
func runProgram(
    _ executable: String, _ arguments: [String], cwd: String? = nil,
    environment: [String: String] = [:],
    timeout: TimeInterval? = nil
) throws -> (status: Int32, stdout: String, stderr: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = perFileUnlessScanned(executable, arguments)
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    if !environment.isEmpty {
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    }
    let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errURL) }
    let errHandle = try FileHandle(forWritingTo: errURL)
    let out = Pipe()
    p.standardOutput = out
    p.standardError = errHandle
    p.standardInput = FileHandle.nullDevice
    try p.run()
    var timer: DispatchWorkItem?
    if let timeout {
        // A hang is a failure too: kill the child so the test reports it instead of waiting.
        let item = DispatchWorkItem { if p.isRunning { p.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: item)
        timer = item
    }
    let o = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    timer?.cancel()
    try? errHandle.close()
    // (A FileHandle: Foundation's contentsOf: leaks its buffer on empty files, which ASan runs report.)
    let reader = FileHandle(forReadingAtPath: errURL.path)
    let e = reader?.readDataToEndOfFile() ?? Data()
    try? reader?.close()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

/// Finds a program on PATH.
func which(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

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
          first.hasPrefix("// shiftlint-args:") else { return [] }
    return first.dropFirst("// shiftlint-args:".count).split(separator: " ").map(String.init)
}

/// An expected finding: line, check id, and the fix replacement (nil: no fix).
struct Expectation: Hashable, CustomStringConvertible {
    var line: Int
    var check: String
    var fix: String?
    var description: String { "line \(line): \(check)" + (fix.map { " fix: \($0)" } ?? "") }
}

/// Reads `// expect: CHECK [fix: TEXT]` annotations.
func expectations(in text: String) -> [Expectation] {
    var result: [Expectation] = []
    for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        var rest = Substring(line)
        while let r = rest.range(of: "expect: ") {
            rest = rest[r.upperBound...]
            let words = rest.split(separator: " ", maxSplits: 3)
            guard let check = words.first else { break }
            var fix: String?
            if words.count >= 3, words[1] == "fix:" { fix = String(words[2]) }
            result.append(Expectation(line: i + 1, check: String(check), fix: fix))
        }
    }
    return result
}

/// Runs the analyzer on one file, as the CLI would with `file -- args`.
func analyze(_ paths: [String], arguments: [String] = [], workingDirectory: String? = nil) -> AnalysisReport {
    let cwd = workingDirectory ?? FileManager.default.currentDirectoryPath
    let inputs = InputSet(paths: paths, workingDirectory: cwd)
    return Analyzer(options: AnalysisOptions(compilerArguments: arguments)).analyze(inputs)
}

/// Writes `contents` to a new temporary directory and returns the file's path.
func temporaryFile(_ name: String, _ contents: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try contents.write(to: url, atomically: true, encoding: .utf8)
    return url
}

/// Runs a program and captures its output. Standard error goes through a temporary file so
/// that a chatty child cannot fill one pipe while we wait on the other. `environment` is set
/// over this process's environment, for the child only.
func runProgram(_ executable: String, _ arguments: [String], cwd: String? = nil,
                environment: [String: String] = [:],
                timeout: TimeInterval? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    if !environment.isEmpty {
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    }
    let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-stderr-\(UUID().uuidString)")
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
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

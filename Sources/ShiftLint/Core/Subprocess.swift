import Foundation

/// Runs a program to its end and captures what it says. Standard error goes through a
/// temporary file and standard output through a pipe read before waiting, so that neither
/// a chatty child nor a large output can block it (a full pipe nobody reads stops the child).
public enum Subprocess {
    public struct Outcome: Sendable {
        /// The exit status; -1 when the program could not be started (`stderr` says why).
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// `environment` is set over this process's environment; `directory`: where it runs.
    /// Standard output is read only with `captureOutput` (else it is discarded).
    public static func run(
        _ path: String, _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
        captureOutput: Bool = false
    ) -> Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if !environment.isEmpty {
            p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errFile) }
        guard let handle = try? FileHandle(forWritingTo: errFile) else {
            return Outcome(status: -1, stdout: "", stderr: "cannot capture output")
        }
        let out = Pipe()
        p.standardError = handle
        p.standardOutput = captureOutput ? out : FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { return Outcome(status: -1, stdout: "", stderr: "\(error)") }
        let data = captureOutput ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        p.waitUntilExit()
        try? handle.close()
        // (Read through a FileHandle: Foundation's contentsOf: leaks its buffer on empty files.)
        let reader = FileHandle(forReadingAtPath: errFile.path)
        let text = reader.map { String(decoding: $0.readDataToEndOfFile(), as: UTF8.self) } ?? ""
        try? reader?.close()
        return Outcome(status: p.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: text)
    }
}

import Foundation

/// What crosses between the driver and a worker process: one JSON document per line. The
/// first line to a worker sets it up; then each line is a job, answered by one outcome line.
struct WorkerSetup: Codable {
    var options: AnalysisOptions
    var inputs: InputSet
    var manyFiles: Bool
    var timing: Bool
}

struct WorkerJob: Codable {
    var file: String
    /// What the parser is given (gcc-only flags dropped).
    var arguments: [String]
    var target: TargetModel
    /// Input headers evaluated by earlier units since the worker's previous job (the worker
    /// keeps the union: sending the whole set each time would cost more than it saves).
    var done: Set<String>
}

/// A unit's outcome with everything the merge, the fix planner and the reporters read
/// (`Finding`'s own Codable is the public JSON schema, which leaves internals out).
struct WireOutcome: Codable {
    struct WireNote: Codable {
        var file: String?
        var line: Int?
        var column: Int?
        var message: String
        var sourceLine: String?
    }

    struct WireFinding: Codable {
        var file: String
        var line: Int
        var column: Int
        var check: CheckID
        var severity: Severity
        var message: String
        var macro: String?
        var notes: [WireNote]
        var origin: Origin
        var sourceLine: String?
        var highlights: [[Int]]
        var defineKey: String?
        var facts: ShiftFacts?
        var harness: Harness?
        var key: String
        var fixCandidates: [FixCandidate]
        var abis: [String]?

        init(_ f: Finding) {
            file = f.file
            line = f.line
            column = f.column
            check = f.check
            severity = f.severity
            message = f.message
            macro = f.macro
            notes = f.notes.map {
                WireNote(file: $0.file, line: $0.line, column: $0.column, message: $0.message, sourceLine: $0.sourceLine)
            }
            origin = f.origin
            sourceLine = f.sourceLine
            highlights = f.highlights.map { [$0.lowerBound, $0.upperBound] }
            defineKey = f.defineKey
            facts = f.facts
            harness = f.harness
            key = f.key
            fixCandidates = f.fixCandidates
            abis = f.abis
        }

        /// The finding as a unit (or the scan's pass 2) made it: what the merge reads.
        var finding: Finding {
            var f = Finding(
                file: file, line: line, column: column, check: check, severity: severity, message: message,
                macro: macro, fixes: [],
                notes: notes.map {
                    Note(file: $0.file, line: $0.line, column: $0.column, message: $0.message, sourceLine: $0.sourceLine)
                },
                origin: origin, sourceLine: sourceLine,
                highlights: highlights.compactMap { $0.count == 2 && $0[0] <= $0[1] ? $0[0]..<$0[1] : nil }, key: key)
            f.defineKey = defineKey
            f.facts = facts
            f.harness = harness
            f.fixCandidates = fixCandidates
            f.abis = abis
            return f
        }
    }

    var analyzed: Bool
    var findings: [WireFinding] = []
    var expansionSites: [String: [String]] = [:]
    var macroUses: [MacroUse] = []
    var filesSeen: [String] = []
    var toolErrors: [String]
    var notes: [String]
    var hadErrors: Bool
    var codeErrors: [String]

    init(_ o: Analyzer.UnitOutcome) {
        analyzed = o.unit != nil
        toolErrors = o.toolErrors
        notes = o.notes
        hadErrors = o.hadErrors
        codeErrors = o.codeErrors
        guard let unit = o.unit else { return }
        filesSeen = unit.filesSeen
        macroUses = unit.macroUses
        expansionSites = unit.expansionSites.mapValues { $0.sorted() }
        findings = unit.findings.map(WireFinding.init)
    }

    var outcome: Analyzer.UnitOutcome {
        var o = Analyzer.UnitOutcome()
        o.toolErrors = toolErrors
        o.notes = notes
        o.hadErrors = hadErrors
        o.codeErrors = codeErrors
        guard analyzed else { return o }
        var unit = UnitResult()
        unit.filesSeen = filesSeen
        unit.macroUses = macroUses
        unit.expansionSites = expansionSites.mapValues(Set.init)
        unit.findings = findings.map(\.finding)
        o.unit = unit
        return o
    }
}

/// Lines from a file descriptor (a pipe), read with `read(2)` so that a worker's death shows
/// as the end of its output, never as an exception.
final class LineReader {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where to look for the next newline (the bytes before it have none).
    private var scanned = 0

    init(fd: Int32) { self.fd = fd }

    /// The next line without its newline; nil at the end of input (or on a read error).
    func next() -> Data? {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            if let nl = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(buffer[start..<nl])
                start = nl + 1
                if start > 1 << 20 {
                    buffer.removeFirst(start)
                    start = 0
                }
                scanned = start
                return line
            }
            scanned = buffer.count
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            buffer += chunk[0..<n]
        }
    }
}

/// Writes all of `data` to a file descriptor; false when the other end is gone.
func writeAll(_ fd: Int32, _ data: Data) -> Bool {
    data.withUnsafeBytes { raw -> Bool in
        guard var p = raw.baseAddress else { return true }
        var left = raw.count
        while left > 0 {
            let n = write(fd, p, left)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            p += n
            left -= n
        }
        return true
    }
}

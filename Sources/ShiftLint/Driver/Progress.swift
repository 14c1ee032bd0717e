/// Where a run is, told to `Analyzer.progress` after each translation unit is merged.
public struct AnalysisProgress: Hashable, Sendable {
    /// Units finished (analyzed, failed or abandoned).
    public var done: Int
    /// Units the run has, as known so far: the `.c` files, and the input headers no `.c` file
    /// finished so far included (each is parsed on its own unless a later one includes it).
    public var total: Int
    /// Distinct findings so far (before the configurations' and the gate's filters).
    public var findings: Int
    /// The unit just finished, as shown.
    public var file: String

    public init(done: Int, total: Int, findings: Int, file: String) {
        self.done = done
        self.total = total
        self.findings = findings
        self.file = file
    }
}

/// The text of the progress line and of the summary line a run prints on a terminal: pure
/// functions of the counts and times.
public enum ProgressLine {
    /// `[1234/55000 files, 17 findings, ETA 0:42] fs/ext4/inode.c`, at most `width` columns
    /// (the file's path is shortened from the left, `…/ext4/inode.c`, and dropped if even the
    /// counts do not fit). `elapsed`: seconds since the first unit started.
    public static func render(_ p: AnalysisProgress, elapsed: Double, width: Int? = nil) -> String {
        var counts = "\(p.done)/\(p.total) files, \(p.findings) finding\(p.findings == 1 ? "" : "s")"
        if let eta = eta(done: p.done, total: p.total, elapsed: elapsed) { counts += ", ETA \(clock(eta))" }
        let head = "[\(counts)]"
        guard let width else { return head + " " + p.file }
        let room = width - head.count - 1
        guard room > 1 else { return String(head.prefix(max(0, width))) }
        if p.file.count <= room { return head + " " + p.file }
        return head + " …" + p.file.suffix(room - 1)
    }

    /// Seconds left, from the rate so far (nil before the first unit, or when done).
    public static func eta(done: Int, total: Int, elapsed: Double) -> Double? {
        guard done > 0, total > done, elapsed.isFinite, elapsed >= 0 else { return nil }
        return elapsed / Double(done) * Double(total - done)
    }

    /// `0:42`, `12:05`, `1:02:03`: whole seconds, rounded up (never `0:00` while work is left).
    public static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds > 0 else { return "0:00" }
        let total = seconds >= Double(Int.max / 2) ? Int.max / 2 : Int(seconds.rounded(.up))
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(m):\(two(s))"
    }

    /// `48.2 s` under a minute, else `12 min 5 s`, `2 h 3 min`.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds > 0 else { return "0.0 s" }
        let tenths = (seconds * 10).rounded()
        if tenths < 600 { return "\(Int(tenths) / 10).\(Int(tenths) % 10) s" }
        let total = seconds >= Double(Int.max / 2) ? Int.max / 2 : Int(seconds.rounded())
        if total < 3600 { return "\(total / 60) min \(total % 60) s" }
        return "\(total / 3600) h \(total / 60 % 60) min"
    }

    /// `shiftlint: 55000 files in 48.2 s, 312 findings`.
    public static func summary(files: Int, elapsed: Double, findings: Int) -> String {
        "shiftlint: \(files) file\(files == 1 ? "" : "s") in \(duration(elapsed)), \(findings) finding\(findings == 1 ? "" : "s")"
    }
}

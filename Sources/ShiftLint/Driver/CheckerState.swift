import Foundation

/// What earlier invocations of the same build already reported, for a checker that kbuild
/// calls once per file (`make C=1 CHECK=shiftlint`): a header's finding is printed by the first
/// unit that reaches it, not by every one. A small file under the build directory, locked with
/// `flock` (safe under `make -j`), holds the build's id and the keys reported so far; another
/// build's id starts it afresh.
public enum CheckerState {
    /// The findings of `findings` not reported yet in build `build`, which are recorded as
    /// reported. `key` is nil for findings always reported (those in the checked file itself).
    /// If the state file cannot be used, every finding is returned.
    public static func unreported(_ findings: [Finding], state path: String, build: String, key: (Finding) -> String?)
        -> [Finding]
    {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return findings }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { return findings }
        defer { flock(fd, LOCK_UN) }
        var text = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            text.append(contentsOf: chunk[0..<n])
        }
        var lines = String(decoding: text, as: UTF8.self).split(separator: "\n").map(String.init)
        let header = "shiftlint build \(build)"
        if lines.first != header { lines = [header] }
        var reported = Set(lines.dropFirst())
        var fresh: [String] = []
        let kept = findings.filter { f in
            guard let k = key(f) else { return true }
            guard reported.insert(k).inserted else { return false }
            fresh.append(k)
            return true
        }
        guard !fresh.isEmpty || lines.count == 1 else { return kept }
        let out = Data(((lines + fresh).joined(separator: "\n") + "\n").utf8)
        guard ftruncate(fd, 0) == 0, lseek(fd, 0, SEEK_SET) == 0 else { return kept }
        _ = writeAll(fd, out)
        return kept
    }
}

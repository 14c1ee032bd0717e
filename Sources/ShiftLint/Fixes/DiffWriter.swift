/// Unified diffs, as `diff -u` and `git diff` write them, that `git apply` and `patch -p1`
/// accept: `--- a/PATH` and `+++ b/PATH`, hunks with `contextLines` lines of context (hunks
/// whose context would touch or overlap are merged), and `\ No newline at end of file` after a
/// last line without one. Pure: bytes in, bytes out (C files need not be UTF-8, and every byte
/// of a line, `\r` and tabs included, is kept).
public enum DiffWriter {
    public static let contextLines = 3

    /// The diff turning `old` into `new`, both named `path` (relative to the directory the
    /// patch is applied in); empty when they are the same.
    public static func diff(old: [UInt8], new: [UInt8], path: String, context: Int = contextLines) -> [UInt8] {
        let a = lines(old), b = lines(new)
        let ops = editScript(a, b)
        guard ops.contains(where: { $0 != .keep }) else { return [] }
        // Lines of each side before each entry of the script.
        var oldBefore: [Int] = [], newBefore: [Int] = []
        var i = 0, j = 0
        for op in ops {
            oldBefore.append(i)
            newBefore.append(j)
            if op != .insert { i += 1 }
            if op != .delete { j += 1 }
        }
        let changes = ops.indices.filter { ops[$0] != .keep }
        var out = Array("--- \(quoted("a/" + path))\n+++ \(quoted("b/" + path))\n".utf8)
        var g = 0
        while g < changes.count {
            // A hunk runs from its first change to the last change whose gap to the previous
            // one is at most twice the context (the two contexts would meet).
            var last = g
            while last + 1 < changes.count, changes[last + 1] - changes[last] - 1 <= 2 * context { last += 1 }
            let start = max(0, changes[g] - context)
            let end = min(ops.count, changes[last] + context + 1)
            let oldCount = ops[start..<end].filter { $0 != .insert }.count
            let newCount = ops[start..<end].filter { $0 != .delete }.count
            out += Array(
                "@@ -\(range(oldBefore[start], oldCount)) +\(range(newBefore[start], newCount)) @@\n".utf8)
            for k in start..<end {
                let (mark, line): (UInt8, [UInt8]) =
                    switch ops[k] {
                    case .keep: (UInt8(ascii: " "), a[oldBefore[k]])
                    case .delete: (UInt8(ascii: "-"), a[oldBefore[k]])
                    case .insert: (UInt8(ascii: "+"), b[newBefore[k]])
                    }
                out.append(mark)
                out += line
                if line.last != UInt8(ascii: "\n") { out += Array("\n\\ No newline at end of file\n".utf8) }
            }
            g = last + 1
        }
        return out
    }

    /// `start,count` of a hunk side (1-based); a count of 1 is left out, and an empty side
    /// names the line before it, as diff does.
    static func range(_ linesBefore: Int, _ count: Int) -> String {
        switch count {
        case 0: return "\(linesBefore),0"
        case 1: return "\(linesBefore + 1)"
        default: return "\(linesBefore + 1),\(count)"
        }
    }

    /// A path as git writes it: in C quotes when it holds a quote, a backslash or a control
    /// character (which `git apply` and GNU patch both read back).
    static func quoted(_ path: String) -> String {
        let bytes = Array(path.utf8)
        guard bytes.contains(where: { $0 < 0x20 || $0 == 0x7f || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
        else { return path }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for b in bytes {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), b]
            case UInt8(ascii: "\n"): out += Array("\\n".utf8)
            case UInt8(ascii: "\t"): out += Array("\\t".utf8)
            case 0..<0x20, 0x7f:
                let octal = String(b, radix: 8)
                out += Array(("\\" + String(repeating: "0", count: 3 - octal.count) + octal).utf8)
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }

    /// The lines of a file, each with its line feed (the last one may have none).
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            result.append(Array(bytes[start...i]))
            start = i + 1
        }
        if start < bytes.count { result.append(Array(bytes[start...])) }
        return result
    }

    enum Op: Equatable { case keep, delete, insert }

    /// A shortest edit script from `a` to `b` (Myers' O(ND) algorithm, after the common head
    /// and tail are set aside: a fix changes a few lines of a long file).
    static func editScript(_ a: [[UInt8]], _ b: [[UInt8]]) -> [Op] {
        var head = 0
        while head < a.count, head < b.count, a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < a.count - head, tail < b.count - head, a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        let x = Array(a[head..<(a.count - tail)]), y = Array(b[head..<(b.count - tail)])
        return [Op](repeating: .keep, count: head) + myers(x, y) + [Op](repeating: .keep, count: tail)
    }

    private static func myers(_ a: [[UInt8]], _ b: [[UInt8]]) -> [Op] {
        let n = a.count, m = b.count
        if n == 0 { return [Op](repeating: .insert, count: m) }
        if m == 0 { return [Op](repeating: .delete, count: n) }
        let limit = n + m
        // v[k + offset]: the furthest x on diagonal k; trace[d]: v's diagonals -d...d after d edits.
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        var found = false
        for d in 0...limit {
            for k in stride(from: -d, through: d, by: 2) {
                var x = k == -d || (k != d && v[k - 1 + offset] < v[k + 1 + offset]) ? v[k + 1 + offset] : v[k - 1 + offset] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[k + offset] = x
                if x >= n && y >= m { found = true }
            }
            trace.append(Array(v[(offset - d)...(offset + d)]))
            if found { break }
        }
        // Walk back from (n, m) through the furthest points of each d.
        var ops: [Op] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let k = x - y
            var prevX = 0, prevY = 0
            if d > 0 {
                let before = trace[d - 1]   // diagonals -(d-1)...(d-1)
                func at(_ k: Int) -> Int { before[k + d - 1] }
                let prevK = k == -d || (k != d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1
                prevX = at(prevK)
                prevY = prevX - prevK
            }
            while x > prevX && y > prevY {
                ops.append(.keep)
                x -= 1
                y -= 1
            }
            if d > 0 {
                if x == prevX {
                    ops.append(.insert)
                    y -= 1
                } else {
                    ops.append(.delete)
                    x -= 1
                }
            }
        }
        return ops.reversed()
    }
}

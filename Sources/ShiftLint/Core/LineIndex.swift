/// Where each line of a file starts, to convert between byte offsets and clang's 1-based line
/// and byte column (a tab counts as one column).
public struct LineIndex: Sendable {
    /// Byte offsets of the line starts; the first is 0.
    public private(set) var starts: [Int] = [0]
    /// The file's size in bytes.
    public let count: Int

    public init<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        count = bytes.count
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
    }

    /// 1-based line and byte column of an offset.
    public func lineColumn(_ offset: Int) -> (line: Int, column: Int) {
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return (lo + 1, offset - starts[lo] + 1)
    }

    /// The offset of a 1-based line and byte column; nil outside the file or past the line's end.
    public func offset(line: Int, column: Int) -> Int? {
        guard line >= 1, line <= starts.count, column >= 1 else { return nil }
        let o = starts[line - 1] + column - 1
        let lineEnd = line < starts.count ? starts[line] - 1 : count
        return o <= lineEnd ? o : nil
    }
}

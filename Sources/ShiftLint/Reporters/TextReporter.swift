/// Clang's diagnostic format: `file:line:col: warning: message [check]`, the source line,
/// a caret line (`~` under the operands, `^` at the operator), the fix-it line, then notes.
public enum TextReporter {
    public static func render(_ findings: [Finding], color: Bool) -> String {
        var out = ""
        for f in findings {
            let label: String
            switch f.severity {
            case .error: label = paint("error:", "1;31", color)
            case .warning: label = paint("warning:", "1;35", color)
            case .note: label = paint("note:", "1;30", color)
            }
            let message = f.message + (f.fixNote.map { " (no fix: \($0))" } ?? "")
            out +=
                paint("\(f.file):\(f.line):\(f.column):", "1", color) + " \(label) " + paint(message, "1", color)
                + " [\(f.check.rawValue)]\n"
            if let line = f.sourceLine {
                out += snippet(
                    line: line, caret: f.column, highlights: f.highlights,
                    fix: f.fixes.first { $0.file == f.file && $0.line == f.line }, color: color)
            }
            for note in f.notes {
                if let file = note.file, let line = note.line, let column = note.column {
                    out +=
                        paint("\(file):\(line):\(column):", "1", color) + " " + paint("note:", "1;30", color)
                        + " \(note.message)\n"
                    if let source = note.sourceLine {
                        out += snippet(
                            line: source, caret: column, highlights: [],
                            fix: f.fixes.first { $0.file == file && $0.line == line }, color: color)
                    }
                } else {
                    out += paint("note:", "1;30", color) + " \(note.message)\n"
                }
            }
            if let c = f.confirmation {
                out += paint("note:", "1;30", color) + (c.confirmed ? " confirmed by UBSAN: \(c.detail)\n" : " \(c.detail)\n")
            }
            // A fix elsewhere (e.g. in the macro definition) that no note showed.
            for fix in f.fixes
            where !(fix.file == f.file && fix.line == f.line)
                && !f.notes.contains(where: { $0.file == fix.file && $0.line == fix.line && $0.sourceLine != nil })
            {
                out +=
                    paint("\(fix.file):\(fix.line):\(fix.column):", "1", color) + " " + paint("note:", "1;30", color)
                    + " fix: replace with '\(fix.replacement)'"
                    + (fix.sibling.map { " (sibling \($0), for a uniform family)" } ?? "") + "\n"
            }
        }
        return out
    }

    static func paint(_ s: String, _ code: String, _ on: Bool) -> String {
        on ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    /// Expands tabs to 8-column stops as clang does and maps byte columns to display columns.
    static func displayColumns(_ line: String) -> (text: String, columnOf: (Int) -> Int) {
        var text = ""
        var map: [Int] = []   // byte index -> display column (0-based)
        var col = 0
        for scalar in line.unicodeScalars {
            let width = String(scalar).utf8.count
            for _ in 0..<width { map.append(col) }
            if scalar == "\t" {
                let next = (col / 8 + 1) * 8
                text += String(repeating: " ", count: next - col)
                col = next
            } else {
                text.unicodeScalars.append(scalar)
                col += 1
            }
        }
        let end = col
        return (
            text,
            { byteColumn in
                let i = byteColumn - 1
                return i >= 0 && i < map.count ? map[i] : end + max(0, i - map.count)
            }
        )
    }

    static func snippet(line: String, caret: Int, highlights: [Range<Int>], fix: Fix?, color: Bool) -> String {
        let (text, col) = displayColumns(line)
        var marks: [Character] = []
        func put(_ at: Int, _ c: Character) {
            while marks.count <= at { marks.append(" ") }
            marks[at] = c
        }
        for h in highlights {
            let from = col(h.lowerBound), to = col(h.upperBound)
            if to > from { for i in from..<to { put(i, "~") } }
        }
        put(col(caret), "^")
        var out = text + "\n" + paint(String(marks).replacingTrailingSpaces(), "1;32", color) + "\n"
        if let fix {
            out += String(repeating: " ", count: col(fix.column)) + paint(fix.replacement, "32", color) + "\n"
        }
        return out
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// `--format github`: GitHub Actions workflow commands, one per finding, which the runner turns
/// into annotations on the run and on the pull request's diff:
///
///     ::warning file=fs/iomap/direct-io.c,line=26,col=29,title=shiftlint [shift-sign-overflow]::signed shift ...
///
/// `error`, `warning` or `notice` from the severity; the column is the byte column of the
/// other formats. The notes follow the message on lines of their own.
public enum GitHubReporter {
    public static func render(_ findings: [Finding]) -> String {
        var out = ""
        for f in findings {
            let command: String
            switch f.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .note: command = "notice"
            }
            var message = f.message + (f.fixNote.map { " (no fix: \($0))" } ?? "")
            for note in f.notes {
                if let file = note.file, let line = note.line {
                    message += "\nnote: \(file):\(line):" + (note.column.map { "\($0):" } ?? "") + " \(note.message)"
                } else {
                    message += "\nnote: \(note.message)"
                }
            }
            if let c = f.confirmation {
                message += c.confirmed ? "\nnote: confirmed by UBSAN: \(c.detail)" : "\nnote: \(c.detail)"
            }
            let properties = [
                "file=" + property(f.file), "line=\(f.line)", "col=\(f.column)", "title=" + property("shiftlint [\(f.check)]"),
            ]
            out += "::\(command) \(properties.joined(separator: ","))::\(data(message))\n"
        }
        return out
    }

    /// A command's data (the message), escaped as the runner unescapes it: `%`, CR and LF.
    public static func data(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A property's value: as data, and `:` and `,` too, which end a property.
    public static func property(_ s: String) -> String {
        var out = ""
        for c in data(s).unicodeScalars {
            switch c {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

/// Splits a shell command line into words the way a POSIX shell would for simple
/// commands: whitespace separates, single quotes are literal, double quotes allow `\`
/// escapes of `"`, `\`, `$` and backquote, and a backslash outside quotes escapes the next
/// character. Used for kbuild `.cmd` files and `compile_commands.json` `command` strings.
public enum ShellWords {
    public struct Unterminated: Error, CustomStringConvertible {
        public var description: String { "unterminated quote in command line" }
    }

    public static func split(_ line: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escape = false
        for c in line {
            if escape {
                if quote == "\"" && !"\"\\$`\n".contains(c) { current.append("\\") }
                if c != "\n" { current.append(c) }
                escape = false
                inWord = true
                continue
            }
            switch quote {
            case "'":
                if c == "'" { quote = nil } else { current.append(c) }
            case "\"":
                if c == "\"" { quote = nil } else if c == "\\" { escape = true } else { current.append(c) }
            default:
                if c == "'" || c == "\"" {
                    quote = c; inWord = true
                } else if c == "\\" {
                    escape = true
                } else if c == " " || c == "\t" || c == "\n" {
                    if inWord { words.append(current); current = ""; inWord = false }
                } else {
                    current.append(c); inWord = true
                }
            }
        }
        if quote != nil || escape { throw Unterminated() }
        if inWord { words.append(current) }
        return words
    }

    /// The compiler flags of a compile command: drops the compiler itself, `-c`, `-o FILE`,
    /// dependency-file options (`-Wp,-MMD,...`, `-MD`, `-MF FILE`, ...) and the source file.
    public static func compilerFlags(_ words: [String], source: String) -> [String] {
        var out: [String] = []
        var i = words.isEmpty ? 0 : 1
        while i < words.count {
            let w = words[i]
            i += 1
            if w == "-c" || w == "-MD" || w == "-MMD" || w == "-MP" || w.hasPrefix("-Wp,-M") { continue }
            if w == "-o" || w == "-MF" || w == "-MT" || w == "-MQ" { i += 1; continue }
            if w == source || w.hasSuffix("/" + source) || source.hasSuffix("/" + w) { continue }
            out.append(w)
        }
        return out
    }
}

import Foundation

/// kbuild's checker convention, `make C=1 CHECK=shiftlint` (and `C=2`): kbuild runs
/// `$(CHECK) $(CHECKFLAGS) $(c_flags) file.c` for every file it compiles (scripts/Makefile.build,
/// as for sparse), so the command line is a compiler's, with shiftlint's own options (`--werror`,
/// from `CHECK="shiftlint --werror"`) in front. Recognized by compiler flags without `--`.
struct KbuildChecker {
    var own: [String] = []
    var files: [String] = []
    var compilerArguments: [String] = []

    /// shiftlint's options that take a value, and its flags (the others are the compiler's).
    static let ownValued: Set<String> = [
        "--format", "--checks", "--jobs", "-j", "--file-timeout", "--memory-limit", "-p", "--config", "--policy", "--fail-on",
    ]
    static let ownFlags: Set<String> = [
        "--verbose", "--confirm", "--werror", "--in-process", "--color", "--no-color", "--help", "-h", "--version",
        "--no-config", "--quiet",
    ]
    /// Compiler options whose value is the next word (a path must not be taken for an input).
    static let compilerValued: Set<String> = [
        "-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-I", "-D", "-U", "-o", "-MF", "-MT", "-MQ", "-x",
        "-arch", "--param", "-Xclang", "-target", "-isysroot", "--sysroot",
    ]

    /// The split of a checker invocation, or nil when this is an ordinary command line.
    static func parse(_ args: [String]) -> KbuildChecker? {
        guard !args.contains("--"), args.contains(where: isCompilerFlag) else { return nil }
        var c = KbuildChecker()
        var i = 0
        while i < args.count {
            let a = args[i]
            i += 1
            let name = a.split(separator: "=", maxSplits: 1).first.map(String.init) ?? a
            if ownFlags.contains(a) || (ownValued.contains(name) && a.contains("=")) {
                c.own.append(a)
            } else if ownValued.contains(a), i < args.count {
                c.own += [a, args[i]]
                i += 1
            } else if compilerValued.contains(a), i < args.count {
                c.compilerArguments += [a, args[i]]
                i += 1
            } else if !a.hasPrefix("-") && (a.hasSuffix(".c") || a.hasSuffix(".h")) {
                c.files.append(a)
            } else {
                c.compilerArguments.append(a)
            }
        }
        return c
    }

    static func isCompilerFlag(_ a: String) -> Bool {
        ["-D", "-U", "-I", "-W", "-f", "-m", "-O", "-std=", "-nostdinc", "-include", "-isystem", "--arch="].contains {
            a.hasPrefix($0)
        }
    }

    /// The build's id for `CheckerState`: the outermost `make` among this process's
    /// ancestors (kbuild's sub-makes run under it), with its start time so that a reused pid
    /// is a new build. Without a make above, every invocation is a build of its own.
    static var buildID: String {
        var pid = getppid()
        var outermost: String?
        while pid > 1, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
        {
            let comm = stat[stat.index(after: open)..<close]
            // After the command: state, ppid, ..., and the start time as field 22.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if comm == "make" || comm == "gmake", fields.count > 19 { outermost = "\(pid)@\(fields[19])" }
            guard fields.count > 1, let parent = Int32(fields[1]) else { break }
            pid = parent
        }
        return outermost ?? "process \(getpid())"
    }
}

import Foundation

/// One translation unit to analyze: a file and the compiler arguments it is parsed with.
/// A run is a list of them (today every file has the run's arguments; a compile database
/// gives each its own).
public struct CompileJob: Hashable, Sendable {
    public var file: String
    public var arguments: [String]

    public init(file: String, arguments: [String]) {
        self.file = file
        self.arguments = arguments
    }
}

/// The target of each distinct argument list, probed once (`TargetProbe`), with the
/// arguments libclang is actually given: gcc-only flags clang's driver rejects are dropped,
/// as clangd drops them.
struct TargetCache {
    struct Entry {
        var model: TargetModel
        var triple: String
        /// What the parser is given.
        var arguments: [String]
    }

    private struct Probed {
        var model: TargetModel
        var triple: String
        var rejected: Set<String>
    }

    let verbose: Bool
    private var probes: [[String]: Probed] = [:]

    init(verbose: Bool) { self.verbose = verbose }

    /// Warning flags only gcc knows (kbuild has many) must not turn into errors under -Werror.
    static let extra = ["-Wno-unknown-warning-option", "-Wno-ignored-optimization-argument"]

    /// The target for `arguments`. The probe depends only on the arguments that can change the
    /// ABI or that clang's driver may reject, not on macros and include paths, which differ
    /// per file in a compile database (`-DKBUILD_MODNAME=...`) and change neither: a run probes
    /// once per distinct rest. The first probe of each adds its notes to `report`.
    mutating func target(for arguments: [String], report: inout AnalysisReport) -> Entry {
        let key = Self.probeKey(arguments + Self.extra)
        let probed = probes[key] ?? probe(key, report: &report)
        return Entry(
            model: probed.model, triple: probed.triple,
            arguments: (arguments + Self.extra).filter { !probed.rejected.contains($0) })
    }

    private mutating func probe(_ key: [String], report: inout AnalysisReport) -> Probed {
        let probed: Probed
        if let probe = TargetProbe.probe(arguments: key) {
            if !probe.rejectedArguments.isEmpty && verbose {
                report.notes.append(
                    "ignoring arguments clang does not support: \(probe.rejectedArguments.sorted().joined(separator: " "))")
            }
            probed = Probed(model: probe.model, triple: probe.triple, rejected: probe.rejectedArguments)
        } else {
            report.notes.append("could not probe the target with the given arguments; assuming LP64")
            probed = Probed(model: .lp64, triple: "", rejected: [])
        }
        if probes.isEmpty { report.target = probed.triple }
        probes[key] = probed
        return probed
    }

    /// The arguments without macro definitions, include paths and forced includes.
    static func probeKey(_ args: [String]) -> [String] {
        let valued: Set<String> = ["-D", "-U", "-I", "-include", "-imacros", "-isystem", "-iquote", "-idirafter"]
        var out: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            i += 1
            if valued.contains(a) {
                i += 1
            } else if !(a.hasPrefix("-D") || a.hasPrefix("-U") || a.hasPrefix("-I")) {
                out.append(a)
            }
        }
        return out
    }
}

extension CompileJob {
    /// Options whose argument is a path, relative to the command's directory.
    static let pathOptions = ["-I", "-isystem", "-iquote", "-idirafter", "-include", "-imacros", "-isysroot", "--sysroot"]

    /// The job of a compile-database entry: the compiler, the source file, `-c`, `-o FILE` and
    /// dependency-file options dropped (as for kbuild's `.cmd` files), and every relative path
    /// an option names made absolute against the entry's directory, since libclang resolves
    /// them against this process's directory, not the build's.
    public init(command: CompilationDatabase.Command) {
        let name = (command.file as NSString).lastPathComponent
        let flags = ShellWords.compilerFlags(command.words, source: name).filter { $0 != command.file }
        func absolute(_ p: String) -> String {
            p.hasPrefix("/") || p.isEmpty
                ? p : URL(fileURLWithPath: command.directory).appendingPathComponent(p).standardized.path
        }
        var out: [String] = []
        var i = 0
        while i < flags.count {
            let f = flags[i]
            i += 1
            if Self.pathOptions.contains(f), i < flags.count {
                out += [f, absolute(flags[i])]
                i += 1
            } else if let option = Self.pathOptions.first(where: {
                f.hasPrefix($0) && f.count > $0.count && !f.hasPrefix($0 + "=")
            }),
                option == "-I"
            {
                out.append(option + absolute(String(f.dropFirst(option.count))))
            } else if f.hasPrefix("--sysroot=") {
                out.append("--sysroot=" + absolute(String(f.dropFirst("--sysroot=".count))))
            } else {
                out.append(f)
            }
        }
        self.init(file: command.file, arguments: out)
    }
}

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

    let verbose: Bool
    private var entries: [[String]: Entry] = [:]

    init(verbose: Bool) { self.verbose = verbose }

    /// The target for `arguments`; the first probe of an argument list adds its notes to `report`.
    mutating func target(for arguments: [String], report: inout AnalysisReport) -> Entry {
        if let known = entries[arguments] { return known }
        // Warning flags only gcc knows (kbuild has many) must not turn into errors under -Werror.
        var args = arguments + ["-Wno-unknown-warning-option", "-Wno-ignored-optimization-argument"]
        let entry: Entry
        if let probe = TargetProbe.probe(arguments: args) {
            if !probe.rejectedArguments.isEmpty {
                args = args.filter { !probe.rejectedArguments.contains($0) }
                if verbose {
                    report.notes.append(
                        "ignoring arguments clang does not support: \(probe.rejectedArguments.sorted().joined(separator: " "))")
                }
            }
            entry = Entry(model: probe.model, triple: probe.triple, arguments: args)
        } else {
            report.notes.append("could not probe the target with the given arguments; assuming LP64")
            entry = Entry(model: .lp64, triple: "", arguments: args)
        }
        if entries.isEmpty { report.target = entry.triple }
        entries[arguments] = entry
        return entry
    }
}

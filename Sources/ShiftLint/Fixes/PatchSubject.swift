/// A subject line for a patch of fixes, in the style of the kernel's history: the subsystem
/// (the changed file's directory), then what changed, as in Linux's commit 44842f647346
/// "iomap: use an unsigned type for IOMAP_DIO_* defines".
public enum PatchSubject {
    /// `paths`: the changed files, relative to the repository root. `defines`: the names of
    /// the changed defines. `onlyDefines`: whether every edit is in a define's body.
    public static func suggest(paths: [String], defines: [String], onlyDefines: Bool) -> String {
        let names = unique(defines)
        let what: String
        if onlyDefines && names.count == 1 {
            what = "use an unsigned type for \(names[0])"
        } else if onlyDefines, let prefix = commonPrefix(names) {
            what = "use an unsigned type for \(prefix)_* defines"
        } else if onlyDefines && names.count <= 3 && !names.isEmpty {
            what = "use unsigned types for " + list(names)
        } else if onlyDefines {
            what = "use unsigned types for shifted flag defines"
        } else {
            what = "avoid undefined behaviour in shifts"
        }
        let area = subsystem(paths)
        return area.isEmpty ? what : "\(area): \(what)"
    }

    /// The last component of the changed files' directory (of their deepest common directory
    /// when there are several); empty for files at the root.
    static func subsystem(_ paths: [String]) -> String {
        let dirs = unique(paths).map { $0.split(separator: "/", omittingEmptySubsequences: true).dropLast().map(String.init) }
        guard var common = dirs.first else { return "" }
        for d in dirs.dropFirst() {
            common = Array(zip(common, d).prefix { $0.0 == $0.1 }.map(\.0))
        }
        return common.last ?? ""
    }

    /// The `_`-separated components all names share (`IOMAP_DIO` of `IOMAP_DIO_WRITE` and
    /// `IOMAP_DIO_DIRTY`), when it leaves every name a component of its own.
    static func commonPrefix(_ names: [String]) -> String? {
        let parts = names.map { $0.split(separator: "_", omittingEmptySubsequences: false).map(String.init) }
        guard var common = parts.first, names.count > 1 else { return nil }
        for p in parts.dropFirst() {
            common = Array(zip(common, p).prefix { $0.0 == $0.1 }.map(\.0))
        }
        guard parts.allSatisfy({ $0.count > common.count }), common.contains(where: { !$0.isEmpty }) else { return nil }
        return common.joined(separator: "_")
    }

    private static func list(_ names: [String]) -> String {
        names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
    }

    private static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}

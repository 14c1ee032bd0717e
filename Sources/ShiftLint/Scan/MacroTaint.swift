/// Which parameters of a function-like macro reach a shift's operands: those spelled in the
/// expression around a shift of its body, or passed where another macro's such parameter
/// is. A use `F(args)` can make a shift undefined only through those parameters' arguments
/// (a shift that depends on none of them is the definition's own finding): `WARN_ON(x > 0)`
/// passes its condition to no shift, `BUGFLAG_TAINT(t)` (`(t) << 8`) does. Computed over
/// every definition of the name in the tree (a superset: visibility is not asked), once per
/// thread.
final class MacroTaint {
    let index: TreeIndex
    unowned let reader: SymbolReader
    private var cache: [UInt64: Set<Int>] = [:]
    /// Macros that paste (`##`) a parameter reaching a shift into a name (`GEM_##name##_SIZE`):
    /// any identifier argument there may make a known name.
    private(set) var pastes = Set<UInt64>()
    private var inProgress = Set<UInt64>()
    /// The names whose definitions each answer read (the name, and the macros its bodies
    /// call): the scan's cache re-analyzes a file when one of them changes.
    private(set) var dependencies: [UInt64: Set<UInt64>] = [:]
    private var reading: [Set<UInt64>] = []
    /// What a macro under evaluation (a recursive chain) is taken to taint: all of it.
    static let all = Set(0..<256)

    init(index: TreeIndex, reader: SymbolReader) {
        self.index = index
        self.reader = reader
    }

    /// The indices of `name`'s parameters that reach a shift (`__VA_ARGS__` is the last).
    func parameters(of name: String) -> Set<Int> {
        let hash = nameHash(name)
        if let known = cache[hash] {
            if !reading.isEmpty { reading[reading.count - 1].formUnion(dependencies[hash] ?? [hash]) }
            return known
        }
        guard index.shiftingFunctionLike.contains(hash) else { return [] }
        guard inProgress.insert(hash).inserted else { return MacroTaint.all }
        reading.append([hash])
        defer {
            inProgress.remove(hash)
            let read = reading.removeLast()
            dependencies[hash] = read
            if !reading.isEmpty { reading[reading.count - 1].formUnion(read) }
        }
        var tainted = Set<Int>()
        for i in index.symbols(named: hash) where index.symbols[Int(i)].kind == .functionMacro {
            guard let d = reader.macro(i) else { continue }
            let own = parameters(of: d)
            tainted.formUnion(own)
            if !own.isEmpty, d.body.contains(where: { $0.spelling == "##" }) { pastes.insert(hash) }
        }
        cache[hash] = tainted
        return tainted
    }

    private func parameters(of d: MacroDefinition) -> Set<Int> {
        let body = d.body
        var position: [String: Int] = [:]
        for (k, p) in d.parameters.enumerated() { position[p] = k }
        var tainted = Set<Int>()
        func mark(_ range: Range<Int>) {
            for t in body[range] where t.kind == .identifier { if let k = position[t.spelling] { tainted.insert(k) } }
        }
        for (k, t) in body.enumerated() {
            if t.kind == .punctuation, ShiftOperator(rawValue: t.spelling) != nil {
                mark(MacroTaint.window(body, around: k))
            } else if t.kind == .identifier, k + 1 < body.count, body[k + 1].spelling == "(", t.spelling != d.name,
                index.shiftingFunctionLike.contains(nameHash(t.spelling))
            {
                let through = parameters(of: t.spelling)
                guard !through.isEmpty else { continue }
                for (a, argument) in MacroTaint.arguments(body, open: k + 1).enumerated() where through.contains(a) {
                    mark(argument)
                }
            }
        }
        // A variadic parameter stands for every argument from its position on.
        if d.isVariadic, let last = d.parameters.indices.last, tainted.contains(last) {
            tainted.formUnion(last..<MacroTaint.all.count)
        }
        return tainted
    }

    /// The arguments of the call whose `(` is at `open`, as ranges (commas inside brackets
    /// do not split).
    static func arguments(_ tokens: [Token], open: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var depth = 0
        var start = open + 1
        var i = open + 1
        while i < tokens.count {
            let s = tokens[i].spelling
            if s == "(" || s == "[" || s == "{" {
                depth += 1
            } else if s == ")" || s == "]" || s == "}" {
                if depth == 0 {
                    out.append(start..<i)
                    return out
                }
                depth -= 1
            } else if s == ",", depth == 0 {
                out.append(start..<i)
                start = i + 1
            }
            i += 1
        }
        out.append(start..<tokens.count)
        return out
    }

    /// The expression around the token at `k`: out to the nearest separator or unmatched
    /// bracket on either side (as the scan's code windows).
    static func window(_ tokens: [Token], around k: Int) -> Range<Int> {
        func isSeparator(_ s: String) -> Bool {
            [";", "{", "}", ",", "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "return", "case"]
                .contains(s)
        }
        var lo = k
        var depth = 0
        while lo > 0 {
            let s = tokens[lo - 1].spelling
            if s == ")" || s == "]" {
                depth += 1
            } else if s == "(" || s == "[" {
                if depth == 0 { break }
                depth -= 1
            } else if depth == 0 && isSeparator(s) {
                break
            }
            lo -= 1
        }
        var hi = k + 1
        depth = 0
        while hi < tokens.count {
            let s = tokens[hi].spelling
            if s == "(" || s == "[" {
                depth += 1
            } else if s == ")" || s == "]" {
                if depth == 0 { break }
                depth -= 1
            } else if depth == 0 && isSeparator(s) {
                break
            }
            hi += 1
        }
        return lo..<hi
    }
}

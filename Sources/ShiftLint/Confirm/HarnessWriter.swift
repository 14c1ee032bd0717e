/// Writes the C text a `--confirm` harness needs to evaluate a `#define` on its own: the
/// macros it reaches, and the typedefs and enum constants they name.
enum HarnessWriter {
    /// The definitions a standalone harness needs to expand the object-like macro `name`, as C
    /// text. Nil when one of them cannot be written out faithfully (an ambiguous macro, a
    /// non-integer typedef, an enum constant of another type than `int`).
    static func prelude(for name: String, context: EvaluationContext) -> String? {
        var macros: [MacroDefinition] = []
        var typedefNames = Set<String>(), enumNames = Set<String>()
        var visited = Set<String>()
        var queue = [name]
        while let n = queue.popLast() {
            guard visited.insert(n).inserted, let entry = context.macros.lookup(n) else { continue }
            guard let def = entry else { return nil }
            if def.position.file != "<built-in>" { macros.append(def) }
            for t in def.body where t.isWord {
                if context.macros.lookup(t.spelling) != nil {
                    queue.append(t.spelling)
                } else if context.typedefs[t.spelling] != nil {
                    typedefNames.insert(t.spelling)
                } else if context.enumConstants[t.spelling] != nil {
                    enumNames.insert(t.spelling)
                }
            }
        }
        var out = ""
        for t in typedefNames.sorted() {
            guard let type = context.typedefs[t]?.integerType else { return nil }
            out += "typedef \(type) \(t);\n"
        }
        for e in enumNames.sorted() {
            guard let c = context.enumConstants[e], c.type == context.target.int, let v = c.value else { return nil }
            out += "enum { \(e) = \(v) };\n"
        }
        for m in macros.reversed() {
            var params = ""
            if m.isFunctionLike {
                let names = m.parameters.enumerated().map { i, p -> String in
                    guard m.isVariadic && i == m.parameters.count - 1 else { return p }
                    return p == "__VA_ARGS__" ? "..." : p + "..."
                }
                params = "(" + names.joined(separator: ", ") + ")"
            }
            out += "#define \(m.name)\(params) \(m.body.map(\.spelling).joined(separator: " "))\n"
        }
        return out
    }
}

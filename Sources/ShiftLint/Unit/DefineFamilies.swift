/// The families of flag defines in the input files, for `--fix-scope family`.
///
/// Maintainers fix a block of flags as a whole: Linux's commit 44842f647346 ("iomap: use an
/// unsigned type for IOMAP_DIO_* defines") turned all four of
///
///     #define IOMAP_DIO_WRITE_FUA	(1 << 28)
///     ...
///     #define IOMAP_DIO_DIRTY		(1 << 31)
///
/// into `1U`, though only `1 << 31` is undefined (C11 §6.5.7p4). A *flag define* is an
/// object-like `#define` whose body is, within at most one pair of parentheses, a left shift of
/// an integer literal by one constant token (`(1 << 28)`, `(0x3 << FOO_SHIFT)`). A flag
/// define's family is every other flag define of the same file that
///
/// - is in the same block of `#define` lines (consecutive lines that are `#define`s or only
///   comments; a blank line or any other line ends the block), or
/// - shares its name's prefix (the name up to its last `_`: `IOMAP_DIO_`),
///
/// and whose literal has the same signed type (the same flag space: `1L << 40` is not a
/// sibling of `1 << 31`, and `1U << 3` is already unsigned). Anything else in the block
/// (masks built from the flags, counts, function-like macros) is not a member and is left
/// alone. Whether a member is edited is the planner's decision (`Fixes/FixPlanner.swift`).
final class DefineFamilies {
    private let index: UnitIndex
    private var files: UnitFiles { index.files }
    /// The input files' flag defines by file (as libclang names it), in file order.
    private var flagsByFile: [String: [FlagDefine]] = [:]
    lazy var definitionsByKey: [String: MacroDefinition] = Dictionary(
        index.defines.map { ($0.key, $0.definition) }, uniquingKeysWith: { first, _ in first })

    private struct FlagDefine {
        var name: String
        var key: String
        var line: Int
        var literal: IntegerLiteral
        var literalAt: SourcePosition
        var count: Int
        var shift: SpelledShift?
    }

    init(index: UnitIndex) {
        self.index = index
    }

    /// The other members of the family of the define with this definition key; empty when
    /// it is not a flag define (or not an input define this unit evaluated).
    func members(ofDefine key: String) -> [FamilyMember] {
        guard let definition = definitionsByKey[key] else { return [] }
        let file = definition.position.file
        let flags = flagDefines(in: file)
        guard let own = flags.first(where: { $0.key == key }), own.literal.type.isSigned else { return [] }
        let block = defineBlock(around: own.line, in: file)
        let prefix = Self.namePrefix(own.name)
        return flags.filter { f in
            f.key != key && f.literal.type == own.literal.type
                && (block.contains(f.line) || prefix.map { f.name.hasPrefix($0) } == true)
        }.map { f in
            FamilyMember(
                name: f.name, definitionKey: f.key, literal: f.literal, at: files.displayed(f.literalAt), count: f.count,
                shift: f.shift)
        }
    }

    /// The name up to and including its last `_` (`IOMAP_DIO_` of `IOMAP_DIO_DIRTY`), when
    /// that leaves a word on both sides; nil for `FLAGS` or `__FLAG`.
    static func namePrefix(_ name: String) -> String? {
        guard let last = name.lastIndex(of: "_") else { return nil }
        let prefix = name[...last]
        let rest = name[name.index(after: last)...]
        guard !rest.isEmpty, prefix.contains(where: { $0 != "_" }) else { return nil }
        return String(prefix)
    }

    private func flagDefines(in file: String) -> [FlagDefine] {
        if let known = flagsByFile[file] { return known }
        let evaluator = Evaluator(context: index.context)
        var flags: [FlagDefine] = []
        for (definition, key) in index.defines where definition.position.file == file {
            guard Self.hasFlagShape(definition.body) else { continue }
            // The evaluator gives the count's value (a literal, an enum constant, a macro) and
            // the literal's type and place, exactly as for the define's own finding.
            let sites = evaluator.evaluate(definition.body).sites
            guard sites.count == 1, let site = sites.first, site.frames.isEmpty, site.facts.op == .left,
                let literal = site.leftLiteral, let at = site.leftLiteralPosition,
                let count = site.facts.count.value, count >= 0, count < 128
            else { continue }
            let shift = site.position.flatMap { op in
                files.file(file).flatMap { ShiftSpelling.inTokens(definition.body, operatorAt: op, literalAt: at, source: $0) }
            }
            flags.append(
                FlagDefine(
                    name: definition.name, key: key, line: definition.position.line, literal: literal, literalAt: at,
                    count: Int(count),
                    shift: shift.map {
                        SpelledShift(start: files.displayed($0.start), end: files.displayed($0.end), count: $0.count)
                    }))
        }
        flagsByFile[file] = flags
        return flags
    }

    /// `LITERAL << TOKEN`, within at most one pair of parentheses.
    static func hasFlagShape(_ body: [Token]) -> Bool {
        var tokens = body.filter { $0.kind != .comment }
        if tokens.count == 5, tokens.first?.spelling == "(", tokens.last?.spelling == ")" {
            tokens = Array(tokens[1..<4])
        }
        guard tokens.count == 3 else { return false }
        return tokens[0].kind == .literal && tokens[1].spelling == "<<"
            && (tokens[2].kind == .literal || tokens[2].kind == .identifier)
    }

    /// The lines of the block of `#define` lines around `line`: consecutive lines that are
    /// `#define`s or hold only comments.
    private func defineBlock(around line: Int, in file: String) -> ClosedRange<Int> {
        guard let source = files.file(file) else { return line...line }
        func inBlock(_ n: Int) -> Bool {
            guard let text = source.line(n) else { return false }
            return Self.isDefineLine(text) || Self.isCommentLine(text)
        }
        var lo = line, hi = line
        while lo > 1, inBlock(lo - 1) { lo -= 1 }
        while inBlock(hi + 1) { hi += 1 }
        return lo...hi
    }

    /// `#define` (spaces allowed around `#`, as C11 §6.10p2 lets directives be spelled).
    static func isDefineLine(_ text: String) -> Bool {
        let t = text.drop { $0 == " " || $0 == "\t" }
        guard t.first == "#" else { return false }
        return t.dropFirst().drop { $0 == " " || $0 == "\t" }.hasPrefix("define")
    }

    /// A line of a comment only: `// ...`, `/* ... */`, or the inside or end of a block comment.
    static func isCommentLine(_ text: String) -> Bool {
        let t = text.drop { $0 == " " || $0 == "\t" }
        return t.hasPrefix("//") || t.hasPrefix("/*") || t.hasPrefix("*")
    }
}

import Foundation

/// The names one file of the scan can see: for each name, its distinct visible definitions in
/// the tree (`TreeIndex.isVisible`). Shared by the evaluations of the file's worlds.
final class ScanScope {
    let index: TreeIndex
    let reader: SymbolReader
    let file: Int32
    private var candidates: [UInt64: [Int32]] = [:]
    /// Enumerations' values, by the enumeration's file and offset, per target width of `long`.
    private var enums: [String: [String: CValue]] = [:]
    private var enumsInProgress = Set<String>()
    /// Names looked up by the scopes this one made to value enumerations of other files.
    private var consultedElsewhere = Set<UInt64>()

    init(index: TreeIndex, reader: SymbolReader, file: Int32) {
        self.index = index
        self.reader = reader
        self.file = file
    }

    /// Every name looked up through this scope (and the scopes it made to value enumerations
    /// of other files), defined in the tree or not: the file's result depends on these names'
    /// definitions only, which is what the scan's cache checks (docs/cache.md).
    var consulted: Set<UInt64> { consultedElsewhere.union(candidates.keys) }

    /// Names the file's result depends on without a lookup here (`MacroTaint`'s answers).
    func noteConsulted(_ names: Set<UInt64>) { consultedElsewhere.formUnion(names) }

    /// The visible definitions of a name, one per distinct text (a macro defined the same way
    /// in two headers is one candidate).
    func candidates(_ name: String) -> [Int32] {
        let hash = nameHash(name)
        if let known = candidates[hash] { return known }
        var seen = Set<String>()
        var out: [Int32] = []
        for i in index.symbols(named: hash).reversed() {
            let s = index.symbols[Int(i)]
            guard index.isVisible(s, from: file) else { continue }
            guard let key = reader.contentKey(i) else { continue }
            if seen.insert(key).inserted { out.append(i) }
        }
        candidates[hash] = out
        return out
    }

    /// The values of the enumeration holding symbol `i`, for a target; nil while it is being
    /// computed (an enumerator naming a later one).
    func enumValues(_ i: Int32, target: TargetModel) -> [String: CValue]? {
        let s = index.symbols[Int(i)]
        let key = "\(s.file):\(s.start):\(target.long.width)"
        if let known = enums[key] { return known }
        guard enumsInProgress.insert(key).inserted else { return nil }
        defer { enumsInProgress.remove(key) }
        var values: [String: CValue] = [:]
        guard let list = reader.enumerators(i) else { return nil }
        // C11 §6.7.2.2p3: an enumerator without `=` is the previous one plus 1, the first 0;
        // each is an `int` (a value `int` cannot hold is a GNU extension we do not model).
        let scope = s.file == file ? self : ScanScope(index: index, reader: reader, file: s.file)
        var next: Int128? = 0
        for (name, initializer) in list {
            var value = next
            if !initializer.isEmpty {
                let world = ScanWorld(scope: scope, target: target, assignment: [:])
                let evaluation = Evaluator(context: world.context).evaluate(initializer)
                value = world.open == nil ? evaluation.value?.value : nil
            }
            if let v = value, target.int.contains(v) {
                values[name] = CValue(type: target.int, value: v)
                next = v + 1
            } else {
                next = nil
            }
        }
        if scope !== self { consultedElsewhere.formUnion(scope.consulted) }
        enums[key] = values
        return values
    }
}

/// One configuration of the names an evaluation meets: for each name with several visible
/// definitions, which one (`assignment`, by candidate index). The first such name the
/// evaluation meets that the assignment does not fix is `open`: the scan then evaluates again
/// once per candidate, and reports only what every configuration makes undefined.
final class ScanWorld: @unchecked Sendable {
    let scope: ScanScope
    let target: TargetModel
    let assignment: [UInt64: Int]
    private(set) var open: (name: String, count: Int)?
    /// The names with several definitions the evaluation used, with where they are defined.
    private(set) var ambiguous: [String: [Int32]] = [:]
    private var typedefDepth = 0

    init(scope: ScanScope, target: TargetModel, assignment: [UInt64: Int]) {
        self.scope = scope
        self.target = target
        self.assignment = assignment
    }

    var context: EvaluationContext {
        var c = EvaluationContext(target: target, macros: MacroTable { [unowned self] in self.macros($0) })
        c.typedefLookup = { [unowned self] in self.typedef($0) }
        c.enumConstantLookup = { [unowned self] in self.enumConstant($0) }
        return c
    }

    /// The definition of `name` in this configuration, or nil when it has none.
    private func chosen(_ name: String) -> Int32? {
        let candidates = scope.candidates(name)
        guard let first = candidates.first else { return nil }
        if candidates.count == 1 { return first }
        ambiguous[name] = candidates
        if let k = assignment[nameHash(name)], k < candidates.count { return candidates[k] }
        if open == nil { open = (name, candidates.count) }
        return first
    }

    /// The kernel's compile-time assertions compute no value (or 0, when they compile): the
    /// scan does not expand them (they make up most of `FIELD_PREP()`'s and `GENMASK()`'s
    /// expansions, which kernel code uses everywhere).
    static let assertions: [String: String] = [
        "BUILD_BUG_ON": "((void)0)", "BUILD_BUG_ON_MSG": "((void)0)", "BUILD_BUG_ON_NOT_POWER_OF_2": "((void)0)",
        "BUILD_BUG_ON_INVALID": "((void)0)", "compiletime_assert": "((void)0)", "_compiletime_assert": "((void)0)",
        "__compiletime_assert": "((void)0)", "__BF_FIELD_CHECK": "((void)0)", "static_assert": "((void)0)",
        "BUILD_BUG_ON_ZERO": "0", "GENMASK_INPUT_CHECK": "0", "__must_be_array": "0", "__must_be_byte_array": "0",
    ]
    private var assertionCache: [String: MacroDefinition] = [:]

    private func macros(_ name: String) -> [MacroDefinition]? {
        guard let i = chosen(name) else { return nil }
        if let value = ScanWorld.assertions[name], scope.index.symbols[Int(i)].kind == .functionMacro,
            let d = scope.reader.macro(i)
        {
            if let known = assertionCache[name] { return [known] }
            var stub = d
            stub.body = [Token(kind: value == "0" ? .literal : .punctuation, spelling: value, position: d.position)]
            if value != "0" {
                stub.body = ["(", "(", "void", ")", "0", ")"].map { s in
                    Token(kind: s == "void" ? .keyword : (s == "0" ? .literal : .punctuation), spelling: s, position: d.position)
                }
            }
            assertionCache[name] = stub
            return [stub]
        }
        let kind = scope.index.symbols[Int(i)].kind
        guard kind == .objectMacro || kind == .functionMacro, let d = scope.reader.macro(i) else { return nil }
        return [d]
    }

    private func typedef(_ name: String) -> TypedefInfo? {
        guard let i = chosen(name), scope.index.symbols[Int(i)].kind == .typedef else { return nil }
        guard typedefDepth < 16, let words = scope.reader.typedefSpecifiers(i) else { return TypedefInfo(integerType: nil) }
        typedefDepth += 1
        defer { typedefDepth -= 1 }
        // Words that are macros expanding to nothing (`__bitwise`) are dropped; one word left
        // that is a typedef is followed (`typedef __u32 u32;`).
        var kept: [String] = []
        for w in words {
            if cKeywords.contains(w) { kept.append(w); continue }
            if let d = macros(w), !d[0].isFunctionLike, d[0].body.isEmpty { continue }
            kept.append(w)
        }
        let plain = kept.filter { !TargetModel.typeQualifiers.contains($0) }
        if plain.count == 1, !cKeywords.contains(plain[0]) {
            return typedef(plain[0]) ?? TypedefInfo(integerType: nil)
        }
        return TypedefInfo(integerType: target.integerType(specifiers: plain))
    }

    private func enumConstant(_ name: String) -> CValue? {
        guard let i = chosen(name), scope.index.symbols[Int(i)].kind == .enumConstant else { return nil }
        return scope.enumValues(i, target: target)?[name]
    }
}

/// A macro definition's place in its file, to tell which macro a spelled token belongs to.
struct MacroSpan {
    var name: String
    var isFunctionLike: Bool
    var range: Range<Int>   // byte offsets of the name through the end of the body
    var position: SourcePosition
}

/// The macro expanded at a site in an input file.
struct ExpandedMacro {
    var name: String
    var isFunctionLike: Bool
    /// The definition's key (absolute path and offset of its name).
    var definitionKey: String
}

/// An expansion site as libclang's file handle and byte offset (cheap to compare in the walk).
struct SiteHandle: Hashable {
    var file: UnsafeMutableRawPointer
    var offset: Int
}

/// Pass 1 over a translation unit: its macros (tokenized on demand), typedefs and enum
/// constants (the evaluator's context), where macros are expanded in the input files, the
/// object-like `#define`s of the input files, and the top-level declarations to walk.
final class UnitIndex {
    let files: UnitFiles
    let target: TargetModel
    private(set) var context: EvaluationContext
    /// Object-like defines in input files, with their definition keys, in file order.
    private(set) var defines: [(definition: MacroDefinition, key: String)] = []
    /// Top-level declarations in input files.
    private(set) var declarations: [Cursor] = []
    /// Macro definitions by file, and their spans, worked out on first use: a kernel unit
    /// defines tens of thousands of macros and a few files are ever asked about.
    private var macrosByFile: [UnsafeMutableRawPointer: [Cursor]] = [:]
    private var macroSpans: [UnsafeMutableRawPointer: [MacroSpan]] = [:]
    /// Macros expanded in input files, by the key of the expansion site.
    private(set) var expansionSites: [String: ExpandedMacro] = [:]
    /// Object-like expansions in input files whose macro is an input define with a shift in its
    /// body (the macros a fix may change), by site, for the macro-use records.
    /// The input files' object-like defines whose body shifts, by name (definition keys): the
    /// `#if` lines' uses of them are macro uses too.
    private(set) var shiftingDefinesByName: [String: String] = [:]
    private(set) var shiftingMacroSites: [SiteHandle: (macro: ExpandedMacro, siteKey: String, site: SourcePosition)] = [:]
    /// Where each object-like macro (by definition key) is expanded in input files.
    private(set) var expansionsByDefinition: [String: Set<String>] = [:]
    /// Typedef names of `unsigned int` (for the spelling of a cast fix).
    private(set) var unsignedIntTypedefs: [String] = []
    private(set) var includedFiles: [String] = []
    private(set) var skipped: [String] = []
    private var definitionsByKey: [String: MacroDefinition] = [:]
    private var macroCursors: [String: [Cursor]] = [:]
    private var pendingSites: [(SiteHandle, ExpandedMacro, String, SourcePosition)] = []
    private let verbose: Bool

    /// Input headers an earlier unit of the run already evaluated (absolute paths): their
    /// defines, declarations and `#if` lines are not evaluated again (their expansions still
    /// count).
    let done: Set<String>

    init(files: UnitFiles, target: TargetModel, verbose: Bool, done: Set<String> = []) {
        self.files = files
        self.target = target
        self.verbose = verbose
        self.done = done
        self.context = EvaluationContext(target: target)
        context.macros = MacroTable { [unowned self] name in self.definitions(of: name) }
        collect()
    }

    /// Every definition of `name` in the unit, tokenized on first use (input defines were
    /// tokenized when collected).
    private func definitions(of name: String) -> [MacroDefinition]? {
        guard let cursors = macroCursors[name] else { return nil }
        return cursors.compactMap { c in
            if let p = c.spellingPosition, let known = definitionsByKey[files.key(p)] { return known }
            return MacroDefinition(tokens: c.tokens, isFunctionLike: c.isMacroFunctionLike)
        }
    }

    /// The macro definition whose body contains a spelled position, if any.
    func enclosingMacro(_ p: SourcePosition) -> MacroSpan? {
        guard let handle = files.tu.fileKey(named: p.file) else { return nil }
        let spans = macroSpans[handle] ?? spans(of: handle)
        var lo = 0, hi = spans.count - 1, found: MacroSpan?
        while lo <= hi {
            let mid = (lo + hi) / 2
            if spans[mid].range.lowerBound <= p.offset { found = spans[mid]; lo = mid + 1 } else { hi = mid - 1 }
        }
        guard let span = found, span.range.contains(p.offset) else { return nil }
        return span
    }

    /// The spans of the macros defined in one file, sorted by offset.
    private func spans(of handle: UnsafeMutableRawPointer) -> [MacroSpan] {
        let spans = (macrosByFile[handle] ?? []).compactMap { c -> MacroSpan? in
            guard let position = c.spellingPosition else { return nil }
            let end = c.extentEndSpelling.map(\.offset) ?? position.offset
            return MacroSpan(
                name: c.spelling, isFunctionLike: c.isMacroFunctionLike,
                range: position.offset..<max(end, position.offset + 1), position: position)
        }.sorted { $0.range.lowerBound < $1.range.lowerBound }
        macroSpans[handle] = spans
        return spans
    }

    // MARK: Collection

    private func collect() {
        var inputFileHandles: [UnsafeMutableRawPointer: Bool] = [:]
        func inInputs(_ c: Cursor) -> Bool {
            guard let handle = c.expansionFileKey else { return false }
            if let known = inputFileHandles[handle] { return known }
            let yes = c.expansionPosition.map { files.isInput($0) } ?? false
            inputFileHandles[handle] = yes
            return yes
        }
        var doneFileHandles: [UnsafeMutableRawPointer: Bool] = [:]
        func isDone(_ c: Cursor) -> Bool {
            guard !done.isEmpty, let handle = c.expansionFileKey else { return false }
            if let known = doneFileHandles[handle] { return known }
            let yes = c.expansionPosition.map { done.contains(files.absolute($0.file)) } ?? false
            doneFileHandles[handle] = yes
            return yes
        }
        files.tu.cursor.visitChildren { c in
            switch c.kind {
            case .macroDefinition:
                let input = inInputs(c)
                let done = input && isDone(c)
                collectMacro(c, isInput: input && !done, isDoneInput: done)
            case .macroExpansion:
                collectExpansion(c, isInput: inInputs(c))
            case .inclusionDirective:
                break
            default:
                collectTypes(c)
                if inInputs(c) && !isDone(c) { declarations.append(c) }
            }
            return .continue
        }
        // Expansions come before or after their definitions in the preprocessing record; which
        // defines shift is known only now.
        let shiftingHere = defines.filter { d in
            d.definition.body.contains { $0.kind == .punctuation && ShiftOperator(rawValue: $0.spelling) != nil }
        }
        for d in shiftingHere { shiftingDefinesByName[d.definition.name] = d.key }
        for (name, key) in doneShiftingDefines { shiftingDefinesByName[name] = key }
        let shifting = Set(shiftingHere.map(\.key)).union(doneShiftingDefines.map(\.key))
        for (handle, macro, key, site) in pendingSites where shifting.contains(macro.definitionKey) {
            shiftingMacroSites[handle] = (macro, key, site)
        }
        pendingSites = []
        includedFiles = files.tu.includedFiles
    }

    /// Shifting object-like defines of input headers an earlier unit evaluated: not evaluated
    /// again, but their expansions here are still macro uses (fix safety needs every one).
    private var doneShiftingDefines: [(name: String, key: String)] = []

    private func collectMacro(_ c: Cursor, isInput: Bool, isDoneInput: Bool = false) {
        guard !c.isMacroBuiltin else { return }
        // Predefined (__SIZEOF_LONG__, __x86_64__) and -D macros have no file: known to the
        // evaluator, never reported.
        macroCursors[c.spelling, default: []].append(c)
        guard let handle = c.expansionFileKey else { return }
        macrosByFile[handle, default: []].append(c)
        if isDoneInput, !c.isMacroFunctionLike, let position = c.spellingPosition,
            c.tokens.contains(where: { $0.kind == .punctuation && ShiftOperator(rawValue: $0.spelling) != nil })
        {
            doneShiftingDefines.append((c.spelling, files.key(position)))
            return
        }
        guard isInput, !c.isMacroFunctionLike, let position = c.spellingPosition else { return }
        guard let def = MacroDefinition(tokens: c.tokens, isFunctionLike: false) else {
            if verbose { skipped.append("\(position): cannot read the definition of '\(c.spelling)'") }
            return
        }
        defines.append((def, files.key(position)))
        definitionsByKey[files.key(position)] = def
    }

    private func collectExpansion(_ c: Cursor, isInput: Bool) {
        // Only expansions in input files matter (counts, and the sites of shifts in the code
        // we walk); kernel units have hundreds of thousands elsewhere.
        guard isInput, let at = c.spellingPosition else { return }
        let def = c.referenced
        guard !def.isNull, let defPosition = def.spellingPosition else { return }
        let macro = ExpandedMacro(
            name: def.spelling, isFunctionLike: def.isMacroFunctionLike, definitionKey: files.key(defPosition))
        let siteKey = files.key(at)
        expansionSites[siteKey] = macro
        guard !macro.isFunctionLike else { return }
        expansionsByDefinition[macro.definitionKey, default: []].insert(siteKey)
        if let handle = c.expansionFileKey {
            pendingSites.append((SiteHandle(file: handle, offset: at.offset), macro, siteKey, at))
        }
    }

    private func collectTypes(_ c: Cursor) {
        if c.isTypedefDecl {
            let underlying = c.typedefUnderlyingType
            // An invalid typedef (its type unknown after a missing include) is a type, but
            // not one we know: casts to it give unknown values.
            let known = !c.isInvalidDeclaration
            let type = known ? underlying.integerType(on: target) : nil
            context.typedefs[c.spelling] = TypedefInfo(integerType: type)
            if type == target.uint { unsignedIntTypedefs.append(c.spelling) }
        }
        guard c.isEnumDecl || c.isTypedefDecl else { return }
        c.visitChildren { e in
            if e.isEnumConstantDecl, !e.isInvalidDeclaration, let type = e.type.integerType(on: target) {
                let v: Int128 = type.isSigned ? Int128(e.enumConstantValue) : Int128(e.enumConstantUnsignedValue)
                context.enumConstants[e.spelling] = CValue(type: type, value: v)
                return .continue
            }
            return e.isEnumDecl ? .recurse : .continue
        }
    }
}

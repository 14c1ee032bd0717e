/// A shift in the AST with the cursors a report needs to locate it.
struct CodeShift {
    var site: ShiftSite
    var node: Cursor
    var lhs: Cursor
    var rhs: Cursor
    /// Whether the operands' types can be trusted (nil: not computed yet). After errors, clang
    /// types what it could not resolve as `int`: shifts through invalid declarations are never
    /// judged.
    var trusted: Bool?
    /// The expressions around the shift, nearest first, up to the statement that uses its
    /// value (for the safety of a fix that changes its type: `CodeWalker.flow`).
    var ancestors: [Cursor] = []
}

/// Pass 3: walks the AST of the input files' declarations in execution order (children
/// first) and reports every shift it evaluates as a site, and every expansion of a shifting
/// input define with its context (macro-use records).
///
/// A shift whose operand already contains an undefined shift is not reported: its operand
/// has no defined value (clang's folder would offer a clamped or wrapped one).
///
/// Code that cannot run is not evaluated, as UBSAN would never see it: the arm of `?:` or the
/// branch of `if` that a constant condition rules out, the right operand of `&&`/`||` decided
/// by a constant left one, the body of `while (0)`, and the operand of `sizeof`/`_Alignof`
/// (C11 §6.5.3.4p2). (`for` is left alone: libclang omits its empty clauses, so which child
/// is the condition cannot be told reliably.)
final class CodeWalker {
    let index: UnitIndex
    let enabled: Set<CheckID>
    private(set) var shifts: [CodeShift] = []
    private(set) var uses: [MacroUse] = []
    private var target: TargetModel { index.target }

    /// What an expression is an operand of, passed down to its children (for macro uses).
    private struct Context {
        var enclosing: String?
        /// Conversions from the enclosing expression down, outermost first.
        var conversions: [String] = []
        /// The expansion site every token of the parent comes from, if any.
        var insideSite: SiteHandle?
    }

    /// Say, under --verbose, which shifts were not judged for lack of context.
    var verbose = false
    /// Those shifts (`file:line:col: why`), for `--verbose`.
    private(set) var untrusted: [String] = []

    init(index: UnitIndex, enabled: Set<CheckID>) {
        self.index = index
        self.enabled = enabled
    }

    func walk() {
        for decl in index.declarations { visit(decl) }
    }

    /// A node being visited: what its children inherit, and how far the visit has got.
    private struct Frame {
        let node: Cursor
        let kind: Cursor.Kind
        let live: Bool
        let usedAsUnsigned: Bool
        let kids: [Cursor]
        let liveness: [Bool]
        let kidsUnsigned: Bool
        let kidsContext: Context
        var next = 0
        var undefinedBelow = false
    }

    /// Visits `root` and below, children first, with an explicit stack: legal C nests
    /// expressions a million deep (`1+1+…+1`), deeper than any thread's stack would take.
    private func visit(_ root: Cursor) {
        var stack = [enter(root, live: true, usedAsUnsigned: false, context: Context(), stack: [])]
        while let top = stack.indices.last {
            if stack[top].next < stack[top].kids.count {
                let i = stack[top].next
                stack[top].next += 1
                let f = stack[top]
                stack.append(
                    enter(f.kids[i], live: f.liveness[i], usedAsUnsigned: f.kidsUnsigned, context: f.kidsContext, stack: stack))
                continue
            }
            let f = stack.removeLast()
            // A shift over an operand that holds an undefined shift is not judged.
            let undefined = f.undefinedBelow || leave(f, stack: stack)
            if undefined, let parent = stack.indices.last { stack[parent].undefinedBelow = true }
        }
    }

    /// Starts visiting a node: records a macro use, and works out what its children inherit.
    private func enter(_ node: Cursor, live: Bool, usedAsUnsigned: Bool, context: Context, stack: [Frame]) -> Frame {
        var context = context
        let kind = node.kind
        if !index.shiftingMacroSites.isEmpty { recordUse(node, &context, stack: stack) }
        let kids = node.children
        // Whether the children's value ends up unsigned (for shift-promotion's fix).
        let kidsUnsigned: Bool
        switch kind {
        case .parenExpr: kidsUnsigned = usedAsUnsigned
        case .unexposedExpr, .cStyleCast:
            kidsUnsigned = node.type.integerType(on: target).map { !$0.isSigned && $0.kind != .bool } ?? false
        default: kidsUnsigned = false
        }
        var liveness = Array(repeating: live, count: kids.count)
        switch kind {
        case .binaryOperator:
            if let logical = node.logicalOperator, kids.count == 2, let v = constantCondition(kids[0]) {
                let decided = logical == "&&" ? !v : v
                liveness[1] = live && !decided
            }
        case .conditionalOperator, .ifStmt:
            if kids.count >= 2, let condition = constantCondition(kids[0]) {
                for i in 1..<kids.count { liveness[i] = live && condition == (i == 1) }
            }
        case .whileStmt:
            if kids.count == 2, constantCondition(kids[0]) == false { liveness[1] = false }
        case .sizeofOrAlignof:
            liveness = Array(repeating: false, count: kids.count)
        default:
            break
        }
        let kidsContext = index.shiftingMacroSites.isEmpty ? context : childContext(node, kind, context)
        return Frame(
            node: node, kind: kind, live: live, usedAsUnsigned: usedAsUnsigned, kids: kids, liveness: liveness,
            kidsUnsigned: kidsUnsigned, kidsContext: kidsContext)
    }

    /// Finishes a node whose children held no undefined shift; returns whether it is one.
    private func leave(_ f: Frame, stack: [Frame]) -> Bool {
        guard f.live, f.kind == .binaryOperator || f.kind == .compoundAssignOperator, let op = f.node.shiftOperator else {
            return false
        }
        return evaluateShift(f.node, op, f.kids, usedAsUnsigned: f.usedAsUnsigned, stack: stack)
    }

    /// The frames above a node, nearest first, up to the statement that consumes the value:
    /// expressions, then at most one `return`, initialized declaration, `case` label or
    /// `if`/`while` condition. Other statements end it.
    private static func ancestors(_ stack: [Frame]) -> [Cursor] {
        var out: [Cursor] = []
        for f in stack.reversed() {
            switch f.kind {
            case .returnStmt, .varDecl, .caseStmt, .ifStmt, .whileStmt, .enumConstantDecl:
                out.append(f.node)
                return out
            default:
                guard f.node.isExpression, out.count < 64 else { return out }
                out.append(f.node)
            }
        }
        return out
    }

    /// Where a value goes, as `FlowStep`s (nearest first): what a fix that changes its type
    /// (`1` → `1U`) must keep the meaning of. Computed only for what is reported.
    static func flow(_ ancestors: [Cursor], target: TargetModel) -> [FlowStep] {
        ancestors.map { node in
            let kind = node.kind
            let step: String
            switch kind {
            case .parenExpr: step = "paren"
            case .unexposedExpr: step = "conversion"
            case .cStyleCast: step = "cast"
            case .binaryOperator, .compoundAssignOperator: step = node.binaryOperatorSpelling
            case .unaryOperator: step = node.unaryOperatorSpelling
            case .conditionalOperator: step = "?:"
            case .callExpr: step = "call"
            case .arraySubscript: step = "subscript"
            case .returnStmt: return FlowStep(kind: "return", type: nil, spelling: nil)
            case .varDecl: return FlowStep(kind: "init", type: nil, spelling: nil)
            case .caseStmt: return FlowStep(kind: "case", type: nil, spelling: nil)
            case .enumConstantDecl: return FlowStep(kind: "enum", type: nil, spelling: nil)
            case .ifStmt, .whileStmt: return FlowStep(kind: "condition", type: nil, spelling: nil)
            default: step = "other"
            }
            let type = node.type
            let integer = type.integerType(on: target)
            return FlowStep(kind: step, type: integer, spelling: type.spelling)
        }
    }

    /// The truth value of a condition clang can fold, unless it depends on
    /// `__builtin_constant_p` (folded differently once inlined and optimized).
    private func constantCondition(_ c: Cursor) -> Bool? {
        guard let r = c.evaluateInteger() else { return nil }
        if c.mentionsBuiltinConstantP { return nil }
        return r.bits != 0
    }

    /// Reports one shift as a site; returns whether it is undefined.
    private func evaluateShift(
        _ c: Cursor, _ op: ShiftOperator, _ children: [Cursor], usedAsUnsigned: Bool, stack: [Frame]
    ) -> Bool {
        guard children.count == 2 else { return false }
        let lhs = children[0], rhs = children[1]
        let leftType: CIntType?
        if op == .left || op == .right {
            leftType = c.type.integerType(on: target)
        } else {
            leftType = lhs.type.integerType(on: target).map { target.promote($0) }
        }
        guard let lt = leftType, lt.isModelled, let countType = rhs.type.integerType(on: target).map({ target.promote($0) })
        else { return false }
        func value(_ e: Cursor) -> Int128? {
            guard let r = e.evaluateInteger() else { return nil }
            return r.isUnsigned ? Int128(r.bits) : Int128(r.value)
        }
        let leftValue = (op == .left || op == .right) ? value(lhs) : nil
        let countValue = value(rhs)
        let facts = ShiftFacts(
            op: op, left: CValue(type: lt, value: leftValue), count: CValue(type: countType, value: countValue))
        let needs = Checks.neededShapes(facts, enabled: enabled)
        guard leftValue != nil || countValue != nil || needs.count else { return false }
        var site = ShiftSite(facts: facts, value: CValue(type: lt, value: facts.definedResult), usedAsUnsigned: usedAsUnsigned)
        var shift = CodeShift(site: site, node: c, lhs: lhs, rhs: rhs)
        if facts.isUndefined {
            shift.ancestors = Self.ancestors(stack)
            shift.trusted = isTrusted(shift)
            // An untrusted shift is not reported, and not taken as undefined either.
            guard shift.trusted == true else { return false }
            shifts.append(shift)
            return true
        }
        guard needs.left || needs.count else { return false }
        if needs.left { site.leftOperand = shape(lhs) }
        if needs.count {
            countUnjudged = false
            let count = shape(rhs, loops: LoopContext(stack: stack, shift: c))
            site.countOperand = countUnjudged ? nil : count
        }
        // Kept only when a check finds something: most shifts of a variable count have no range.
        guard Checks.judge(site, enabled: enabled) != nil else { return false }
        shift.site = site
        shift.ancestors = Self.ancestors(stack)
        shifts.append(shift)
        return false
    }

    /// Whether a shift's operand types can be trusted (see `CodeShift.trusted`).
    func isTrusted(_ shift: CodeShift) -> Bool {
        let l = shift.lhs.guessedReferences, r = shift.rhs.guessedReferences
        if index.files.tu.hasErrors && (l.invalidDeclaration || r.invalidDeclaration) { return false }
        // An operand's type from an implicit declaration is context the unit lacked (a
        // missing include), whatever the language mode says of it.
        if l.implicitFunction || r.implicitFunction {
            if verbose, let p = shift.node.expansionPosition {
                untrusted.append(
                    "\(p): shift not judged: an operand calls a function with no declaration (its type 'int' is clang's guess)")
            }
            return false
        }
        return true
    }

    /// Set by `shape` when the count it builds reads a loop's counter that stays within the
    /// loop's values but may not reach the last of them (`Counter.staysWithin`).
    private var countUnjudged = false

    /// Where a count is: the frames above its shift, for the counted loops around it.
    private struct LoopContext {
        let stack: [Frame]
        let shift: Cursor
    }

    /// The syntax of an operand, as far as value ranges need it; below `depth` 256 (clang's
    /// own bracket limit) an operand counts as opaque, which only widens its range. With
    /// `loops` (for a count), the counter of a counted loop the shift is in is bounded, and
    /// the depth is 32: a count's range comes from a few operators (`(i * 8 + 4) & 31`), and
    /// each level asks clang to fold the whole operand below it.
    private func shape(_ c: Cursor, depth: Int = 0, loops: LoopContext? = nil) -> OperandShape? {
        guard let type = c.type.integerType(on: target), type.isModelled else { return nil }
        if let v = c.evaluateInteger() {
            return OperandShape(
                kind: .other, type: type, constant: type.convert(v.isUnsigned ? Int128(v.bits) : Int128(v.value)),
                operands: [])
        }
        guard depth < (loops == nil ? 256 : 32) else {
            return OperandShape(kind: .other, type: type, constant: nil, operands: [])
        }
        let kids = c.children
        func operand(_ k: Cursor) -> OperandShape? { shape(k, depth: depth + 1, loops: loops) }
        switch c.kind {
        case .parenExpr:
            return OperandShape(
                kind: .parenthesized, type: type, constant: nil, operands: kids.count == 1 ? [operand(kids[0])] : [])
        case .unexposedExpr, .cStyleCast:
            return OperandShape(kind: .conversion, type: type, constant: nil, operands: kids.last.map { [operand($0)] } ?? [])
        case .memberRef, .declRef:
            var kind: OperandShape.Kind = c.referencedBitFieldWidth.map { .bitField(width: $0) } ?? .other
            if kind == .other, c.kind == .declRef, let loops {
                switch counter(c, loops) {
                case .reaches(let values): kind = .bounded(values)
                case .staysWithin:
                    // Neither its type's values (`unsigned char i` is not 0..255 in the loop)
                    // nor the loop's: the count is not judged.
                    countUnjudged = true
                    return nil
                case nil: break
                }
            }
            return OperandShape(kind: kind, type: type, constant: nil, operands: [])
        case .binaryOperator where kids.count == 2:
            return OperandShape(
                kind: .binary(c.binaryOperatorSpelling), type: type, constant: nil,
                operands: [operand(kids[0]), operand(kids[1])])
        default:
            return OperandShape(kind: .other, type: type, constant: nil, operands: [])
        }
    }

    // MARK: Counted loops

    /// What a counted loop says of its counter at a shift in its body.
    private enum Counter {
        /// The counter runs through these values at the shift, the last one included.
        case reaches(ClosedRange<Int128>)
        /// The counter stays within the loop's values, but the last may not reach the shift
        /// (a guard, an exit): nothing is known that could be reported.
        case staysWithin
    }

    /// What the innermost counted loop that counts a variable says of it at a shift in the
    /// loop's body; nil when no such loop counts it (or when the body changes it: its type's
    /// values then). A counted loop is `for (i = A; i < B; i++)` (or `int i = A`, `<=`, `++i`,
    /// `i += 1`) with constants A and B, all four parts spelled, over a variable of the
    /// function's own (`Cursor.isAutomaticVariable`) whose address the function never takes
    /// and that the body does not assign, increment or decrement: in its body `i` stays within
    /// A..B-1 (A..B). It reaches B-1 at the shift unless the loop can leave or skip the shift
    /// earlier, so only `staysWithin`, conservatively, when the body
    /// - holds a `break` of the loop, a `return` or a `goto` (calls are assumed to return);
    /// - holds a `continue` of the loop before the shift;
    /// - puts the shift under a choice that depends on `i` (`if (i < 31) x = 1 << i;`: the arm
    ///   of an `if`, `?:`, `switch`, `&&`/`||`, or the body of a nested loop whose condition
    ///   reads `i`).
    /// libclang omits empty `for` clauses, so only a loop with four children is read.
    private func counter(_ reference: Cursor, _ loops: LoopContext) -> Counter? {
        let variable = reference.referenced
        guard variable.isAutomaticVariable else { return nil }
        for depth in loops.stack.indices.reversed() {
            let f = loops.stack[depth]
            // In the body: the last of the four children.
            guard f.kind == .forStmt, f.kids.count == 4, f.next == 4, let loop = countedLoop(f.kids),
                loop.counter.isSame(as: variable)
            else { continue }
            let body = loopBody(f.node, f.kids[3])
            guard !body.changed.contains(where: { $0.isSame(as: variable) }), let function = loops.stack.first?.node,
                !addressTaken(in: function).contains(where: { $0.isSame(as: variable) })
            else { return nil }
            guard !body.leaves, !Self.guarded(loops.stack[(depth + 1)...], by: variable),
                let at = loops.shift.expansionPosition,
                !body.continues.contains(where: { $0.file != at.file || $0.offset <= at.offset })
            else { return .staysWithin }
            return .reaches(loop.range)
        }
        return nil
    }

    /// A `for` loop's header when it counts one variable up by one between constants:
    /// `for (i = A; i < B; i++)`; nil otherwise.
    private func countedLoop(_ parts: [Cursor]) -> (counter: Cursor, range: ClosedRange<Int128>)? {
        guard parts.count == 4 else { return nil }
        let (initial, condition, increment) = (parts[0], parts[1], parts[2])
        guard condition.kind == .binaryOperator else { return nil }
        let comparison = condition.binaryOperatorSpelling
        let sides = condition.children
        guard comparison == "<" || comparison == "<=", sides.count == 2, let counter = Self.variable(sides[0]),
            let type = counter.type.integerType(on: target), type.isModelled,
            let compared = sides[0].type.integerType(on: target), let limit = Self.constant(sides[1])
        else { return nil }
        // A = the initializer, converted to the counter's type (C11 §6.3.1.3).
        var start: Int128?
        if initial.kind == .declStmt {
            let declared = initial.children.first { $0.isSame(as: counter) }
            start = declared?.children.last.flatMap { $0.isExpression ? Self.constant($0) : nil }
        } else if initial.kind == .binaryOperator, initial.binaryOperatorSpelling == "=" {
            let k = initial.children
            if k.count == 2, let v = Self.variable(k[0]), v.isSame(as: counter) { start = Self.constant(k[1]) }
        }
        guard let start = start.map(type.convert) else { return nil }
        // The increment: `i++`, `++i` or `i += 1`.
        let k = increment.children
        switch increment.kind {
        case .unaryOperator where increment.unaryOperatorSpelling == "++":
            guard k.count == 1, let v = Self.variable(k[0]), v.isSame(as: counter) else { return nil }
        case .compoundAssignOperator where increment.binaryOperatorSpelling == "+=":
            guard k.count == 2, let v = Self.variable(k[0]), v.isSame(as: counter), Self.constant(k[1]) == 1 else { return nil }
        default:
            return nil
        }
        // The comparison sees the counter's values as they are when it is signed, or when
        // they and the limit are not negative (C11 §6.3.1.8: a negative value compared as
        // unsigned is huge).
        guard compared.isSigned || (start >= 0 && limit >= 0) else { return nil }
        let last = comparison == "<" ? limit - 1 : limit
        // The counter holds every value up to the last and one more: the loop ends.
        guard start <= last, type.contains(start), last < type.maxValue else { return nil }
        return (counter, start...last)
    }

    /// What a counted loop's body does that could keep its counter from a shift.
    private struct LoopBody {
        /// A `break` of the loop, a `return` or a `goto` anywhere in the body.
        var leaves = false
        /// Where the loop's own `continue`s are.
        var continues: [SourcePosition] = []
        /// The variables the body assigns, increments, decrements or takes the address of.
        var changed: [Cursor] = []
    }

    /// The last loop bodies read (the shifts of one body come together).
    private var loopBodies: [(loop: Cursor, body: LoopBody)] = []

    private func loopBody(_ loop: Cursor, _ body: Cursor) -> LoopBody {
        if let known = loopBodies.first(where: { $0.loop.isSame(as: loop) }) { return known.body }
        var facts = LoopBody()
        // Each node with whether it is inside a nested loop (which owns its `continue`s) or a
        // nested loop or `switch` (which own its `break`s).
        var work: [(node: Cursor, inLoop: Bool, inBreakable: Bool)] = [(body, false, false)]
        while let (node, inLoop, inBreakable) = work.popLast() {
            let kind = node.kind
            switch kind {
            case .breakStmt:
                if !inBreakable { facts.leaves = true }
            case .continueStmt:
                if !inLoop {
                    if let p = node.expansionPosition { facts.continues.append(p) } else { facts.leaves = true }
                }
            case .returnStmt, .gotoStmt:
                facts.leaves = true
            case .binaryOperator where node.binaryOperatorSpelling == "=", .compoundAssignOperator:
                if let v = node.children.first.flatMap(Self.variable) { facts.changed.append(v) }
            case .unaryOperator where ["++", "--", "&"].contains(node.unaryOperatorSpelling):
                if let v = node.children.first.flatMap(Self.variable) { facts.changed.append(v) }
            default:
                break
            }
            let nestedLoop = inLoop || kind == .forStmt || kind == .whileStmt || kind == .doStmt
            let nestedBreakable = inBreakable || nestedLoop || kind == .switchStmt
            for child in node.children.reversed() { work.append((child, nestedLoop, nestedBreakable)) }
        }
        loopBodies = [(loop, facts)] + loopBodies.prefix(7)
        return facts
    }

    /// The variables whose address a function takes (`&i`), for the last function asked about.
    private var addressTakenIn: (function: Cursor, variables: [Cursor])?

    private func addressTaken(in function: Cursor) -> [Cursor] {
        if let known = addressTakenIn, known.function.isSame(as: function) { return known.variables }
        var variables: [Cursor] = []
        function.visitChildren { c in
            if c.kind == .unaryOperator, c.unaryOperatorSpelling == "&", let v = c.children.first.flatMap(Self.variable) {
                variables.append(v)
            }
            return .recurse
        }
        addressTakenIn = (function, variables)
        return variables
    }

    /// Whether a frame between a loop's body and a shift makes the shift depend on a choice that
    /// reads `variable`: the shift is in an arm of `if`, `?:`, `switch`, the right operand of
    /// `&&`/`||`, or a later part of a nested `for`, `while`, whose controlling part reads it.
    private static func guarded(_ frames: ArraySlice<Frame>, by variable: Cursor) -> Bool {
        for f in frames {
            let k = f.next - 1
            guard k >= 1, k < f.kids.count else { continue }
            let controls: ArraySlice<Cursor>
            switch f.kind {
            case .ifStmt, .conditionalOperator, .whileStmt, .switchStmt: controls = f.kids[0..<1]
            case .binaryOperator where f.node.logicalOperator != nil: controls = f.kids[0..<1]
            case .forStmt: controls = f.kids[0..<k]
            default: continue
            }
            if controls.contains(where: { reads($0, variable) }) { return true }
        }
        return false
    }

    /// Whether an expression refers to `variable`.
    private static func reads(_ e: Cursor, _ variable: Cursor) -> Bool {
        func names(_ c: Cursor) -> Bool { c.kind == .declRef && c.referenced.isSame(as: variable) }
        if names(e) { return true }
        var found = false
        e.visitChildren { c in
            found = names(c)
            return found ? .break : .recurse
        }
        return found
    }

    /// The variable an expression names, through parentheses and implicit conversions.
    private static func variable(_ e: Cursor) -> Cursor? {
        var e = e
        while e.kind == .parenExpr || e.kind == .unexposedExpr {
            let kids = e.children
            guard kids.count == 1 else { return nil }
            e = kids[0]
        }
        guard e.kind == .declRef else { return nil }
        let target = e.referenced
        return target.kind == .varDecl ? target : nil
    }

    /// An integer constant's value.
    private static func constant(_ e: Cursor) -> Int128? {
        guard let r = e.evaluateInteger() else { return nil }
        return r.isUnsigned ? Int128(r.bits) : Int128(r.value)
    }

    // MARK: Macro uses

    /// Records `node` when it is the outermost expression an expansion of a shifting input
    /// define produced, with the context its parent passed down.
    private func recordUse(_ node: Cursor, _ context: inout Context, stack: [Frame]) {
        // An implicit conversion has its operand's extent: it is context, not the use.
        if node.kind == .unexposedExpr { return }
        guard node.isExpression, let e = node.expansionExtent else {
            context.insideSite = nil
            return
        }
        // The extent of what an expansion produced ends within the macro's name.
        let handle = SiteHandle(file: e.file, offset: e.start)
        guard let site = index.shiftingMacroSites[handle], e.end <= e.start + site.macro.name.utf8.count else {
            context.insideSite = nil
            return
        }
        defer { context.insideSite = handle }
        guard context.insideSite != handle else { return }
        uses.append(
            MacroUse(
                definitionKey: site.macro.definitionKey, name: site.macro.name, siteKey: site.siteKey,
                site: index.files.displayed(site.site), context: context.enclosing,
                conversions: context.conversions.reversed(),
                flow: Self.flow(Self.ancestors(stack), target: target)))
    }

    /// What `node` makes its children operands of. Parentheses and implicit conversions are
    /// transparent (a conversion adds its type); anything else starts a new context.
    private func childContext(_ node: Cursor, _ kind: Cursor.Kind, _ context: Context) -> Context {
        var c = Context(enclosing: nil, conversions: [], insideSite: context.insideSite)
        switch kind {
        case .parenExpr:
            c.enclosing = context.enclosing
            c.conversions = context.conversions
        case .unexposedExpr:
            c.enclosing = context.enclosing
            c.conversions = context.conversions
            if let type = node.typeSpellingIfInteger { c.conversions.append(type) }
        case .cStyleCast:
            c.enclosing = "cast"
            if let type = node.typeSpellingIfInteger { c.conversions = [type] }
        case .binaryOperator, .compoundAssignOperator:
            c.enclosing = node.binaryOperatorSpelling
        case .unaryOperator:
            c.enclosing = node.unaryOperatorSpelling
        case .callExpr: c.enclosing = "call"
        case .returnStmt: c.enclosing = "return"
        case .varDecl:
            c.enclosing = "init"
            if let type = node.typeSpellingIfInteger { c.conversions = [type] }
        case .arraySubscript: c.enclosing = "subscript"
        case .caseStmt: c.enclosing = "case"
        case .ifStmt, .whileStmt, .conditionalOperator: c.enclosing = "condition"
        default: break
        }
        return c
    }
}

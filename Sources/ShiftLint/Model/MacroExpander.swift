/// A token after macro expansion: where it is spelled, and the chain of expansions
/// (outermost first) that produced it. Tokens written directly in the text being evaluated,
/// and macro arguments written there, have no frames.
struct PPToken {
    var kind: Token.Kind
    var spelling: String
    var position: SourcePosition
    /// The expansion that produced the token (its parents are the outer ones), shared by
    /// every token of that expansion: a macro bomb costs one link per expansion, not a copy
    /// of the whole chain per token.
    var frames: Chain<ExpansionFrame>?
    /// The macros whose expansion produced the token, which it no longer expands (C11
    /// §6.10.3.4p2), shared the same way.
    var hidden: Chain<String>?

    init(_ token: Token, frames: Chain<ExpansionFrame>? = nil, hidden: Chain<String>? = nil) {
        kind = token.kind
        spelling = token.spelling
        position = token.position
        self.frames = frames
        self.hidden = hidden
    }

    var isWord: Bool { kind == .identifier || kind == .keyword }
}

/// An immutable linked list, innermost element first; links are shared between lists.
final class Chain<Element>: @unchecked Sendable {
    let element: Element
    let parent: Chain?

    init(_ element: Element, parent: Chain?) {
        self.element = element
        self.parent = parent
    }

    /// The elements, outermost first.
    var array: [Element] {
        var out: [Element] = []
        var c: Chain? = self
        while let link = c {
            out.append(link.element)
            c = link.parent
        }
        return out.reversed()
    }
}

extension Optional {
    /// The chain's elements, outermost first (none for nil).
    func elements<E>() -> [E] where Wrapped == Chain<E> { self?.array ?? [] }
}

extension Chain where Element == String {
    func contains(_ name: String) -> Bool {
        var c: Chain? = self
        while let link = c {
            if link.element == name { return true }
            c = link.parent
        }
        return false
    }
}

/// A small C preprocessor for macro bodies and `#if` lines (C11 §6.10.3): object-like and
/// function-like substitution with argument pre-expansion, `#`, `##`, `__VA_ARGS__`, and
/// per-token hide sets so self-referential and mutually recursive macros terminate.
/// Output is bounded (tokens and nesting) so pathological input cannot hang the tool.
struct MacroExpander {
    let macros: MacroTable
    /// In `#if` lines, `defined X` and `defined(X)` are replaced before expansion.
    let directiveMode: Bool
    static let maxTokens = 200_000
    /// Thrown when an expansion passes `maxTokens`.
    static let tooLarge = SkipReason("macro expansion exceeds \(maxTokens) tokens")
    static let maxDepth = 64
    private var produced = 0
    /// The budget of this expansion (`maxTokens` unless the caller wants less).
    var budget = MacroExpander.maxTokens

    init(macros: MacroTable, directiveMode: Bool) {
        self.macros = macros
        self.directiveMode = directiveMode
    }

    mutating func expand(_ input: [PPToken]) throws -> [PPToken] {
        try expand(input, depth: 0)
    }

    private mutating func expand(_ input: [PPToken], depth: Int) throws -> [PPToken] {
        guard depth <= Self.maxDepth else { throw SkipReason("macro expansion nested more than \(Self.maxDepth) deep") }
        var out: [PPToken] = []
        var stack = Array(input.reversed())
        while let t = stack.popLast() {
            produced += 1
            if produced > budget {
                throw budget == Self.maxTokens ? Self.tooLarge : SkipReason("macro expansion exceeds \(budget) tokens")
            }
            if directiveMode && t.spelling == "defined" {
                out.append(try takeDefined(t, &stack))
                continue
            }
            guard t.isWord, t.hidden?.contains(t.spelling) != true, let entry = macros.lookup(t.spelling) else {
                out.append(t)
                continue
            }
            guard let macro = entry else {
                throw SkipReason("macro '\(t.spelling)' has several different definitions")
            }
            // An object-like macro whose expansion alone passed the budget passes it anywhere
            // (a macro bomb's every level would otherwise be expanded to the limit again).
            if macros.isOversized(macro.name) { throw Self.tooLarge }
            let frame = ExpansionFrame(
                name: macro.name, isFunctionLike: macro.isFunctionLike,
                invocation: t.position, definition: macro.position)
            let hidden = Chain(macro.name, parent: t.hidden)
            // One link for the whole replacement: its tokens share it.
            let frames = Chain(frame, parent: t.frames)
            var replacement: [PPToken]
            if macro.isFunctionLike {
                // A function-like macro name not followed by `(` is not an invocation.
                guard let next = stack.last, next.spelling == "(" else { out.append(t); continue }
                stack.removeLast()
                let args = try collectArguments(&stack, macro: macro)
                replacement = try substitute(macro, args: args, frames: frames, hidden: hidden, depth: depth)
            } else {
                replacement = macro.body.map { PPToken($0, frames: frames, hidden: hidden) }
                replacement = paste(replacement)
            }
            stack.append(contentsOf: replacement.reversed())
        }
        return out
    }

    /// `defined X` / `defined ( X )` → `1` or `0` (C11 §6.10.1p1).
    private func takeDefined(_ t: PPToken, _ stack: inout [PPToken]) throws -> PPToken {
        var parens = false
        if stack.last?.spelling == "(" { stack.removeLast(); parens = true }
        guard let name = stack.popLast(), name.isWord else { throw SkipReason("malformed 'defined'") }
        if parens {
            guard stack.popLast()?.spelling == ")" else { throw SkipReason("malformed 'defined'") }
        }
        var result = t
        result.kind = .literal
        result.spelling = macros.isDefined(name.spelling) ? "1" : "0"
        return result
    }

    private func collectArguments(_ stack: inout [PPToken], macro: MacroDefinition) throws -> [[PPToken]] {
        var args: [[PPToken]] = [[]]
        var depth = 0
        while let t = stack.popLast() {
            if t.spelling == "(" { depth += 1 }
            if t.spelling == ")" {
                if depth == 0 {
                    let fixedCount = macro.isVariadic ? macro.parameters.count - 1 : macro.parameters.count
                    if args.count == 1 && args[0].isEmpty && macro.parameters.isEmpty { return [] }
                    if macro.isVariadic {
                        if args.count < fixedCount { throw SkipReason("too few arguments to macro '\(macro.name)'") }
                        // Join the variable arguments (commas included) into __VA_ARGS__.
                        if args.count > macro.parameters.count {
                            var joined: [PPToken] = []
                            for (n, a) in args[fixedCount...].enumerated() {
                                if n > 0, var comma = a.first ?? joined.last {
                                    comma.kind = .punctuation; comma.spelling = ","; joined.append(comma)
                                }
                                joined.append(contentsOf: a)
                            }
                            args = Array(args[..<fixedCount]) + [joined]
                        }
                        while args.count < macro.parameters.count { args.append([]) }
                    } else if args.count != macro.parameters.count {
                        throw SkipReason("macro '\(macro.name)' takes \(macro.parameters.count) arguments, \(args.count) given")
                    }
                    return args
                }
                depth -= 1
            }
            if t.spelling == "," && depth == 0 { args.append([]); continue }
            args[args.count - 1].append(t)
        }
        throw SkipReason("unterminated invocation of macro '\(macro.name)'")
    }

    private mutating func substitute(
        _ macro: MacroDefinition, args: [[PPToken]], frames: Chain<ExpansionFrame>,
        hidden: Chain<String>, depth: Int
    ) throws -> [PPToken] {
        var expandedArgs: [Int: [PPToken]] = [:]
        var out: [PPToken] = []
        let body = macro.body
        var i = 0
        while i < body.count {
            let b = body[i]
            if b.spelling == "#", i + 1 < body.count, let p = macro.parameters.firstIndex(of: body[i + 1].spelling) {
                // Stringizing makes a string literal: never an integer constant.
                var s = PPToken(b, frames: frames, hidden: hidden)
                s.kind = .literal
                s.spelling = "\"" + (p < args.count ? args[p].map(\.spelling).joined(separator: " ") : "") + "\""
                out.append(s)
                i += 2
                continue
            }
            if b.isWord, let p = macro.parameters.firstIndex(of: b.spelling) {
                let arg = p < args.count ? args[p] : []
                let nextIsPaste = i + 1 < body.count && body[i + 1].spelling == "##"
                let prevIsPaste = i > 0 && body[i - 1].spelling == "##"
                if nextIsPaste || prevIsPaste {
                    if arg.isEmpty { out.append(placemarker(b, frames: frames)) } else { out.append(contentsOf: arg) }
                } else {
                    if expandedArgs[p] == nil { expandedArgs[p] = try expand(arg, depth: depth + 1) }
                    out.append(contentsOf: expandedArgs[p] ?? [])
                }
                i += 1
                continue
            }
            out.append(PPToken(b, frames: frames, hidden: hidden))
            i += 1
        }
        return paste(out).filter { $0.kind != .comment || $0.spelling != "" }
    }

    /// An empty argument next to `##` (C11 §6.10.3.3p2); removed after pasting.
    private func placemarker(_ b: Token, frames: Chain<ExpansionFrame>) -> PPToken {
        var t = PPToken(b, frames: frames)
        t.kind = .comment
        t.spelling = ""
        return t
    }

    /// `a ## b` → one token (C11 §6.10.3.3).
    private func paste(_ tokens: [PPToken]) -> [PPToken] {
        guard tokens.contains(where: { $0.spelling == "##" }) else { return tokens }
        var out: [PPToken] = []
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            if t.spelling == "##", var left = out.popLast(), i + 1 < tokens.count {
                let right = tokens[i + 1]
                left.spelling += right.spelling
                if left.spelling.isEmpty {
                    left.kind = .comment
                } else if let f = left.spelling.first, f.isNumber {
                    left.kind = .literal
                } else if let f = left.spelling.first, f.isLetter || f == "_" {
                    left.kind = .identifier
                } else {
                    left.kind = .punctuation
                }
                out.append(left)
                i += 2
                continue
            }
            out.append(t)
            i += 1
        }
        return out
    }
}

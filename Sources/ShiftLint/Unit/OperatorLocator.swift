/// Finds, in the bytes of the files, what libclang's AST does not say: where a shift's
/// operator is spelled (the AST has no location for it), and the spelling of a literal left
/// operand (the fix target).
struct OperatorLocator {
    let files: UnitFiles
    let target: TargetModel

    /// Where the operator is spelled: right before the right operand's first token, where
    /// that token is spelled, or, when it comes from a macro of its own (`x << BIT(3)`), where
    /// that macro is invoked (in a file, or in an outer macro's argument).
    func locate(_ op: ShiftOperator, lhs: Cursor, rhs: Cursor) -> SourcePosition? {
        for start in [rhs.extentStartSpelling, rhs.extentStartFile, rhs.extentStartExpansion] {
            guard let start, let src = files.file(start.file), let at = src.shiftOperator(endingBefore: start.offset, op) else {
                continue
            }
            return src.position(at)
        }
        // Inside a macro argument (`PICK(c, x << BIT(3), y)`) the right operand's macro is
        // invoked in the argument, which libclang does not expose; the left operand's end is
        // still spelled in the argument, right before the operator.
        if let end = lhs.extentEndSpelling, let src = files.file(end.file), let at = src.shiftOperator(startingAt: end.offset, op)
        {
            return src.position(at)
        }
        return nil
    }

    /// The left operand as an integer literal (through parentheses), with its spelling.
    func literal(_ e: Cursor) -> (IntegerLiteral, SourcePosition)? {
        guard let c = Self.throughParentheses(e) else { return nil }
        guard c.kind == .integerLiteral, let p = c.spellingPosition, let src = files.file(p.file),
            let text = src.ppNumber(at: p.offset), let lit = try? target.parseIntegerLiteral(text)
        else { return nil }
        return (lit, p)
    }

    /// The left operand as `~LITERAL` or `-LITERAL` (through parentheses on both sides of the
    /// operator: `(~0)`, `~(0)`), the negative idioms' fix target.
    func prefixedLiteral(_ e: Cursor) -> PrefixedLiteral? {
        guard let c = Self.throughParentheses(e), c.kind == .unaryOperator else { return nil }
        let op = c.unaryOperatorSpelling
        let kids = c.children
        guard op == "~" || op == "-", kids.count == 1, let (literal, at) = self.literal(kids[0]) else { return nil }
        return PrefixedLiteral(op: op, literal: literal, at: at)
    }

    /// The expression under parentheses and implicit conversions; nil when a node there has
    /// more than one child.
    static func throughParentheses(_ e: Cursor) -> Cursor? {
        var c = e
        while c.kind == .parenExpr || c.kind == .unexposedExpr {
            let kids = c.children
            guard kids.count == 1 else { return nil }
            c = kids[0]
        }
        return c
    }
}

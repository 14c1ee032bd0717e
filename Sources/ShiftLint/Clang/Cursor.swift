import CClang

/// A libclang cursor together with the translation unit that owns it (kept alive by the
/// strong reference, so a cursor can never dangle).
public struct Cursor {
    let raw: CXCursor
    public let tu: TranslationUnit

    init(_ raw: CXCursor, in tu: TranslationUnit) {
        self.raw = raw
        self.tu = tu
    }

    /// The kinds of cursor the analysis distinguishes; everything else is `.other`.
    public enum Kind: Equatable {
        case translationUnit, macroDefinition, macroExpansion, inclusionDirective
        case binaryOperator, compoundAssignOperator, integerLiteral, parenExpr, unexposedExpr
        case conditionalOperator, ifStmt, whileStmt, sizeofOrAlignof, cStyleCast, memberRef, declRef
        case unaryOperator, callExpr, returnStmt, varDecl, arraySubscript, caseStmt, enumConstantDecl
        case forStmt, doStmt, switchStmt, breakStmt, continueStmt, gotoStmt, declStmt
        case other
    }

    public var kind: Kind {
        switch clang_getCursorKind(raw) {
        case CXCursor_TranslationUnit: return .translationUnit
        case CXCursor_MacroDefinition: return .macroDefinition
        case CXCursor_MacroExpansion: return .macroExpansion
        case CXCursor_InclusionDirective: return .inclusionDirective
        case CXCursor_BinaryOperator: return .binaryOperator
        case CXCursor_CompoundAssignOperator: return .compoundAssignOperator
        case CXCursor_IntegerLiteral: return .integerLiteral
        case CXCursor_ParenExpr: return .parenExpr
        case CXCursor_UnexposedExpr: return .unexposedExpr
        case CXCursor_ConditionalOperator: return .conditionalOperator
        case CXCursor_IfStmt: return .ifStmt
        case CXCursor_WhileStmt: return .whileStmt
        case CXCursor_UnaryExpr: return .sizeofOrAlignof   // libclang's UnaryExpr: sizeof, _Alignof
        case CXCursor_CStyleCastExpr: return .cStyleCast
        case CXCursor_MemberRefExpr: return .memberRef
        case CXCursor_DeclRefExpr: return .declRef
        case CXCursor_UnaryOperator: return .unaryOperator
        case CXCursor_CallExpr: return .callExpr
        case CXCursor_ReturnStmt: return .returnStmt
        case CXCursor_VarDecl: return .varDecl
        case CXCursor_ArraySubscriptExpr: return .arraySubscript
        case CXCursor_CaseStmt: return .caseStmt
        case CXCursor_EnumConstantDecl: return .enumConstantDecl
        case CXCursor_ForStmt: return .forStmt
        case CXCursor_DoStmt: return .doStmt
        case CXCursor_SwitchStmt: return .switchStmt
        case CXCursor_BreakStmt: return .breakStmt
        case CXCursor_ContinueStmt: return .continueStmt
        case CXCursor_GotoStmt, CXCursor_IndirectGotoStmt: return .gotoStmt
        case CXCursor_DeclStmt: return .declStmt
        default: return .other
        }
    }

    public var isTypedefDecl: Bool { clang_getCursorKind(raw) == CXCursor_TypedefDecl }

    /// Whether this is the same entity as `other` (`clang_equalCursors`): a declaration and
    /// what a reference to it names.
    public func isSame(as other: Cursor) -> Bool { clang_equalCursors(raw, other.raw) != 0 }

    /// A variable of a function's own, which only the function's code can change: declared in
    /// a function, neither `static` nor `extern`, and not `volatile`.
    public var isAutomaticVariable: Bool {
        guard clang_getCursorKind(raw) == CXCursor_VarDecl,
            clang_getCursorKind(clang_getCursorSemanticParent(raw)) == CXCursor_FunctionDecl
        else { return false }
        let storage = clang_Cursor_getStorageClass(raw)
        guard storage == CX_SC_None || storage == CX_SC_Auto || storage == CX_SC_Register else { return false }
        return clang_isVolatileQualifiedType(clang_getCursorType(raw)) == 0
    }
    /// Declarations clang could not make sense of (e.g. `typedef u64 t;` with `u64` unknown
    /// because an include is missing): clang gives them type `int`, which we must not trust.
    public var isInvalidDeclaration: Bool { clang_isInvalidDeclaration(raw) != 0 }

    /// What an expression refers to that clang only guessed, found in one walk of it:
    /// - `invalidDeclaration`: a declaration clang could not make sense of (a variable, or a
    ///   typedef used in a cast), typed `int` by error recovery;
    /// - `implicitFunction`: a function called without a declaration (C89's implicit
    ///   `int f()`, an error since C99). Clang declares it where it is called, returning
    ///   `int`, a type nobody wrote (`bpf_get_current_pid_tgid() >> 32` is a u64 shift once
    ///   the header is there).
    public var guessedReferences: (invalidDeclaration: Bool, implicitFunction: Bool) {
        var invalid = false
        var implicit = false
        func check(_ c: Cursor) {
            let k = clang_getCursorKind(c.raw)
            guard k == CXCursor_DeclRefExpr || k == CXCursor_TypeRef || k == CXCursor_MemberRefExpr else { return }
            let target = c.referenced
            guard !target.isNull else { return }
            if target.isInvalidDeclaration { invalid = true }
            // The implicit declaration is located at the call.
            if k == CXCursor_DeclRefExpr, clang_getCursorKind(target.raw) == CXCursor_FunctionDecl,
                clang_equalLocations(clang_getCursorLocation(target.raw), clang_getCursorLocation(c.raw)) != 0
            {
                implicit = true
            }
        }
        check(self)
        visitChildren { c in
            check(c)
            return invalid && implicit ? .break : .recurse
        }
        return (invalid, implicit)
    }

    /// Whether the expression mentions `__builtin_constant_p`, whose folding at parse time
    /// differs from what the optimizer sees: conditions on it are treated as unknown.
    public var mentionsBuiltinConstantP: Bool {
        var found = false
        visitChildren { c in
            if clang_getCursorKind(c.raw) == CXCursor_DeclRefExpr && c.spelling == "__builtin_constant_p" { found = true }
            return found ? .break : .recurse
        }
        return found
    }

    /// The width of the bit-field a member reference names, or nil when it is no bit-field.
    public var referencedBitFieldWidth: Int? {
        let field = clang_getCursorReferenced(raw)
        guard clang_getCursorKind(field) == CXCursor_FieldDecl, clang_Cursor_isBitField(field) != 0 else { return nil }
        let w = clang_getFieldDeclBitWidth(field)
        return w >= 0 ? Int(w) : nil
    }

    /// The spelling of a binary operator (`&`, `>>`, `|`, ...), from libclang's operator kind.
    public var binaryOperatorSpelling: String {
        consume(clang_getBinaryOperatorKindSpelling(clang_getCursorBinaryOperatorKind(raw)))
    }

    /// The spelling of a unary operator (`-`, `~`, `!`, `&`, `++`), from libclang's operator kind.
    public var unaryOperatorSpelling: String {
        consume(clang_getUnaryOperatorKindSpelling(clang_getCursorUnaryOperatorKind(raw)))
    }

    /// The spelling of the cursor's type (typedef names kept: `u64`) when it is an integer type.
    public var typeSpellingIfInteger: String? {
        let t = type
        return t.integerKind == nil ? nil : t.spelling
    }

    public var isExpression: Bool { clang_isExpression(clang_getCursorKind(raw)) != 0 }

    /// Where the extent's start and end are expanded: a file handle (an opaque key, cheap to
    /// compare) and byte offsets. Every token an object-like macro produces is expanded at the
    /// macro's name, so an expression that lies wholly inside one expansion starts at the
    /// name and ends within it.
    public var expansionExtent: (file: UnsafeMutableRawPointer, start: Int, end: Int)? {
        let range = extent
        var f1: CXFile?, f2: CXFile?
        var o1: UInt32 = 0, o2: UInt32 = 0
        clang_getExpansionLocation(clang_getRangeStart(range), &f1, nil, nil, &o1)
        clang_getExpansionLocation(clang_getRangeEnd(range), &f2, nil, nil, &o2)
        guard let f1, f1 == f2 else { return nil }
        return (f1, Int(o1), Int(o2))
    }

    /// The logical operator of a binary operator cursor: `&&` or `||`, else nil.
    public var logicalOperator: String? {
        switch clang_getCursorBinaryOperatorKind(raw) {
        case CXBinaryOperator_LAnd: return "&&"
        case CXBinaryOperator_LOr: return "||"
        default: return nil
        }
    }

    public var isEnumDecl: Bool { clang_getCursorKind(raw) == CXCursor_EnumDecl }
    public var isEnumConstantDecl: Bool { clang_getCursorKind(raw) == CXCursor_EnumConstantDecl }
    public var isDeclaration: Bool { clang_isDeclaration(clang_getCursorKind(raw)) != 0 }

    /// The shift operator of a binary or compound-assignment operator cursor, if it is one.
    public var shiftOperator: ShiftOperator? {
        switch clang_getCursorBinaryOperatorKind(raw) {
        case CXBinaryOperator_Shl: return .left
        case CXBinaryOperator_Shr: return .right
        case CXBinaryOperator_ShlAssign: return .leftAssign
        case CXBinaryOperator_ShrAssign: return .rightAssign
        default: return nil
        }
    }

    /// The file handle of the cursor's expansion location, as an opaque key.
    public var expansionFileKey: UnsafeMutableRawPointer? { expansionFile }
    public var spelling: String { consume(clang_getCursorSpelling(raw)) }
    public var isNull: Bool { clang_Cursor_isNull(raw) != 0 }

    var location: CXSourceLocation { clang_getCursorLocation(raw) }
    var extent: CXSourceRange { clang_getCursorExtent(raw) }

    public var spellingPosition: SourcePosition? { tu.resolve(location, .spelling) }
    public var expansionPosition: SourcePosition? { tu.resolve(location, .expansion) }
    /// Spelling position of the first token of the cursor's extent.
    public var extentStartSpelling: SourcePosition? { tu.resolve(clang_getRangeStart(extent), .spelling) }
    public var extentStartExpansion: SourcePosition? { tu.resolve(clang_getRangeStart(extent), .expansion) }
    public var extentStartFile: SourcePosition? { tu.resolve(clang_getRangeStart(extent), .file) }
    public var extentEndSpelling: SourcePosition? { tu.resolve(clang_getRangeEnd(extent), .spelling) }
    public var extentEndExpansion: SourcePosition? { tu.resolve(clang_getRangeEnd(extent), .expansion) }
    /// True when the cursor's location comes from a macro expansion.
    public var isInMacro: Bool {
        let loc = location
        var f1: CXFile?, f2: CXFile?
        var o1: UInt32 = 0, o2: UInt32 = 0
        clang_getSpellingLocation(loc, &f1, nil, nil, &o1)
        clang_getExpansionLocation(loc, &f2, nil, nil, &o2)
        return o1 != o2 || f1 != f2
    }

    var expansionFile: CXFile? { tu.expansionFile(location) }

    /// The tokens of this cursor's extent (for a macro definition: name, parameters, body).
    public var tokens: [Token] { tu.tokens(in: extent) }

    public var type: ClangType { ClangType(clang_getCursorType(raw), in: tu) }
    public var referenced: Cursor { Cursor(clang_getCursorReferenced(raw), in: tu) }
    public var isMacroFunctionLike: Bool { clang_Cursor_isMacroFunctionLike(raw) != 0 }
    public var isMacroBuiltin: Bool { clang_Cursor_isMacroBuiltin(raw) != 0 }
    public var typedefUnderlyingType: ClangType { ClangType(clang_getTypedefDeclUnderlyingType(raw), in: tu) }

    /// Enum constant value and type (C11 §6.7.2.2p3: `int` unless clang extends it).
    public var enumConstantValue: Int64 { clang_getEnumConstantDeclValue(raw) }
    public var enumConstantUnsignedValue: UInt64 { clang_getEnumConstantDeclUnsignedValue(raw) }

    public var children: [Cursor] {
        var result: [Cursor] = []
        visitChildren {
            result.append($0); return .continue
        }
        return result
    }

    public enum Visit { case `break`, `continue`, recurse }

    /// Visits the children with libclang's visitor (no recursion unless `.recurse` is returned).
    public func visitChildren(_ body: (Cursor) -> Visit) {
        withoutActuallyEscaping(body) { escapable in
            let box = VisitorBox(tu: tu, body: escapable)
            withExtendedLifetime(box) {
                let data = Unmanaged.passUnretained(box).toOpaque()
                _ = clang_visitChildren(
                    raw,
                    { cursor, _, data in
                        guard let data else { return CXChildVisit_Break }
                        let box = Unmanaged<VisitorBox>.fromOpaque(data).takeUnretainedValue()
                        switch box.body(Cursor(cursor, in: box.tu)) {
                        case .break: return CXChildVisit_Break
                        case .continue: return CXChildVisit_Continue
                        case .recurse: return CXChildVisit_Recurse
                        }
                    }, data)
            }
        }
    }

    /// Evaluates the expression with clang's constant evaluator; nil when it is not an
    /// integer constant. The `CXEvalResult` is freed here.
    public func evaluateInteger() -> (value: Int64, bits: UInt64, isUnsigned: Bool)? {
        guard let result = clang_Cursor_Evaluate(raw) else { return nil }
        defer { clang_EvalResult_dispose(result) }
        guard clang_EvalResult_getKind(result) == CXEval_Int else { return nil }
        if clang_EvalResult_isUnsignedInt(result) != 0 {
            let bits = clang_EvalResult_getAsUnsigned(result)
            return (Int64(bitPattern: bits), bits, true)
        }
        let value = clang_EvalResult_getAsLongLong(result)
        return (value, UInt64(bitPattern: value), false)
    }
}

private final class VisitorBox {
    let tu: TranslationUnit
    let body: (Cursor) -> Cursor.Visit
    init(tu: TranslationUnit, body: @escaping (Cursor) -> Cursor.Visit) {
        self.tu = tu
        self.body = body
    }
}

/// A libclang type, tied to its translation unit.
public struct ClangType {
    let raw: CXType
    let tu: TranslationUnit

    init(_ raw: CXType, in tu: TranslationUnit) {
        self.raw = raw
        self.tu = tu
    }

    /// The integer type this type denotes on `target` (through typedefs and enums), if any.
    public func integerType(on target: TargetModel) -> CIntType? {
        let c = clang_getCanonicalType(raw)
        switch c.kind {
        case CXType_Int128: return target.int128
        case CXType_UInt128: return target.uint128
        case CXType_Char16: return target.char16
        case CXType_Char32: return target.char32
        case CXType_WChar: return target.wchar
        case CXType_Enum: return ClangType(c, in: tu).enumIntegerType.integerType(on: target)
        default: return integerKind.map { target.integerType($0) }
        }
    }

    /// The kind of integer type, for building the target model from a probe.
    var integerKind: CIntType.Kind? {
        switch clang_getCanonicalType(raw).kind {
        case CXType_Bool: return .bool
        case CXType_Char_S, CXType_Char_U: return .char
        case CXType_SChar: return .schar
        case CXType_UChar: return .uchar
        case CXType_Short: return .short
        case CXType_UShort: return .ushort
        case CXType_Int: return .int
        case CXType_UInt: return .uint
        case CXType_Long: return .long
        case CXType_ULong: return .ulong
        case CXType_LongLong: return .longlong
        case CXType_ULongLong: return .ulonglong
        default: return nil
        }
    }
    public var canonical: ClangType { ClangType(clang_getCanonicalType(raw), in: tu) }
    public var spelling: String { consume(clang_getTypeSpelling(raw)) }
    /// Size in bytes, or nil for incomplete/dependent types.
    public var size: Int? {
        let s = clang_Type_getSizeOf(raw)
        return s > 0 ? Int(s) : nil
    }
    /// For an enum type, its underlying integer type.
    public var enumIntegerType: ClangType {
        ClangType(clang_getEnumDeclIntegerType(clang_getTypeDeclaration(raw)), in: tu)
    }
}

/// Learns the target's integer ABI by asking libclang about a tiny translation unit parsed
/// with the user's compiler arguments. This is how `-m32`, `--target=`, `-funsigned-char`
/// or `-fshort-wchar` reach the model without special cases.
/// It also reports which arguments clang's driver rejects (gcc-only flags in kbuild command
/// lines), so they can be dropped the way clangd does.
public enum TargetProbe {
    public struct Result {
        public var model: TargetModel
        public var triple: String
        /// Arguments the driver reported as unknown or unsupported.
        public var rejectedArguments: Set<String>
    }

    static let source = """
        char shiftlint_c; short shiftlint_s; int shiftlint_i; long shiftlint_l; long long shiftlint_ll;
        __typeof__(L'a') shiftlint_w; __typeof__(u'a') shiftlint_c16; __typeof__(U'a') shiftlint_c32;
        __typeof__(sizeof 0) shiftlint_sz; __INTMAX_TYPE__ shiftlint_im;
        enum { shiftlint_char_signed = (char)-1 < 0 };
        """

    /// Messages clang's driver gives about its own arguments, not about the C code: the ones
    /// that reject an argument (`unknown argument: '-fconserve-stack'`), and the warnings
    /// about warning or optimization flags it ignores.
    static let rejectionPrefixes = ["unknown argument: '", "unknown argument '", "unsupported option '"]
    static let ignoredFlagPrefixes = ["unknown warning option", "optimization flag"]

    /// Whether a diagnostic is about the compiler arguments rather than the C code.
    public static func isArgumentDiagnostic(_ message: String) -> Bool {
        rejectedArgument(message) != nil || ignoredFlagPrefixes.contains { message.hasPrefix($0) }
    }

    /// The argument a driver diagnostic rejects, if it is one.
    static func rejectedArgument(_ message: String) -> String? {
        for prefix in rejectionPrefixes where message.hasPrefix(prefix) {
            let rest = message.dropFirst(prefix.count)
            if let end = rest.firstIndex(of: "'") { return String(rest[..<end]) }
        }
        return nil
    }

    public static func probe(arguments: [String]) -> Result? {
        // Forced includes would drag whole headers into the probe: they cannot change the ABI.
        var args: [String] = []
        var skipNext = false
        for a in arguments {
            if skipNext { skipNext = false; continue }
            if a == "-include" || a == "-imacros" { skipNext = true; continue }
            args.append(a)
        }
        guard
            case .success(let tu) = TranslationUnit.parse(
                path: "/shiftlint-target-probe.c", arguments: args + ["-x", "c"],
                unsavedContents: source)
        else { return nil }
        var kinds: [String: (CIntType.Kind?, Int?)] = [:]
        var charSigned = true
        tu.cursor.visitChildren { c in
            let name = c.spelling
            if name.hasPrefix("shiftlint_") {
                let t = c.type
                kinds[name] = (t.integerKind, t.size)
            }
            if c.isDeclaration { return .recurse }
            return .continue
        }
        tu.cursor.visitChildren { c in
            if c.isEnumConstantDecl && c.spelling == "shiftlint_char_signed" { charSigned = c.enumConstantValue != 0 }
            return .recurse
        }
        func bits(_ name: String, _ fallback: Int) -> Int { (kinds[name]?.1).map { $0 * 8 } ?? fallback }
        let target = tu.target
        let longBits = bits("shiftlint_l", (target?.pointerWidth ?? 64) == 32 ? 32 : 64)
        let model = TargetModel(
            shortBits: bits("shiftlint_s", 16), intBits: bits("shiftlint_i", 32),
            longBits: longBits, longLongBits: bits("shiftlint_ll", 64),
            charIsSigned: charSigned,
            wchar: kinds["shiftlint_w"]?.0 ?? .int,
            char16: kinds["shiftlint_c16"]?.0 ?? .ushort,
            char32: kinds["shiftlint_c32"]?.0 ?? .uint,
            size: kinds["shiftlint_sz"]?.0, intmax: kinds["shiftlint_im"]?.0)
        var rejected: Set<String> = []
        for d in tu.diagnostics {
            if let argument = rejectedArgument(d.message) { rejected.insert(argument) }
        }
        return Result(model: model, triple: target?.triple ?? "unknown", rejectedArguments: rejected)
    }
}

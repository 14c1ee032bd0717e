import Foundation

/// `--confirm`: makes each finding prove itself. It writes a harness that evaluates the
/// finding's expression at run time, builds it with `clang-19 -fsanitize=shift`, runs it, and
/// attaches UBSAN's own message.
///
/// - A finding in a `#define` is re-evaluated from the macro's own text: the harness holds the
///   macro, every macro it reaches, and the typedefs and enum constants they name, and
///   evaluates the macro (`method: "macro"`). So a mistake in shiftlint's reading of the macro
///   would show as "not confirmed".
/// - Other findings (code, `#if` lines), and defines whose context cannot be written out, are
///   confirmed from the operands shiftlint derived: the promoted types and values, read
///   through `volatile` objects so nothing is folded (`method: "operands"`).
///
/// Only the arguments that change the verdict are kept (`-m32`/`-m64`/`-mx32`, `--target=`,
/// `-funsigned-char`/`-fsigned-char`, `-std=`, and `-D`/`-U` for the macros); never
/// `-fwrapv`/`-fno-strict-overflow`, which silence UBSAN's shift-base check. No `-I` is needed:
/// the definitions are written into the harness.
public enum Confirmer {
    static func keptArguments(_ args: [String]) -> [String] {
        var kept: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if ["-m32", "-m64", "-mx32", "-funsigned-char", "-fsigned-char"].contains(a) || a.hasPrefix("--target=")
                || a.hasPrefix("-std=") || (a.count > 2 && (a.hasPrefix("-D") || a.hasPrefix("-U")))
            {
                kept.append(a)
            } else if a == "-target" || a == "-D" || a == "-U", i + 1 < args.count {
                kept += [a, args[i + 1]]
                i += 1
            }
            i += 1
        }
        return kept
    }

    /// A C expression of type `type` with value `value`.
    static func literal(_ value: Int128, _ type: CIntType) -> String {
        if value < 0 { return "((\(type))(-\(-(value + 1))LL - 1))" }
        return "((\(type))\(value)ULL)"
    }

    static func harnessLine(_ index: Int, _ facts: ShiftFacts) -> String? {
        guard let l = facts.left.value ?? (facts.count.value != nil ? 1 : nil), let c = facts.count.value,
            facts.left.type.isModelled, facts.count.type.isModelled
        else { return nil }
        let op = facts.op.isLeft ? "<<" : ">>"
        return "void f\(index)(void) { volatile \(facts.left.type) l = \(literal(l, facts.left.type)); "
            + "volatile \(facts.count.type) c = \(literal(c, facts.count.type)); (void)(l \(op) c); }"
    }

    /// Confirms each finding; returns one confirmation per finding, in order.
    public static func confirm(
        _ findings: [Finding], compilerArguments: [String],
        clang: String = ProcessInfo.processInfo.environment["SHIFTLINT_CLANG"] ?? "clang-19"
    )
        -> [Confirmation]
    {
        // Defines first, from their own text; the rest (and defines whose harness did not
        // build) from their operands, in one harness.
        let clangPath = findExecutable(clang)
        let byMacro: [Confirmation?] = findings.map { f in
            guard let clangPath, let harness = f.harness else { return nil }
            return confirmMacro(harness, check: f.check, compilerArguments: compilerArguments, clang: clangPath)
        }
        let operands = confirmOperands(
            findings.enumerated().map { byMacro[$0.offset] == nil ? $0.element.facts : nil },
            compilerArguments: compilerArguments, clang: clang)
        return findings.indices.map { i in
            if let c = byMacro[i] { return c }
            var c = operands[i]
            if findings[i].check == .shiftPromotion && c.confirmed {
                // Possible UB: the harness shifts the largest value the operand can hold.
                c.detail = "at the operand's largest value: " + c.detail
            } else if findings[i].check == .shiftCountRange && c.confirmed, let count = findings[i].facts?.count.value {
                // Possible UB: the harness shifts by the range's first undefined count.
                c.detail = "at count \(count): " + c.detail
            }
            return c
        }
    }

    /// How UBSAN's report of this kind of shift begins (from the check's description).
    static func category(_ check: CheckID) -> String {
        Checks.description(of: check)?.ubsanCategory ?? "left shift"
    }

    /// Evaluates the macro's own text under UBSAN. Nil when the harness does not build (the
    /// operand-based confirmation then stands).
    static func confirmMacro(_ harness: Harness, check: CheckID, compilerArguments: [String], clang: String) -> Confirmation? {
        let source =
            "/* shiftlint --confirm harness */\n" + harness.prelude
            + "void shiftlint_harness(void) { (void)(\(harness.expression)); }\n"
            + "int main(void) { shiftlint_harness(); return 0; }\n"
        guard case .success(let reports) = compileAndRun(source: source, compilerArguments: compilerArguments, clang: clang)
        else { return nil }
        let messages = reports.map(\.message)
        if let match = messages.first(where: { $0.hasPrefix(category(check)) }) {
            return Confirmation(confirmed: true, detail: match, method: "macro")
        }
        let detail =
            messages.first.map { "not confirmed: UBSAN reported another shift: \($0)" }
            ?? "not confirmed: UBSAN reported nothing when evaluating \(harness.expression)"
        return Confirmation(confirmed: false, detail: detail, method: "macro")
    }

    /// Confirms from the derived operands (one harness for all findings).
    static func confirmOperands(_ facts: [ShiftFacts?], compilerArguments: [String], clang: String) -> [Confirmation] {
        var result = facts.map { _ in Confirmation(confirmed: false, detail: "not confirmed: the operands are not constant") }
        guard let clangPath = findExecutable(clang) else {
            return facts.map { _ in Confirmation(confirmed: false, detail: "not confirmed: \(clang) not found") }
        }
        let header = "/* shiftlint --confirm harness: one finding per line */\n"
        var source = header
        var lineOf: [Int: Int] = [:]
        var line = 2
        var calls = ""
        for (i, f) in facts.enumerated() {
            guard let f, let text = harnessLine(i, f) else { continue }
            source += text + "\n"
            lineOf[line] = i
            line += 1
            calls += "  f\(i)();\n"
        }
        guard !lineOf.isEmpty else { return result }
        source += "int main(void) {\n\(calls)  return 0;\n}\n"
        switch compileAndRun(source: source, compilerArguments: compilerArguments, clang: clangPath) {
        case .failure(.noTemporaryDirectory):
            return facts.map { _ in Confirmation(confirmed: false, detail: "not confirmed: cannot create a temporary directory") }
        case .failure(.notWritten):
            return result
        case .failure(.notBuilt(let why)):
            for i in lineOf.values { result[i].detail = "not confirmed: the harness did not build (\(why))" }
            return result
        case .success(let reports):
            for i in lineOf.values { result[i].detail = "not confirmed: UBSAN reported nothing" }
            for report in reports {
                guard let l = report.line, let i = lineOf[l] else { continue }
                result[i] = Confirmation(confirmed: true, detail: report.message, method: "operands")
            }
            return result
        }
    }

    /// Why a harness did not run.
    enum HarnessFailure: Error {
        case noTemporaryDirectory
        case notWritten
        /// The compiler failed: the first line of its error output.
        case notBuilt(String)
    }

    /// One UBSAN report: the harness line it names (nil when it names none) and its message
    /// (the text after `: runtime error: `).
    struct UBSANReport {
        var line: Int?
        var message: String
    }

    /// Writes `source` to harness.c in a new temporary directory, builds it with `clang` (the
    /// kept compiler arguments and `-fsanitize=shift`), runs it, and returns UBSAN's reports in
    /// the order they were printed.
    static func compileAndRun(source: String, compilerArguments: [String], clang: String) -> Result<[UBSANReport], HarnessFailure>
    {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-confirm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
            return .failure(.noTemporaryDirectory)
        }
        let file = dir.appendingPathComponent("harness.c")
        let exe = dir.appendingPathComponent("harness").path
        do { try source.write(to: file, atomically: true, encoding: .utf8) } catch { return .failure(.notWritten) }
        let build = run(
            clang,
            keptArguments(compilerArguments) + [
                "-O0", "-w", "-fsanitize=shift", "-fsanitize-recover=shift",
                "-fno-sanitize-trap=shift", file.path, "-o", exe,
            ])
        guard build.status == 0 else {
            return .failure(.notBuilt(build.stderr.split(separator: "\n").first.map(String.init) ?? "compiler failed"))
        }
        let ran = run(exe, [], environment: ["UBSAN_OPTIONS": "print_stacktrace=0:halt_on_error=0:report_error_type=0"])
        return .success(
            ran.stderr.split(separator: "\n").compactMap { line in
                guard let r = line.range(of: ": runtime error: ") else { return nil }
                let parts = line[..<r.lowerBound].split(separator: ":")
                return UBSANReport(
                    line: parts.count >= 2 ? Int(parts[parts.count - 2]) : nil, message: String(line[r.upperBound...]))
            })
    }

    static func findExecutable(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func run(_ path: String, _ args: [String], environment: [String: String] = [:]) -> (status: Int32, stderr: String) {
        let r = Subprocess.run(path, args, environment: environment)
        return (r.status, r.stderr)
    }

}

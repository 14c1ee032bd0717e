import Foundation

/// `--confirm`: makes each finding prove itself. For every finding it writes a harness that
/// performs the finding's shift at run time — the promoted operand types and values shiftlint
/// derived, read through `volatile` objects so nothing is folded — builds it with
/// `clang-19 -fsanitize=shift`, runs it, and attaches UBSAN's own message.
///
/// Only the arguments that change the verdict are kept (`-m32`/`-m64`/`-mx32`, `--target=`,
/// `-funsigned-char`/`-fsigned-char`); never `-fwrapv`/`-fno-strict-overflow`, which silence
/// UBSAN's shift-base check. Macros need no `-D`/`-I`: the harness holds the values.
public enum Confirmer {
    public struct Confirmation: Codable, Hashable, Sendable {
        public var confirmed: Bool
        /// UBSAN's message, or why the finding could not be confirmed.
        public var detail: String
    }

    static func keptArguments(_ args: [String]) -> [String] {
        var kept: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if ["-m32", "-m64", "-mx32", "-funsigned-char", "-fsigned-char"].contains(a) || a.hasPrefix("--target=") {
                kept.append(a)
            } else if a == "-target", i + 1 < args.count {
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
              facts.left.type.isModelled, facts.count.type.isModelled else { return nil }
        let op = facts.op.isLeft ? "<<" : ">>"
        return "void f\(index)(void) { volatile \(facts.left.type) l = \(literal(l, facts.left.type)); "
            + "volatile \(facts.count.type) c = \(literal(c, facts.count.type)); (void)(l \(op) c); }"
    }

    /// Confirms each finding's facts; returns one confirmation per finding, in order.
    public static func confirm(_ facts: [ShiftFacts?], compilerArguments: [String],
                               clang: String = ProcessInfo.processInfo.environment["SHIFTLINT_CLANG"] ?? "clang-19")
        -> [Confirmation] {
        var result = facts.map { _ in Confirmation(confirmed: false, detail: "not confirmed: the operands are not constant") }
        guard let clangPath = findExecutable(clang) else {
            return facts.map { _ in Confirmation(confirmed: false, detail: "not confirmed: \(clang) not found") }
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-confirm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
            return facts.map { _ in Confirmation(confirmed: false, detail: "not confirmed: cannot create a temporary directory") }
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
        let file = dir.appendingPathComponent("harness.c")
        let exe = dir.appendingPathComponent("harness").path
        do { try source.write(to: file, atomically: true, encoding: .utf8) } catch { return result }
        let build = run(clangPath, keptArguments(compilerArguments) + ["-O0", "-w", "-fsanitize=shift", "-fsanitize-recover=shift",
                                                                     "-fno-sanitize-trap=shift", file.path, "-o", exe])
        guard build.status == 0 else {
            let why = build.stderr.split(separator: "\n").first.map(String.init) ?? "compiler failed"
            for i in lineOf.values { result[i].detail = "not confirmed: the harness did not build (\(why))" }
            return result
        }
        let ran = run(exe, [], environment: ["UBSAN_OPTIONS": "print_stacktrace=0:halt_on_error=0:report_error_type=0"])
        for i in lineOf.values { result[i].detail = "not confirmed: UBSAN reported nothing" }
        for reportLine in ran.stderr.split(separator: "\n") {
            guard let r = reportLine.range(of: ": runtime error: ") else { continue }
            let parts = reportLine[..<r.lowerBound].split(separator: ":")
            guard parts.count >= 2, let l = Int(parts[parts.count - 2]), let i = lineOf[l] else { continue }
            result[i] = Confirmation(confirmed: true, detail: String(reportLine[r.upperBound...]))
        }
        return result
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
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-confirm-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errFile) }
        guard let handle = try? FileHandle(forWritingTo: errFile) else { return (-1, "cannot capture output") }
        p.standardError = handle
        p.standardOutput = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { return (-1, "\(error)") }
        p.waitUntilExit()
        try? handle.close()
        // (Read through a FileHandle: Foundation's contentsOf: leaks its buffer on empty files.)
        let reader = FileHandle(forReadingAtPath: errFile.path)
        let text = reader.map { String(decoding: $0.readDataToEndOfFile(), as: UTF8.self) } ?? ""
        try? reader?.close()
        return (p.terminationStatus, text)
    }
}

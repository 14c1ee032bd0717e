import Foundation
import XCTest
@testable import ShiftLint

/// The whole-tree scan (`--scan`) on a synthetic tree built here: tree-wide names (typedefs,
/// `BIT()`, function-like macros instantiated in other files), both ABIs, ambiguous names,
/// all configurations, and no finding from missing context — with expectations both ways.
final class ScanTests: XCTestCase {
    static let tree: [String: String] = [
        "include/linux/types.h": """
        typedef unsigned char u8;
        typedef unsigned int __u32;
        typedef __u32 u32;
        typedef long long s64;
        typedef unsigned long long u64;
        #define BIT(nr) (1UL << (nr))
        #define TYPE_MAX(t) ((t)1 << (sizeof(t) * 8 - 1))
        #define SET_TOP(x) ((x) | (1 << 31))
        #define HIGH_MASK(n) (-1 << (n))
        #define SAFE_SHIFT(x, n) ((x) << (n))
        #ifdef CONFIG_WIDE
        #define SHIFT_A 31
        #else
        #define SHIFT_A 32
        #endif
        #define AMBIGUOUS_SOME (1U << SHIFT_A)
        #define AMBIGUOUS_ALL (1 << SHIFT_A)
        enum { LAST_BIT = 31, PAST_BIT };

        """,
        "drivers/foo/limits.h": """
        #define POS_MAX TYPE_MAX(s64)
        #define HIGH BIT(63)
        #define FLAG (1 << 31)
        #define FINE (1U << 31)
        #if 0
        #define DEAD (1 << 31)
        #endif
        #ifdef CONFIG_FOO
        #define CONFIGURED (1 << 32)
        #else
        #define CONFIGURED 0
        #endif
        #define PAST (1U << PAST_BIT)
        #define CAST32 ((u32)1 << 32)

        """,
        "drivers/foo/main.c": """
        #include <linux/types.h>
        #include "limits.h"
        unsigned long long g(void);
        int f(int bit, unsigned n, int x, int width) {
        \tu32 reg = 3 << 30;
        \tu64 v = bpf_get_current_pid_tgid() >> 32;
        \tint m = -1 << n;
        \tint k = 1 << n;
        \tint w = 1 << width;
        \tx = TYPE_MAX(int);
        \tx |= SAFE_SHIFT(1U, 31);
        \tx |= SAFE_SHIFT(1, 31);
        \tx |= 1 << (bit & 0x1f);
        \tx |= 1U << (bit & 0x1f);
        \treturn reg | FLAG | (int)v | m | k | w | HIGH;
        }

        """,
        "drivers/bar/private.h": "#define width 40\n",
        "arch/arm/include/asm/page.h": "#define BIG (1UL << 40)\n",
        "arch/arm64/include/asm/page.h": "#define BIG64 (1UL << 40)\n",
        // Branches compiled for one ABI only: no ILP32 finding where long is 64 bits.
        "include/linux/wide.h": """
        #if BITS_PER_LONG == 64
        #define WIDE_ONLY (1UL << 40)
        #else
        #define NARROW_ONLY (1UL << 40)
        #endif
        #ifdef CONFIG_64BIT
        #define WIDE_TOO (1UL << 40)
        #endif

        """,
    ]

    func makeTree() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-scan-\(UUID().uuidString)")
        for (path, text) in Self.tree {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }

    func scan(_ dir: URL, arguments: [String] = []) -> AnalysisReport {
        var options = AnalysisOptions(compilerArguments: arguments)
        options.scan = true
        let inputs = InputSet(paths: ["."], workingDirectory: dir.path)
        return Analyzer(options: options).analyze(inputs)
    }

    func testSyntheticTree() throws {
        let dir = try makeTree()
        let report = scan(dir)
        XCTAssertEqual(report.toolErrors, [])
        let got = Set(
            report.findings.map { "\($0.file):\($0.line):\($0.check.rawValue):\(($0.abis ?? []).joined(separator: "+"))" })
        let expected: Set<String> = [
            // Tree-wide typedef (s64) through a function-like macro of another file.
            "drivers/foo/limits.h:1:shift-sign-overflow:lp64+ilp32",
            // BIT(63): undefined only where long is 32 bits.
            "drivers/foo/limits.h:2:shift-count-overflow:ilp32",
            "drivers/foo/limits.h:3:shift-sign-overflow:lp64+ilp32",
            // Any configuration may be built: CONFIG_FOO is never defined in the tree.
            "drivers/foo/limits.h:9:shift-count-overflow:lp64+ilp32",
            // An enumeration constant of another file (PAST_BIT = 32).
            "drivers/foo/limits.h:13:shift-count-overflow:lp64+ilp32",
            // A typedef chain (u32 → __u32 → unsigned int).
            "drivers/foo/limits.h:14:shift-count-overflow:lp64+ilp32",
            "drivers/foo/main.c:5:shift-sign-overflow:lp64+ilp32",
            // -1 << n is undefined whatever n is.
            "drivers/foo/main.c:7:shift-negative-value:lp64+ilp32",
            // A function-like macro instantiated in another file, judged at the use.
            "drivers/foo/main.c:10:shift-sign-overflow:lp64+ilp32",
            "drivers/foo/main.c:12:shift-sign-overflow:lp64+ilp32",
            // A masked count reaches 31 (possible UB, a note); 1U << 31 is defined.
            "drivers/foo/main.c:13:shift-count-range:lp64+ilp32",
            // Shifts that do not depend on the parameters: judged at the definition, once.
            "include/linux/types.h:8:shift-sign-overflow:lp64+ilp32",
            "include/linux/types.h:9:shift-negative-value:lp64+ilp32",
            // Undefined with every definition of SHIFT_A (31: sign bit; 32: count).
            "include/linux/types.h:17:shift-sign-overflow:lp64+ilp32",
            // arch/arm is ILP32 only; arch/arm64 (BIG64) LP64 only: no finding there.
            "arch/arm/include/asm/page.h:1:shift-count-overflow:ilp32",
            // The #else of `BITS_PER_LONG == 64` is compiled where long is 32 bits only.
            "include/linux/wide.h:4:shift-count-overflow:ilp32",
        ]
        XCTAssertEqual(got.subtracting(expected).sorted(), [], "unexpected")
        XCTAssertEqual(expected.subtracting(got).sorted(), [], "missing")
        // Not reported: DEAD (#if 0), FINE, AMBIGUOUS_SOME (defined with SHIFT_A 31), the
        // implicitly declared call shifted by 32, 1 << n, 1 << width (a parameter, and
        // `width` of drivers/bar is not visible from drivers/foo), SAFE_SHIFT(1U, 31).
        let all = report.findings.map { "\($0.file):\($0.line)" }
        for line in ["drivers/foo/main.c:6", "drivers/foo/main.c:8", "drivers/foo/main.c:9", "drivers/foo/main.c:11"] {
            XCTAssertFalse(all.contains(line), line)
        }
        let byLine = Dictionary(report.findings.map { ("\($0.file):\($0.line)", $0) }) { a, _ in a }
        let ambiguous = try XCTUnwrap(byLine["include/linux/types.h:17"])
        XCTAssertTrue(
            ambiguous.notes.contains {
                $0.message.hasPrefix("'SHIFT_A' has 2 definitions") && $0.message.hasSuffix("undefined with each")
            },
            "\(ambiguous.notes.map(\.message))")
        let high = try XCTUnwrap(byLine["drivers/foo/limits.h:2"])
        XCTAssertTrue(
            high.notes.contains { $0.message == "only where 'long' is 32 bits (ILP32)" }, "\(high.notes.map(\.message))")
        // Uses across the tree: FLAG is used once (main.c), FINE never.
        let flag = try XCTUnwrap(byLine["drivers/foo/limits.h:3"])
        XCTAssertEqual(flag.expansions, 1)
        XCTAssertTrue(flag.notes.contains { $0.message == "FLAG is used 1 time in the scanned tree" })
        let posMax = try XCTUnwrap(byLine["drivers/foo/limits.h:1"])
        XCTAssertEqual(posMax.origin, .expansion)
        XCTAssertTrue(
            posMax.notes.contains { $0.message == "expanded from macro 'TYPE_MAX'" && $0.file == "include/linux/types.h" })
    }

    /// `-I` directories outside the paths are indexed, not analyzed.
    func testIncludeDirectoriesAreIndexOnly() throws {
        let dir = try makeTree()
        let sub = dir.appendingPathComponent("drivers/foo")
        var options = AnalysisOptions(compilerArguments: ["-I", dir.appendingPathComponent("include").path])
        options.scan = true
        let report = Analyzer(options: options).analyze(InputSet(paths: ["."], workingDirectory: sub.path))
        let got = Set(report.findings.map { "\($0.file):\($0.line)" })
        XCTAssertTrue(got.contains("limits.h:1"), "\(got)")   // TYPE_MAX and s64 from the index-only directory
        XCTAssertTrue(got.contains("main.c:10"), "\(got)")
        XCTAssertFalse(got.contains { $0.hasPrefix("/") || $0.contains("types.h") }, "\(got)")
    }

    /// `--shard k/3` of the scan, merged, is the unsharded scan: each shard judges its own
    /// files and counts the uses in all of them.
    func testMergedScanShardsAreTheWholeScan() throws {
        let dir = try makeTree()
        let exe = Repo.executable.path
        let whole = try runProgram(exe, ["--scan", "--no-cache", "--format", "json", "."], cwd: dir.path)
        XCTAssertEqual(whole.status, 1, whole.stderr)
        var shards: [String] = []
        for k in 1...3 {
            let r = try runProgram(exe, ["--scan", "--format", "json", "--shard", "\(k)/3", "."], cwd: dir.path)
            XCTAssertTrue([0, 1].contains(r.status), r.stderr)
            let file = dir.appendingPathComponent("shard-\(k).json")
            try r.stdout.write(to: file, atomically: true, encoding: .utf8)
            shards.append(file.path)
        }
        let merged = try runProgram(exe, ["merge", "--format", "json"] + shards, cwd: dir.path)
        XCTAssertEqual(merged.status, 1, merged.stderr)
        XCTAssertEqual(merged.stdout, whole.stdout)
        XCTAssertTrue(whole.stdout.contains("FLAG is used 1 time in the scanned tree"))
    }

    /// The JSON report carries the ABIs.
    func testJSONHasABIs() throws {
        let dir = try makeTree()
        let r = try runProgram(
            Repo.executable.path, ["--scan", "--no-cache", "--format", "json", "drivers/foo/limits.h", "include"], cwd: dir.path)
        XCTAssertEqual(r.status, 1, r.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let findings = try XCTUnwrap(json["findings"] as? [[String: Any]])
        let high = try XCTUnwrap(findings.first { $0["macro"] as? String == "HIGH" })
        XCTAssertEqual(high["abis"] as? [String], ["ilp32"])
        let flag = try XCTUnwrap(findings.first { $0["macro"] as? String == "FLAG" })
        XCTAssertEqual(flag["abis"] as? [String], ["lp64", "ilp32"])
    }
}

/// The scan against compile mode on Linux 6.1 (when the corpus is present): every finding
/// in a `#define` that `--kernel` reports (x86_64, the kernel's own flags) the scan reports
/// too, for LP64, without compile arguments.
final class KernelScanTests: XCTestCase {
    func testScanFindsEveryMacroFindingOfCompileMode() throws {
        let tree =
            ProcessInfo.processInfo.environment["SHIFTLINT_LINUX_TREE"] ?? "/var/tmp/shiftlint-corpus/linux-source-6.1"
        guard FileManager.default.fileExists(atPath: tree + "/fs/iomap/direct-io.c"),
            FileManager.default.fileExists(atPath: tree + "/include/generated/autoconf.h")
        else { throw XCTSkip("Linux 6.1 corpus not found at \(tree)") }
        let exe = Repo.executable.path
        // The headers outside the paths, index only (the scan reads them, reports nothing there).
        let index = ["-I", "include", "-I", "arch/x86/include", "-I", "include/uapi", "-I", "arch/x86/include/uapi"]
        for dir in ["fs/iomap", "drivers/net/ethernet/faraday"] {
            let compiled = try runProgram(exe, ["--kernel", "--format", "json", dir], cwd: tree, timeout: 900)
            XCTAssertTrue([0, 1].contains(compiled.status), compiled.stderr)
            let scanned = try runProgram(
                exe, ["--scan", "--no-cache", "--format", "json", dir, "--"] + index, cwd: tree, timeout: 900)
            XCTAssertTrue([0, 1].contains(scanned.status), scanned.stderr)
            func findings(_ json: String) throws -> [[String: Any]] {
                let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
                return try XCTUnwrap(doc["findings"] as? [[String: Any]])
            }
            let macroFindings = try findings(compiled.stdout).filter { ($0["origin"] as? String) == "define" }
            let scan = try findings(scanned.stdout).filter { ($0["abis"] as? [String])?.contains("lp64") == true }
            let found = Set(scan.map { "\($0["file"] ?? ""):\($0["line"] ?? ""):\($0["check"] ?? "")" })
            let wanted = macroFindings.map { "\($0["file"] ?? ""):\($0["line"] ?? ""):\($0["check"] ?? "")" }
            XCTAssertFalse(wanted.isEmpty, "\(dir): compile mode finds no macro finding")
            for w in wanted { XCTAssertTrue(found.contains(w), "\(dir): the scan misses \(w); it found \(found.sorted())") }
        }
    }
}

import Foundation
import XCTest
@testable import ShiftLint

/// `--shard K/N` and `shiftlint merge`: the merge of a run's shards is the run, and bad input
/// is an error that names the file. Runs the real binary.
final class MergeTests: XCTestCase {
    var exe: String { Repo.executable.path }

    /// A small tree: a header whose defines are expanded from several .c files (and from an
    /// inline function of the header itself, which every unit including it sees), a use that
    /// makes a fix need review, an expansion in another macro's arguments (not followed), a
    /// finding in code, and a header no .c file includes.
    func makeTree() throws -> URL {
        let dir = try temporaryFile("flags.h", "").deletingLastPathComponent()
        func write(_ name: String, _ text: String) throws {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write(
            "flags.h",
            """
            #define F_A (1 << 31)
            #define F_B (1 << 30)
            #define F_C (3 << 30)
            #define F_WIDE (1 << 31)
            static inline int flag_top(void) { return F_A; }

            """)
        for (i, name) in ["a", "b", "c", "d", "e", "f", "g"].enumerated() {
            // Different sizes, so that the shards differ.
            let padding = String(repeating: "/* padding */\n", count: i * 3)
            try write(
                "\(name).c",
                """
                #include "flags.h"
                \(padding)int use_\(name)(int x) { return x & F_A; }
                int more_\(name)(void) { return F_C | \(i); }

                """)
        }
        // (Its size puts it in a later shard than the first: the merge must prefer that
        // shard's review.)
        try write(
            "wide.c",
            "#include \"flags.h\"\n/* a use of the value as a 64-bit one: the fix needs review */\nunsigned long long wide(void) { return F_WIDE; }\n"
        )
        try write("nested.c", "#include \"flags.h\"\n#define ID(x) (x)\nint nested(void) { return ID(F_C); }\n")
        try write("code.c", "int code = 1 << 31;\n")
        try write("lone.h", "#define LONE (1 << 32)\n")
        return dir
    }

    func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    func testMergedShardsAreTheWholeRun() throws {
        let dir = try makeTree()
        let whole = try runProgram(exe, ["--format", "json", "."], cwd: dir.path)
        XCTAssertEqual(whole.status, 1, whole.stderr)
        let shards = 3
        var names: [String] = []
        var shardDocuments: [[String: Any]] = []
        for k in 1...shards {
            let r = try runProgram(exe, ["--format", "json", "--shard", "\(k)/\(shards)", "."], cwd: dir.path)
            XCTAssertEqual(r.status, 1, "shard \(k): \(r.stderr)")
            let name = "shard-\(k).json"
            try r.stdout.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
            names.append(name)
            let document = try json(r.stdout)
            XCTAssertEqual(document["shard"] as? String, "\(k)/\(shards)")
            shardDocuments.append(document)
        }
        // Given in any order, the merge is the whole run, byte for byte: the same findings,
        // expansion counts, notes and fix reviews.
        let merged = try runProgram(exe, ["merge", "--format", "json"] + names.reversed(), cwd: dir.path)
        XCTAssertEqual(merged.status, 1, merged.stderr)
        XCTAssertEqual(merged.stderr, "")
        XCTAssertEqual(merged.stdout, whole.stdout)

        // What makes it a test: the shards differ from the whole run and from each other, and
        // summing the shards' counts would be wrong (flags.h's inline function is seen by
        // every shard's units).
        let wholeFindings = try XCTUnwrap(try json(whole.stdout)["findings"] as? [[String: Any]])
        func expansions(_ document: [String: Any], _ macro: String) -> Int? {
            (document["findings"] as? [[String: Any]])?.first { $0["macro"] as? String == macro }?["expansions"] as? Int
        }
        let wholeA = try XCTUnwrap(expansions(["findings": wholeFindings], "F_A"))
        XCTAssertEqual(wholeA, 7 + 1, "7 .c files and the header's inline function")
        let perShard = shardDocuments.compactMap { expansions($0, "F_A") }
        XCTAssertEqual(perShard.count, shards, "every shard has a .c file including flags.h")
        XCTAssertGreaterThan(perShard.reduce(0, +), wholeA)
        XCTAssertTrue(perShard.allSatisfy { $0 < wholeA })
        let codeShards = shardDocuments.filter { d in
            ((d["findings"] as? [[String: Any]]) ?? []).contains { $0["file"] as? String == "code.c" }
        }
        XCTAssertEqual(codeShards.count, 1, "a .c file is analyzed by one shard")
        // The fix reviews the merge had to recount or pick: needs review for the u64 use
        // (seen by one shard), and for the expansion in ID()'s arguments.
        let reviews = wholeFindings.compactMap { f in (f["fixSafety"] as? [String: Any])?["reason"] as? String }
        func review(_ document: [String: Any], _ macro: String) -> String? {
            let f = (document["findings"] as? [[String: Any]])?.first { $0["macro"] as? String == macro }
            return (f?["fixSafety"] as? [String: Any])?["verdict"] as? String
        }
        XCTAssertEqual(review(shardDocuments[0], "F_WIDE"), "safe", "the first shard does not see the 64-bit use")
        XCTAssertEqual(shardDocuments.filter { review($0, "F_WIDE") == "needs-review" }.count, 1)
        XCTAssertTrue(reviews.contains { $0.contains("converted to 'unsigned long long'") }, "\(reviews)")
        XCTAssertTrue(reviews.contains { $0.contains("could not be followed") }, "\(reviews)")

        // The other formats from the merge are those of the whole run too (github and oneline
        // are functions of the findings alone).
        for format in ["github", "oneline"] {
            let w = try runProgram(exe, ["--format", format, "."], cwd: dir.path)
            let m = try runProgram(exe, ["merge", "--format", format] + names, cwd: dir.path)
            XCTAssertEqual(m.status, 1)
            XCTAssertEqual(m.stdout, w.stdout, format)
        }
        let text = try runProgram(exe, ["merge", "--no-color"] + names, cwd: dir.path)
        XCTAssertEqual(text.status, 1)
        XCTAssertTrue(text.stdout.contains("flags.h:1:16: error: signed shift result"), text.stdout)
        XCTAssertTrue(text.stdout.contains("#define F_A (1 << 31)\n"), "source lines from the files: \(text.stdout)")
        XCTAssertTrue(text.stdout.contains("note: F_A is used 8 times in the analyzed code"), text.stdout)
        XCTAssertTrue(text.stdout.contains("\(wholeFindings.count) findings in 3 merged reports."), text.stdout)
        let sarif = try runProgram(exe, ["merge", "--format", "sarif"] + names, cwd: dir.path)
        XCTAssertEqual(sarif.status, 1)
        let runs = try XCTUnwrap(try json(sarif.stdout)["runs"] as? [[String: Any]])
        XCTAssertEqual((runs.first?["results"] as? [Any])?.count, wholeFindings.count)
    }

    /// Without sites (reports of runs over different code, not shards), a define's counts add
    /// up, and its note says so.
    func testReportsWithoutSitesAddTheirCounts() throws {
        func report(_ n: Int) -> String {
            """
            {"version": 1, "findings": [{"file": "f.h", "line": 1, "column": 16, "check": "shift-sign-overflow",
              "severity": "error", "message": "m", "macro": "F", "fixes": [], "origin": "define", "expansions": \(n),
              "notes": [{"file": null, "line": null, "column": null, "message": "F is used \(n) time\(n == 1 ? "" : "s") in the analyzed code"}]}]}
            """
        }
        let one = try ReportMerge.read(Data(report(1).utf8), name: "one.json").get()
        let two = try ReportMerge.read(Data(report(2).utf8), name: "two.json").get()
        let merged = try ReportMerge.merge([one, two]).get()
        XCTAssertEqual(merged.findings.count, 1)
        XCTAssertEqual(merged.findings.first?.expansions, 3)
        XCTAssertEqual(merged.findings.first?.notes.map(\.message), ["F is used 3 times in the analyzed code"])
        XCTAssertEqual(merged.incomplete, [])
    }

    /// A use that needs review in one shard wins over the others' counts; counted reviews are
    /// counted again from the union of the sites.
    func testFixReviews() throws {
        func copy(_ review: String, expansions: [String], uses: [String]) -> String {
            """
            {"file": "f.h", "line": 1, "column": 16, "check": "shift-sign-overflow", "severity": "error", "message": "m",
             "macro": "F", "fixes": [{"file": "f.h", "line": 1, "column": 14, "endLine": 1, "endColumn": 15, "replacement": "1U"}],
             "origin": "define", "expansions": \(expansions.count), "fixSafety": \(review),
             "expansionSites": \(expansions.debugDescription), "useSites": \(uses.debugDescription),
             "notes": [{"file": null, "line": null, "column": null, "message": "F is used \(expansions.count) time\(expansions.count == 1 ? "" : "s") in the analyzed code"}]}
            """
        }
        func report(_ shard: String, _ findings: String...) throws -> LoadedReport {
            let text = #"{"version": 1, "shard": "\#(shard)", "findings": [\#(findings.joined(separator: ","))]}"#
            return try ReportMerge.read(Data(text.utf8), name: shard).get()
        }
        let safe1 = copy(
            #"{"verdict": "safe", "reason": "safe in the analyzed code (2 uses)"}"#, expansions: ["a.c:5", "f.h:90"],
            uses: ["a.c:5", "f.h:90"])
        let safe2 = copy(
            #"{"verdict": "safe", "reason": "safe in the analyzed code (2 uses)"}"#, expansions: ["b.c:7", "f.h:90"],
            uses: ["b.c:7", "f.h:90"])
        let wide = copy(
            #"{"verdict": "needs-review", "reason": "F is converted to 'u64'", "file": "c.c", "line": 3, "column": 9}"#,
            expansions: ["c.c:40"], uses: ["c.c:40"])
        let lost = copy(
            #"{"verdict": "needs-review", "reason": "1 of F 1 uses could not be followed (in another macro's arguments, or in code libclang did not parse)"}"#,
            expansions: ["d.c:12"], uses: [])
        // Counted again: 3 distinct sites, all followed.
        var merged = try ReportMerge.merge([try report("1/2", safe1), try report("2/2", safe2)]).get().findings
        XCTAssertEqual(merged.first?.expansions, 3)
        XCTAssertEqual(merged.first?.fixSafety, FixReview(verdict: .safe, reason: "safe in the analyzed code (3 uses)"))
        XCTAssertEqual(merged.first?.notes.map(\.message), ["F is used 3 times in the analyzed code"])
        XCTAssertNil(merged.first?.expansionSites, "the merged report is a plain report")
        // One expansion not followed: 1 of 4.
        merged = try ReportMerge.merge([try report("1/3", safe1), try report("2/3", safe2), try report("3/3", lost)]).get()
            .findings
        XCTAssertEqual(merged.first?.fixSafety?.verdict, .needsReview)
        XCTAssertEqual(merged.first?.fixSafety?.reason.hasPrefix("1 of F 4 uses could not be followed"), true)
        XCTAssertEqual(merged.first?.notes.last?.message.hasPrefix("fix needs review: 1 of F 4 uses"), true, "\(merged)")
        // A use that changes meaning, in the second shard, wins.
        merged = try ReportMerge.merge([try report("1/3", safe1), try report("2/3", wide), try report("3/3", lost)]).get()
            .findings
        XCTAssertEqual(merged.count, 1)
        XCTAssertEqual(merged.first?.fixSafety?.reason, "F is converted to 'u64'")
        XCTAssertEqual(merged.first?.expansions, 4)
        XCTAssertEqual(merged.first?.notes.map(\.message), ["F is used 4 times in the analyzed code"])
        // --fix-style kernel: the shard that saw a use BIT() would change kept 1U, and says so.
        let bit = safe1.replacingOccurrences(of: #""replacement": "1U""#, with: #""replacement": "BIT(31)""#)
        let kept = safe2.replacingOccurrences(
            of: #""notes": ["#,
            with:
                #""notes": [{"file": "f.h", "line": 1, "column": 14, "message": "fix: spelled '1U' rather than BIT(): F is compared with '==': its bits above 32 may differ"}, "#
        )
        XCTAssertNotEqual(kept, safe2)
        merged = try ReportMerge.merge([try report("1/2", bit), try report("2/2", kept)]).get().findings
        XCTAssertEqual(merged.first?.fixes.first?.replacement, "1U")
        XCTAssertEqual(merged.first?.fixSafety?.reason, "safe in the analyzed code (3 uses)")
        XCTAssertEqual(merged.first?.notes.count, 2)
    }

    func testBadReportsAreErrorsNamingTheFile() throws {
        let dir = try temporaryFile("good.json", #"{"version": 1, "findings": []}"#).deletingLastPathComponent()
        func write(_ name: String, _ text: String) throws {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("text.json", "flags.h:1:16: error: ...\n")
        try write("empty.json", "")
        try write("array.json", "[1, 2]")
        try write("sarif.json", #"{"version": "2.1.0", "runs": []}"#)
        try write("v2.json", #"{"version": 2, "findings": []}"#)
        try write("noversion.json", #"{"findings": []}"#)
        try write("nofindings.json", #"{"version": 1}"#)
        try write("partial.json", #"{"version": 1, "findings": [{"file": "x.c"}]}"#)
        try write("badcheck.json", #"{"version": 1, "findings": [{"file": "x.c", "line": "one"}]}"#)
        try write("badshard.json", #"{"version": 1, "findings": [], "shard": "5/4"}"#)
        let cases: [(String, String)] = [
            ("missing.json", "missing.json: no such file"),
            ("text.json", "text.json: not JSON"),
            ("empty.json", "empty.json: empty file"),
            ("array.json", "array.json: not a shiftlint JSON report"),
            ("sarif.json", "sarif.json: a SARIF log"),
            ("v2.json", "v2.json: report version 2; this shiftlint reads version 1"),
            ("noversion.json", "noversion.json: not a shiftlint JSON report: no 'version'"),
            ("nofindings.json", "nofindings.json: not a shiftlint JSON report: no 'findings'"),
            ("partial.json", "partial.json: not a shiftlint JSON report: findings[0].line: missing"),
            ("badcheck.json", "badcheck.json: not a shiftlint JSON report: findings[0].line:"),
            ("badshard.json", "badshard.json: 'shard': --shard 5/4"),
            (".", ".: cannot read the report (a directory)"),
        ]
        for (name, message) in cases {
            let r = try runProgram(exe, ["merge", "good.json", name], cwd: dir.path)
            XCTAssertEqual(r.status, 2, name)
            XCTAssertEqual(r.stdout, "", "\(name): nothing is printed")
            XCTAssertTrue(r.stderr.hasPrefix("shiftlint: error: \(message)"), "\(name): \(r.stderr)")
        }
        let usage = try runProgram(exe, ["merge"], cwd: dir.path)
        XCTAssertEqual(usage.status, 2)
        XCTAssertTrue(usage.stderr.contains("give the JSON reports to merge"), usage.stderr)
        let badFormat = try runProgram(exe, ["merge", "--format", "xml", "good.json"], cwd: dir.path)
        XCTAssertEqual(badFormat.status, 2, badFormat.stderr)
        let help = try runProgram(exe, ["merge", "--help"], cwd: dir.path)
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("shiftlint merge"), help.stdout)
        let clean = try runProgram(exe, ["merge", "good.json", "--format", "json"], cwd: dir.path)
        XCTAssertEqual(clean.status, 0, "no findings: \(clean.stderr)")
        XCTAssertEqual((try json(clean.stdout)["findings"] as? [Any])?.count, 0)
    }

    /// An interrupted run or a missing shard makes the merge incomplete (exit 2, said on
    /// standard error and in the JSON); shards of different splits, or one shard twice, are
    /// errors.
    func testIncompleteAndInconsistentShards() throws {
        let finding = """
            {"file": "x.c", "line": 1, "column": 12, "check": "shift-sign-overflow", "severity": "note", "message": "m",
             "macro": null, "fixes": [], "notes": [], "origin": "code", "expansions": null}
            """
        let dir = try temporaryFile("s1.json", #"{"version": 1, "findings": [\#(finding)], "shard": "1/3"}"#)
            .deletingLastPathComponent()
        func write(_ name: String, _ text: String) throws {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("s2.json", #"{"version": 1, "findings": [], "shard": "2/3", "incomplete": true}"#)
        try write("s3.json", #"{"version": 1, "findings": [], "shard": "3/3"}"#)
        try write("other.json", #"{"version": 1, "findings": [], "shard": "2/4"}"#)
        try write("again.json", #"{"version": 1, "findings": [], "shard": "3/3"}"#)
        let interrupted = try runProgram(exe, ["merge", "--format", "json", "s1.json", "s2.json", "s3.json"], cwd: dir.path)
        XCTAssertEqual(interrupted.status, 2)
        XCTAssertTrue(interrupted.stderr.contains("s2.json: incomplete"), interrupted.stderr)
        XCTAssertEqual(try json(interrupted.stdout)["incomplete"] as? Bool, true)
        XCTAssertEqual((try json(interrupted.stdout)["findings"] as? [Any])?.count, 1, "the findings are still merged")
        let missing = try runProgram(exe, ["merge", "--format", "json", "s1.json", "s3.json"], cwd: dir.path)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("no report for shard 2/3"), missing.stderr)
        XCTAssertEqual(try json(missing.stdout)["incomplete"] as? Bool, true)
        let twice = try runProgram(exe, ["merge", "s1.json", "s3.json", "again.json"], cwd: dir.path)
        XCTAssertEqual(twice.status, 2)
        XCTAssertTrue(twice.stderr.contains("s3.json and again.json are both shard 3/3"), twice.stderr)
        let mixed = try runProgram(exe, ["merge", "s1.json", "other.json"], cwd: dir.path)
        XCTAssertEqual(mixed.status, 2)
        XCTAssertTrue(mixed.stderr.contains("s1.json is shard 1/3 but other.json is shard 2/4"), mixed.stderr)
        // Complete: exit 1 for the finding, 0 when --fail-on is above its severity (a note).
        try write("s2.json", #"{"version": 1, "findings": [], "shard": "2/3"}"#)
        XCTAssertEqual(try runProgram(exe, ["merge", "s1.json", "s2.json", "s3.json"], cwd: dir.path).status, 1)
        XCTAssertEqual(
            try runProgram(exe, ["merge", "--fail-on", "warning", "s1.json", "s2.json", "s3.json"], cwd: dir.path).status, 0)
        let badFailOn = try runProgram(exe, ["merge", "--fail-on", "fatal", "s1.json"], cwd: dir.path)
        XCTAssertEqual(badFailOn.status, 2)
        XCTAssertTrue(badFailOn.stderr.contains("unknown --fail-on severity 'fatal'"), badFailOn.stderr)
    }

    func testShardOption() throws {
        let dir = try makeTree()
        for (value, message) in [
            ("0/4", "--shard 0/4: the shard K counts from 1"), ("5/4", "--shard 5/4: there are only 4 shards"),
            ("1/0", "--shard 1/0: the number of shards N must be at least 1"), ("two", "--shard 'two': expected K/N"),
        ] {
            let r = try runProgram(exe, ["--shard", value, "."], cwd: dir.path)
            XCTAssertEqual(r.status, 2, value)
            XCTAssertTrue(r.stderr.contains(message), "\(value): \(r.stderr)")
        }
        for option in [["--fix"], ["--diff"], ["--export-fixes", "x.yaml"], ["--write-baseline", "b.json"]] {
            let r = try runProgram(exe, ["--shard", "1/2"] + option + ["."], cwd: dir.path)
            XCTAssertEqual(r.status, 2, "\(option)")
            XCTAssertTrue(r.stderr.contains("--shard and \(option[0]) exclude each other"), r.stderr)
        }
        // More shards than files: the last ones are empty, and clean.
        let one = try temporaryFile("one.c", "int x = 1 << 31;\n").deletingLastPathComponent()
        let empty = try runProgram(exe, ["--format", "json", "--shard", "2/2", "."], cwd: one.path)
        XCTAssertEqual(empty.status, 0, empty.stderr)
        XCTAssertEqual(try json(empty.stdout)["shard"] as? String, "2/2")
        XCTAssertEqual((try json(empty.stdout)["findings"] as? [Any])?.count, 0)
        XCTAssertEqual(try runProgram(exe, ["--shard", "1/2", "."], cwd: one.path).status, 1)
        // Compiler arguments after -- still reach a shard's units; without --shard, no shard field.
        let f = try temporaryFile("m.c", "#ifdef WANT\n#define W (1 << 31)\n#endif\n").deletingLastPathComponent()
        let wanted = try runProgram(exe, ["--format", "json", "--shard", "1/1", ".", "--", "-DWANT"], cwd: f.path)
        XCTAssertEqual(wanted.status, 1, wanted.stderr)
        XCTAssertNotNil(try json(wanted.stdout)["shard"])
        XCTAssertTrue(wanted.stdout.contains("\"expansionSites\""), wanted.stdout)
        let plain = try runProgram(exe, ["--format", "json", ".", "--", "-DWANT"], cwd: f.path)
        XCTAssertNil(try json(plain.stdout)["shard"])
        XCTAssertFalse(plain.stdout.contains("Sites"), plain.stdout)
    }
}

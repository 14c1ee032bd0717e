import Foundation
import XCTest
@testable import ShiftLint

/// `--format sarif` (docs/sarif.md): every sample's log is valid against the official SARIF
/// 2.1.0 schema (Python's `jsonschema`), and the content is what GitHub code scanning needs.
final class SARIFTests: XCTestCase {
    var exe: String { Repo.executable.path }

    /// The official schema, next to the repository (`../shared/schemas`).
    static let schema = Repo.root.deletingLastPathComponent().appendingPathComponent("shared/schemas/sarif-schema-2.1.0.json")

    /// Validates SARIF documents against the schema with Python's `jsonschema`: the exit status
    /// (0: all valid) and one line per problem. A copy of the schema that keeps the log's own
    /// object under `definitions/Root` (so that its top level constrains nothing, and any JSON
    /// would pass) is validated against that definition.
    static func validate(_ documents: [URL]) throws -> (status: Int32, output: String) {
        guard FileManager.default.fileExists(atPath: schema.path) else {
            throw XCTSkip("the SARIF schema is not at \(schema.path)")
        }
        guard let python = which("python3") else { throw XCTSkip("python3 is not installed") }
        guard try runProgram(python, ["-c", "import jsonschema"]).status == 0 else {
            throw XCTSkip("Python's jsonschema is not installed")
        }
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1], encoding="utf-8"))
            definitions = schema.get("definitions", {})
            if "properties" not in schema and "Root" in definitions:
                root = dict(definitions["Root"])
                root["definitions"] = definitions
                root["$schema"] = schema.get("$schema", "http://json-schema.org/draft-07/schema#")
                schema = root
            if "properties" not in schema or "runs" not in schema["properties"]:
                sys.exit("the schema does not describe a SARIF log at its root")
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validator = cls(schema)
            invalid = 0
            for path in sys.argv[2:]:
                errors = sorted(validator.iter_errors(json.load(open(path, encoding="utf-8"))), key=lambda e: list(map(str, e.absolute_path)))
                for e in errors[:10]:
                    print(f"{path}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
                invalid += bool(errors)
            print(f"{len(sys.argv) - 2 - invalid} valid, {invalid} invalid")
            sys.exit(1 if invalid else 0)
            """
        let r = try runProgram(python, ["-c", script, schema.path] + documents.map(\.path), timeout: 300)
        return (r.status, r.stdout + r.stderr)
    }

    /// Runs the CLI with `--format sarif` and parses the log.
    func sarif(_ arguments: [String], cwd: String) throws -> (status: Int32, text: String, log: [String: Any]) {
        let r = try runProgram(exe, ["--format", "sarif"] + arguments, cwd: cwd)
        let log = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(arguments): \(r.stderr)")
        return (r.status, r.stdout, log)
    }

    func run(_ log: [String: Any]) throws -> [String: Any] {
        try XCTUnwrap((log["runs"] as? [[String: Any]])?.first)
    }

    func results(_ log: [String: Any]) throws -> [[String: Any]] {
        try XCTUnwrap(try run(log)["results"] as? [[String: Any]])
    }

    func fingerprints(_ log: [String: Any]) throws -> [String] {
        try results(log).map { try XCTUnwrap(($0["partialFingerprints"] as? [String: String])?[SARIFReporter.fingerprintKey]) }
    }

    /// Every sample's log, from the built CLI, is valid; and results match the findings.
    func testEverySampleIsValidSARIF() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-sarif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var documents: [URL] = []
        var total = 0
        for url in Repo.sampleFiles {
            let name = url.lastPathComponent
            let args = sampleArguments(try String(contentsOf: url, encoding: .utf8))
            let (status, text, log) = try sarif(["samples/\(name)"] + (args.isEmpty ? [] : ["--"] + args), cwd: Repo.root.path)
            XCTAssertTrue(status == 0 || status == 1, "\(name): exit \(status)")
            let expected = analyze(["samples/\(name)"], arguments: args, workingDirectory: Repo.root.path).findings
            let got = try results(log)
            XCTAssertEqual(got.count, expected.count, name)
            for (r, f) in zip(got, expected) {
                XCTAssertEqual(r["ruleId"] as? String, f.check.rawValue, name)
                let region = try XCTUnwrap(
                    ((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"]
                        as? [String: Any])
                XCTAssertEqual(region["startLine"] as? Int, f.line, name)
            }
            total += got.count
            let file = dir.appendingPathComponent(name + ".sarif")
            try Data(text.utf8).write(to: file)
            documents.append(file)
        }
        XCTAssertGreaterThan(total, 50)
        let (status, output) = try Self.validate(documents)
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("\(documents.count) valid, 0 invalid"), output)
    }

    /// The validation can fail: broken logs are rejected, each for its own reason.
    func testValidationRejectsBrokenLogs() throws {
        let report = analyze(["samples/function-like.c"], workingDirectory: Repo.root.path)
        let valid = try SARIFReporter.render(
            report.findings, rules: Checks.descriptions, toolVersion: "0.1.0",
            invocation: .init(executable: "shiftlint", arguments: [], workingDirectory: Repo.root.path))
        func mutated(_ change: (inout [String: Any]) -> Void) throws -> Data {
            var log = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(valid.utf8)) as? [String: Any])
            change(&log)
            return try JSONSerialization.data(withJSONObject: log)
        }
        func firstResult(_ log: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
            guard var runs = log["runs"] as? [[String: Any]], var results = runs[0]["results"] as? [[String: Any]] else { return }
            change(&results[0])
            runs[0]["results"] = results
            log["runs"] = runs
        }
        let broken: [(String, Data)] = [
            ("not-a-log", Data(#"{"nonsense": true}"#.utf8)),
            ("wrong-version", try mutated { $0["version"] = "2.0.0" }),
            ("bad-level", try mutated { log in firstResult(&log) { $0["level"] = "fatal" } }),
            ("no-message", try mutated { log in firstResult(&log) { $0["message"] = nil } }),
            (
                "line-zero",
                try mutated { log in firstResult(&log) { $0["locations"] = [["physicalLocation": ["region": ["startLine": 0]]]] }
                }
            ),
        ]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-sarif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.sarif")
        try Data(valid.utf8).write(to: good)
        XCTAssertEqual(try Self.validate([good]).status, 0)
        for (name, data) in broken {
            let file = dir.appendingPathComponent(name + ".sarif")
            try data.write(to: file)
            let (status, output) = try Self.validate([good, file])
            XCTAssertEqual(status, 1, "\(name) must be invalid: \(output)")
            XCTAssertTrue(output.contains("\(file.path): /"), "\(name): \(output)")
            XCTAssertFalse(output.contains("\(good.path): /"), output)
            XCTAssertTrue(output.contains("1 valid, 1 invalid"), output)
        }
    }

    /// One rule per check, from the checks' descriptions, with the page of the check.
    func testRulesAreTheChecksDescriptions() throws {
        let log = try XCTUnwrap(
            try JSONSerialization.jsonObject(
                with: Data(
                    SARIFReporter.render(
                        [], rules: Checks.descriptions, toolVersion: ShiftLintVersion.current,
                        invocation: .init(
                            executable: "shiftlint", arguments: ["--format", "sarif", "x.c"], workingDirectory: "/w")
                    ).utf8)) as? [String: Any])
        let driver = try XCTUnwrap((try run(log)["tool"] as? [String: Any])?["driver"] as? [String: Any])
        XCTAssertEqual(driver["name"] as? String, "shiftlint")
        XCTAssertEqual(driver["version"] as? String, ShiftLintVersion.current)
        XCTAssertEqual(driver["informationUri"] as? String, ProjectLinks.repository)
        let rules = try XCTUnwrap(driver["rules"] as? [[String: Any]])
        XCTAssertEqual(rules.map { $0["id"] as? String }, Checks.descriptions.map(\.id.rawValue))
        for (rule, d) in zip(rules, Checks.descriptions) {
            XCTAssertEqual((rule["shortDescription"] as? [String: Any])?["text"] as? String, d.title)
            let full = try XCTUnwrap((rule["fullDescription"] as? [String: Any])?["markdown"] as? String)
            XCTAssertTrue(
                full.contains(d.clause) && full.contains(d.summary.replacingOccurrences(of: "possibly: ", with: "")), full)
            let help = try XCTUnwrap(rule["help"] as? [String: Any])
            XCTAssertTrue((help["markdown"] as? String)?.contains("(\(d.docURL))") ?? false, "\(help)")
            XCTAssertFalse((help["text"] as? String)?.contains("`") ?? true, "\(help)")
            XCTAssertEqual(rule["helpUri"] as? String, "https://github.com/shiftlint/shiftlint/blob/main/docs/checks/\(d.id).md")
            XCTAssertTrue(
                FileManager.default.fileExists(atPath: Repo.root.appendingPathComponent(d.docPage).path), "\(d.docPage)")
            XCTAssertEqual((rule["defaultConfiguration"] as? [String: Any])?["level"] as? String, d.severity.rawValue)
            let properties = try XCTUnwrap(rule["properties"] as? [String: Any])
            XCTAssertEqual(properties["clause"] as? String, d.clause)
            XCTAssertEqual(properties["certainty"] as? String, d.isCertain ? "certain" : "possible")
        }
        let invocation = try XCTUnwrap((try run(log)["invocations"] as? [[String: Any]])?.first)
        XCTAssertEqual(invocation["commandLine"] as? String, "shiftlint --format sarif x.c")
        XCTAssertEqual(invocation["arguments"] as? [String], ["--format", "sarif", "x.c"])
        XCTAssertEqual(invocation["executionSuccessful"] as? Bool, true)
        XCTAssertNil(invocation["toolExecutionNotifications"])
        XCTAssertEqual((invocation["workingDirectory"] as? [String: Any])?["uri"] as? String, "file:///w/")
        XCTAssertEqual(try run(log)["columnKind"] as? String, "unicodeCodePoints")
        XCTAssertEqual(
            (try run(log)["originalUriBaseIds"] as? [String: [String: String]])?["%SRCROOT%"], ["uri": "file:///w/"])
    }

    /// A `#define` that reaches its shift through a function-like macro (reported at the
    /// expansion in the define, origin `expansion`): the note at the `<<` is a related location,
    /// the fix edits that macro's definition. (No `origin: define` finding of the samples has a
    /// note with a place: those are at the `<<` of the define's own text.)
    func testDefineFindingHasRelatedLocationsAndAFix() throws {
        let (_, _, log) = try sarif(["samples/function-like.c"], cwd: Repo.root.path)
        func line(_ r: [String: Any]) -> Int? {
            ((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]).flatMap {
                ($0["region"] as? [String: Any])?["startLine"] as? Int
            }
        }
        let source = try String(contentsOf: Repo.samples.appendingPathComponent("function-like.c"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let inDefines = try results(log).filter { r in line(r).map { source[$0 - 1].hasPrefix("#define ") } ?? false }
        XCTAssertEqual(inDefines.count, 2)
        XCTAssertTrue(inDefines.allSatisfy { $0["relatedLocations"] != nil && $0["fixes"] != nil }, "\(inDefines)")
        // `#define USES_FLAG FLAG(31)` on line 6, `FLAG(n) (1 << (n))` on line 3.
        let usesFlag = try XCTUnwrap(inDefines.first { line($0) == 6 })
        XCTAssertEqual(usesFlag["properties"] as? [String: String], ["origin": "expansion", "macro": "USES_FLAG"])
        let related = try XCTUnwrap((usesFlag["relatedLocations"] as? [[String: Any]])?.first)
        XCTAssertEqual(related["id"] as? Int, 1)
        XCTAssertEqual((related["message"] as? [String: Any])?["text"] as? String, "expanded from macro 'FLAG'")
        let place = try XCTUnwrap(related["physicalLocation"] as? [String: Any])
        XCTAssertEqual(
            place["artifactLocation"] as? [String: String], ["uri": "samples/function-like.c", "uriBaseId": "%SRCROOT%"])
        XCTAssertEqual(place["region"] as? [String: Int], ["startLine": 3, "startColumn": 20])
        let fix = try XCTUnwrap((usesFlag["fixes"] as? [[String: Any]])?.first)
        XCTAssertEqual((fix["description"] as? [String: String])?["text"], "replace with '1U'")
        let change = try XCTUnwrap((fix["artifactChanges"] as? [[String: Any]])?.first)
        XCTAssertEqual(
            change["artifactLocation"] as? [String: String], ["uri": "samples/function-like.c", "uriBaseId": "%SRCROOT%"])
        let replacement = try XCTUnwrap((change["replacements"] as? [[String: Any]])?.first)
        XCTAssertEqual(
            replacement["deletedRegion"] as? [String: Int], ["startLine": 3, "startColumn": 18, "endLine": 3, "endColumn": 19])
        XCTAssertEqual((replacement["insertedContent"] as? [String: String])?["text"], "1U")
        XCTAssertEqual(usesFlag["ruleId"] as? String, "shift-sign-overflow")
        XCTAssertEqual(usesFlag["ruleIndex"] as? Int, Checks.descriptions.firstIndex { $0.id == .shiftSignOverflow })
        XCTAssertEqual(usesFlag["level"] as? String, "error", "ISO C policy: no -fwrapv")
        XCTAssertEqual(
            (usesFlag["message"] as? [String: Any])?["text"] as? String,
            "signed shift result (0x80000000) sets the sign bit of 'int'\nnote: undefined in ISO C (C11 §6.5.7p4)"
                + "\nnote: fix needs review: the fix is in the body of function-like macro 'FLAG': it changes every expansion of it"
        )
    }

    /// An object-like define's own finding: its uses (a note without a place) are in the
    /// message, its fix is on its line, `expansions` in the properties.
    func testDefineFindingSaysHowOftenItIsUsed() throws {
        let (_, _, log) = try sarif(["samples/sign-overflow.c"], cwd: Repo.root.path)
        let neverUsed = try XCTUnwrap(
            try results(log).first { ($0["properties"] as? [String: Any])?["macro"] as? String == "NEVER_USED" })
        let properties = try XCTUnwrap(neverUsed["properties"] as? [String: Any])
        XCTAssertEqual(properties["origin"] as? String, "define")
        XCTAssertEqual(properties["expansions"] as? Int, 0)
        XCTAssertEqual(
            (neverUsed["message"] as? [String: Any])?["text"] as? String,
            "signed shift result (0xc0000000) sets the sign bit of 'int'\nnote: NEVER_USED is never expanded in the analyzed code\nnote: undefined in ISO C (C11 §6.5.7p4)"
        )
        XCTAssertNil(neverUsed["relatedLocations"])
        let replacement = try XCTUnwrap(
            (((neverUsed["fixes"] as? [[String: Any]])?.first?["artifactChanges"] as? [[String: Any]])?.first?["replacements"]
                as? [[String: Any]])?.first)
        XCTAssertEqual(
            replacement["deletedRegion"] as? [String: Int], ["startLine": 20, "startColumn": 21, "endLine": 20, "endColumn": 22])
        XCTAssertEqual((replacement["insertedContent"] as? [String: String])?["text"], "3U")
    }

    /// A define's uses are related locations, with the context the value flows into.
    func testDefineFindingListsItsUses() throws {
        let file = try temporaryFile(
            "uses.c",
            """
            #define FLAG (1 << 31)
            unsigned long long wide = FLAG;
            int test(int x) { return x < FLAG; }

            """)
        let (_, _, log) = try sarif([file.lastPathComponent], cwd: file.deletingLastPathComponent().path)
        let flag = try XCTUnwrap(try results(log).first { ($0["properties"] as? [String: Any])?["macro"] as? String == "FLAG" })
        let related = try XCTUnwrap(flag["relatedLocations"] as? [[String: Any]])
        let texts = related.compactMap { ($0["message"] as? [String: Any])?["text"] as? String }
        XCTAssertEqual(
            texts,
            [
                "fix needs review: FLAG is converted to 'unsigned long long' (64 bits): 0xffffffff80000000 today, 0x0000000080000000 after the fix",
                "'FLAG' expanded here (operand of 'init'), converted to 'unsigned long long'",
                "'FLAG' expanded here (operand of '<')",
            ])
        let lines = related.compactMap {
            ((($0["physicalLocation"] as? [String: Any])?["region"]) as? [String: Any])?["startLine"] as? Int
        }
        XCTAssertEqual(lines, [2, 2, 3])
    }

    /// Stable fingerprints: the same across runs (the whole log is), unchanged when lines move,
    /// distinct for identical lines of one file (`:N`).
    func testFingerprintsAreStableAndDistinct() throws {
        let source = """
            #define FLAG (1 << 31)
            int f(int v) {
                v += 1 << 31;
                v += 1 << 31;
                return v + (1 << 40);
            }

            """
        let file = try temporaryFile("f.c", source)
        let dir = file.deletingLastPathComponent().path
        let first = try sarif(["f.c"], cwd: dir)
        let second = try sarif(["f.c"], cwd: dir)
        XCTAssertEqual(first.text, second.text, "the log is deterministic")
        let prints = try fingerprints(first.log)
        XCTAssertEqual(prints.count, 4)
        XCTAssertEqual(Set(prints).count, 4, "\(prints)")
        XCTAssertEqual(prints.map { $0.split(separator: ":").last }, ["1", "1", "2", "1"])
        XCTAssertEqual(prints[1].dropLast(2), prints[2].dropLast(2), "identical lines share the fingerprint, not the suffix")
        let findings = analyze(["f.c"], workingDirectory: dir).findings
        XCTAssertEqual(prints[0], findings[0].fingerprint + ":1")

        // Lines moved (and re-indented): the same fingerprints, other lines.
        try ("/* a comment\n   over two lines */\n\n" + source.replacingOccurrences(of: "    v += 1", with: "\t\tv +=  1"))
            .write(to: file, atomically: true, encoding: .utf8)
        let moved = try sarif(["f.c"], cwd: dir)
        XCTAssertEqual(try fingerprints(moved.log), prints)
        let lines = try results(moved.log).map {
            (($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]).flatMap {
                ($0["region"] as? [String: Any])?["startLine"] as? Int
            }
        }
        XCTAssertEqual(lines, [4, 6, 7, 8])
    }

    /// Columns in code points (`columnKind`), converted from the byte columns of the other
    /// formats; paths relative to `%SRCROOT%` or absolute `file://` URIs, percent-encoded.
    func testColumnsAndURIs() throws {
        let file = try temporaryFile("é x.c", "#define A /* é */ (1 << 31)\n")
        let dir = file.deletingLastPathComponent().path
        let finding = try XCTUnwrap(analyze(["é x.c"], workingDirectory: dir).findings.first)
        XCTAssertEqual(finding.column, 23, "bytes: é is two")
        let (_, _, log) = try sarif(["é x.c"], cwd: dir)
        let result = try XCTUnwrap(try results(log).first)
        let place = try XCTUnwrap((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        XCTAssertEqual(place["artifactLocation"] as? [String: String], ["uri": "%C3%A9%20x.c", "uriBaseId": "%SRCROOT%"])
        XCTAssertEqual(place["region"] as? [String: Int], ["startLine": 1, "startColumn": 22])
        XCTAssertEqual(
            (place["contextRegion"] as? [String: Any])?["snippet"] as? [String: String], ["text": "#define A /* é */ (1 << 31)"])
        let replacement = try XCTUnwrap(
            (((result["fixes"] as? [[String: Any]])?.first?["artifactChanges"] as? [[String: Any]])?.first?["replacements"]
                as? [[String: Any]])?.first)
        XCTAssertEqual(
            replacement["deletedRegion"] as? [String: Int], ["startLine": 1, "startColumn": 20, "endLine": 1, "endColumn": 21])
        let root = try XCTUnwrap((try run(log)["originalUriBaseIds"] as? [String: [String: String]])?["%SRCROOT%"]?["uri"])
        XCTAssertTrue(root.hasPrefix("file:///") && root.hasSuffix("/"), root)
        XCTAssertNotNil(URL(string: root))

        // An absolute path: a file:// URI and no base.
        let absolute = try sarif([file.path], cwd: "/")
        let location = try XCTUnwrap(
            ((try results(absolute.log).first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?[
                "artifactLocation"] as? [String: String])
        XCTAssertEqual(location, ["uri": "file://" + dir.replacingOccurrences(of: " ", with: "%20") + "/%C3%A9%20x.c"])
        XCTAssertEqual(URL(string: location["uri"] ?? "")?.path, file.path)
        XCTAssertEqual(SARIFReporter.artifactLocation("./a,b%.c").uri, "a%2Cb%25.c")
        XCTAssertEqual(SARIFReporter.codePointColumn(5, in: "ab"), 5, "past the end, a byte is a column")
        XCTAssertEqual(SARIFReporter.codePointColumn(3, in: "é€x"), 2)
        XCTAssertEqual(SARIFReporter.codePointColumn(6, in: "é€x"), 3)
        XCTAssertEqual(SARIFReporter.codePointColumn(7, in: "é€x"), 4)
    }

    /// A tool error makes the invocation unsuccessful and is a notification; the run still
    /// exits 2 and the other files' results are there.
    /// A finding silenced in the source stays in the log as a suppressed result (code
    /// scanning shows it dismissed, with the comment's reason), and the log stays valid.
    func testSuppressedFindingsAreSuppressedResults() throws {
        let file = try temporaryFile(
            "quiet.h",
            "#define LOUD (1 << 31)\n#define QUIET (1 << 31) // shiftlint: ignore[shift-sign-overflow] flag word, never arithmetic\n"
        )
        let (status, text, log) = try sarif([file.lastPathComponent], cwd: file.deletingLastPathComponent().path)
        XCTAssertEqual(status, 1)
        let all = try results(log)
        XCTAssertEqual(all.count, 2)
        XCTAssertNil(all[0]["suppressions"])
        XCTAssertEqual(
            all[1]["suppressions"] as? [[String: String]],
            [["kind": "inSource", "status": "accepted", "justification": "flag word, never arithmetic"]])
        let doc = file.deletingLastPathComponent().appendingPathComponent("quiet.sarif")
        try Data(text.utf8).write(to: doc)
        let (valid, output) = try Self.validate([doc])
        XCTAssertEqual(valid, 0, output)
        // Only the suppressed finding: exit 0, one dismissed result.
        let quiet = try temporaryFile(
            "only.h", "#define QUIET (1 << 31) // NOLINT(shiftlint-shift-sign-overflow)\n")
        let (status2, _, log2) = try sarif([quiet.lastPathComponent], cwd: quiet.deletingLastPathComponent().path)
        XCTAssertEqual(status2, 0)
        XCTAssertEqual(
            try results(log2).first?["suppressions"] as? [[String: String]],
            [["kind": "inSource", "status": "accepted", "justification": "NOLINT(shiftlint-shift-sign-overflow)"]])
    }

    func testToolErrorsAreNotifications() throws {
        let dir = try temporaryFile("good.c", "#define BAD (1 << 31)\n").deletingLastPathComponent()
        try Data([0x23, 0x00, 0x01, 0xff, 0x00]).write(to: dir.appendingPathComponent("binary.c"))
        let (status, _, log) = try sarif(["."], cwd: dir.path)
        XCTAssertEqual(status, 2)
        XCTAssertEqual(try results(log).count, 1)
        let invocation = try XCTUnwrap((try run(log)["invocations"] as? [[String: Any]])?.first)
        XCTAssertEqual(invocation["executionSuccessful"] as? Bool, false)
        XCTAssertEqual(invocation["exitCode"] as? Int, 2)
        let notifications = try XCTUnwrap(invocation["toolExecutionNotifications"] as? [[String: Any]])
        XCTAssertTrue(
            notifications.contains {
                $0["level"] as? String == "error"
                    && (($0["message"] as? [String: Any])?["text"] as? String)?.contains("binary.c: binary file") == true
            }, "\(notifications)")
        XCTAssertTrue(
            (invocation["commandLine"] as? String)?.hasSuffix("shiftlint --per-file --format sarif .") ?? false, "\(invocation)")
    }
}

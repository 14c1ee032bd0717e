import Foundation

/// A JSON report (`--format json`, docs/json-format.md) read back for `shiftlint merge`.
public struct LoadedReport: Sendable {
    /// The report's file, as given.
    public var name: String
    public var findings: [Finding]
    /// The run was interrupted: its findings are those of the files finished before.
    public var incomplete: Bool
    /// The shard the run analyzed (`--shard`), or nil for a whole run.
    public var shard: Shard?

    public init(name: String, findings: [Finding], incomplete: Bool = false, shard: Shard? = nil) {
        self.name = name
        self.findings = findings
        self.incomplete = incomplete
        self.shard = shard
    }
}

/// `shiftlint merge`: one report from the reports of several runs, typically the shards of one
/// run (`--shard K/N` in N CI jobs), as the whole run would have reported it.
///
/// - A finding is one place, check and macro (`file`, `line`, `column`, `check`, `macro`):
///   shards whose units include the same header report its findings once each, and the
///   merge keeps one.
/// - A define's `expansions`: each shard counts the expansions in its own units; a header's
///   inline code seen by units of two shards is counted by both. A shard's report lists the
///   sites (`expansionSites`), and the merge counts the union: every expansion once, as an
///   unsharded run does. Reports without sites (not from `--shard`) are taken to cover
///   different code: their counts are summed.
/// - Fix safety: each shard judged the fix from the uses in its units. A use anywhere that
///   the fix would change makes it need review, so a copy that needs review for a use (or a
///   sibling's use) wins, the earliest such use first; otherwise the review is counted again
///   from the union of the uses followed (`useSites`): `safe in the analyzed code (N uses)`,
///   or how many of all the expansions could not be followed.
///   Under `--fix-style kernel`, a copy that keeps `1U` because BIT() would need review for a
///   use its shard saw wins over copies offering BIT().
/// - The report is incomplete if any input is, or if shards of the split are missing.
public enum ReportMerge {
    /// The merged findings, in report order, and why the report is incomplete (empty: it is
    /// complete).
    public struct Merged: Sendable {
        public var findings: [Finding]
        public var incomplete: [String]
    }

    struct Version: Decodable { var version: Int }

    struct Document: Decodable {
        var version: Int
        var findings: [Finding]
        var incomplete: Bool?
        var shard: String?
    }

    /// Reads one report; a file that is not a shiftlint JSON report of a version this
    /// shiftlint reads is an error naming it.
    public static func read(_ data: Data, name: String) -> Result<LoadedReport, InputError> {
        func fail(_ why: String) -> Result<LoadedReport, InputError> { .failure(InputError("\(name): \(why)")) }
        let top: Any
        do { top = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            return fail(
                data.isEmpty
                    ? "empty file, not a shiftlint JSON report" : "not JSON, so not a shiftlint JSON report (--format json)")
        }
        guard let object = top as? [String: Any] else {
            return fail("not a shiftlint JSON report: expected an object with 'version' and 'findings'")
        }
        if object["runs"] != nil, object["findings"] == nil {
            return fail("a SARIF log, not a shiftlint JSON report: merge reads the output of --format json")
        }
        guard object["version"] != nil else { return fail("not a shiftlint JSON report: no 'version'") }
        if let version = try? JSONDecoder().decode(Version.self, from: data).version, version != JSONReporter.schemaVersion {
            return fail("report version \(version); this shiftlint reads version \(JSONReporter.schemaVersion)")
        }
        guard object["findings"] is [Any] else { return fail("not a shiftlint JSON report: no 'findings' list") }
        let document: Document
        do { document = try JSONDecoder().decode(Document.self, from: data) } catch let error as DecodingError {
            return fail("not a shiftlint JSON report: \(describe(error))")
        } catch {
            return fail("not a shiftlint JSON report: \(error)")
        }
        var shard: Shard?
        if let text = document.shard {
            switch Shard.parse(text) {
            case .success(let s): shard = s
            case .failure(let e): return fail("'shard': \(e.message)")
            }
        }
        return .success(
            LoadedReport(name: name, findings: document.findings, incomplete: document.incomplete == true, shard: shard))
    }

    /// Where a report does not follow the schema, in its own terms: `findings[3].check: missing`.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            var out = ""
            for k in keys {
                if let i = k.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + k.stringValue }
            }
            return out.isEmpty ? "the document" : out
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    /// The reports as one. Shards must come from one split (the same N, each K at most once):
    /// anything else is an error; a missing shard makes the report incomplete.
    public static func merge(_ reports: [LoadedReport]) -> Result<Merged, InputError> {
        var incomplete = reports.filter(\.incomplete).map { "\($0.name): incomplete (its run was interrupted)" }
        let sharded = reports.filter { $0.shard != nil }
        if let first = sharded.first, let n = first.shard?.count {
            if let other = sharded.first(where: { $0.shard?.count != n }) {
                return .failure(
                    InputError(
                        "\(first.name) is shard \(first.shard?.description ?? "") but \(other.name) is shard \(other.shard?.description ?? ""): the shards of one run have the same N"
                    ))
            }
            var byIndex: [Int: String] = [:]
            for r in sharded {
                guard let k = r.shard?.index else { continue }
                if let earlier = byIndex[k] {
                    return .failure(InputError("\(earlier) and \(r.name) are both shard \(k)/\(n)"))
                }
                byIndex[k] = r.name
            }
            let missing = (1...n).filter { byIndex[$0] == nil }
            if !missing.isEmpty {
                let list = missing.map { "\($0)/\(n)" }
                incomplete.append(
                    "no report for shard\(list.count == 1 ? "" : "s") \(list.joined(separator: ", ")): the merged report is incomplete"
                )
            }
        }
        // Shards in their order, then the other reports as given: the same inputs give the
        // same output in any order of the arguments.
        let ordered = reports.enumerated().sorted { a, b in
            (a.element.shard?.index ?? Int.max, a.offset) < (b.element.shard?.index ?? Int.max, b.offset)
        }.map(\.element)
        struct Place: Hashable {
            var file: String
            var line: Int
            var column: Int
            var check: CheckID
            var macro: String?
        }
        var order: [Place] = []
        var copies: [Place: [Finding]] = [:]
        for report in ordered {
            for f in report.findings {
                let place = Place(file: f.file, line: f.line, column: f.column, check: f.check, macro: f.macro)
                if copies[place] == nil { order.append(place) }
                copies[place, default: []].append(f)
            }
        }
        let findings = order.compactMap { copies[$0].map(combine) }.sorted { a, b in
            Finding.reportOrder(a, b) || (!Finding.reportOrder(b, a) && (a.macro ?? "") < (b.macro ?? ""))
        }
        return .success(Merged(findings: findings, incomplete: incomplete))
    }

    /// One finding from its copies in several reports (at least one).
    static func combine(_ copies: [Finding]) -> Finding {
        // A fix that needs review for a use (of the define, of a sibling) in some shard needs
        // review in the whole run: the earliest such use decides, as in a whole run.
        let cautious = copies.filter { c in c.fixSafety?.verdict == .needsReview && !isCounted(c) }
        let placed = cautious.min { a, b in
            let (x, y) = (a.fixSafety, b.fixSafety)
            return (x?.file == nil ? 1 : 0, x?.file ?? "", x?.line ?? 0, x?.column ?? 0, x?.reason ?? "")
                < (y?.file == nil ? 1 : 0, y?.file ?? "", y?.line ?? 0, y?.column ?? 0, y?.reason ?? "")
        }
        // Under --fix-style kernel, a shard that saw a use BIT() would change (and `1U` would
        // not) kept `1U` and says so; the others offer BIT(): the whole run keeps `1U`.
        var f = placed ?? copies.first { $0.notes.contains(where: FixPlanner.isKeptSuffix) } ?? copies[0]
        let before = f.expansions
        let sited = copies.allSatisfy { $0.expansionSites != nil }
        if copies.contains(where: { $0.expansions != nil }) {
            f.expansions =
                sited
                ? Set(copies.flatMap { $0.expansionSites ?? [] }).count
                : copies.reduce(0) { $0 + ($1.expansions ?? 0) }
        }
        if let name = f.macro, let old = before, let new = f.expansions, old != new {
            replace(Finding.expansionNote(macro: name, count: old), with: Finding.expansionNote(macro: name, count: new), in: &f)
        }
        // Every copy's review is the count of its uses: count the uses of all shards.
        if placed == nil, f.fixSafety != nil, sited, copies.allSatisfy({ $0.useSites != nil && isCounted($0) }) {
            let followed = Set(copies.flatMap { $0.useSites ?? [] }).count
            let review = FixSafety.counted(macro: f.macro, followed: followed, expansions: f.expansions)
            if review != f.fixSafety {
                let old = f.fixSafety?.note
                f.fixSafety = review
                switch (old, review.note) {
                case (let old?, let new?): replace(old, with: new, in: &f)
                case (let old?, nil): f.notes.removeAll { $0 == old }
                case (nil, let new?): f.notes.append(new)
                case (nil, nil): break
                }
            }
        }
        f.expansionSites = nil
        f.useSites = nil
        return f
    }

    /// Whether a copy's review is the count of its own uses (`FixSafety.counted`), which the
    /// merge recounts, rather than a verdict on one use.
    static func isCounted(_ f: Finding) -> Bool {
        guard let review = f.fixSafety, let uses = f.useSites else { return false }
        return review == FixSafety.counted(macro: f.macro, followed: uses.count, expansions: f.expansions)
    }

    static func replace(_ old: Note, with new: Note, in f: inout Finding) {
        if let i = f.notes.firstIndex(of: old) { f.notes[i] = new }
    }

    /// Fills the source lines of the findings and of their placed notes from the files, where
    /// they can be read (relative paths from `directory`), for the text and SARIF reporters.
    public static func attachSourceLines(_ findings: inout [Finding], directory: String) {
        var cache: [String: [String]?] = [:]
        func line(_ file: String, _ n: Int) -> String? {
            if cache[file] == nil {
                let data = FileManager.default.contents(atPath: InputSet.absolute(file, in: directory))
                cache[file] = .some(
                    data.map { d in
                        String(decoding: d, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map {
                            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
                        }
                    })
            }
            guard let lines = cache[file] ?? nil, n >= 1, n <= lines.count else { return nil }
            return lines[n - 1]
        }
        for i in findings.indices {
            findings[i].sourceLine = findings[i].sourceLine ?? line(findings[i].file, findings[i].line)
            for j in findings[i].notes.indices {
                guard let file = findings[i].notes[j].file, let n = findings[i].notes[j].line else { continue }
                findings[i].notes[j].sourceLine = findings[i].notes[j].sourceLine ?? line(file, n)
            }
        }
    }
}

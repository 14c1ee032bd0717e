import Foundation
import XCTest
@testable import ShiftLint

/// The README's "CI workflows" section: every `shiftlint` command shown there is read from
/// the README and run here, in a temporary git repository shaped like a pull request (an
/// old finding in the baseline and on the base branch, one new finding on the branch), and
/// the kernel workflow on the Linux 6.1 corpus.
final class WorkflowTests: XCTestCase {
    var binDirectory: String { Repo.executable.deletingLastPathComponent().path }

    /// The README's section, and the commands in it: shell lines of its code blocks (YAML
    /// `run:`/`- ` prefixes removed) and inline code, whatever starts with `shiftlint `.
    static func readmeCommands() throws -> (commands: [String], hook: String?) {
        let readme = try String(contentsOf: Repo.root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "\n## CI workflows\n") else { return ([], nil) }
        let rest = readme[start.upperBound...]
        let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        var commands: [String] = []
        var hook: String?
        var inBlock = false
        var block: [Substring] = []
        for line in section.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if inBlock, block.first?.hasPrefix("#!/bin/sh") == true { hook = block.joined(separator: "\n") + "\n" }
                inBlock.toggle()
                block = []
                continue
            }
            if inBlock {
                block.append(line)
                var l = line.drop { $0 == " " }
                for prefix in ["- run: ", "run: ", "- ", "exec "] where l.hasPrefix(prefix) { l = l.dropFirst(prefix.count) }
                if l.hasPrefix("shiftlint ") { commands.append(String(l)) }
            } else {
                for span in line.split(separator: "`", omittingEmptySubsequences: false).enumerated()
                where span.offset % 2 == 1 && span.element.hasPrefix("shiftlint ") {
                    commands.append(String(span.element))
                }
            }
        }
        return (commands, hook)
    }

    func testTheReadmeShowsTheWorkflows() throws {
        let (commands, hook) = try Self.readmeCommands()
        XCTAssertTrue(commands.contains { $0.contains("--format sarif") }, "\(commands)")
        XCTAssertTrue(commands.contains { $0.contains("--format github") }, "\(commands)")
        XCTAssertTrue(commands.contains { $0.contains("--format oneline") && $0.contains("CI_MERGE_REQUEST") }, "\(commands)")
        XCTAssertTrue(commands.contains { $0.contains("--write-baseline") }, "\(commands)")
        XCTAssertTrue(commands.contains { $0.contains("--kernel") && $0.contains("--changed-since") }, "\(commands)")
        XCTAssertTrue(commands.contains { $0.contains("--shard ${{ matrix.shard }}/4") }, "\(commands)")
        XCTAssertTrue(commands.contains { $0.contains("--shard \"$CI_NODE_INDEX/$CI_NODE_TOTAL\"") }, "\(commands)")
        XCTAssertEqual(commands.filter { $0.hasPrefix("shiftlint merge ") }.count, 2, "\(commands)")
        XCTAssertNotNil(hook)
    }

    /// A pull request: `origin/main` has OLD_FLAG (baselined); the branch adds NEW_FLAG.
    func testEveryRepositoryCommandReportsOnlyWhatTheBranchAdds() throws {
        let (all, hook) = try Self.readmeCommands()
        // The hook's command runs as the hook, below; the kernel's on the corpus.
        let commands = all.filter { !$0.contains("--kernel") && !(hook ?? "").contains($0) }
        XCTAssertFalse(commands.isEmpty)
        let repo = try pullRequestRepository(writingBaselineWith: commands.first { $0.contains("--write-baseline") })
        for command in commands where !command.contains("--write-baseline") {
            if command.contains("--shard") {
                // The jobs of a matrix (GitHub) or of `parallel: 4` (GitLab), one after the
                // other; the merge command that follows reads their reports.
                let shards = 4
                for old in try FileManager.default.contentsOfDirectory(atPath: repo.path) where old.hasPrefix("shiftlint-") {
                    try FileManager.default.removeItem(at: repo.appendingPathComponent(old))
                }
                for k in 1...shards {
                    let job = command.replacingOccurrences(of: "${{ matrix.shard }}", with: "\(k)")
                    let r = try sh(job, in: repo, environment: ["CI_NODE_INDEX": "\(k)", "CI_NODE_TOTAL": "\(shards)"])
                    XCTAssertEqual(r.status, 0, "\(job): \(r.stderr)")
                    let report = try String(contentsOf: repo.appendingPathComponent("shiftlint-\(k).json"), encoding: .utf8)
                    XCTAssertTrue(report.contains("\"shard\" : \"\(k)/\(shards)\""), report)
                }
                continue
            }
            let r = try sh(command, in: repo)
            XCTAssertNotEqual(r.status, 2, "\(command): \(r.stderr)")
            if command.contains("--format sarif") {
                // Everything goes to code scanning (which tracks findings by fingerprint).
                XCTAssertEqual(r.status, 0, "\(command): \(r.stderr)")
                let sarif = try Data(contentsOf: repo.appendingPathComponent("shiftlint.sarif"))
                let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: sarif) as? [String: Any])
                let runs = try XCTUnwrap(doc["runs"] as? [[String: Any]])
                XCTAssertEqual((runs.first?["results"] as? [Any])?.count, 2, command)
                continue
            }
            XCTAssertEqual(r.status, 1, "\(command): \(r.stdout) \(r.stderr)")
            let out = r.stdout
            XCTAssertTrue(out.contains("src/flags.h:2") || out.contains("file=src/flags.h,line=2"), "\(command): \(out)")
            XCTAssertFalse(out.contains("src/flags.h:1") || out.contains("file=src/flags.h,line=1"), "\(command): \(out)")
        }

        // The pre-commit hook: a commit adding an undefined shift fails; fixed, it goes in.
        let hookText = try XCTUnwrap(hook)
        let hookPath = repo.appendingPathComponent(".git/hooks/pre-commit")
        try hookText.write(to: hookPath, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hookPath.path)
        try append("#define ANOTHER_FLAG (1 << 31)\n", to: repo.appendingPathComponent("src/flags.h"))
        try git(["add", "."], repo)
        let refused = try runProgram("/usr/bin/git", ["commit", "-qm", "another flag"], cwd: repo.path, environment: path)
        XCTAssertNotEqual(refused.status, 0, "the hook must refuse: \(refused.stdout) \(refused.stderr)")
        XCTAssertTrue((refused.stdout + refused.stderr).contains("src/flags.h:3"), refused.stdout + refused.stderr)
        let text = try String(contentsOf: repo.appendingPathComponent("src/flags.h"), encoding: .utf8)
        try text.replacingOccurrences(of: "ANOTHER_FLAG (1 << 31)", with: "ANOTHER_FLAG (1U << 31)")
            .write(to: repo.appendingPathComponent("src/flags.h"), atomically: true, encoding: .utf8)
        try git(["add", "."], repo)
        let accepted = try runProgram(
            "/usr/bin/git", ["commit", "-qm", "another flag, unsigned"], cwd: repo.path, environment: path)
        XCTAssertEqual(accepted.status, 0, "\(accepted.stdout) \(accepted.stderr)")
    }

    /// The kernel workflow on Linux 6.1 (not a git tree: a repository is made beside it with
    /// GIT_DIR/GIT_WORK_TREE, holding fs/iomap as "origin/master" had it before the series
    /// that introduced IOMAP_DIO_DIRTY's `1 << 31`, written as `1U << 31`).
    func testKernelWorkflowReportsWhatTheSeriesAdds() throws {
        let tree =
            ProcessInfo.processInfo.environment["SHIFTLINT_LINUX_TREE"] ?? "/var/tmp/shiftlint-corpus/linux-source-6.1"
        guard FileManager.default.fileExists(atPath: tree + "/fs/iomap/direct-io.c") else {
            throw XCTSkip("Linux 6.1 corpus not found at \(tree)")
        }
        let command = try XCTUnwrap(try Self.readmeCommands().commands.first { $0.contains("--kernel") })
        let gitDir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-kgit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: gitDir) }
        var env = path
        env["GIT_DIR"] = gitDir.path
        env["GIT_WORK_TREE"] = tree
        func g(_ args: [String], input: String? = nil) throws -> String {
            let r = try runProgram("/usr/bin/git", args, cwd: tree, environment: env)
            XCTAssertEqual(r.status, 0, "git \(args): \(r.stderr)")
            return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        _ = try g(["init", "-q"])
        let sources = try FileManager.default.contentsOfDirectory(atPath: tree + "/fs/iomap").filter {
            $0.hasSuffix(".c") || $0.hasSuffix(".h")
        }.sorted().map { "fs/iomap/" + $0 }
        _ = try g(["add", "-f", "--"] + sources)
        let original = try String(contentsOfFile: tree + "/fs/iomap/direct-io.c", encoding: .utf8)
        let before = original.replacingOccurrences(of: "IOMAP_DIO_DIRTY\t\t(1 << 31)", with: "IOMAP_DIO_DIRTY\t\t(1U << 31)")
        XCTAssertNotEqual(before, original)
        let blobFile = gitDir.appendingPathComponent("before.c")
        try before.write(to: blobFile, atomically: true, encoding: .utf8)
        let blob = try g(["hash-object", "-w", blobFile.path])
        _ = try g(["update-index", "--cacheinfo", "100644,\(blob),fs/iomap/direct-io.c"])
        _ = try g(["-c", "user.email=t@example.com", "-c", "user.name=T", "commit", "-qm", "before the series"])
        _ = try g(["update-ref", "refs/remotes/origin/master", "HEAD"])

        let r = try runProgram("/bin/sh", ["-c", command], cwd: tree, environment: env)
        XCTAssertEqual(r.status, 1, "\(command): \(r.stdout) \(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, r.stdout)
        XCTAssertTrue(lines.first?.hasPrefix("fs/iomap/direct-io.c:26: ") == true, r.stdout)
        XCTAssertTrue(r.stdout.contains("SHIFT_SIGN_OVERFLOW"), r.stdout)
    }

    // MARK: Helpers

    var path: [String: String] {
        [
            "PATH": binDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            "GITHUB_BASE_REF": "main", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        ]
    }

    func sh(_ command: String, in dir: URL, environment: [String: String] = [:]) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        try runProgram("/bin/sh", ["-c", command], cwd: dir.path, environment: path.merging(environment) { _, new in new })
    }

    func pullRequestRepository(writingBaselineWith writeCommand: String?) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shiftlint-pr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("src"), withIntermediateDirectories: true)
        try git(["init", "-q", "-b", "main"], dir)
        try git(["config", "user.email", "test@example.com"], dir)
        try git(["config", "user.name", "Test"], dir)
        try "#define OLD_FLAG (1 << 31)\n".write(to: dir.appendingPathComponent("src/flags.h"), atomically: true, encoding: .utf8)
        let write = try sh(try XCTUnwrap(writeCommand), in: dir)
        XCTAssertEqual(write.status, 0, write.stderr)
        try git(["add", "."], dir)
        try git(["commit", "-qm", "base"], dir)
        try git(["update-ref", "refs/remotes/origin/main", "HEAD"], dir)
        try git(["checkout", "-qb", "feature"], dir)
        try append("#define NEW_FLAG (1 << 31)\n", to: dir.appendingPathComponent("src/flags.h"))
        try git(["commit", "-qam", "new flag"], dir)
        return dir
    }

    func append(_ text: String, to file: URL) throws {
        let old = try String(contentsOf: file, encoding: .utf8)
        try (old + text).write(to: file, atomically: true, encoding: .utf8)
    }

    func git(_ arguments: [String], _ dir: URL) throws {
        let r = try runProgram("/usr/bin/git", arguments, cwd: dir.path)
        XCTAssertEqual(r.status, 0, "git \(arguments): \(r.stderr)")
    }
}

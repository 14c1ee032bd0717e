import Foundation
import XCTest

/// docs/architecture.md's table of which folder may use which, checked on the sources: a
/// file may name the top-level types and functions of its own folder and of the folders it
/// may use, nothing else of the library.
final class ArchitectureTests: XCTestCase {
    static let allowed: [String: Set<String>] = [
        "Core": [],
        "Clang": ["Core"],
        "Model": ["Core"],
        "Checks": ["Core"],
        "Unit": ["Core", "Clang", "Model", "Checks", "Confirm"],
        "Fixes": ["Core", "Checks"],
        "Confirm": ["Core", "Model", "Checks"],
        "Reporters": ["Core"],
        "Gate": ["Core"],
        "Scan": ["Core", "Model", "Checks"],
        "Driver": ["Core", "Clang", "Model", "Checks", "Unit", "Fixes", "Confirm", "Reporters", "Gate", "Scan"],
    ]

    var library: URL { Repo.root.appendingPathComponent("Sources/ShiftLint") }

    func swiftFiles(_ folder: String) throws -> [(name: String, text: String)] {
        let dir = library.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".swift") }.sorted().map {
            ($0, try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8))
        }
    }

    /// The text without comments and string literals (names there are prose).
    func code(_ text: String) -> String {
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var l = Substring(line)
            if let r = l.range(of: "//") { l = l[..<r.lowerBound] }
            out += l.replacingOccurrences(of: #""([^"\\]|\\.)*""#, with: "\"\"", options: .regularExpression) + "\n"
        }
        return out
    }

    /// Top-level declarations of a file (types, functions, variables at column 0).
    func declarations(_ text: String) -> Set<String> {
        let pattern =
            #"(?m)^(?:public |private |fileprivate |internal |final |indirect )*(?:struct|class|enum|protocol|typealias|func|var|let) +([A-Za-z_][A-Za-z0-9_]*)"#
        let regex = try! NSRegularExpression(pattern: pattern)
        let ns = text as NSString
        return Set(
            regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) })
    }

    func testFoldersUseOnlyWhatTheyMay() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: library.path).filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: library.appendingPathComponent($0).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }
        XCTAssertEqual(Set(folders), Set(Self.allowed.keys), "docs/architecture.md and this test list every folder")
        var declared: [String: String] = [:]   // name -> folder
        for folder in folders {
            for file in try swiftFiles(folder) {
                for name in declarations(file.text)
                where !file.text.contains("private func \(name)") && !file.text.contains("private struct \(name)") {
                    declared[name] = folder
                }
            }
        }
        XCTAssertGreaterThan(declared.count, 40)
        var violations: [String] = []
        for folder in folders {
            let may = Self.allowed[folder, default: []].union([folder])
            for file in try swiftFiles(folder) {
                let words = Set(code(file.text).split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
                for word in words {
                    if let home = declared[word], !may.contains(home) {
                        violations.append("\(folder)/\(file.name) uses \(word) from \(home)/")
                    }
                }
            }
        }
        XCTAssertEqual(violations.sorted(), [])
    }

    func testOnlyTheClangFolderImportsLibclang() throws {
        for folder in Self.allowed.keys where folder != "Clang" {
            for file in try swiftFiles(folder) {
                XCTAssertFalse(file.text.contains("import CClang"), "\(folder)/\(file.name) imports CClang")
            }
        }
    }
}

import Foundation
import XCTest
@testable import ShiftLint

/// `--shard K/N`: the split of the files (`Sharding`, a pure function) and the reading of `K/N`.
final class ShardingTests: XCTestCase {
    func testParse() throws {
        XCTAssertEqual(try Shard.parse("2/4").get(), Shard(index: 2, count: 4))
        XCTAssertEqual(try Shard.parse("1/1").get().description, "1/1")
        XCTAssertEqual(try Shard.parse("10/10").get(), Shard(index: 10, count: 10))
        func error(_ text: String) -> String {
            if case .failure(let e) = Shard.parse(text) { return e.message }
            return "(accepted)"
        }
        XCTAssertTrue(error("0/4").contains("counts from 1"), error("0/4"))
        XCTAssertTrue(error("5/4").contains("only 4 shards"), error("5/4"))
        XCTAssertTrue(error("1/0").contains("N must be at least 1"), error("1/0"))
        XCTAssertTrue(error("0/0").contains("N must be at least 1"), error("0/0"))
        for garbage in ["", "2", "2/", "/4", "a/b", "2/4/6", "-1/4", "+2/4", " 2/4", "2 / 4", "2.0/4", "99999999999999999999/4"] {
            XCTAssertTrue(error(garbage).contains("expected K/N"), "\(garbage): \(error(garbage))")
        }
        XCTAssertNil(Shard(index: 3, count: 2))
    }

    /// A deterministic pseudo-random tree: paths and sizes.
    func tree(_ n: Int, seed: UInt64) -> (files: [String], sizes: [String: Int]) {
        var state = seed
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        var files: [String] = []
        var sizes: [String: Int] = [:]
        for i in 0..<n {
            let f = "dir\(next() % 7)/file\(i).\(i % 3 == 0 ? "h" : "c")"
            files.append(f)
            // Mostly small files, a few large ones, some equal sizes and some empty.
            sizes[f] = i % 11 == 0 ? 0 : (i % 13 == 0 ? 50_000 + next() % 100_000 : 100 * (next() % 60))
        }
        return (files.sorted(), sizes)
    }

    func testEveryFileIsInExactlyOneShardAndTheShardsAreBalanced() {
        for (n, count) in [(0, 3), (1, 1), (1, 4), (5, 8), (57, 3), (400, 7), (1000, 16)] {
            let (files, sizes) = tree(n, seed: UInt64(n * 31 + count))
            let shards = Sharding.partition(files: files, sizes: sizes, count: count)
            XCTAssertEqual(shards.count, count)
            let all = shards.flatMap { $0 }
            XCTAssertEqual(all.count, files.count, "\(n) files in \(count) shards: each once")
            XCTAssertEqual(Set(all), Set(files))
            for (k, shard) in shards.enumerated() {
                XCTAssertEqual(shard, files.filter(Set(shard).contains), "shard \(k + 1) keeps the order of the files")
                XCTAssertEqual(Sharding.select(files: files, sizes: sizes, shard: Shard(index: k + 1, count: count)!), shard)
            }
            let loads = shards.map { $0.reduce(0) { $0 + (sizes[$1] ?? 0) } }
            let largest = files.map { sizes[$0] ?? 0 }.max() ?? 0
            XCTAssertLessThanOrEqual(
                loads.max() ?? 0, (loads.min() ?? 0) + largest, "\(n) files in \(count) shards: \(loads), largest \(largest)")
        }
    }

    /// The same files and sizes give the same split whatever order they are listed in: the
    /// split depends on sizes and paths only.
    func testDeterministic() {
        let (files, sizes) = tree(300, seed: 7)
        let expected = Sharding.partition(files: files, sizes: sizes, count: 5).map(Set.init)
        var shuffled = files
        var state: UInt64 = 99
        for i in shuffled.indices.reversed() {
            state = state &* 6_364_136_223_846_793_005 &+ 1
            shuffled.swapAt(i, Int(state >> 33) % (i + 1))
        }
        XCTAssertNotEqual(shuffled, files)
        XCTAssertEqual(Sharding.partition(files: shuffled, sizes: sizes, count: 5).map(Set.init), expected)
        XCTAssertEqual(Sharding.partition(files: files + files.prefix(10), sizes: sizes, count: 5).map(Set.init), expected)
    }

    /// Largest first to the lightest shard, ties by path and by the lower shard.
    func testGreedyBySize() {
        let sizes = ["a.c": 10, "b.c": 10, "c.c": 30, "d.c": 5, "e.c": 1, "f.c": 0]
        let files = sizes.keys.sorted()
        // c (30) → 1; a (10) → 2; b (10) → 2 (20); d (5) → 2 (25); e (1) → 2 (26); f (0) → 2.
        XCTAssertEqual(Sharding.partition(files: files, sizes: sizes, count: 2), [["c.c"], ["a.c", "b.c", "d.c", "e.c", "f.c"]])
        // c → 1, a → 2, b → 3, d → 2 (15), e → 3 (11), f → 3.
        XCTAssertEqual(
            Sharding.partition(files: files, sizes: sizes, count: 3), [["c.c"], ["a.c", "d.c"], ["b.c", "e.c", "f.c"]])
        // More shards than files: the last ones are empty.
        XCTAssertEqual(Sharding.partition(files: ["x.c"], sizes: [:], count: 3), [["x.c"], [], []])
        XCTAssertEqual(Sharding.partition(files: [], sizes: [:], count: 2), [[], []])
    }
}

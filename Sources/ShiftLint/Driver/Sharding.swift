/// One part of a run split for parallel CI jobs (`--shard K/N`: a GitHub Actions `matrix`, a
/// GitLab `parallel:` job): the K-th of N (1-based).
public struct Shard: Hashable, Sendable, Codable, CustomStringConvertible {
    /// 1...count.
    public let index: Int
    public let count: Int

    /// Nil unless 1 ≤ index ≤ count.
    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 1, index <= count else { return nil }
        self.index = index
        self.count = count
    }

    /// `K/N`, as `--shard` takes it.
    public var description: String { "\(index)/\(count)" }

    /// Reads `K/N` (decimal digits only: `2/4`), or says what is wrong with it.
    public static func parse(_ text: String) -> Result<Shard, InputError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        func number(_ s: Substring) -> Int? {
            guard !s.isEmpty, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return Int(s)
        }
        guard parts.count == 2, let k = number(parts[0]), let n = number(parts[1]) else {
            return .failure(InputError("--shard '\(text)': expected K/N, the K-th of N shards (1-based), e.g. 2/4"))
        }
        if n < 1 { return .failure(InputError("--shard \(text): the number of shards N must be at least 1")) }
        if k < 1 { return .failure(InputError("--shard \(text): the shard K counts from 1 (1/\(n) … \(n)/\(n))")) }
        guard let shard = Shard(index: k, count: n) else {
            return .failure(InputError("--shard \(text): there are only \(n) shards (1/\(n) … \(n)/\(n))"))
        }
        return .success(shard)
    }
}

/// How a run's files are split between shards: deterministically (the same files and sizes
/// give the same split on every machine) and balanced by size. A pure function of its
/// arguments, shared by `--shard` and any other mode that splits a tree.
///
/// The files are taken largest first (ties by path), each given to the shard with the least
/// total size so far (ties to the lowest index): greedy longest-processing-time scheduling,
/// so that no shard exceeds another by more than the largest file. The paths are the keys the
/// caller chooses (relative paths, as given on the command line, keep it the same across
/// checkouts); a path missing from `sizes` weighs 0.
public enum Sharding {
    /// Every shard's files, `count` lists (1-based shard K is element K-1), each in the order
    /// of `files`. A path given twice counts once.
    public static func partition(files: [String], sizes: [String: Int], count: Int) -> [[String]] {
        guard count >= 1 else { return [] }
        var unique: [String] = []
        var seen = Set<String>()
        for f in files where seen.insert(f).inserted { unique.append(f) }
        let weight = { (f: String) in max(0, sizes[f] ?? 0) }
        let order = unique.sorted { a, b in
            let (wa, wb) = (weight(a), weight(b))
            return wa != wb ? wa > wb : a < b
        }
        var load = [Int](repeating: 0, count: count)
        var shardOf: [String: Int] = [:]
        for f in order {
            var lightest = 0
            for i in 1..<count where load[i] < load[lightest] { lightest = i }
            shardOf[f] = lightest
            load[lightest] += weight(f)
        }
        var shards = [[String]](repeating: [], count: count)
        for f in unique { if let i = shardOf[f] { shards[i].append(f) } }
        return shards
    }

    /// The files of one shard, in the order of `files`.
    public static func select(files: [String], sizes: [String: Int], shard: Shard) -> [String] {
        partition(files: files, sizes: sizes, count: shard.count)[shard.index - 1]
    }
}
